//===- RunCommand.cpp - snnc run: a compiled network on the emulator ------===//
//
// Loads the configuration `snnc compile` wrote into OUTDIR, runs images
// through the cycle-accurate emulator (runtime/emulator) with the host
// session's encoding and decoding, and reports detections, mAP at
// checkpoints of T, and the energy per image.
//
//===----------------------------------------------------------------------===//
#include "compiler/tools/snnc/Commands.h"
#include "compiler/tools/snnc/CompileSteps.h"
#include "compiler/tools/snnc/Plots.h"
#include "compiler/tools/snnc/Provenance.h"
#include "compiler/tools/snnc/RunSetup.h"
#include "runtime/tooling/ChipScore.h"
#include "runtime/tooling/Evaluation.h"
#include "runtime/tooling/RunLoop.h"
#include "runtime/tooling/RunResults.h"

#include "runtime/chip/ConfigIO.h"
#include "runtime/chip/Limits.h"
#include "runtime/emulator/ChipPort.h"
#include "runtime/emulator/CompiledFolder.h"
#include "runtime/emulator/Energy.h"
#include "runtime/emulator/Faults.h"
#include "runtime/emulator/HostSession.h"
#include "runtime/emulator/grid/GridChip.h"
#include "runtime/eval/CocoDataset.h"
#include "runtime/eval/CocoEval.h"
#include "runtime/eval/Report.h"
#include "runtime/eval/VocDataset.h"
#include "runtime/eval/VocEval.h"
#include "runtime/hil/SocketChip.h"
#include "runtime/image/ImageList.h"
#include "runtime/parallel/BoardLink.h"
#include "runtime/parallel/Ranks.h"
#include "runtime/support/Error.h"
#include "runtime/support/Files.h"
#include "runtime/support/MemoryBudget.h"
#include "runtime/support/Progress.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>

namespace fs = std::filesystem;

