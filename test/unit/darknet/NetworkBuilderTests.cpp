//===- NetworkBuilderTests.cpp - cfg semantics and shapes -----------------===//
//
// Expected shapes are computed by hand with darknet's formulas (parser.c,
// convolutional_layer.c, maxpool_layer.c):
//   conv:    out = (in + 2*padding - size) / stride + 1, padding = size/2 if
//            pad=1 else `padding` (default 0)
//   maxpool: out = (in + padding - size) / stride + 1, padding default size-1,
//            size default stride
//   upsample: out = in * stride
//
//===----------------------------------------------------------------------===//

#include "compiler/darknet/Network.h"
#include "runtime/support/Error.h"
#include "test/unit/SharedData.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace snnc::darknet;
using Catch::Matchers::Contains;

namespace {
template <typename F> std::string errorOf(F &&f) {
  try {
    f();
  } catch (const snnc::Error &e) {
    return e.what();
  }
  return "<no snnc::Error thrown>";
}

Network build(const std::string &text) {
  return buildNetwork(parseCfg(text, "test.cfg"));
}

std::string buildError(const std::string &text) {
  return errorOf([&] { build(text); });
}

Network buildShared(const std::string &relative) {
  return buildNetwork(readCfgFile(snnc::test::sharedPath(relative)));
}

Shape chw(int64_t c, int64_t h, int64_t w) { return Shape{c, h, w}; }

/// A valid head for a previous layer with 6 channels: num=1, classes=1,
/// 1*(4+1+1) = 6 channels.
const char *kRegion6 = "[region]\nnum=1\nclasses=1\nanchors=1,1\n";

/// "[net]" for an h x w x c input followed by `body`.
std::string cfg(int64_t h, int64_t w, int64_t c, const std::string &body) {
  return "[net]\nwidth=" + std::to_string(w) + "\nheight=" + std::to_string(h) +
         "\nchannels=" + std::to_string(c) + "\n" + body;
}

/// A 1x1 linear conv down to 6 channels followed by kRegion6.
const std::string kTail6 =
    std::string("[convolutional]\nfilters=6\nsize=1\nactivation=linear\n") +
    kRegion6;
} // namespace

TEST_CASE("every shared cfg builds", "[darknet][network]") {
  const std::vector<std::string> cfgs = {
      "darknet/cfg/yolov2-tiny-voc.cfg",
      "darknet/cfg/yolov2-tiny.cfg",
      "darknet/cfg/yolov3-tiny.cfg",
      "models/yolo-lite-voc/yolo-lite-voc-bn.cfg",
      "models/yolo-lite-voc/yolo-lite-voc-nobn.cfg",
      "models/yolo-lite-coco/yolo-lite-coco.cfg"};
  for (const std::string &relative : cfgs) {
    if (!snnc::test::haveShared(relative)) {
      WARN("skipped: shared data " << snnc::test::sharedPath(relative)
                                   << " is absent");
      continue;
    }
    INFO(relative);
    Network net;
    REQUIRE_NOTHROW(net = buildShared(relative));
    CHECK(net.cfgPath == snnc::test::sharedPath(relative));
    CHECK(net.channels == 3);
    // Every layer consumes the previous layer's output (routes excepted).
    for (size_t i = 1; i < net.layers.size(); ++i)
      if (net.layers[i].kind != LayerKind::Route)
        CHECK(net.layers[i].input == net.layers[i - 1].output);
  }
}

