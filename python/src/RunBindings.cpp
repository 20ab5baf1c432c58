//===- RunBindings.cpp - snnc.run: a compiled network on a chip -----------===//
//
// The steps of `snnc run` (compiler/tools/snnc/RunCommand.cpp) with the
// options as keywords and the results returned instead of printed: the
// compiled folder checked against its report, the in-process emulator (with
// faults) or a chip behind the HIL protocol, the same host loop
// (emulateImages), class names, checkpoints and DNN reference (RunSetup),
// the same evaluation and energy report. `results` is the object `snnc run
// --json` writes, without its provenance.
//
//===----------------------------------------------------------------------===//
#include "python/src/Bindings.h"
#include "python/src/Convert.h"

#include "compiler/tools/common/CliSupport.h"
#include "compiler/tools/snnc/Commands.h"
#include "compiler/tools/snnc/CompileSteps.h"
#include "compiler/tools/snnc/RunSetup.h"
#include "runtime/chip/ConfigIO.h"
#include "runtime/chip/Limits.h"
#include "runtime/emulator/ChipPort.h"
#include "runtime/emulator/CompiledFolder.h"
#include "runtime/emulator/Energy.h"
#include "runtime/emulator/Faults.h"
#include "runtime/emulator/HostSession.h"
#include "runtime/eval/CocoDataset.h"
#include "runtime/eval/CocoEval.h"
#include "runtime/eval/VocDataset.h"
#include "runtime/eval/VocEval.h"
#include "runtime/hil/SocketChip.h"
#include "runtime/image/Draw.h"
#include "runtime/image/ImageIO.h"
#include "runtime/image/ImageList.h"
#include "runtime/support/Error.h"
#include "runtime/support/Files.h"
#include "runtime/support/MemoryBudget.h"
#include "runtime/tooling/ChipScore.h"
#include "runtime/tooling/Evaluation.h"
#include "runtime/tooling/RunLoop.h"
#include "runtime/tooling/RunResults.h"

#include <pybind11/stl.h>

#include <filesystem>
#include <iostream>
#include <memory>

namespace fs = std::filesystem;

