//===- ChipScore.cpp - A run's detections scored, checkpoint by checkpoint ===//
#include "runtime/tooling/ChipScore.h"

#include "runtime/emulator/Energy.h"
#include "runtime/eval/CocoEval.h"
#include "runtime/eval/Report.h"
#include "runtime/eval/VocEval.h"
#include "runtime/inference/Executor.h"
#include "runtime/tooling/Evaluation.h"

namespace snnc {

std::vector<std::vector<Detections>>
detectionsByCheckpoint(const EmulationResult &emulated, size_t checkpoints) {
  const size_t count = emulated.images.size();
  std::vector<std::vector<Detections>> dets(checkpoints,
                                            std::vector<Detections>(count));
  for (size_t i = 0; i < count; ++i)
    for (size_t k = 0; k < emulated.images[i].detections.size(); ++k)
      dets[k][i] = emulated.images[i].detections[k];
  return dets;
}

Evaluated evaluateSet(const Dataset &dataset,
                      const std::vector<Detections> &detections, bool voc) {
  if (voc) {
    VocResult r = evaluateVoc(dataset, detections);
    return {vocJson(r), formatVocReport(r)};
  }
  CocoResult r = evaluateCoco(dataset, detections);
  return {cocoJson(r), formatCocoReport(r)};
}

nlohmann::ordered_json evaluationSummary(const nlohmann::ordered_json &full,
                                         bool voc) {
  if (voc)
    return {{"map07", full["map07"]}, {"mapAll", full["mapAll"]}};
  return {{"ap", full["AP"]}, {"ap50", full["AP50"]}};
}

nlohmann::ordered_json
checkpointRow(const nlohmann::ordered_json &full, bool voc, int ticks,
              const chipcfg::ChipConfig &config,
              const std::vector<emu::CoreCounters> &totals, size_t images) {
  nlohmann::ordered_json row;
  row["ticks"] = ticks;
  const nlohmann::ordered_json summary = evaluationSummary(full, voc);
  for (auto &[key, value] : summary.items())
    row[key] = value;
  emu::EnergyReport e = emu::computeEnergy(config, totals, images, ticks);
  row["energy"] = {{"chipJ", e.chipTotalJ},
                   {"synapticEvents", e.synapticEvents},
                   {"spikesOut", e.spikesOut}};
  return row;
}

nlohmann::ordered_json dnnSummary(const Graph &graph, const Dataset &dataset,
                                  const DetectorOptions &detector, bool voc,
                                  const std::string &model,
                                  const std::string &activations,
                                  const std::string &progressLabel) {
  Executor executor(graph);
  nlohmann::ordered_json d = evaluationSummary(
      evaluateSet(dataset,
                  detectAll(executor, dataset, detector, progressLabel), voc)
          .json,
      voc);
  d["model"] = model;
  d["activations"] = activations;
  return d;
}

} // namespace snnc
