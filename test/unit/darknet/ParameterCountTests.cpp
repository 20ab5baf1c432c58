//===- ParameterCountTests.cpp - Stored floats and MACs of shared cfgs ----===//
//
// The expected counts come from layer lists written out by hand from the
// cfg files (not from the builder), with darknet's storage rule per
// convolution: biases[filters] (+ scales, mean, variance when batch-normalized)
// and weights[filters * in_c * k * k].
//
//===----------------------------------------------------------------------===//

#include "compiler/darknet/Network.h"
#include "test/unit/SharedData.h"

#include <catch2/catch.hpp>

#include <vector>

using namespace snnc::darknet;

namespace {
struct Conv {
  int64_t inC, filters, k;
  bool bn;
};

int64_t handFloats(const std::vector<Conv> &convs) {
  int64_t total = 0;
  for (const Conv &c : convs)
    total += c.filters * (c.inC * c.k * c.k) + c.filters * (c.bn ? 4 : 1);
  return total;
}

int64_t builtFloats(const Network &net) {
  int64_t total = 0;
  for (const Layer &layer : net.layers)
    total += Network::storedFloats(layer);
  return total;
}

Network buildShared(const std::string &relative) {
  return buildNetwork(readCfgFile(snnc::test::sharedPath(relative)));
}
} // namespace

TEST_CASE("yolov2-tiny-voc stores 15,867,885 floats", "[darknet][params]") {
  SNNC_REQUIRE_SHARED("darknet/cfg/yolov2-tiny-voc.cfg");
  // From the cfg: 3x3 BN convs 3->16->32->64->128->256->512->1024->1024,
  // then a 1x1 conv 1024->125 with biases only.
  const std::vector<Conv> convs = {
      {3, 16, 3, true},       // 16*27 + 16*4     = 432 + 64         = 496
      {16, 32, 3, true},      // 32*144 + 128     = 4608 + 128       = 4736
      {32, 64, 3, true},      // 64*288 + 256     = 18432 + 256      = 18688
      {64, 128, 3, true},     // 128*576 + 512    = 73728 + 512      = 74240
      {128, 256, 3, true},    // 256*1152 + 1024  = 294912 + 1024    = 295936
      {256, 512, 3, true},    // 512*2304 + 2048  = 1179648 + 2048   = 1181696
      {512, 1024, 3, true},   // 1024*4608 + 4096 = 4718592 + 4096   = 4722688
      {1024, 1024, 3, true},  // 1024*9216 + 4096 = 9437184 + 4096   = 9441280
      {1024, 125, 1, false}}; // 125*1024 + 125   = 128000 + 125     = 128125
  // 496 + 4736 + 18688 + 74240 + 295936 + 1181696 + 4722688 + 9441280
  //   + 128125 = 15,867,885
  REQUIRE(handFloats(convs) == 15867885);

  Network net = buildShared("darknet/cfg/yolov2-tiny-voc.cfg");
  CHECK(builtFloats(net) == 15867885);

  // The builder's layers match the hand list one to one.
  size_t next = 0;
  for (const Layer &layer : net.layers) {
    if (layer.kind != LayerKind::Convolutional)
      continue;
    REQUIRE(next < convs.size());
    INFO("conv " << next);
    CHECK(layer.input.c == convs[next].inC);
    CHECK(layer.filters == convs[next].filters);
    CHECK(layer.size == convs[next].k);
    CHECK(layer.batchNormalize == convs[next].bn);
    ++next;
  }
  CHECK(next == convs.size());
}

TEST_CASE("yolov3-tiny stores 8,858,734 floats", "[darknet][params]") {
  SNNC_REQUIRE_SHARED("darknet/cfg/yolov3-tiny.cfg");
  const std::vector<Conv> convs = {
      {3, 16, 3, true},      // 496 (as in yolov2-tiny-voc)
      {16, 32, 3, true},     // 4736
      {32, 64, 3, true},     // 18688
      {64, 128, 3, true},    // 74240
      {128, 256, 3, true},   // 295936
      {256, 512, 3, true},   // 1181696
      {512, 1024, 3, true},  // 4722688; running sum 6,298,480
      {1024, 256, 1, true},  // 256*1024 + 1024 = 262144 + 1024 = 263168
      {256, 512, 3, true},   // 512*2304 + 2048 = 1181696
      {512, 255, 1, false},  // 255*512 + 255 = 130560 + 255 = 130815
      {256, 128, 1, true},   // route -4 (256 ch): 128*256 + 512 = 33280
      {384, 256, 3, true},   // route 128+256: 256*3456 + 1024 = 885760
      {256, 255, 1, false}}; // 255*256 + 255 = 65280 + 255 = 65535
  // 6298480 + 263168 + 1181696 + 130815 + 33280 + 885760 + 65535
  //   = 8,858,734
  REQUIRE(handFloats(convs) == 8858734);

  Network net = buildShared("darknet/cfg/yolov3-tiny.cfg");
  CHECK(builtFloats(net) == 8858734);
  size_t next = 0;
  for (const Layer &layer : net.layers) {
    if (layer.kind != LayerKind::Convolutional)
      continue;
    REQUIRE(next < convs.size());
    INFO("conv " << next);
    CHECK(layer.input.c == convs[next].inC);
    CHECK(layer.filters == convs[next].filters);
    CHECK(layer.size == convs[next].k);
    CHECK(layer.batchNormalize == convs[next].bn);
    ++next;
  }
  CHECK(next == convs.size());
}

TEST_CASE("yolov2-tiny-voc needs 3,485,520,896 conv MACs",
          "[darknet][params]") {
  SNNC_REQUIRE_SHARED("darknet/cfg/yolov2-tiny-voc.cfg");
  Network net = buildShared("darknet/cfg/yolov2-tiny-voc.cfg");
  // MACs of a convolution = out_h * out_w * filters * in_c * k * k.
  int64_t macs = 0;
  for (const Layer &layer : net.layers)
    if (layer.kind == LayerKind::Convolutional)
      macs += layer.output.h * layer.output.w * layer.output.c * layer.input.c *
              layer.size * layer.size;
  // By hand:
  //   416^2 * 16 * 27      = 173056 * 432     =    74,760,192
  //   208^2 * 32 * 144     = 43264 * 4608     =   199,360,512
  //   104^2, 52^2, 26^2, 13^2 (64..512 filters) each the same 199,360,512
  //   13^2 * 1024 * 4608   = 169 * 4718592    =   797,442,048
  //   13^2 * 1024 * 9216   = 169 * 9437184    = 1,594,884,096
  //   13^2 * 125 * 1024    = 169 * 128000     =    21,632,000
  // 74760192 + 5 * 199360512 + 797442048 + 1594884096 + 21632000
  //   = 3,485,520,896 (REFERENCE.md section 3)
  CHECK(macs == 3485520896LL);
}
