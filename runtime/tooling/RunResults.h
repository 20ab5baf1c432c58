//===- RunResults.h - What a chip run reports ------------------*- C++ -*-===//
//
// After the run loop (RunLoop.h): each image's detections at every
// checkpoint as JSON with its annotated picture, and an evaluation's rows:
// the DNN on the same images, then per checkpoint the score and the chip's
// energy. `snnc run` prints them, `snnc.run` (Python) returns them; both
// build them here.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_TOOLING_RUNRESULTS_H
#define SNNC_RUNTIME_TOOLING_RUNRESULTS_H

#include "runtime/chip/ChipConfig.h"
#include "runtime/inference/Detector.h"
#include "runtime/inference/Graph.h"
#include "runtime/tooling/RunLoop.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace snnc {

/// A detection as JSON: class name (or "class<id>"), id, score, box.
nlohmann::ordered_json detectionJson(const Detection &d,
                                     const std::vector<std::string> &names);

/// Image `i` of a run: `image`, and either its `error` or its size and its
/// detections at every checkpoint (`dets[checkpoint][image]`). With a
/// `picture` path the last checkpoint's detections are drawn on the image
/// and written there.
nlohmann::ordered_json
imageEntry(const ImageRecord &record, const ImageOutcome &outcome,
           const std::vector<std::vector<Detections>> &dets, size_t i,
           const std::vector<int> &checkpoints,
           const std::vector<std::string> &names,
           const std::string &picture = "");

/// The DNN a run is compared with (either may be absent).
struct DnnReferenceGraphs {
  const Graph *floatGraph = nullptr; ///< The float network.
  const Graph *asTrained = nullptr;  ///< A QAT model as trained.
  std::string description;           ///< The model file.
};

/// An evaluating run's results: `results` holds `dnn` / `dnnAsTrained`
/// (when given), `checkpoints` (rows: ticks, score, energy per image),
/// `metric` and `images`; `evaluations` the full evaluation at each
/// checkpoint (with its `ticks`), `lastTable` the per-class table of the
/// last one.
struct RunEvaluation {
  nlohmann::ordered_json results = nlohmann::ordered_json::object();
  std::vector<nlohmann::ordered_json> evaluations;
  std::string lastTable;
};
RunEvaluation evaluateRun(const Dataset &dataset,
                          const std::vector<std::vector<Detections>> &dets,
                          const std::vector<int> &checkpoints,
                          const chipcfg::ChipConfig &config,
                          const EmulationResult &emulated,
                          const DetectorOptions &detector, bool voc,
                          const DnnReferenceGraphs &dnn, bool progress);

/// The headline score of a row or summary, in percent: VOC07 mAP, or AP50.
double headline(const nlohmann::ordered_json &row);

} // namespace snnc

#endif // SNNC_RUNTIME_TOOLING_RUNRESULTS_H
