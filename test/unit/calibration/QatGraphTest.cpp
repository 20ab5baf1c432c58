//===- QatGraphTest.cpp - The network a QAT model was trained as ----------===//
//
// The quantizers against values worked by hand from the formulas of
// docs/QAT.md, and quantizeGraph() on a hand-built graph of a small cfg:
// which nodes it replaces, with what, and how it inserts the image
// quantizer.
//
//===----------------------------------------------------------------------===//

#include "compiler/calibration/QatGraph.h"
#include "compiler/darknet/CfgParser.h"
#include "runtime/inference/Executor.h"
#include "runtime/support/Error.h"

#include <catch2/catch.hpp>

using namespace snnc;
using Catch::Matchers::Contains;

namespace {

// conv(2, leaky) - maxpool - conv(3, relu) - conv(1x1 linear, 6) - region.
const char *kCfg = R"([net]
width=4
height=4
channels=1

[convolutional]
filters=2
size=1
activation=leaky

[maxpool]
size=2
stride=2

[convolutional]
filters=3
size=1
activation=relu

[convolutional]
filters=6
size=1
activation=linear

[region]
anchors=1,1
classes=1
num=1
coords=4
)";

const char *kMetadata = R"({"format": "snnc-qat", "version": 1, "levels": 4,
  "weight_bits": 8, "input_levels": 8, "layers": [
  {"index": 0, "type": "convolutional", "activation": "leaky",
   "ceiling": [2, 4]},
  {"index": 2, "type": "convolutional", "activation": "relu", "ceiling": 1}]})";

Node conv(const std::string &name, int input, TensorShape shape, int64_t inC,
          int line) {
  Node n;
  n.kind = NodeKind::Conv2d;
  n.name = name;
  n.inputs = {input};
  n.shape = shape;
  n.sourceLine = line;
  n.weights.assign(shape.c * inC, 1.0f);
  return n;
}

Node unary(NodeKind kind, const std::string &name, int input, TensorShape shape,
           int line) {
  Node n;
  n.kind = kind;
  n.name = name;
  n.inputs = {input};
  n.shape = shape;
  n.sourceLine = line;
  return n;
}

/// The float graph of kCfg as the exporter builds it (lines from the cfg).
Graph floatGraph(const darknet::Network &net) {
  int l0 = net.layers[0].line, l1 = net.layers[1].line;
  int l2 = net.layers[2].line, l3 = net.layers[3].line;
  Graph g;
  g.name = "net";
  Node input;
  input.name = "input";
  input.shape = {1, 4, 4};
  g.nodes.push_back(input);
  g.nodes.push_back(conv("conv0", 0, {2, 4, 4}, 1, l0));
  g.nodes.push_back(unary(NodeKind::LeakyRelu, "leaky0", 1, {2, 4, 4}, l0));
  Node pool = unary(NodeKind::MaxPool, "pool1", 2, {2, 2, 2}, l1);
  pool.kernel = {2, 2};
  pool.strides = {2, 2};
  g.nodes.push_back(pool);
  g.nodes.push_back(conv("conv2", 3, {3, 2, 2}, 2, l2));
  g.nodes.push_back(unary(NodeKind::Relu, "relu2", 4, {3, 2, 2}, l2));
  g.nodes.push_back(conv("conv3", 5, {6, 2, 2}, 3, l3));
  g.outputs = {6};
  return g;
}

} // namespace

TEST_CASE("qat graph: the activation quantizer", "[qat]") {
  // ceiling 2, L = 4: one level is 0.5, z = 2 x.
  CHECK(quantizeActivation(0.6f, 2, 4, 0.1f) == 0.5f);  // floor(1.2 + .5) = 1
  CHECK(quantizeActivation(0.75f, 2, 4, 0.1f) == 1.0f); // 1.5 rounds up to 2
  CHECK(quantizeActivation(0.74f, 2, 4, 0.1f) == 0.5f); // 1.48 rounds to 1
  CHECK(quantizeActivation(5.0f, 2, 4, 0.1f) == 2.0f);  // clipped at L = 4
  CHECK(quantizeActivation(0.0f, 2, 4, 0.1f) == 0.0f);
  // Negative side: -clip(floor(0.1 |z| - 0.05), 0, L).
  CHECK(quantizeActivation(-5.0f, 2, 4, 0.1f) == 0.0f);     // floor(0.95) = 0
  CHECK(quantizeActivation(-10.0f, 2, 4, 0.1f) == -0.5f);   // floor(1.95) = 1
  CHECK(quantizeActivation(-10.5f, 2, 4, 0.1f) == -1.0f);   // floor(2.05) = 2
  CHECK(quantizeActivation(-1000.0f, 2, 4, 0.1f) == -2.0f); // clipped at -L
  // ReLU: no negative side.
  CHECK(quantizeActivation(-1000.0f, 2, 4, 0.0f) == 0.0f);
  CHECK(quantizeActivation(3.3f, 1, 4, 0.0f) == 1.0f);
}