TEST_CASE("yolov2-tiny-voc shapes", "[darknet][network]") {
  SNNC_REQUIRE_SHARED("darknet/cfg/yolov2-tiny-voc.cfg");
  Network net = buildShared("darknet/cfg/yolov2-tiny-voc.cfg");
  CHECK(net.width == 416);
  CHECK(net.height == 416);
  struct Expected {
    LayerKind kind;
    int line; // `grep -n '^\[' yolov2-tiny-voc.cfg`
    Shape out;
  };
  using K = LayerKind;
  // conv 3x3 pad 1 stride 1: (h+2-3)/1+1 = h.
  // maxpool 2/2 (padding 1): (h+1-2)/2+1 = (h-1)/2+1 = h/2 for even h.
  // maxpool 2/1 (padding 1): (13+1-2)/1+1 = 13.
  // conv 1x1 pad=1 -> padding = 1/2 = 0: (13-1)/1+1 = 13.
  const std::vector<Expected> expected = {
      {K::Convolutional, 24, chw(16, 416, 416)},
      {K::MaxPool, 32, chw(16, 208, 208)},
      {K::Convolutional, 36, chw(32, 208, 208)},
      {K::MaxPool, 44, chw(32, 104, 104)},
      {K::Convolutional, 48, chw(64, 104, 104)},
      {K::MaxPool, 56, chw(64, 52, 52)},
      {K::Convolutional, 60, chw(128, 52, 52)},
      {K::MaxPool, 68, chw(128, 26, 26)},
      {K::Convolutional, 72, chw(256, 26, 26)},
      {K::MaxPool, 80, chw(256, 13, 13)},
      {K::Convolutional, 84, chw(512, 13, 13)},
      {K::MaxPool, 92, chw(512, 13, 13)},
      {K::Convolutional, 96, chw(1024, 13, 13)},
      {K::Convolutional, 106, chw(1024, 13, 13)},
      {K::Convolutional, 114, chw(125, 13, 13)},
      {K::Region, 121, chw(125, 13, 13)},
  };
  REQUIRE(net.layers.size() == expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    INFO("layer " << i);
    const Layer &layer = net.layers[i];
    CHECK(layer.kind == expected[i].kind);
    CHECK(layer.line == expected[i].line);
    CHECK(layer.output == expected[i].out);
  }
  CHECK(net.layers[0].input == chw(3, 416, 416));
  CHECK(net.layers[0].batchNormalize);
  CHECK(net.layers[0].activation == Activation::Leaky);
  CHECK(net.layers[0].padding == 1); // pad=1, size 3 -> 3/2
  CHECK(net.layers[11].size == 2);
  CHECK(net.layers[11].stride == 1);
  CHECK(net.layers[11].padding == 1); // default size-1
  CHECK(net.layers[14].padding == 0); // pad=1, size 1 -> 1/2
  CHECK_FALSE(net.layers[14].batchNormalize);
  CHECK(net.layers[14].activation == Activation::Linear);

  const Layer &region = net.layers[15];
  CHECK(region.classes == 20);
  CHECK(region.num == 5);
  CHECK(region.coords == 4);
  CHECK(region.softmax);
  const std::vector<float> anchors = {1.08f,  1.19f, 3.42f, 4.41f,  6.63f,
                                      11.38f, 9.42f, 5.11f, 16.62f, 10.52f};
  CHECK(region.anchors == anchors);
}

TEST_CASE("YOLO-LITE shapes end at a 7x7 grid", "[darknet][network]") {
  struct Case {
    const char *cfg;
    int64_t headChannels; // num*(coords+1+classes)
  };
  const std::vector<Case> cases = {
      {"models/yolo-lite-voc/yolo-lite-voc-bn.cfg", 5 * (4 + 1 + 20)},
      {"models/yolo-lite-voc/yolo-lite-voc-nobn.cfg", 5 * (4 + 1 + 20)},
      {"models/yolo-lite-coco/yolo-lite-coco.cfg", 5 * (4 + 1 + 80)}};
  for (const Case &c : cases) {
    if (!snnc::test::haveShared(c.cfg)) {
      WARN("skipped: shared data " << snnc::test::sharedPath(c.cfg)
                                   << " is absent");
      continue;
    }
    INFO(c.cfg);
    Network net = buildShared(c.cfg);
    CHECK(net.width == 224);
    CHECK(net.height == 224);
    // 7 convs + 5 maxpools + 1 region.
    REQUIRE(net.layers.size() == 13);
    // 224 -> maxpool 2/2: (224+1-2)/2+1 = 112, then 56, 28, 14, 7.
    const int64_t grid[] = {224, 112, 112, 56, 56, 28, 28, 14, 14, 7, 7, 7, 7};
    const int64_t channels[] = {
        16, 16, 32, 32, 64, 64, 128, 128, 128, 128, 256, c.headChannels, 0};
    for (size_t i = 0; i < 13; ++i) {
      INFO("layer " << i);
      CHECK(net.layers[i].output.h == grid[i]);
      CHECK(net.layers[i].output.w == grid[i]);
      if (i < 12)
        CHECK(net.layers[i].output.c == channels[i]);
    }
    CHECK(net.layers[11].size == 1);
    CHECK(net.layers[12].kind == LayerKind::Region);
    CHECK(net.layers[12].output == chw(c.headChannels, 7, 7));
  }
}

