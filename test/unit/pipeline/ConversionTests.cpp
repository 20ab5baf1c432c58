//===- ConversionTests.cpp - ann -> snn -> simulator against the DNN ------===//
//
// The whole conversion path on a small network with random weights: import,
// fold batch norm, calibrate, ann-to-snn, export, simulate. The decoded
// output must approach the DNN's head input as T grows.
//
//===----------------------------------------------------------------------===//
#include "compiler/calibration/Calibrate.h"
#include "compiler/driver/ModelLoader.h"
#include "compiler/graph/SnnToSpikingGraph.h"
#include "dialects/conversion/Passes.h"
#include "runtime/image/ImageIO.h"
#include "runtime/inference/Detector.h"
#include "runtime/snn/Simulator.h"
#include "runtime/snn/SpikingDetector.h"
#include "test/unit/SharedData.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace snnc;

namespace {

SpikingGraph convertModule(mlir::ModuleOp module, const std::string &options) {
  registerConversionPasses();
  mlir::OwningOpRef<mlir::ModuleOp> copy(
      mlir::cast<mlir::ModuleOp>(module->clone()));
  mlir::PassManager pm(copy->getContext(), mlir::ModuleOp::getOperationName());
  REQUIRE(mlir::succeeded(
      mlir::parsePassPipeline("func.func(ann-to-snn{" + options + "})", pm)));
  REQUIRE(mlir::succeeded(pm.run(*copy)));
  auto func = *copy->getOps<mlir::func::FuncOp>().begin();
  std::optional<SpikingGraph> g = snnToSpikingGraph(func);
  REQUIRE(g);
  return std::move(*g);
}

/// Mean absolute difference between the decoded SNN output and the DNN's
/// pre-activation head input, relative to the mean absolute DNN value.
double relativeError(const Tensor &snn, const Tensor &dnn) {
  double diff = 0, mag = 0;
  for (size_t i = 0; i < dnn.data.size(); ++i) {
    diff += std::fabs(snn.data[i] - dnn.data[i]);
    mag += std::fabs(dnn.data[i]);
  }
  return diff / mag;
}

} // namespace

TEST_CASE("converted tiny network approaches the DNN as T grows",
          "[conversion][shared]") {
  SNNC_REQUIRE_SHARED("darknet/images/dog.jpg");
  ModelOptions options;
  options.cfgPath = std::string(SNNC_SOURCE_DIR) +
                    "/test/lit/compiler/import/Inputs/tiny-v2.cfg";
  options.randomWeights = true;
  options.seed = 11;
  Model model = loadModel(options);
  std::vector<std::string> calibImages = {
      test::sharedPath("darknet/images/dog.jpg"),
      test::sharedPath("darknet/images/horses.jpg"),
      test::sharedPath("darknet/images/person.jpg")};
  CalibrationOptions calib;
  calib.progress = false;
  calibrate(*model.module, calibImages, calib);

  // DNN reference: the input of the region head (pre-activation).
  Executor exec(model.graph);
  Image image = loadImage(test::sharedPath("darknet/images/eagle.jpg"));
  Tensor input = preprocess(image, model.graph, false);
  std::vector<Tensor> all = exec.runAll(input);
  const Tensor &dnn = all[model.graph.nodes[model.graph.outputs[0]].inputs[0]];

  auto lateError = [&](const char *opts, double &early) {
    INFO(opts);
    SpikingGraph graph = convertModule(*model.module, opts);
    Simulator sim(graph);
    SimulationOptions so;
    so.ticks = 4096;
    so.checkpoints = {64, 4096};
    so.activateHeads = false;
    SimulationResult r = sim.run(input, so);
    early = relativeError(r.heads[0][0], dnn);
    return relativeError(r.heads[1][0], dnn);
  };
  double earlyMax = 0, earlyGate = 0;
  double maxCount = lateError(
      "norm=channel neuron=ibt max-pool=max_count v-init=0.5 percentile=100",
      earlyMax);
  double gate = lateError(
      "norm=channel neuron=ibt max-pool=spike_count v-init=0.5 percentile=100",
      earlyGate);
  // Rate coding converges as O(1/T) per layer: with max_count pooling a long
  // run is within 1% of the DNN and far closer than a short one.
  CHECK(maxCount < 0.01);
  CHECK(maxCount < earlyMax / 4);
  // The gated max-pool keeps a residual error where two inputs of a window
  // fire at nearly the same rate (the winner keeps changing): it converges
  // too, but stays behind max_count.
  CHECK(gate < earlyGate);
  CHECK(maxCount < gate);
}
