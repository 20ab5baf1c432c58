//===- RunSetup.cpp - What a run of a compiled network decides first ------===//
#include "compiler/tools/snnc/RunSetup.h"

#include "compiler/nir/NirImport.h"

#include "compiler/calibration/QatMetadata.h"
#include "runtime/chip/Limits.h"
#include "runtime/eval/ClassNames.h"
#include "runtime/support/Error.h"
#include "runtime/support/Sha256.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <iostream>

namespace fs = std::filesystem;

namespace snnc::cli {

namespace {
/// darknet's data/voc.names order.
const std::vector<std::string> kVocNames = {
    "aeroplane",   "bicycle", "bird",  "boat",      "bottle",
    "bus",         "car",     "cat",   "chair",     "cow",
    "diningtable", "dog",     "horse", "motorbike", "person",
    "pottedplant", "sheep",   "sofa",  "train",     "tvmonitor"};
} // namespace

int headClasses(const chipcfg::ChipConfig &config) {
  const chipcfg::OutputMap &o = config.outputs.front();
  return o.isRegion ? o.region.classes : o.yolo.classes;
}

std::vector<std::string> runClassNames(const std::string &namesPath,
                                       const std::string &outDir,
                                       bool evaluating,
                                       const chipcfg::ChipConfig &config) {
  const int classes = headClasses(config);
  // The configuration's own names (format version 2) unless --names says
  // otherwise; older configurations rely on the .names file beside them.
  if (namesPath.empty() && !config.classNames.empty())
    return config.classNames;
  std::string path = namesPath;
  if (path.empty()) {
    std::vector<fs::path> found;
    std::error_code ec;
    for (const auto &entry : fs::directory_iterator(outDir, ec))
      if (entry.path().extension() == ".names")
        found.push_back(entry.path());
    if (found.size() == 1)
      path = found.front().string();
  }
  if (!path.empty()) {
    std::vector<std::string> names = readClassNames(path);
    if (static_cast<int>(names.size()) != classes)
      fail("{}: has {} class names but the network has {} classes", path,
           names.size(), classes);
    return names;
  }
  if (classes == 20)
    return kVocNames;
  if (evaluating)
    fail("evaluation needs the class names of this {}-class network: --names "
         "FILE or one .names file in {}",
         classes, outDir);
  std::vector<std::string> names;
  for (int i = 0; i < classes; ++i)
    names.push_back("class" + std::to_string(i));
  return names;
}

std::vector<int> runCheckpoints(const std::vector<int> &given, int ticks,
                                bool evaluating) {
  if (!given.empty()) {
    for (int t : given)
      if (t < 1 || t > ticks)
        fail("--checkpoints: {} is outside 1..{} (--ticks)", t, ticks);
    std::vector<int> c = given;
    std::sort(c.begin(), c.end());
    c.erase(std::unique(c.begin(), c.end()), c.end());
    return c;
  }
  std::vector<int> c;
  if (evaluating)
    for (int t = 8; t < ticks; t *= 2)
      c.push_back(t);
  c.push_back(ticks);
  return c;
}

void setRunReadoutDelay(chipcfg::ChipConfig &config, const std::string &value,
                        const std::string &option) {
  if (value.empty())
    return;
  for (chipcfg::OutputMap &o : config.outputs) {
    const uint64_t wait = value == "auto" ? o.latency : std::stoull(value);
    if (o.latency + wait >= chipcfg::kMaxTicks)
      fail("{} {}: output '{}' would integrate after tick {}, beyond the "
           "longest run ({} ticks)",
           option, value, o.name, o.latency + wait, chipcfg::kMaxTicks);
    o.readoutDelay = static_cast<uint32_t>(o.latency + wait);
  }
}

uint32_t outputLatency(const chipcfg::ChipConfig &config) {
  uint32_t latency = 0;
  for (const chipcfg::OutputMap &o : config.outputs)
    latency = std::max(latency, o.latency);
  return latency;
}

std::string shortRunWarning(const chipcfg::ChipConfig &config, int ticks,
                            const std::string &ticksOption,
                            const std::string &delayOption) {
  const uint32_t latency = outputLatency(config);
  uint32_t readoutStart = 0;
  for (const chipcfg::OutputMap &o : config.outputs)
    readoutStart = std::max(readoutStart, o.readoutDelay);
  if (latency > 0 && ticks <= static_cast<int>(latency))
    return fmt::format("{} {} is at or below the pipeline latency of {} "
                       "ticks: the outputs have not seen the input yet",
                       ticksOption, ticks, latency);
  if (ticks <= static_cast<int>(readoutStart))
    return fmt::format(
        "{} {} is at or below the outputs' readout delay of {} ticks "
        "(latency {} plus {}): they decode the ticks after the latency, the "
        "transient while the layers fill included; run longer or give a "
        "shorter {}",
        ticksOption, ticks, readoutStart, latency, delayOption, delayOption);
  return "";
}

namespace {
bool sameFile(const nlohmann::json &entry) {
  if (!entry.is_object() || !entry.contains("path") ||
      !entry.contains("sha256"))
    return false;
  std::string path = entry["path"].get<std::string>();
  std::error_code ec;
  return fs::is_regular_file(path, ec) &&
         sha256OfFile(path) == entry["sha256"].get<std::string>();
}
} // namespace

DnnReference loadDnnReference(const std::string &dnnCfg,
                              const nlohmann::json &report, int classes) {
  DnnReference ref;
  ModelOptions model;
  std::string qat;
  if (!dnnCfg.empty()) {
    model.cfgPath = dnnCfg;
    // A QAT model's metadata beside its cfg gives the "as trained" column,
    // as for the compiled model.
    std::error_code ec;
    if (fs::exists(qatMetadataPathFor(dnnCfg), ec))
      qat = qatMetadataPathFor(dnnCfg);
    const nlohmann::json *cfg = nullptr;
    if (report.is_object() && report.contains("provenance") &&
        report["provenance"].contains("model") &&
        report["provenance"]["model"].contains("cfg"))
      cfg = &report["provenance"]["model"]["cfg"];
    if (cfg && cfg->value("sha256", "") != sha256OfFile(dnnCfg))
      std::cerr << fmt::format("run: note: --dnn {} is not the cfg the "
                               "network was compiled from ({})\n",
                               dnnCfg, cfg->value("path", "?"));
  } else {
    const nlohmann::json *m = nullptr;
    if (report.is_object() && report.contains("provenance") &&
        report["provenance"].contains("model"))
      m = &report["provenance"]["model"];
    if (!m || !m->contains("cfg")) {
      ref.skipped = "report.json names no model (give --dnn MODEL.cfg)";
      return ref;
    }
    for (const char *key : {"cfg", "weights", "names", "head"})
      if (m->contains(key) && !sameFile((*m)[key])) {
        ref.skipped = fmt::format(
            "{} changed or moved since the compilation (give --dnn MODEL.cfg)",
            (*m)[key].value("path", std::string(key)));
        return ref;
      }
    model.cfgPath = (*m)["cfg"]["path"].get<std::string>();
    if (nir::isNirPath(model.cfgPath)) {
      ref.skipped = "the network was compiled from a NIR spiking network, "
                    "which has no DNN (give --dnn MODEL to compare with one)";
      return ref;
    }
    if (m->contains("weights") && (*m)["weights"].contains("path"))
      model.weightsPath = (*m)["weights"]["path"].get<std::string>();
    if (m->contains("weights") && (*m)["weights"].value("generated", false)) {
      model.randomWeights = true;
      model.seed = (*m)["weights"].value("seed", uint64_t(1));
    }
    if (m->contains("names"))
      model.namesPath = (*m)["names"]["path"].get<std::string>();
    if (m->contains("head"))
      model.headPath = (*m)["head"]["path"].get<std::string>();
    const nlohmann::json &p = report["provenance"];
    if (p.contains("qat") && sameFile(p["qat"]))
      qat = p["qat"]["path"].get<std::string>();
  }
  ref.model = loadModel(model);
  ref.description = model.cfgPath;
  // Its detections are evaluated with the chip's class names: the counts
  // must agree (checked before any emulation).
  if (static_cast<int>(ref.model->classNames.size()) != classes)
    fail("{}: the DNN has {} classes, the compiled network {}: give the "
         "model it was compiled from (--dnn)",
         model.cfgPath, ref.model->classNames.size(), classes);
  if (!qat.empty())
    ref.asTrained = trainedGraph(*ref.model, qat);
  return ref;
}

} // namespace snnc::cli