TEST_CASE("yolov3-tiny routes and upsample", "[darknet][network]") {
  SNNC_REQUIRE_SHARED("darknet/cfg/yolov3-tiny.cfg");
  Network net = buildShared("darknet/cfg/yolov3-tiny.cfg");
  // Index by hand: 0 c16, 1 mp, 2 c32, 3 mp, 4 c64, 5 mp, 6 c128, 7 mp,
  // 8 c256 (26x26), 9 mp, 10 c512 (13), 11 mp 2/1, 12 c1024, 13 c256 1x1,
  // 14 c512, 15 c255, 16 yolo, 17 route -4, 18 c128 1x1, 19 upsample,
  // 20 route -1,8, 21 c256, 22 c255, 23 yolo.
  REQUIRE(net.layers.size() == 24);
  CHECK(net.layers[8].output == chw(256, 26, 26));
  CHECK(net.layers[13].output == chw(256, 13, 13));
  CHECK(net.layers[16].kind == LayerKind::Yolo);
  CHECK(net.layers[16].mask == std::vector<int64_t>{3, 4, 5});
  CHECK(net.layers[16].num == 6);
  CHECK(net.layers[16].anchors.size() == 12);
  CHECK(net.layers[16].output == chw(3 * (4 + 1 + 80), 13, 13));

  // route -4 at index 17: 17 - 4 = 13.
  const Layer &route1 = net.layers[17];
  CHECK(route1.kind == LayerKind::Route);
  CHECK(route1.line == 142);
  CHECK(route1.routeLayers == std::vector<int>{13});
  CHECK(route1.output == chw(256, 13, 13));

  CHECK(net.layers[18].output == chw(128, 13, 13));
  const Layer &upsample = net.layers[19];
  CHECK(upsample.kind == LayerKind::Upsample);
  CHECK(upsample.stride == 2);
  CHECK(upsample.output == chw(128, 26, 26)); // 13*2

  // route -1, 8 at index 20: 20 - 1 = 19 and 8; 128 + 256 = 384 at 26x26.
  const Layer &route2 = net.layers[20];
  CHECK(route2.routeLayers == std::vector<int>{19, 8});
  CHECK(route2.input == chw(384, 26, 26));
  CHECK(route2.output == chw(384, 26, 26));
  CHECK(net.layers[21].input == chw(384, 26, 26));
  CHECK(net.layers[21].output == chw(256, 26, 26));
  CHECK(net.layers[22].output == chw(255, 26, 26));
  CHECK(net.layers[23].kind == LayerKind::Yolo);
  CHECK(net.layers[23].mask == std::vector<int64_t>{0, 1, 2});
  CHECK(net.layers[23].line == 174);
}

