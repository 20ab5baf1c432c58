//===- PipelineTests.cpp - darknet -> ann IR -> passes -> runtime ---------===//
//
// End-to-end checks of the compiler front half: batch-norm folding does not
// change inference, the runtime graph's counts match independently computed
// figures, and the real YOLO-LITE model finds the dog.
//
//===----------------------------------------------------------------------===//
#include "backends/report/ModelStats.h"
#include "compiler/driver/ModelLoader.h"
#include "runtime/image/ImageIO.h"
#include "runtime/inference/Detector.h"
#include "test/unit/SharedData.h"

#include <catch2/catch.hpp>

#include <random>

using namespace snnc;

namespace {

std::string testInput(const std::string &name) {
  return std::string(SNNC_SOURCE_DIR) + "/test/lit/compiler/import/Inputs/" +
         name;
}

Tensor randomInput(const Graph &g, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(0, 1);
  Tensor t{g.input().shape, std::vector<float>(g.input().shape.size())};
  for (float &v : t.data)
    v = dist(rng);
  return t;
}

void checkFoldingPreservesOutputs(const ModelOptions &base) {
  ModelOptions folded = base, unfolded = base;
  folded.foldBatchNorm = true;
  unfolded.foldBatchNorm = false;
  Model a = loadModel(folded), b = loadModel(unfolded);
  int bnA = 0, bnB = 0;
  for (const Node &n : a.graph.nodes)
    bnA += n.kind == NodeKind::BatchNorm;
  for (const Node &n : b.graph.nodes)
    bnB += n.kind == NodeKind::BatchNorm;
  CHECK(bnA == 0);
  CHECK(bnB > 0);
  Executor ea(a.graph), eb(b.graph);
  for (unsigned seed = 1; seed <= 2; ++seed) {
    Tensor x = randomInput(a.graph, seed);
    std::vector<Tensor> ya = ea.run(x), yb = eb.run(x);
    REQUIRE(ya.size() == yb.size());
    for (size_t h = 0; h < ya.size(); ++h)
      for (size_t i = 0; i < ya[h].data.size(); ++i)
        REQUIRE(ya[h].data[i] == Approx(yb[h].data[i]).margin(1e-4));
  }
}

} // namespace

TEST_CASE("batch-norm folding equals unfolded inference (tiny nets)",
          "[pipeline][bn]") {
  for (const char *cfg : {"tiny-v2.cfg", "tiny-v3.cfg"}) {
    ModelOptions options;
    options.cfgPath = testInput(cfg);
    options.randomWeights = true;
    options.seed = 3;
    checkFoldingPreservesOutputs(options);
  }
}

TEST_CASE("batch-norm folding equals unfolded inference (yolo-lite-voc-bn)",
          "[pipeline][bn][shared]") {
  SNNC_REQUIRE_SHARED("models/yolo-lite-voc/yolo-lite-voc-bn.weights");
  ModelOptions options;
  options.cfgPath =
      test::sharedPath("models/yolo-lite-voc/yolo-lite-voc-bn.cfg");
  checkFoldingPreservesOutputs(options);
}

TEST_CASE("stats of yolov2-tiny-voc match figures computed by hand",
          "[pipeline][stats][shared]") {
  SNNC_REQUIRE_SHARED("darknet/cfg/yolov2-tiny-voc.cfg");
  ModelOptions options;
  options.cfgPath = test::sharedPath("darknet/cfg/yolov2-tiny-voc.cfg");
  options.randomWeights = true;
  options.foldBatchNorm = false;
  Model model = loadModel(options);
  ModelStats stats = computeStats(model.graph);
  // Independent count from the architecture (REFERENCE.md section 3): 3x3
  // convs 3-16-32-64-128-256-512-1024-1024 at 416/208/104/52/26/13/13/13,
  // then a 1x1 conv to 125 at 13x13.
  struct Conv {
    int64_t in, out, k, hw;
  };
  std::vector<Conv> convs = {
      {3, 16, 3, 416},    {16, 32, 3, 208},    {32, 64, 3, 104},
      {64, 128, 3, 52},   {128, 256, 3, 26},   {256, 512, 3, 13},
      {512, 1024, 3, 13}, {1024, 1024, 3, 13}, {1024, 125, 1, 13}};
  int64_t macs = 0, params = 0;
  for (size_t i = 0; i < convs.size(); ++i) {
    const Conv &c = convs[i];
    macs += c.hw * c.hw * c.out * c.in * c.k * c.k;
    bool bn = i + 1 < convs.size();
    params += c.out * c.in * c.k * c.k + c.out * (bn ? 4 : 1);
  }
  CHECK(macs == 3485520896LL); // the figure, 6.97 BFLOPs
  CHECK(params == 15867885LL);
  CHECK(stats.macs == macs);
  CHECK(stats.parameters == params);
}

TEST_CASE("yolo-lite-voc finds the dog in dog.jpg", "[pipeline][shared]") {
  SNNC_REQUIRE_SHARED("models/yolo-lite-voc/yolo-lite-voc-nobn.weights");
  SNNC_REQUIRE_SHARED("darknet/images/dog.jpg");
  ModelOptions options;
  options.cfgPath =
      test::sharedPath("models/yolo-lite-voc/yolo-lite-voc-nobn.cfg");
  Model model = loadModel(options);
  REQUIRE(model.classNames.size() == 20);
  Executor exec(model.graph);
  Image image = loadImage(test::sharedPath("darknet/images/dog.jpg"));
  Detections dets = detect(exec, image, DetectorOptions{});
  // The dog sits in the lower left of the 768x576 photo, roughly x 130-310,
  // y 220-540 (read off the image by eye).
  bool found = false;
  for (const Detection &d : dets)
    if (model.classNames[d.classId] == "dog" && d.score > 0.5f) {
      Box truth{130, 220, 310, 540};
      found |= iou(d.box, truth) > 0.4f;
    }
  CHECK(found);
}
