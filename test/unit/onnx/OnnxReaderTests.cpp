//===- OnnxReaderTests.cpp - ONNX graphs to snnc's layer list -------------===//
//
// Small graphs built here; expected layers and parameters are worked out by
// hand from the ONNX operator definitions and darknet's layer semantics.
//
//===----------------------------------------------------------------------===//
#include "compiler/onnx/OnnxReader.h"
#include "runtime/support/Error.h"
#include "test/unit/onnx/OnnxTestGraphs.h"

#include <catch2/catch.hpp>

#include <limits>

using namespace snnc::onnx;
using namespace snnc::onnx::test;
using snnc::darknet::Activation;
using snnc::darknet::LayerKind;

namespace {

const char *kOneClassHead = "[region]\nclasses=1\nnum=1\nanchors=1,1\n";

/// A 1x1 convolution from `channels` to the 6-channel one-class head.
std::vector<::onnx::TensorProto> headParams(int64_t channels) {
  return {floatTensor("wh", {6, channels, 1, 1},
                      std::vector<float>(6 * channels, 0.5f)),
          floatTensor("bh", {6}, std::vector<float>(6, 0.0f))};
}

template <typename T>
std::vector<T> concat(std::vector<T> a, std::vector<T> b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

} // namespace

TEST_CASE("onnx: Conv + BatchNormalization + Add + LeakyRelu fuse into one "
          "batch-normalized convolution",
          "[onnx]") {
  std::string bytes = model(
      1, 4, 4,
      {Node("Conv", {"image", "w", "b"}, {"c"}),
       Node("BatchNormalization", {"c", "g", "beta", "mu", "var"}, {"n"})
           .f("epsilon", 0.25f),
       Node("Add", {"n", "shift"}, {"s"}),
       Node("LeakyRelu", {"s"}, {"r"}).f("alpha", 0.2f),
       Node("Conv", {"r", "wh", "bh"}, {"head"})},
      concat<::onnx::TensorProto>(
          {floatTensor("w", {2, 1, 1, 1}, {1, 2}),
           floatTensor("b", {2}, {0.5f, -1}), floatTensor("g", {2}, {2, 3}),
           floatTensor("beta", {2}, {0.1f, 0.2f}),
           floatTensor("mu", {2}, {1, 2}), floatTensor("var", {2}, {4, 9}),
           floatTensor("shift", {1, 2, 1, 1}, {10, 20})},
          headParams(2)),
      {"head"}, kOneClassHead);
  OnnxModel m = parseOnnx(bytes, "t.onnx");
  const auto &layers = m.network.layers;
  REQUIRE(layers.size() == 3);
  CHECK(layers[0].kind == LayerKind::Convolutional);
  CHECK(layers[0].batchNormalize);
  CHECK(layers[0].bnEpsilon == 0.25f);
  CHECK(layers[0].activation == Activation::Leaky);
  CHECK(layers[0].leakySlope == 0.2f);
  CHECK(layers[0].origin == "Conv_c");
  const auto &w = m.weights.layers[0];
  CHECK(w.weights == std::vector<float>{1, 2});
  // BN(conv + b) = g (conv - (mu - b)) / sqrt(var + eps) + beta; the Add
  // after BN moves beta.
  CHECK(w.mean == std::vector<float>{0.5f, 3.0f});
  CHECK(w.biases == std::vector<float>{10.1f, 20.2f});
  CHECK(w.scales == std::vector<float>{2, 3});
  CHECK(w.variance == std::vector<float>{4, 9});
  CHECK(layers[1].kind == LayerKind::Convolutional);
  CHECK(layers[1].activation == Activation::Linear);
  CHECK(layers[2].kind == LayerKind::Region);
  CHECK(layers[2].input.c == 6);
}

TEST_CASE("onnx: a -inf Pad folds into darknet's max-pool padding", "[onnx]") {
  auto pads = intTensor("pads", {8}, {0, 0, 0, 0, 0, 0, 1, 1});
  auto minusInf =
      floatTensor("v", {}, {-std::numeric_limits<float>::infinity()});
  auto nodes = [](const std::string &value) {
    return std::vector<Node>{
        Node("Conv", {"image", "w", "b"}, {"c"}), Node("Relu", {"c"}, {"r"}),
        Node("Pad", {"r", "pads", value}, {"p"}),
        Node("MaxPool", {"p"}, {"m"}).ints("kernel_shape", {2, 2}),
        Node("Conv", {"m", "wh", "bh"}, {"head"})};
  };
  auto inits = concat<::onnx::TensorProto>(
      {floatTensor("w", {2, 1, 1, 1}, {1, 1}), floatTensor("b", {2}, {0, 0}),
       pads, minusInf, floatTensor("zero", {}, {0})},
      headParams(2));
  OnnxModel m = parseOnnx(
      model(1, 5, 5, nodes("v"), inits, {"head"}, kOneClassHead), "t.onnx");
  const auto &pool = m.network.layers[1];
  CHECK(pool.kind == LayerKind::MaxPool);
  CHECK(pool.size == 2);
  CHECK(pool.stride == 1);
  CHECK(pool.padding == 1); // 0 before, 1 after: size kept
  CHECK(pool.output.h == 5);
  CHECK(pool.output.w == 5);
  CHECK_THROWS_WITH(
      parseOnnx(model(1, 5, 5, nodes("zero"), inits, {"head"}, kOneClassHead),
                "t.onnx"),
      Catch::Contains(
          "node 'MaxPool_m' (MaxPool): follows a Pad with value 0"));
}

TEST_CASE("onnx: reading an earlier tensor inserts a route, and Concat is a "
          "route over layers",
          "[onnx]") {
  std::string bytes = model(
      1, 4, 4,
      {Node("Conv", {"image", "w", "b"}, {"c0"}),
       Node("Conv", {"c0", "w2", "b2"}, {"a"}),
       Node("Conv", {"c0", "w2", "b2"}, {"bb"}),
       Node("Concat", {"a", "bb"}, {"cat"}).i("axis", 1),
       Node("Conv", {"cat", "wh", "bh"}, {"head"})},
      concat<::onnx::TensorProto>({floatTensor("w", {2, 1, 1, 1}, {1, 1}),
                                   floatTensor("b", {2}, {0, 0}),
                                   floatTensor("w2", {1, 2, 1, 1}, {1, 1}),
                                   floatTensor("b2", {1}, {0})},
                                  headParams(2)),
      {"head"}, kOneClassHead);
  OnnxModel m = parseOnnx(bytes, "t.onnx");
  const auto &l = m.network.layers;
  REQUIRE(l.size() == 7);
  CHECK(l[2].kind == LayerKind::Route);
  CHECK(l[2].routeLayers == std::vector<int>{0});
  CHECK(l[3].kind == LayerKind::Convolutional);
  CHECK(l[4].kind == LayerKind::Route);
  CHECK(l[4].routeLayers == std::vector<int>{1, 3});
  CHECK(l[4].output.c == 2);
  CHECK(l[6].kind == LayerKind::Region);
}

TEST_CASE("onnx: nearest Resize is upsampling only where ONNX's index "
          "mapping is floor(o / s)",
          "[onnx]") {
  auto build = [](const std::string &transform, const std::string &rounding) {
    return model(
        1, 3, 3,
        {Node("Conv", {"image", "w", "b"}, {"c"}),
         Node("Resize", {"c", "", "scales"}, {"u"})
             .s("mode", "nearest")
             .s("coordinate_transformation_mode", transform)
             .s("nearest_mode", rounding),
         Node("Conv", {"u", "wh", "bh"}, {"head"})},
        concat<::onnx::TensorProto>({floatTensor("w", {2, 1, 1, 1}, {1, 1}),
                                     floatTensor("b", {2}, {0, 0}),
                                     floatTensor("scales", {4}, {1, 1, 2, 2})},
                                    headParams(2)),
        {"head"}, kOneClassHead);
  };
  // half_pixel: x = (o + 0.5) / 2 - 0.5 = -0.25, 0.25, 0.75, ...: rounding
  // to nearest gives 0, 0, 1, 1, 2, 2.
  OnnxModel m = parseOnnx(build("half_pixel", "round_prefer_floor"), "t.onnx");
  CHECK(m.network.layers[1].kind == LayerKind::Upsample);
  CHECK(m.network.layers[1].stride == 2);
  CHECK(m.network.layers[1].output.h == 6);
  CHECK_NOTHROW(parseOnnx(build("asymmetric", "floor"), "t.onnx"));
  // asymmetric with round_prefer_ceil: o = 1 -> x = 0.5 -> 1.
  CHECK_THROWS_WITH(
      parseOnnx(build("asymmetric", "round_prefer_ceil"), "t.onnx"),
      Catch::Contains("output 1 reads input 1, not 0"));
  // half_pixel with floor: o = 2 -> x = 0.75 -> 0.
  CHECK_THROWS_WITH(parseOnnx(build("half_pixel", "floor"), "t.onnx"),
                    Catch::Contains("output 2 reads input 0, not 1"));
}

TEST_CASE("onnx: decoding tails are dropped, and 'input =' picks a head",
          "[onnx]") {
  std::vector<Node> nodes = {Node("Conv", {"image", "wh", "bh"}, {"raw"}),
                             Node("Sigmoid", {"raw"}, {"sig"}),
                             Node("Reshape", {"sig", "shape"}, {"out"})};
  auto inits = concat<::onnx::TensorProto>({intTensor("shape", {2}, {6, -1})},
                                           headParams(1));
  OnnxModel m =
      parseOnnx(model(1, 2, 2, nodes, inits, {"out"}, kOneClassHead), "t.onnx");
  CHECK(m.decodeNodesDropped == 2);
  REQUIRE(m.network.layers.size() == 2);
  CHECK(m.network.layers[1].kind == LayerKind::Region);

  HeadDescription head{"[region]\ninput=raw\nclasses=1\nnum=1\nanchors=1,1\n",
                       "h.cfg"};
  CHECK(parseOnnx(model(1, 2, 2, nodes, inits, {"out"}, ""), "t.onnx", head)
            .network.layers.size() == 2);
  HeadDescription wrong{"[region]\ninput=sig\nclasses=1\nnum=1\nanchors=1,1\n",
                        "h.cfg"};
  CHECK_THROWS_WITH(
      parseOnnx(model(1, 2, 2, nodes, inits, {"out"}, ""), "t.onnx", wrong),
      Catch::Contains("h.cfg:2: input 'sig' is not a layer output"));
}

TEST_CASE("onnx: an Identity does not hide a second reader from fusion",
          "[onnx]") {
  // c -> Identity -> i1 -> Relu, and c -> Identity -> i2 -> Concat: the
  // Relu may not fuse into the convolution, or the Concat would read
  // relu(c) instead of c (found by review).
  std::string bytes =
      model(1, 2, 2,
            {Node("Conv", {"image", "w", "b"}, {"c"}),
             Node("Identity", {"c"}, {"i1"}), Node("Identity", {"c"}, {"i2"}),
             Node("Relu", {"i1"}, {"r"}),
             Node("Concat", {"r", "i2"}, {"cat"}).i("axis", 1),
             Node("Conv", {"cat", "wh", "bh"}, {"head"})},
            concat<::onnx::TensorProto>({floatTensor("w", {2, 1, 1, 1}, {1, 1}),
                                         floatTensor("b", {2}, {0, 0})},
                                        headParams(4)),
            {"head"}, kOneClassHead);
  CHECK_THROWS_WITH(parseOnnx(bytes, "t.onnx"),
                    Catch::Contains("node 'Relu_r' (Relu): Relu must "
                                    "directly follow a Conv (and "
                                    "BatchNormalization) whose output "
                                    "nothing else reads"));
}

TEST_CASE("onnx: malformed files give one-line errors", "[onnx]") {
  CHECK_THROWS_WITH(parseOnnx("\x0a\xff\xff", "x.onnx"),
                    Catch::Contains("x.onnx: not an ONNX model"));
  // A weight whose dims do not match its data.
  std::string bytes =
      model(1, 2, 2, {Node("Conv", {"image", "w", "b"}, {"head"})},
            {floatTensor("w", {6, 1, 1, 1}, {1, 2, 3}),
             floatTensor("b", {6}, std::vector<float>(6, 0.0f))},
            {"head"}, kOneClassHead);
  CHECK_THROWS_WITH(parseOnnx(bytes, "x.onnx"),
                    Catch::Contains("initializer 'w' holds 3 values but its "
                                    "dims (6x1x1x1) need 6"));
  // A NaN weight.
  std::string nan = model(
      1, 2, 2, {Node("Conv", {"image", "w", "b"}, {"head"})},
      {floatTensor("w", {6, 1, 1, 1},
                   {1, 2, 3, 4, 5, std::numeric_limits<float>::quiet_NaN()}),
       floatTensor("b", {6}, std::vector<float>(6, 0.0f))},
      {"head"}, kOneClassHead);
  CHECK_THROWS_WITH(
      parseOnnx(nan, "x.onnx"),
      Catch::Contains("holds a non-finite value (nan) at element 5"));
  // Batch norm with epsilon 0 (the ann dialect requires a positive one).
  std::string eps = model(
      1, 2, 2,
      {Node("Conv", {"image", "w", "b"}, {"c"}),
       Node("BatchNormalization", {"c", "g", "beta", "mu", "var"}, {"head"})
           .f("epsilon", 0.0f)},
      {floatTensor("w", {6, 1, 1, 1}, std::vector<float>(6, 1.0f)),
       floatTensor("b", {6}, std::vector<float>(6, 0.0f)),
       floatTensor("g", {6}, std::vector<float>(6, 1.0f)),
       floatTensor("beta", {6}, std::vector<float>(6, 0.0f)),
       floatTensor("mu", {6}, std::vector<float>(6, 0.0f)),
       floatTensor("var", {6}, std::vector<float>(6, 1.0f))},
      {"head"}, kOneClassHead);
  CHECK_THROWS_WITH(parseOnnx(eps, "x.onnx"),
                    Catch::Contains("epsilon 0 is not a finite positive "
                                    "number"));
  // Pads given as a float -inf (found by OnnxReaderFuzzer: converting it to
  // an integer was undefined behaviour).
  std::string infPads = model(
      1, 2, 2,
      {Node("Pad", {"image", "pads"}, {"p"}),
       Node("Conv", {"p", "wh", "bh"}, {"head"})},
      concat<::onnx::TensorProto>(
          {floatTensor("pads", {}, {-std::numeric_limits<float>::infinity()})},
          headParams(3)),
      {"head"}, kOneClassHead);
  CHECK_THROWS_WITH(parseOnnx(infPads, "x.onnx"),
                    Catch::Contains("x.onnx: node 'Pad_p' (Pad) pads: the "
                                    "value -inf is not an int64"));
}