namespace snnc::cli {

namespace {

struct RunArgs {
  std::string outDir;
  std::vector<std::string> images;
  std::string vocRoot, split, cocoJson;
  std::string resultDir = defaultOutputDir("run"), jsonOut, energyJson,
              namesPath, dnnCfg;
  bool noDnn = false;
  std::string chip = "local";
  std::string spread = "images"; ///< What mpirun's ranks share.
  std::string faults;            ///< FaultModel text; empty: none
  std::string format = "png";
  std::string readoutDelay; ///< Empty: the compile's.
  int ticks = 64;
  std::vector<int> checkpoints;
  size_t limit = 0;
  float threshold = -1; ///< -1: 0.25 for images, 0.005 for evaluation
  float nms = 0.45f;
  bool letterbox = false, quiet = false;
};

} // namespace

Runner registerRun(CLI::App &app) {
  auto *command = app.add_subcommand(
      "run", "Run a compiled network (snnc compile's OUTDIR) on the "
             "cycle-accurate chip emulator: detections, mAP by time steps "
             "beside the DNN's, energy");
  auto a = std::make_shared<RunArgs>();
  command
      ->add_option("outdir", a->outDir,
                   "Folder with the configuration (network.snncfg or "
                   "network.snncfg.txt)")
      ->required()
      ->check(CLI::ExistingDirectory);
  auto *images = command
                     ->add_option("--images", a->images,
                                  "Images to detect objects in (files, "
                                  "folders or .txt lists); with --coco, the "
                                  "folder of the COCO images")
                     ->check(imageArgument("--images"));
  auto *voc = command
                  ->add_option("--voc", a->vocRoot,
                               "VOCdevkit root (or its VOC2007 folder)")
                  ->check(CLI::ExistingDirectory);
  command
      ->add_option("--split", a->split,
                   "Image set under ImageSets/Main (e.g. test, dev)")
      ->needs(voc);
  auto *coco = command->add_option("--coco", a->cocoJson, "COCO instances JSON")
                   ->check(CLI::ExistingFile);
  voc->excludes(coco);
  images->excludes(voc);
  command->add_option("--ticks", a->ticks, "Time steps (ticks) per image")
      ->check(between(1, chipcfg::kMaxTicks))
      ->capture_default_str();
  command
      ->add_option("--readout-delay", a->readoutDelay,
                   "Replace the compile's readout delay: the outputs "
                   "integrate after their latency plus this many ticks "
                   "(auto: plus the latency again); as snnc compile's")
      ->check(readoutDelayValidator());
  command
      ->add_option("--checkpoints", a->checkpoints,
                   "Ticks at which to decode (default: T for images; 8, 16, "
                   "32, ... and T for evaluation)")
      ->delimiter(',');
  command
      ->add_option("-o,--output-dir", a->resultDir,
                   "Folder for detections.json and annotated images (with "
                   "--images)")
      ->capture_default_str();
  command->add_option("--format", a->format, "Annotated image format")
      ->check(CLI::IsMember(std::vector<std::string>{"png", "jpg"}));
  command
      ->add_option("--limit", a->limit,
                   "Evaluate N images spread over the set, as snnc sweep "
                   "--limit (0: all)")
      ->check(atLeast(0));
  command
      ->add_option("--names", a->namesPath,
                   "Class names file (default: the only *.names file in "
                   "OUTDIR)")
      ->check(CLI::ExistingFile);
  command
      ->add_option("--thresh", a->threshold,
                   "Score threshold (default 0.25 for --images, 0.005 for "
                   "evaluation)")
      ->check(between(0.0, 1.0));
  command->add_option("--nms", a->nms, "NMS IoU threshold")
      ->check(between(0.0, 1.0))
      ->capture_default_str();
  command->add_flag("--letterbox", a->letterbox,
                    "Letterbox images instead of resizing them (YOLOv3)");
  command->add_option("--json", a->jsonOut,
                      "Write the evaluation results (mAP and energy by T, "
                      "the DNN's mAP) as JSON");
  command->add_option("--energy-json", a->energyJson,
                      "Write the energy report as JSON");
  auto *dnn = command
                  ->add_option("--dnn", a->dnnCfg,
                               "The DNN to evaluate beside the chip (default: "
                               "the model report.json names, if unchanged)")
                  ->check(CLI::ExistingFile);
  command
      ->add_flag("--no-dnn", a->noDnn,
                 "Do not evaluate the DNN beside the chip")
      ->excludes(dnn);
  command
      ->add_option("--chip", a->chip,
                   "Where the network runs: local (the in-process emulator), "
                   "gpu (the CUDA emulator, same results; needs a CUDA build "
                   "and an NVIDIA GPU) or a chip behind the "
                   "hardware-in-the-loop protocol, unix:PATH or "
                   "tcp:HOST:PORT (snnc-emu-server, docs/HIL.md)")
      ->check(CLI::Validator(
          [](std::string &v) -> std::string {
            if (v == "local" || v == "gpu" || v.rfind("unix:", 0) == 0 ||
                v.rfind("tcp:", 0) == 0)
              return "";
            return "'" + v +
                   "' is not local, gpu, unix:PATH or tcp:HOST:PORT (the chip "
                   "profile comes with the compiled configuration)";
          },
          "local|gpu|unix:PATH|tcp:HOST:PORT"))
      ->capture_default_str();
  command
      ->add_option("--faults", a->faults,
                   "Hardware faults for the local emulator, e.g. "
                   "dead-cores=0.01,stuck-off=0.001,stuck-on=0.0001,drop=0.01,"
                   "seed=7 (rates 0..1; the same seed picks the same faults; "
                   "docs/EMULATOR.md)")
      ->check(CLI::Validator(
          [](std::string &v) -> std::string {
            try {
              emu::parseFaults(v, "");
            } catch (const Error &e) {
              std::string m = e.what();
              return m.rfind(": ", 0) == 0 ? m.substr(2) : m;
            }
            return "";
          },
          "SPEC"));
  command
      ->add_option("--spread", a->spread,
                   "Under mpirun -np N: images (each rank runs its share of "
                   "the images on the whole chip) or chips (the ranks run "
                   "one board together, each its block of the chips, and "
                   "exchange the spikes between them every tick; each "
                   "holds its part of the emulator's state)")
      ->check(CLI::IsMember({"images", "chips"}))
      ->capture_default_str();
  command->add_flag("-q,--quiet", a->quiet, "No progress output");
  return [=]() {
    const emu::FaultModel faults =
        a->faults.empty() ? emu::FaultModel{}
                          : emu::parseFaults(a->faults, "--faults");
    if (faults.any() && a->chip == "gpu")
      fail("--faults injects faults into the local emulator; the GPU "
           "emulator has no fault model");
    if (faults.any() && a->chip != "local")
      fail("--faults injects faults into the local emulator; a chip at {} has "
           "the faults it has",
           a->chip);
    const bool evaluating = !a->vocRoot.empty() || !a->cocoJson.empty();
    if (!evaluating && a->images.empty())
      fail("run needs --images FILES... or --voc ROOT --split NAME or --coco "
           "JSON --images DIR");
    if (!a->vocRoot.empty() && a->split.empty())
      fail("--voc needs --split NAME");
    std::string cocoImages;
    if (!a->cocoJson.empty()) {
      std::error_code ec;
      if (a->images.size() != 1 || !fs::is_directory(a->images.front(), ec))
        fail("--coco needs --images DIR, the folder of the COCO images");
      cocoImages = a->images.front();
    }
    if (!evaluating && !a->jsonOut.empty())
      fail("--json holds evaluation results (--voc or --coco); with --images "
           "the detections go to DIR/detections.json (-o DIR)");
    if (!evaluating && a->limit)
      fail("--limit picks images of a set (--voc or --coco), not of --images");
    // Outputs and inputs are checked before any emulation.
    if (!a->jsonOut.empty())
      checkOutputFile(a->jsonOut, "--json");
    if (!a->energyJson.empty())
      checkOutputFile(a->energyJson, "--energy-json");
    if (!evaluating)
      checkOutputDir(a->resultDir, "-o");
    std::vector<std::string> imagePaths =
        evaluating ? std::vector<std::string>{}
                   : expandImageArgs(a->images, "--images");

    emu::CompiledFolder folder = emu::openCompiledFolder(a->outDir);
    const bool root = par::ranks().root();
    if (!folder.note.empty() && !a->quiet && root)
      std::cerr << "run: note: " << folder.note << "\n";
    const std::string &path = folder.configPath;
    // Ranks that share one board read only their own cores' targets.
    const bool chipsOverRanks = a->spread == "chips" && par::ranks().size > 1;
    if (chipsOverRanks && a->chip != "local")
      fail("--spread chips runs the local emulator over the ranks; --chip {} "
           "cannot be spread",
           a->chip);
    chipcfg::ChipConfig config =
        chipsOverRanks
            ? chipcfg::parseConfigPart(folder.configBytes, path,
                                       par::ranks().rank, par::ranks().size)
            : chipcfg::parseConfig(folder.configBytes, path);
    setRunReadoutDelay(config, a->readoutDelay, "--readout-delay");
    // The same host loop drives the local emulator or a chip behind a
    // socket (the ChipPort seam); results are identical (tested).
    std::unique_ptr<emu::ChipPort> port;
    if (a->spread == "chips" && par::ranks().size == 1 && !a->quiet)
      std::cerr << "snnc: note: --spread chips: one process runs the whole "
                   "board (start it with mpirun -np N to spread it)\n";
    std::unique_ptr<par::BoardLink> board =
        chipsOverRanks ? par::makeMpiBoardLink() : nullptr;
    if (a->chip == "local") {
      // On a board spread over ranks, each rank's own part.
      const int parts = chipsOverRanks ? par::ranks().size : 1;
      checkMemory(
          emu::Emulator::estimateBytes(config, par::ranks().rank % parts,
                                       parts),
          chipsOverRanks
              ? fmt::format("{}: emulating rank {}'s part of {} cores", path,
                            par::ranks().rank, config.cores.size())
              : fmt::format("{}: emulating {} cores", path,
                            config.cores.size()),
          "the emulator's state, estimated from the configuration");
      emu::EmulatorOptions options;
      options.faults = faults;
      options.board = board.get();
      port = emu::makeLocalChip(options);
    } else if (a->chip == "gpu") {
      port = emu::grid::makeCudaChip();
    } else
      port = std::make_unique<hil::SocketChip>(a->chip);
    // The host reads the input and output maps, not the cores' targets; the
    // chip keeps its own copy. They are most of a large network's memory.
    chipcfg::releaseTargets(config);
    port->configure(folder.configBytes);
    std::string().swap(folder.configBytes);
    emu::HostSession session(config, *port);
    const std::vector<std::string> names =
        runClassNames(a->namesPath, a->outDir, evaluating, config);

    emu::HostRunOptions run;
    run.ticks = a->ticks;
    run.checkpoints = runCheckpoints(a->checkpoints, a->ticks, evaluating);
    run.countersAtCheckpoints = evaluating;
    DetectorOptions detector;
    detector.nms = a->nms;
    detector.letterbox = a->letterbox;
    detector.threshold =
        a->threshold >= 0 ? a->threshold : (evaluating ? 0.005f : 0.25f);
    if (!a->cocoJson.empty())
      detector.maxDetections = 100; // COCO's per-image limit

    // The outputs see the input only after their pipeline latency.
    const std::string shortRun =
        shortRunWarning(config, a->ticks, "--ticks", "--readout-delay");
    if (!shortRun.empty() && root)
      std::cerr << "snnc: warning: " << shortRun << "\n";
    const uint32_t latency = outputLatency(config);

    if (root) {
      std::cout << fmt::format(
          "network '{}' on chip '{}' ({}{}): {} cores, {} ticks per image, "
          "checkpoints",
          config.network, config.chip.profile, path,
          a->chip == "local" ? "" : ", at " + a->chip, config.cores.size(),
          a->ticks);
      for (int t : run.checkpoints)
        std::cout << " " << t;
      if (faults.any())
        std::cout << "\nfaults: " << faults.str();
      std::cout << std::endl; // before the progress lines on stderr
    }

    Dataset dataset;
    if (evaluating) {
      dataset = !a->vocRoot.empty()
                    ? loadVocDataset(a->vocRoot, a->split, names)
                    : loadCocoDataset(a->cocoJson, cocoImages, names);
      // Spread over the split, as `snnc sweep --limit` picks them, so the
      // two evaluate the same images.
      dataset.images = spreadImages(dataset.images, a->limit);
    } else {
      const std::vector<std::string> stems = uniqueStems(imagePaths);
      for (size_t i = 0; i < imagePaths.size(); ++i) {
        ImageRecord r;
        r.id = stems[i];
        r.path = imagePaths[i];
        dataset.images.push_back(r);
      }
    }
    // The DNN is loaded before the emulation so a bad model fails early.
    DnnReference reference;
    if (evaluating && !a->noDnn && root)
      reference =
          loadDnnReference(a->dnnCfg, folder.report, headClasses(config));

    const size_t count = dataset.images.size();
    EmulationOptions emulation;
    emulation.run = run;
    emulation.detector = detector;
    emulation.letterbox = a->letterbox;
    emulation.imagesOverRanks = !chipsOverRanks;
    // An evaluation needs every image; a batch of pictures skips the
    // unreadable ones, as detect does.
    emulation.skipUnreadable = !evaluating;
    emulation.progress = !a->quiet && evaluating && (root || !chipsOverRanks);
    const auto start = std::chrono::steady_clock::now();
    EmulationResult emulated = emulateImages(session, dataset, emulation);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
    // Rank 0 reports and writes everything; the other ranks are done.
    if (!par::ranks().root())
      return 0;
    const std::vector<emu::CoreCounters> &totals = emulated.totals;
    // [checkpoint][image]
    const std::vector<std::vector<Detections>> dets =
        detectionsByCheckpoint(emulated, run.checkpoints.size());
    nlohmann::ordered_json detectionsOut = nlohmann::ordered_json::array();
    std::vector<std::string> failed;
    for (size_t i = 0; i < count && !evaluating; ++i) {
      const ImageRecord &record = dataset.images[i];
      const ImageOutcome &outcome = emulated.images[i];
      if (!outcome.error.empty()) {
        std::cerr << "snnc: error: " << outcome.error << " (skipped)\n";
        failed.push_back(record.path);
        detectionsOut.push_back(
            {{"image", record.path}, {"error", outcome.error}});
        continue;
      }
      const Detections &atT = dets.back()[i];
      std::cout << fmt::format("{}: {} detections at T = {} ({}x{})\n",
                               record.path, atT.size(), a->ticks, outcome.width,
                               outcome.height);
      for (const Detection &d : atT)
        std::cout << fmt::format(
            "  {:<14} {:.3f}  box ({:.0f}, {:.0f}) - ({:.0f}, {:.0f})\n",
            d.classId < static_cast<int>(names.size()) ? names[d.classId] : "?",
            d.score, d.box.x0, d.box.y0, d.box.x1, d.box.y1);
      fs::path out =
          fs::path(a->resultDir) / (record.id + "-detections." + a->format);
      nlohmann::ordered_json entry = imageEntry(
          record, outcome, dets, i, run.checkpoints, names, out.string());
      entry["picture"] = out.filename().string();
      detectionsOut.push_back(entry);
      std::cout << "  wrote " << out.string() << "\n";
    }
    if (!a->quiet)
      std::cerr << fmt::format(
          "run: {} images in {:.1f} s ({:.2f} s per "
          "image) on {} rank{}{}\n",
          count, seconds, count ? seconds / count : 0.0, par::ranks().size,
          par::ranks().size == 1 ? "" : "s",
          chipsOverRanks ? ", the chips spread over them" : "");
    nlohmann::ordered_json prov = provenance(*command);
    prov["ranks"] = par::ranks().size; // mpirun -np N (the results do not
                                       // depend on it)
    prov["spread"] = chipsOverRanks ? "chips" : "images";
    addFileProvenance(prov, "configuration", path);
    // What made the configuration: the compile's own provenance.
    if (folder.report.is_object() && folder.report.contains("provenance"))
      prov["compile"] = folder.report["provenance"];
    if (!evaluating) {
      std::string out = (fs::path(a->resultDir) / "detections.json").string();
      writeJsonFile(out, {{"images", detectionsOut},
                          {"failed", failed.size()},
                          {"provenance", prov}});
      std::cout << "wrote " << out << "\n";
    }

    nlohmann::ordered_json results;
    if (evaluating) {
      const bool isVoc = !a->vocRoot.empty();
      if (!reference.model && !a->noDnn)
        std::cerr << "run: note: no DNN beside the chip: " << reference.skipped
                  << "\n";
      RunEvaluation evaluation =
          evaluateRun(dataset, dets, run.checkpoints, config, emulated,
                      detector, isVoc, reference.graphs(), !a->quiet);
      results = std::move(evaluation.results);
      std::optional<double> dnnHeadline, trainedHeadline;
      if (results.contains("dnn"))
        dnnHeadline = headline(results["dnn"]);
      if (results.contains("dnnAsTrained"))
        trainedHeadline = headline(results["dnnAsTrained"]);
      std::cout << fmt::format("{} images, {} objects\n", count,
                               dataset.objectCount());
      const char *metric = isVoc ? "mAP (VOC07 11-point)" : "AP50";
      if (results.contains("dnn"))
        std::cout << fmt::format("DNN ({}, float activations): {} {:.2f}\n",
                                 reference.description, metric, *dnnHeadline);
      if (results.contains("dnnAsTrained"))
        std::cout << fmt::format("DNN as trained (QAT-quantized): {} {:.2f}\n",
                                 metric, headline(results["dnnAsTrained"]));
      std::cout << (isVoc ? "ticks  mAP (VOC07 11-point)  mAP (all-point)"
                          : "ticks  AP[.5:.95]  AP50")
                << (dnnHeadline ? "  of float DNN" : "")
                << (trainedHeadline ? "  of DNN as trained" : "")
                << "  chip J/image\n";
      for (size_t k = 0; k < run.checkpoints.size(); ++k) {
        const nlohmann::ordered_json &full = evaluation.evaluations[k];
        const nlohmann::ordered_json &row = results["checkpoints"][k];
        const double chipJ = row["energy"]["chipJ"].get<double>();
        auto percentOf = [&](std::optional<double> reference, int width) {
          if (!reference)
            return std::string();
          return *reference > 0
                     ? fmt::format("  {:>{}.1f}%",
                                   100 * headline(row) / *reference, width - 1)
                     : fmt::format("  {:>{}}", "-", width);
        };
        std::string ratio =
            percentOf(dnnHeadline, 12) + percentOf(trainedHeadline, 18);
        if (isVoc)
          std::cout << fmt::format(
              "{:>5}  {:>20.2f}  {:>15.2f}{}  {:>12.4g}\n", run.checkpoints[k],
              100 * full["map07"].get<double>(),
              100 * full["mapAll"].get<double>(), ratio, chipJ);
        else
          std::cout << fmt::format(
              "{:>5}  {:>10.2f}  {:>4.2f}{}  {:>12.4g}\n", run.checkpoints[k],
              100 * full["AP"].get<double>(), 100 * full["AP50"].get<double>(),
              ratio, chipJ);
        if (k + 1 == run.checkpoints.size())
          std::cout << "\nat T = " << run.checkpoints[k] << ":\n"
                    << evaluation.lastTable;
      }
    }

    // Energy per image of the images that ran (unreadable ones did not).
    const size_t emulatedImages = count - failed.size();
    if (emulatedImages == 0)
      fail("none of the {} images could be read (listed above)", count);
    emu::EnergyReport energy =
        emu::computeEnergy(config, totals, emulatedImages, a->ticks);
    std::cout << "\n" << emu::formatEnergyReport(energy);
    if (!a->energyJson.empty()) {
      nlohmann::ordered_json e = emu::energyJson(energy);
      e["provenance"] = prov;
      writeJsonFile(a->energyJson, e);
    }
    if (!a->jsonOut.empty()) {
      results["network"] = config.network;
      results["profile"] = config.chip.profile;
      results["ticks"] = a->ticks;
      results["latencyTicks"] = latency;
      if (faults.any())
        results["faults"] = faults.str();
      results["energy"] = emu::energyJson(energy);
      results["provenance"] = prov;
      writeJsonFile(a->jsonOut, results);
    }
    if (!failed.empty()) {
      std::cerr << fmt::format("snnc: error: {} of {} images could not be "
                               "read (listed above)\n",
                               failed.size(), count);
      return 1;
    }
    return 0;
  };
}

} // namespace snnc::cli