TEST_CASE("conv and maxpool output-size formulas", "[darknet][network]") {
  SECTION("maxpool 2/1 keeps 13x13") {
    // (13 + 1 - 2)/1 + 1 = 13
    Network net = build(cfg(
        13, 13, 6, "[maxpool]\nsize=2\nstride=1\n" + std::string(kRegion6)));
    CHECK(net.layers[0].output == chw(6, 13, 13));
    CHECK(net.layers[0].padding == 1);
  }
  SECTION("maxpool 2/2 halves 224 and rounds 13 up") {
    // (224 + 1 - 2)/2 + 1 = 111 + 1 = 112; (13 + 1 - 2)/2 + 1 = 7
    Network net = build(cfg(
        224, 13, 6, "[maxpool]\nsize=2\nstride=2\n" + std::string(kRegion6)));
    CHECK(net.layers[0].output == chw(6, 112, 7));
  }
  SECTION("maxpool with explicit padding=0") {
    // (13 + 0 - 2)/2 + 1 = 5 + 1 = 6
    Network net = build(cfg(13, 13, 6,
                            "[maxpool]\nsize=2\nstride=2\npadding=0\n" +
                                std::string(kRegion6)));
    CHECK(net.layers[0].output == chw(6, 6, 6));
  }
  SECTION("maxpool size defaults to stride") {
    // size = 3, padding = 2: (12 + 2 - 3)/3 + 1 = 3 + 1 = 4
    Network net =
        build(cfg(12, 12, 6, "[maxpool]\nstride=3\n" + std::string(kRegion6)));
    CHECK(net.layers[0].size == 3);
    CHECK(net.layers[0].padding == 2);
    CHECK(net.layers[0].output == chw(6, 4, 4));
  }
  SECTION("maxpool 3/2 on 416") {
    // padding 2: (416 + 2 - 3)/2 + 1 = 207 + 1 = 208
    Network net = build(cfg(
        416, 416, 6, "[maxpool]\nsize=3\nstride=2\n" + std::string(kRegion6)));
    CHECK(net.layers[0].output == chw(6, 208, 208));
  }
  SECTION("conv stride 2, pad 1") {
    // padding 3/2 = 1: (13 + 2 - 3)/2 + 1 = 7; (416+2-3)/2+1 = 208
    Network net = build(cfg(13, 416, 3,
                            "[convolutional]\nfilters=8\nsize=3\nstride=2\n"
                            "pad=1\nactivation=leaky\n" +
                                kTail6));
    CHECK(net.layers[0].output == chw(8, 7, 208));
    CHECK(net.layers[1].input == chw(8, 7, 208));
  }
  SECTION("conv without padding") {
    // (8 - 3)/1 + 1 = 6; (10 - 3)/1 + 1 = 8
    Network net = build(cfg(8, 10, 3,
                            "[convolutional]\nfilters=4\nsize=3\n"
                            "activation=relu\n" +
                                kTail6));
    CHECK(net.layers[0].padding == 0);
    CHECK(net.layers[0].activation == Activation::Relu);
    CHECK(net.layers[0].output == chw(4, 6, 8));
  }
  SECTION("conv with explicit padding, ignored when pad=1") {
    // padding=2, size 5: (10 + 4 - 5)/1 + 1 = 10
    Network a = build(cfg(10, 10, 3,
                          "[convolutional]\nfilters=4\nsize=5\npadding=2\n"
                          "activation=linear\n" +
                              kTail6));
    CHECK(a.layers[0].output == chw(4, 10, 10));
    // pad=1 overrides padding=0 with size/2 = 2: same 10x10.
    Network b = build(cfg(10, 10, 3,
                          "[convolutional]\nfilters=4\nsize=5\npadding=0\n"
                          "pad=1\nactivation=linear\n" +
                              kTail6));
    CHECK(b.layers[0].padding == 2);
    CHECK(b.layers[0].output == chw(4, 10, 10));
  }
  SECTION("conv defaults") {
    // filters 1, size 1, stride 1 (darknet's defaults).
    Network net = build(cfg(5, 5, 3,
                            "[conv]\nactivation=linear\n"
                            "[convolutional]\nfilters=6\nactivation=linear\n" +
                                std::string(kRegion6)));
    CHECK(net.layers[0].kind == LayerKind::Convolutional);
    CHECK(net.layers[0].filters == 1);
    CHECK(net.layers[0].size == 1);
    CHECK(net.layers[0].output == chw(1, 5, 5));
  }
  SECTION("upsample default stride 2") {
    Network net = build(cfg(4, 5, 6, "[upsample]\n" + std::string(kRegion6)));
    CHECK(net.layers[0].output == chw(6, 8, 10));
  }
  SECTION("kernel larger than the padded input") {
    // 2 + 0 < 3
    CHECK_THAT(buildError(cfg(2, 2, 3,
                              "[convolutional]\nfilters=6\nsize=3\n"
                              "activation=linear\n" +
                                  std::string(kRegion6))),
               Contains("test.cfg:5:") && Contains("does not fit"));
  }
}

TEST_CASE("training-only keys are accepted", "[darknet][network]") {
  CHECK_NOTHROW(
      build("[net]\nbatch=64\nsubdivisions=16\nwidth=8\nheight=8\nchannels=3\n"
            "momentum=0.9\nlearning_rate=.001\nsteps=1,2\n" +
            kTail6));
}

