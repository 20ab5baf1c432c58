//===- ChipScore.h - A run's detections scored, checkpoint by checkpoint -*- C++
//-*-===//
//
// What `snnc run` and `snnc.run` (Python) report from an emulation: the
// detections per checkpoint, each checkpoint's mAP (VOC) or AP (COCO) with
// the chip's energy up to it, and the DNN's score on the same images. One
// implementation, so both say the same numbers.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_TOOLING_CHIPSCORE_H
#define SNNC_RUNTIME_TOOLING_CHIPSCORE_H

#include "runtime/chip/ChipConfig.h"
#include "runtime/inference/Detector.h"
#include "runtime/tooling/RunLoop.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace snnc {

/// [checkpoint][image]: the detections of `emulated`, regrouped.
std::vector<std::vector<Detections>>
detectionsByCheckpoint(const EmulationResult &emulated, size_t checkpoints);

/// One set of detections evaluated: the full result as JSON and the
/// per-class table (VOC07 11-point and all-point mAP, or COCO AP).
struct Evaluated {
  nlohmann::ordered_json json;
  std::string table;
};
Evaluated evaluateSet(const Dataset &dataset,
                      const std::vector<Detections> &detections, bool voc);

/// The headline numbers of an evaluation: map07 and mapAll (VOC), ap and
/// ap50 (COCO).
nlohmann::ordered_json evaluationSummary(const nlohmann::ordered_json &full,
                                         bool voc);

/// A checkpoint's row: ticks, the summary and the chip's energy per image
/// up to it (`totals`: the counters of `images` images at that checkpoint).
nlohmann::ordered_json
checkpointRow(const nlohmann::ordered_json &full, bool voc, int ticks,
              const chipcfg::ChipConfig &config,
              const std::vector<emu::CoreCounters> &totals, size_t images);

/// The DNN's summary on `dataset` (`graph`: the float network, or the one
/// quantized as trained), labelled with `model` and `activations`.
nlohmann::ordered_json dnnSummary(const Graph &graph, const Dataset &dataset,
                                  const DetectorOptions &detector, bool voc,
                                  const std::string &model,
                                  const std::string &activations,
                                  const std::string &progressLabel);

} // namespace snnc

#endif // SNNC_RUNTIME_TOOLING_CHIPSCORE_H
