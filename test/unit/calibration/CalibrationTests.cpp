//===- CalibrationTests.cpp - Percentiles and calibration attributes ------===//
#include "compiler/calibration/Calibrate.h"
#include "compiler/driver/ModelLoader.h"
#include "dialects/ann/AnnCalibration.h"
#include "dialects/ann/AnnOps.h"
#include "runtime/image/ImageIO.h"
#include "runtime/inference/Detector.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "test/unit/SharedData.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>

using namespace snnc;

TEST_CASE("nearest-rank percentile by hand", "[calibration]") {
  // Values 1..10: p = 90 -> rank ceil(0.9 * 10) = 9 -> 9; p = 100 -> 10;
  // p = 95 -> rank ceil(9.5) = 10 -> 10; p = 50 -> rank 5 -> 5.
  std::vector<float> all = {3, 1, 4, 10, 5, 9, 2, 6, 8, 7};
  CHECK(percentileFromTop(all, 10, 90) == 9);
  CHECK(percentileFromTop(all, 10, 100) == 10);
  CHECK(percentileFromTop(all, 10, 95) == 10);
  CHECK(percentileFromTop(all, 10, 50) == 5);
  // Only the top 2 of the 10 kept: p = 90 needs the 2nd largest (9).
  CHECK(percentileFromTop({10, 9}, 10, 90) == 9);
}

TEST_CASE("percentiles from the kept top values equal a full sort",
          "[calibration]") {
  std::mt19937 rng(4);
  std::lognormal_distribution<float> dist(0, 1);
  std::vector<float> values(100000);
  for (float &v : values)
    v = dist(rng);
  std::vector<float> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  for (float p : {99.0f, 99.9f, 99.99f}) {
    int64_t n = static_cast<int64_t>(values.size());
    int64_t rank = static_cast<int64_t>(std::ceil(p / 100.0 * n));
    float expected = sorted[rank - 1];
    // Keep only what the calibration keeps: the top (100 - 99)% + 2.
    std::vector<float> top(sorted.end() - 1002, sorted.end());
    CHECK(percentileFromTop(top, n, p) == expected);
  }
}

TEST_CASE("calibrate writes per-layer and per-channel statistics",
          "[calibration][shared]") {
  SNNC_REQUIRE_SHARED("darknet/images/dog.jpg");
  ModelOptions options;
  options.cfgPath = std::string(SNNC_SOURCE_DIR) +
                    "/test/lit/compiler/import/Inputs/tiny-v2.cfg";
  options.randomWeights = true;
  Model model = loadModel(options);
  CalibrationOptions calib;
  calib.progress = false;
  std::vector<std::string> images = {
      test::sharedPath("darknet/images/dog.jpg"),
      test::sharedPath("darknet/images/horses.jpg")};
  calibrate(*model.module, images, calib);

  // Reference: run the same graph and compute the maxima directly.
  Executor exec(model.graph);
  int calibrated = 0;
  auto func = *model.module->getOps<mlir::func::FuncOp>().begin();
  func.walk([&](mlir::Operation *op) {
    auto c = ann::getCalibration(op);
    if (!c)
      return;
    ++calibrated;
    CHECK(c->images == 2);
    REQUIRE(c->percentiles.back() == 100.0f);
    REQUIRE(c->percentiles.size() == 4);
    // Percentiles are non-decreasing per channel and the layer maximum is
    // the largest channel maximum.
    float maxOfChannels = -INFINITY;
    for (int64_t ch = 0; ch < c->channels(); ++ch) {
      for (size_t p = 1; p < c->percentiles.size(); ++p)
        CHECK(c->channel[ch * 4 + p] >= c->channel[ch * 4 + p - 1]);
      maxOfChannels = std::max(maxOfChannels, c->channel[ch * 4 + 3]);
    }
    CHECK(c->layer[3] == maxOfChannels);
  });
  // tiny-v2: the leaky output of conv 0 and the linear head conv.
  CHECK(calibrated == 2);

  // The leaky layer's maximum equals the maximum of the executor's values.
  float expectedMax = -INFINITY;
  for (const std::string &path : images) {
    Tensor in = preprocess(loadImage(path), model.graph, false);
    std::vector<Tensor> all = exec.runAll(in);
    for (size_t i = 0; i < model.graph.nodes.size(); ++i)
      if (model.graph.nodes[i].kind == NodeKind::LeakyRelu)
        for (float v : all[i].data)
          expectedMax = std::max(expectedMax, v);
  }
  bool checked = false;
  func.walk([&](ann::LeakyReluOp op) {
    auto c = ann::getCalibration(op);
    REQUIRE(c);
    CHECK(c->layer[3] == expectedMax);
    checked = true;
  });
  CHECK(checked);
}