TEST_CASE("unknown key names the line and the key", "[darknet][network]") {
  std::string message = buildError(cfg(8, 8, 3,
                                       "[convolutional]\n" // line 5
                                       "filters=6\n"       // line 6
                                       "fliters=6\n"       // line 7
                                       "activation=linear\n" +
                                           std::string(kRegion6)));
  CHECK_THAT(message, Contains("test.cfg:7:") && Contains("'fliters'") &&
                          Contains("[convolutional]"));
  CHECK_THAT(
      buildError("[net]\nwidth=8\nheight=8\nchannels=3\nsize=3\n" + kTail6),
      Contains("test.cfg:5:") && Contains("'size'") && Contains("[net]"));
}

TEST_CASE("unknown and misplaced sections", "[darknet][network]") {
  CHECK_THAT(buildError(cfg(8, 8, 6, "[shortcut]\nfrom=-1\n" + kTail6)),
             Contains("test.cfg:5:") && Contains("[shortcut]") &&
                 Contains("unknown"));
  CHECK_THAT(buildError("[convolutional]\nfilters=1\n"),
             Contains("test.cfg:1:") && Contains("first section must be"));
  CHECK_THAT(buildError(cfg(8, 8, 6, "[net]\n" + kTail6)),
             Contains("test.cfg:5:") && Contains("second [net]"));
  CHECK_THAT(buildError(""), Contains("no sections"));
  CHECK_THAT(buildError(cfg(8, 8, 6, "")), Contains("no layers"));
  // Only [route] may follow a head (as in yolov3-tiny).
  CHECK_THAT(buildError(cfg(8, 8, 6, kTail6 + "[maxpool]\nsize=2\n")),
             Contains("test.cfg:13:") &&
                 Contains("only [route] may follow a detection head"));
  CHECK(build("[network]\nwidth=8\nheight=8\nchannels=3\n" + kTail6)
            .layers.size() == 2);
}

TEST_CASE("activations", "[darknet][network]") {
  auto conv = [](const std::string &activationLine) {
    return cfg(8, 8, 3,
               "[convolutional]\nfilters=6\n" + activationLine +
                   std::string(kRegion6));
  };
  CHECK(build(conv("activation=leaky\n")).layers[0].activation ==
        Activation::Leaky);
  CHECK(build(conv("activation=leaky\n")).layers[0].leakySlope == 0.1f);
  CHECK(build(conv("activation=relu\n")).layers[0].activation ==
        Activation::Relu);
  CHECK(build(conv("activation=linear\n")).layers[0].activation ==
        Activation::Linear);
  // line 5 [convolutional], 6 filters, 7 activation
  CHECK_THAT(buildError(conv("activation=mish\n")),
             Contains("test.cfg:5:") && Contains("'mish'") &&
                 Contains("line 7") && Contains("not supported"));
  // darknet's default activation is logistic, which snnc does not convert.
  CHECK_THAT(buildError(conv("")), Contains("test.cfg:5:") &&
                                       Contains("'logistic'") &&
                                       Contains("not supported"));
}

TEST_CASE("unsupported convolution variants", "[darknet][network]") {
  auto conv = [](const std::string &extra) {
    return cfg(8, 8, 4,
               "[convolutional]\nfilters=6\nactivation=linear\n" + extra +
                   std::string(kRegion6));
  };
  CHECK_THAT(buildError(conv("groups=2\n")),
             Contains("test.cfg:5:") && Contains("groups=2"));
  CHECK_NOTHROW(build(conv("groups=1\n")));
  CHECK_THAT(buildError(conv("dilation=2\n")), Contains("dilation=2"));
  CHECK_THAT(buildError(conv("xnor=1\n")), Contains("xnor"));
  CHECK_THAT(buildError(conv("binary=1\n")), Contains("binary"));
  CHECK_THAT(
      buildError(cfg(8, 8, 6, "[upsample]\nscale=2\n" + std::string(kRegion6))),
      Contains("scale"));
}

