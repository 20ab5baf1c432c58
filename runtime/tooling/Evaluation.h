//===- Evaluation.h - DNN detections over a set, results as JSON -*- C++
//-*-===//
//
// Shared by `snnc eval` (the DNN's mAP) and `snnc run` (the DNN's mAP beside
// the chip's, on the same images with the same detector options).
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_TOOLING_EVALUATION_H
#define SNNC_RUNTIME_TOOLING_EVALUATION_H

#include "runtime/eval/CocoEval.h"
#include "runtime/eval/Dataset.h"
#include "runtime/eval/VocEval.h"
#include "runtime/inference/Detector.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace snnc {

/// Runs the detector over every image of `dataset`, in parallel; the result
/// for image i is stored at i, so the order never depends on scheduling.
/// `label` prefixes the progress line (none when empty).
std::vector<Detections> detectAll(const Executor &executor,
                                  const Dataset &dataset,
                                  const DetectorOptions &options,
                                  const std::string &label);

nlohmann::ordered_json vocJson(const VocResult &r);
nlohmann::ordered_json cocoJson(const CocoResult &r);

/// Writes JSON (indent -1: one line) through a temporary file; "-" is
/// standard output.
void writeJsonFile(const std::string &path, const nlohmann::ordered_json &json,
                   int indent = 2);

/// When a JSON result goes to standard output (`--json -`), everything else
/// the command prints goes to standard error, so that the output is JSON
/// alone (`snnc stats M --json - | python3 -m json.tool`).
void reserveStdoutForJson();

} // namespace snnc

#endif // SNNC_RUNTIME_TOOLING_EVALUATION_H