TEST_CASE("qat graph: the image quantizer", "[qat]") {
  CHECK(quantizeInput(0.99f, 8) == 0.875f); // floor(7.92) / 8
  CHECK(quantizeInput(0.5f, 8) == 0.5f);
  CHECK(quantizeInput(0.124f, 8) == 0.0f);
  CHECK(quantizeInput(1.5f, 8) == 1.0f);  // clipped to [0, 1]
  CHECK(quantizeInput(-0.2f, 8) == 0.0f); // clipped to [0, 1]
}

TEST_CASE("qat graph: activations and image quantized as trained", "[qat]") {
  darknet::Network net =
      darknet::buildNetwork(darknet::parseCfg(kCfg, "n.cfg"));
  QatMetadata meta = parseQatMetadata(kMetadata, "n.qat.json");
  Graph g = floatGraph(net);
  g.validate();
  Graph q = quantizeGraph(g, net, meta);
  REQUIRE(q.nodes.size() == g.nodes.size() + 1);
  CHECK(q.nodes[1].kind == NodeKind::QuantizedInput);
  CHECK(q.nodes[1].levels == 8);
  CHECK(q.nodes[1].inputs == std::vector<int>{0});
  CHECK(q.nodes[2].inputs == std::vector<int>{1}); // conv0 reads the quantizer
  const Node &leaky = q.nodes[3];
  CHECK(leaky.kind == NodeKind::QuantizedActivation);
  CHECK(leaky.levels == 4);
  CHECK(leaky.slope == 0.1f);
  CHECK(leaky.ceilings == std::vector<float>{2, 4});
  const Node &relu = q.nodes[6];
  CHECK(relu.kind == NodeKind::QuantizedActivation);
  CHECK(relu.slope == 0.0f);
  CHECK(relu.ceilings == std::vector<float>{1, 1, 1});
  CHECK(q.nodes[7].inputs == std::vector<int>{6});
  CHECK(q.outputs == std::vector<int>{7});

  // Run it: conv0's weights are 1, so channel c of the leaky output is the
  // quantized image pixel quantized again with ceiling 2 (c = 0) or 4.
  Executor exec(q);
  Tensor image{{1, 4, 4}, std::vector<float>(16, 0.9f)};
  image.data[5] = 0.3f;
  std::vector<Tensor> all = exec.runAll(image);
  // 0.9 -> floor(7.2) / 8 = 0.875; with ceiling 2, L = 4: z = 1.75 -> 2,
  // 1.0; with ceiling 4: z = 0.875 -> 1, 1.0.
  CHECK(all[3].data[0] == 1.0f);
  CHECK(all[3].data[16] == 1.0f);
  // 0.3 -> floor(2.4) / 8 = 0.25; ceiling 2: z = 0.5 -> 1, 0.5; ceiling 4:
  // z = 0.25 -> 0.
  CHECK(all[3].data[5] == 0.5f);
  CHECK(all[3].data[16 + 5] == 0.0f);
}

TEST_CASE("qat graph: a graph the metadata does not describe", "[qat]") {
  darknet::Network net =
      darknet::buildNetwork(darknet::parseCfg(kCfg, "n.cfg"));
  QatMetadata meta = parseQatMetadata(kMetadata, "n.qat.json");
  Graph g = floatGraph(net);
  g.nodes[5].sourceLine = 999; // the relu no longer matches its cfg line
  std::string message;
  try {
    quantizeGraph(g, net, meta);
  } catch (const snnc::Error &e) {
    message = e.what();
  }
  CHECK_THAT(message, Contains("n.qat.json") &&
                          Contains("2 layers have ceilings but 1"));
}