TEST_CASE("bad integers", "[darknet][network]") {
  auto conv = [](const std::string &filters) {
    return cfg(8, 8, 3,
               "[convolutional]\nfilters=" + filters + "\nactivation=linear\n" +
                   std::string(kRegion6));
  };
  // line 6 is filters=
  CHECK_THAT(buildError(conv("abc")), Contains("test.cfg:6:") &&
                                          Contains("filters='abc'") &&
                                          Contains("not an integer"));
  CHECK_THAT(buildError(conv("1.5")), Contains("test.cfg:6:") &&
                                          Contains("filters='1.5'") &&
                                          Contains("not an integer"));
  CHECK_THAT(buildError(conv("")), Contains("filters=''"));
  CHECK_THAT(buildError(conv("99999999999999999999999")),
             Contains("not an integer"));
  CHECK_THAT(buildError(conv("0x10")), Contains("not an integer"));
  CHECK_THAT(
      buildError(
          cfg(8, 8, 6, "[maxpool]\nsize=1\n[route]\nlayers=-1,x\n" + kTail6)),
      Contains("test.cfg:8:") && Contains("'x'") && Contains("not an integer"));
}

TEST_CASE("out-of-range values", "[darknet][network]") {
  auto conv = [](const std::string &extra) {
    return cfg(8, 8, 3,
               "[convolutional]\nfilters=6\nactivation=linear\n" + extra +
                   std::string(kRegion6));
  };
  // line 8 holds `extra`
  CHECK_THAT(buildError(conv("size=0\n")),
             Contains("test.cfg:8:") && Contains("size=0") &&
                 Contains("out of range [1, 64]"));
  CHECK_THAT(buildError(conv("stride=-2\n")),
             Contains("stride=-2") && Contains("out of range"));
  CHECK_THAT(buildError(conv("pad=2\n")),
             Contains("pad=2") && Contains("out of range [0, 1]"));
  CHECK_THAT(buildError(conv("batch_normalize=2\n")),
             Contains("batch_normalize=2") && Contains("out of range"));
  CHECK_THAT(buildError(cfg(0, 8, 3, kTail6)), Contains("test.cfg:3:") &&
                                                   Contains("height=0") &&
                                                   Contains("out of range"));
  CHECK_THAT(buildError(cfg(8, 100000, 3, kTail6)),
             Contains("width=100000") && Contains("out of range"));
  CHECK_THAT(buildError("[net]\nwidth=8\nheight=8\n" + kTail6),
             Contains("test.cfg:1:") && Contains("must all be set"));
}

TEST_CASE("routes", "[darknet][network]") {
  // Layers: 0 conv (8x8x4), 1 route ...
  const std::string conv =
      "[convolutional]\nfilters=4\nsize=1\nactivation=linear\n";
  SECTION("to a later layer") {
    CHECK_THAT(buildError(cfg(8, 8, 3, conv + "[route]\nlayers=1\n" + kTail6)),
               Contains("test.cfg:9:") && Contains("resolves to 1") &&
                   Contains("this is layer 1"));
    CHECK_THAT(buildError(cfg(8, 8, 3, conv + "[route]\nlayers=5\n" + kTail6)),
               Contains("resolves to 5"));
  }
  SECTION("before the first layer") {
    // index 1 - 2 = -1
    CHECK_THAT(buildError(cfg(8, 8, 3, conv + "[route]\nlayers=-2\n" + kTail6)),
               Contains("route layer -2 resolves to -1"));
  }
  SECTION("without layers") {
    CHECK_THAT(buildError(cfg(8, 8, 3, conv + "[route]\n" + kTail6)),
               Contains("test.cfg:9:") && Contains("needs 'layers'"));
  }
  SECTION("size mismatch") {
    // 0 conv 8x8x4, 1 maxpool 2/2 -> 4x4, 2 route 0,1
    CHECK_THAT(buildError(cfg(8, 8, 3,
                              conv +
                                  "[maxpool]\nsize=2\nstride=2\n"
                                  "[route]\nlayers=0,1\n" +
                                  kTail6)),
               Contains("test.cfg:12:") && Contains("4x4") && Contains("8x8"));
  }
  SECTION("concatenation, absolute and relative") {
    // 0 conv 4ch, 1 conv 6ch, 2 route -1,0 -> 6+4 = 10ch, 3 route 1 -> 6ch
    Network net = build(cfg(8, 8, 3,
                            conv +
                                "[convolutional]\nfilters=6\nsize=1\n"
                                "activation=linear\n[route]\nlayers=-1,0\n"
                                "[route]\nlayers=1\n" +
                                std::string(kRegion6)));
    CHECK(net.layers[2].routeLayers == std::vector<int>{1, 0});
    CHECK(net.layers[2].output == chw(10, 8, 8));
    CHECK(net.layers[3].routeLayers == std::vector<int>{1});
    CHECK(net.layers[3].output == chw(6, 8, 8));
  }
  SECTION("to a detection head") {
    // 0 conv 6ch, 1 region, 2 route -1 -> the region
    CHECK_THAT(
        buildError(cfg(8, 8, 3, kTail6 + "[route]\nlayers=-1\n" + kTail6)),
        Contains("detection head"));
  }
}

