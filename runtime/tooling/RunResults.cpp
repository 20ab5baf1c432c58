//===- RunResults.cpp - What a chip run reports, for the CLI and Python ---===//
#include "runtime/tooling/RunResults.h"

#include "runtime/image/Draw.h"
#include "runtime/image/ImageIO.h"
#include "runtime/tooling/ChipScore.h"

namespace snnc {

nlohmann::ordered_json detectionJson(const Detection &d,
                                     const std::vector<std::string> &names) {
  return {{"class", d.classId >= 0 && d.classId < static_cast<int>(names.size())
                        ? names[d.classId]
                        : "class" + std::to_string(d.classId)},
          {"classId", d.classId},
          {"score", d.score},
          {"box", {d.box.x0, d.box.y0, d.box.x1, d.box.y1}}};
}

nlohmann::ordered_json
imageEntry(const ImageRecord &record, const ImageOutcome &outcome,
           const std::vector<std::vector<Detections>> &dets, size_t i,
           const std::vector<int> &checkpoints,
           const std::vector<std::string> &names, const std::string &picture) {
  nlohmann::ordered_json entry;
  entry["image"] = record.path;
  if (!outcome.error.empty()) {
    entry["error"] = outcome.error;
    return entry;
  }
  entry["width"] = outcome.width;
  entry["height"] = outcome.height;
  for (size_t k = 0; k < checkpoints.size(); ++k) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const Detection &d : dets[k][i])
      list.push_back(detectionJson(d, names));
    entry["checkpoints"].push_back(
        {{"ticks", checkpoints[k]}, {"detections", list}});
  }
  if (!picture.empty() && !dets.empty()) {
    Rgb8Image annotated = loadRgb8(record.path);
    drawDetections(annotated, dets.back()[i], names);
    writeImage(picture, annotated);
  }
  return entry;
}

RunEvaluation evaluateRun(const Dataset &dataset,
                          const std::vector<std::vector<Detections>> &dets,
                          const std::vector<int> &checkpoints,
                          const chipcfg::ChipConfig &config,
                          const EmulationResult &emulated,
                          const DetectorOptions &detector, bool voc,
                          const DnnReferenceGraphs &dnn, bool progress) {
  RunEvaluation out;
  nlohmann::ordered_json &results = out.results;
  if (dnn.floatGraph)
    results["dnn"] =
        dnnSummary(*dnn.floatGraph, dataset, detector, voc, dnn.description,
                   "float", progress ? "dnn" : "");
  if (dnn.asTrained)
    results["dnnAsTrained"] =
        dnnSummary(*dnn.asTrained, dataset, detector, voc, dnn.description,
                   "quantized as trained (QAT)", progress ? "dnn-qat" : "");
  const size_t count = dataset.images.size();
  for (size_t k = 0; k < checkpoints.size(); ++k) {
    Evaluated scored = evaluateSet(dataset, dets[k], voc);
    results["checkpoints"].push_back(
        checkpointRow(scored.json, voc, checkpoints[k], config,
                      emulated.checkpointTotals[k], count));
    scored.json["ticks"] = checkpoints[k];
    out.evaluations.push_back(std::move(scored.json));
    if (k + 1 == checkpoints.size())
      out.lastTable = std::move(scored.table);
  }
  results["metric"] = voc ? "voc" : "coco";
  results["images"] = count;
  return out;
}

double headline(const nlohmann::ordered_json &row) {
  return 100 * (row.contains("map07") ? row["map07"].get<double>()
                                      : row["ap50"].get<double>());
}

} // namespace snnc