namespace snnc::python {

namespace {

struct RunArgs {
  std::string outDir;
  std::vector<std::string> images;
  std::string vocRoot, split, cocoJson, namesPath, dnnCfg, picturesDir;
  std::string chip = "local", faults, format = "png";
  std::string readoutDelay; ///< Empty: the compile's.
  int ticks = 64;
  std::vector<int> checkpoints;
  size_t limit = 0;
  float threshold = -1; ///< -1: 0.25 for images, 0.005 for evaluation
  float nms = 0.45f;
  bool letterbox = false, noDnn = false, quiet = false;
};

/// What run computes, before it becomes Python objects (built without the
/// GIL).
struct RunOutput {
  nlohmann::ordered_json results, detections, evaluations, failed;
  std::string energyReport; ///< The text `snnc run` prints.
};

void checkArgs(const RunArgs &a) {
  if (!a.readoutDelay.empty())
    checkOption("readout_delay", a.readoutDelay, cli::readoutDelayValidator());
  checkOption("ticks", std::to_string(a.ticks),
              cli::between(1, chipcfg::kMaxTicks));
  if (a.threshold >= 0)
    checkOption("thresh", fmt::format("{}", a.threshold),
                cli::between(0.0, 1.0));
  checkOption("nms", fmt::format("{}", a.nms), cli::between(0.0, 1.0));
  checkOption("format", a.format,
              CLI::IsMember(std::vector<std::string>{"png", "jpg"}));
  if (!(a.chip == "local" || a.chip.rfind("unix:", 0) == 0 ||
        a.chip.rfind("tcp:", 0) == 0))
    fail("chip: '{}' is not local, unix:PATH or tcp:HOST:PORT (the chip "
         "profile comes with the compiled configuration)",
         a.chip);
  if (!a.dnnCfg.empty() && a.noDnn)
    fail("dnn= and no_dnn=True exclude each other");
}

RunOutput run(const RunArgs &a) {
  checkArgs(a);
  const emu::FaultModel faults = a.faults.empty()
                                     ? emu::FaultModel{}
                                     : emu::parseFaults(a.faults, "faults");
  if (faults.any() && a.chip != "local")
    fail("faults= injects faults into the local emulator; a chip at {} has "
         "the faults it has",
         a.chip);
  const bool evaluating = !a.vocRoot.empty() || !a.cocoJson.empty();
  if (!a.vocRoot.empty() && !a.cocoJson.empty())
    fail("run takes voc= or coco=, not both");
  if (!a.vocRoot.empty() && !a.images.empty())
    fail("run takes images= or voc=, not both");
  if (!evaluating && a.images.empty())
    fail("run needs images=FILES or voc=ROOT, split=NAME or coco=JSON, "
         "images=DIR");
  if (!a.vocRoot.empty() && a.split.empty())
    fail("voc= needs split=NAME");
  std::string cocoImages;
  if (!a.cocoJson.empty()) {
    std::error_code ec;
    if (a.images.size() != 1 || !fs::is_directory(a.images.front(), ec))
      fail("coco= needs images=DIR, the folder of the COCO images");
    cocoImages = a.images.front();
  }
  if (!evaluating && a.limit)
    fail("limit= picks images of a set (voc= or coco=), not of images=");
  if (evaluating && !a.picturesDir.empty())
    fail("pictures_dir= holds annotated images= pictures, not an "
         "evaluation's");
  if (!a.picturesDir.empty())
    checkOutputDir(a.picturesDir, "pictures_dir");
  std::vector<std::string> imagePaths =
      evaluating ? std::vector<std::string>{}
                 : expandImageArgs(a.images, "images");

  emu::CompiledFolder folder = emu::openCompiledFolder(a.outDir);
  if (!folder.note.empty() && !a.quiet)
    std::cerr << "snnc.run: note: " << folder.note << "\n";
  const std::string &path = folder.configPath;
  chipcfg::ChipConfig config = chipcfg::parseConfig(folder.configBytes, path);
  cli::setRunReadoutDelay(config, a.readoutDelay, "readout_delay");
  std::unique_ptr<emu::ChipPort> port;
  if (a.chip == "local") {
    checkMemory(
        emu::Emulator::estimateBytes(config),
        fmt::format("{}: emulating {} cores", path, config.cores.size()),
        "the emulator's state, estimated from the configuration");
    emu::EmulatorOptions options;
    options.faults = faults;
    port = emu::makeLocalChip(options);
  } else
    port = std::make_unique<hil::SocketChip>(a.chip);
  port->configure(folder.configBytes);
  emu::HostSession session(config, *port);
  const std::vector<std::string> names =
      cli::runClassNames(a.namesPath, a.outDir, evaluating, config);

  emu::HostRunOptions runOptions;
  runOptions.ticks = a.ticks;
  runOptions.checkpoints =
      cli::runCheckpoints(a.checkpoints, a.ticks, evaluating);
  runOptions.countersAtCheckpoints = evaluating;
  DetectorOptions detector;
  detector.nms = a.nms;
  detector.letterbox = a.letterbox;
  detector.threshold =
      a.threshold >= 0 ? a.threshold : (evaluating ? 0.005f : 0.25f);
  if (!a.cocoJson.empty())
    detector.maxDetections = 100; // COCO's per-image limit
  const std::string shortRun =
      cli::shortRunWarning(config, a.ticks, "ticks", "readout_delay");
  if (!shortRun.empty())
    std::cerr << "snnc.run: warning: " << shortRun << "\n";

  Dataset dataset;
  if (evaluating) {
    dataset = !a.vocRoot.empty()
                  ? loadVocDataset(a.vocRoot, a.split, names)
                  : loadCocoDataset(a.cocoJson, cocoImages, names);
    dataset.images = cli::spreadImages(dataset.images, a.limit);
  } else {
    const std::vector<std::string> stems = cli::uniqueStems(imagePaths);
    for (size_t i = 0; i < imagePaths.size(); ++i) {
      ImageRecord r;
      r.id = stems[i];
      r.path = imagePaths[i];
      dataset.images.push_back(r);
    }
  }
  cli::DnnReference reference;
  if (evaluating && !a.noDnn)
    reference = cli::loadDnnReference(a.dnnCfg, folder.report,
                                      cli::headClasses(config));

  const size_t count = dataset.images.size();
  EmulationOptions emulation;
  emulation.run = runOptions;
  emulation.detector = detector;
  emulation.letterbox = a.letterbox;
  emulation.skipUnreadable = !evaluating;
  emulation.progress = !a.quiet && evaluating;
  EmulationResult emulated = emulateImages(session, dataset, emulation);
  const std::vector<int> &checkpoints = runOptions.checkpoints;
  // [checkpoint][image]
  const std::vector<std::vector<Detections>> dets =
      detectionsByCheckpoint(emulated, checkpoints.size());

  RunOutput out;
  out.detections = nlohmann::ordered_json::array();
  out.failed = nlohmann::ordered_json::array();
  out.evaluations = nlohmann::ordered_json::array();
  for (size_t i = 0; i < count; ++i) {
    const ImageRecord &record = dataset.images[i];
    const ImageOutcome &outcome = emulated.images[i];
    // As `snnc run --images -o DIR`: the last checkpoint's detections.
    const std::string picture = a.picturesDir.empty() || !outcome.error.empty()
                                    ? std::string()
                                    : (fs::path(a.picturesDir) /
                                       (record.id + "-detections." + a.format))
                                          .string();
    nlohmann::ordered_json entry =
        imageEntry(record, outcome, dets, i, checkpoints, names, picture);
    entry["id"] = record.id;
    if (!outcome.error.empty())
      out.failed.push_back(record.path);
    else if (!picture.empty())
      entry["picture"] = picture;
    out.detections.push_back(entry);
  }

  nlohmann::ordered_json &results = out.results;
  if (evaluating) {
    if (!reference.model && !a.noDnn && !a.quiet)
      std::cerr << "snnc.run: note: no DNN beside the chip: "
                << reference.skipped << "\n";
    RunEvaluation evaluation =
        evaluateRun(dataset, dets, checkpoints, config, emulated, detector,
                    !a.vocRoot.empty(), reference.graphs(), !a.quiet);
    results = std::move(evaluation.results);
    for (nlohmann::ordered_json &full : evaluation.evaluations)
      out.evaluations.push_back(std::move(full));
  }

  // Energy per image of the images that ran (unreadable ones did not).
  const size_t emulatedImages = count - out.failed.size();
  if (emulatedImages == 0)
    fail("none of the {} images could be read", count);
  emu::EnergyReport energy =
      emu::computeEnergy(config, emulated.totals, emulatedImages, a.ticks);
  results["network"] = config.network;
  results["profile"] = config.chip.profile;
  results["ticks"] = a.ticks;
  results["latencyTicks"] = cli::outputLatency(config);
  if (faults.any())
    results["faults"] = faults.str();
  results["energy"] = emu::energyJson(energy);
  out.energyReport = emu::formatEnergyReport(energy);
  return out;
}

} // namespace

void bindRun(py::module_ &m) {
  m.def(
      "run",
      [](const py::object &outDir, const py::object &images,
         const py::object &voc, const std::optional<std::string> &split,
         const py::object &coco, int ticks, const py::object &readoutDelay,
         const std::optional<std::vector<int>> &checkpoints, size_t limit,
         const py::object &names, std::optional<float> thresh, float nms,
         bool letterbox, const py::object &dnn, bool noDnn,
         const std::string &chip, const std::optional<std::string> &faults,
         const py::object &picturesDir, const std::string &format, bool quiet) {
        RunArgs a;
        a.outDir = pathOf(outDir);
        a.images = pathsOf(images);
        a.vocRoot = pathOf(voc);
        a.split = split.value_or("");
        a.cocoJson = pathOf(coco);
        a.ticks = ticks;
        // None keeps the compile's; "auto" or an int, as --readout-delay.
        if (!readoutDelay.is_none())
          a.readoutDelay = py::isinstance<py::str>(readoutDelay)
                               ? readoutDelay.cast<std::string>()
                               : py::str(readoutDelay).cast<std::string>();
        a.checkpoints = checkpoints.value_or(std::vector<int>{});
        a.limit = limit;
        a.namesPath = pathOf(names);
        a.threshold = thresh.value_or(-1.0f);
        a.nms = nms;
        a.letterbox = letterbox;
        a.dnnCfg = pathOf(dnn);
        a.noDnn = noDnn;
        a.chip = chip;
        a.faults = faults.value_or("");
        a.picturesDir = pathOf(picturesDir);
        a.format = format;
        a.quiet = quiet;
        RunOutput out;
        {
          py::gil_scoped_release release;
          out = run(a);
        }
        py::dict d;
        d["results"] = toPython(out.results);
        d["detections"] = toPython(out.detections);
        d["evaluations"] = toPython(out.evaluations);
        d["failed"] = toPython(out.failed);
        d["energy_report"] = out.energyReport;
        return d;
      },
      py::arg("out_dir"), py::kw_only(), py::arg("images") = py::none(),
      py::arg("voc") = py::none(), py::arg("split") = py::none(),
      py::arg("coco") = py::none(), py::arg("ticks") = 64,
      py::arg("readout_delay") = py::none(),
      py::arg("checkpoints") = py::none(), py::arg("limit") = 0,
      py::arg("names") = py::none(), py::arg("thresh") = py::none(),
      py::arg_v("nms", 0.45f, "0.45"), py::arg("letterbox") = false,
      py::arg("dnn") = py::none(), py::arg("no_dnn") = false,
      py::arg("chip") = "local", py::arg("faults") = py::none(),
      py::arg("pictures_dir") = py::none(), py::arg("format") = "png",
      py::arg("quiet") = false,
      "`snnc run` as a function; returns a dict (snnc.run wraps it in a "
      "RunResult).");
}

} // namespace snnc::python