TEST_CASE("detection heads", "[darknet][network]") {
  auto withHead = [](int64_t filters, const std::string &head) {
    return cfg(13, 13, 3,
               "[convolutional]\nfilters=" + std::to_string(filters) +
                   "\nsize=1\nactivation=linear\n" + head);
  };
  const std::string anchors10 = "anchors=1,2,3,4,5,6,7,8,9,10\n";
  SECTION("region anchors count mismatch") {
    // num=5 needs 2*5 = 10 values, 8 given; head at line 9
    CHECK_THAT(buildError(withHead(125, "[region]\nnum=5\nclasses=20\n"
                                        "anchors=1,2,3,4,5,6,7,8\n")),
               Contains("test.cfg:9:") && Contains("8 anchor values") &&
                   Contains("2*num = 10"));
  }
  SECTION("trailing comma in anchors is tolerated") {
    Network net = build(withHead(125, "[region]\nnum=5\nclasses=20\n"
                                      "anchors=1,2,3,4,5,6,7,8,9,10,\n"));
    CHECK(net.layers[1].anchors.size() == 10);
  }
  SECTION("bad anchor values") {
    CHECK_THAT(buildError(withHead(125, "[region]\nnum=5\nclasses=20\n"
                                        "anchors=1,2,3,x,5,6,7,8,9,10\n")),
               Contains("'x'") && Contains("not a finite number"));
    CHECK_THAT(buildError(withHead(125, "[region]\nnum=5\nclasses=20\n"
                                        "anchors=1,2,3,nan,5,6,7,8,9,10\n")),
               Contains("'nan'"));
    CHECK_THAT(buildError(withHead(125, "[region]\nnum=5\nclasses=20\n"
                                        "anchors=1,2,,4,5,6,7,8,9,10\n")),
               Contains("''"));
  }
  SECTION("region channel mismatch names both numbers") {
    // 5 * (4 + 1 + 20) = 125 expected, the conv gives 100
    CHECK_THAT(
        buildError(withHead(100, "[region]\nnum=5\nclasses=20\n" + anchors10)),
        Contains("test.cfg:9:") && Contains("125") && Contains("100"));
  }
  SECTION("yolo channel mismatch names both numbers") {
    // len(mask) * (5 + 80) = 3 * 85 = 255 expected, the conv gives 250
    std::string message = buildError(
        withHead(250, "[yolo]\nmask=0,1,2\nnum=6\nclasses=80\n"
                      "anchors=10,14,23,27,37,58,81,82,135,169,344,319\n"));
    CHECK_THAT(message, Contains("255") && Contains("250"));
  }
  SECTION("yolo mask out of range") {
    CHECK_THAT(buildError(withHead(255, "[yolo]\nmask=0,1,6\nnum=6\n"
                                        "classes=80\nanchors=1,2,3,4,5,6,"
                                        "7,8,9,10,11,12\n")),
               Contains("mask index 6"));
  }
  SECTION("yolo mask defaults to all anchors") {
    // num=2: mask 0,1 -> 2 * (5 + 1) = 12 channels
    Network net =
        build(withHead(12, "[yolo]\nnum=2\nclasses=1\nanchors=1,2,3,4\n"));
    CHECK(net.layers[1].mask == std::vector<int64_t>{0, 1});
  }
  SECTION("region defaults: classes 20, coords 4, num 1, no softmax") {
    // 1 * (4 + 1 + 20) = 25 channels
    Network net = build(withHead(25, "[region]\nanchors=1,1\n"));
    CHECK(net.layers[1].classes == 20);
    CHECK(net.layers[1].num == 1);
    CHECK_FALSE(net.layers[1].softmax);
  }
  SECTION("tree region layers") {
    CHECK_THAT(buildError(withHead(125, "[region]\nnum=5\nclasses=20\n" +
                                            anchors10 + "tree=1\n")),
               Contains("tree"));
  }
  SECTION("network not ending with a head") {
    // conv at line 5, maxpool at line 9
    CHECK_THAT(buildError(withHead(6, "[maxpool]\nsize=2\n")),
               Contains("test.cfg:9:") &&
                   Contains("must end with a [region] or [yolo] head") &&
                   Contains("[maxpool]"));
  }
}

// Found with test/fuzz/CfgParserFuzzer (reproducers in test/fuzz/crashes/):
// large but individually in-range values used to overflow int64 (undefined
// behaviour) before the builder bounded tensor and parameter sizes.
//   - Two upsamples by 64 of a 65536x65536x4096 input: c*h*w =
//     2^12 * 2^28 * 2^28 = 2^68 in Shape::size().
//   - Routes that concatenate one layer 256 times, three times over, give
//     4096 * 256^3 = 2^36 channels on a 1x1 grid; a conv with 2^20 filters of
//     size 64 would then store 2^20 * 2^36 * 64 * 64 = 2^68 floats
//     (Network::storedFloats, and the same product in parseWeights).
TEST_CASE("networks whose sizes overflow int64 are rejected",
          "[darknet][network]") {
  // The builder bounds every tensor and every conv's weights at 2^32 =
  // 4294967296 values.
  SECTION("upsampled tensor size") {
    // The first upsample already gives 4096 x (65536*64 = 4194304)^2 = 2^56.
    CHECK_THAT(buildError("[net]\nwidth=65536\nheight=65536\nchannels=4096\n"
                          "[upsample]\nstride=64\n[upsample]\nstride=64\n"
                          "[region]\n"),
               Contains("test.cfg:5:") && Contains("[upsample]") &&
                   Contains("4096x4194304x4194304") &&
                   Contains("exceeds 4294967296 values"));
  }
  SECTION("channels of wide routes") {
    auto repeat = [](const char *item, int n) {
      std::string list = item;
      for (int i = 1; i < n; ++i)
        list += std::string(",") + item;
      return list;
    };
    // 0 maxpool 1x1x4096 (line 5), 1 route 0 x256 (line 7, 2^20 channels),
    // 2 route 1 x256 (line 9, 2^28), 3 route 2 x256 (line 11, 2^36 =
    // 68719476736 > 2^32), then a conv with 2^20 filters 64x64 (padding 32
    // keeps (1 + 64 - 64)/1 + 1 = 2) that would store 2^68 floats, and a
    // region with 16 * (5 + 65531) = 2^20 channels.
    std::string text = "[net]\nwidth=1\nheight=1\nchannels=4096\n"
                       "[maxpool]\nsize=1\n"
                       "[route]\nlayers=" +
                       repeat("0", 256) +
                       "\n[route]\nlayers=" + repeat("1", 256) +
                       "\n[route]\nlayers=" + repeat("2", 256) +
                       "\n[convolutional]\nfilters=1048576\nsize=64\n"
                       "padding=32\nactivation=linear\n"
                       "[region]\nnum=16\nclasses=65531\nanchors=" +
                       repeat("1", 32) + "\n";
    CHECK_THAT(buildError(text), Contains("test.cfg:11:") &&
                                     Contains("68719476736x1x1") &&
                                     Contains("exceeds 4294967296 values"));
  }
  SECTION("weights of one conv") {
    // 1048576 filters of 4096x64x64 = 2^20 * 2^12 * 2^12 = 2^44 weights; the
    // output 2^20 x 2 x 2 = 2^22 is fine.
    CHECK_THAT(buildError("[net]\nwidth=1\nheight=1\nchannels=4096\n"
                          "[convolutional]\nfilters=1048576\nsize=64\n"
                          "padding=32\nactivation=linear\n"),
               Contains("test.cfg:5:") &&
                   Contains("1048576 filters of 4096x64x64") &&
                   Contains("exceed 4294967296 weights"));
  }
}
