//===- SweepCommand.cpp - snnc sweep: conversion grid vs time steps -------===//
#include "compiler/tools/snnc/Commands.h"
#include "compiler/tools/snnc/Plots.h"
#include "compiler/tools/snnc/Provenance.h"
#include "runtime/tooling/Evaluation.h"

#include "compiler/chip/ChipDescription.h"

#include "compiler/driver/Sweep.h"
#include "runtime/eval/VocDataset.h"
#include "runtime/support/Error.h"
#include "runtime/support/Files.h"

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

namespace snnc::cli {

namespace {

struct SweepArgs {
  std::string calibVoc, calibSplit = "train", voc, split,
                        outDir = cli::defaultOutputDir("sweep");
  size_t calibCount = cli::kDefaultCalibCount, limit = 0;
  int ticks = 256;
  std::vector<int> checkpoints;
  std::vector<std::string> norms = {"layer", "channel"};
  std::vector<std::string> neurons = {"signed", "ibt"};
  std::vector<std::string> decodes = {"vmem", "count"};
  std::vector<float> percentiles = {cli::kDefaultPercentile};
  std::vector<float> vInits = {0.0f};
  std::string reset = "subtract";
  std::vector<std::string> pools = {"spike_count"};
  std::vector<int> delays = {0};
  std::string encoder = "analog", chip, qat;
  int axonCopies = 4;
  bool quiet = false, noPlots = false;
};

} // namespace

Runner registerSweep(CLI::App &app) {
  auto *command = app.add_subcommand(
      "sweep", "Convert under a grid of options, simulate, and report mAP vs "
               "time steps (the paper's Table 1 and Figure 7)");
  auto options = std::make_shared<ModelOptions>();
  auto a = std::make_shared<SweepArgs>();
  addModelOptions(*command, *options, /*foldOption=*/false);
  command
      ->add_option("--calib-voc", a->calibVoc,
                   "VOCdevkit root of the calibration images")
      ->required()
      ->check(CLI::ExistingDirectory);
  command->add_option("--calib-split", a->calibSplit, "Calibration split")
      ->capture_default_str();
  command
      ->add_option("--calib-count", a->calibCount,
                   "Calibration images (spread over the split)")
      ->check(atLeast(1))
      ->capture_default_str();
  command->add_option("--voc", a->voc, "VOCdevkit root to evaluate on")
      ->required()
      ->check(CLI::ExistingDirectory);
  command->add_option("--split", a->split, "Evaluation split")->required();
  command
      ->add_option("--limit", a->limit,
                   "Evaluate this many images, spread over the split "
                   "(0: all)")
      ->check(atLeast(0));
  command->add_option("--ticks", a->ticks, "Time steps to simulate")
      ->check(atLeast(1))
      ->capture_default_str();
  command
      ->add_option("--checkpoints", a->checkpoints,
                   "Ticks at which to evaluate (default: 8, 16, ... "
                   "ticks)")
      ->delimiter(',');
  using Names = std::vector<std::string>;
  command->add_option("--norm", a->norms, "Normalizations")
      ->delimiter(',')
      ->check(CLI::IsMember(Names{"layer", "channel"}))
      ->capture_default_str();
  command->add_option("--neuron", a->neurons, "Neurons of leaky layers")
      ->delimiter(',')
      ->check(CLI::IsMember(Names{"if", "signed", "ibt"}))
      ->capture_default_str();
  command->add_option("--decode", a->decodes, "Output decodings")
      ->delimiter(',')
      ->check(CLI::IsMember(Names{"vmem", "count"}))
      ->capture_default_str();
  command
      ->add_option("--percentile", a->percentiles,
                   "Normalization percentiles (99, 99.9, 99.99 or 100)")
      ->delimiter(',')
      ->check(CLI::IsMember(std::vector<float>{99.0f, 99.9f, 99.99f, 100.0f}))
      ->capture_default_str();
  command
      ->add_option("--v-init", a->vInits,
                   "Initial membrane potentials, fractions of Vth in [0, 1)")
      ->delimiter(',')
      ->check(between(0.0, 0.999))
      ->capture_default_str();
  command->add_option("--reset", a->reset, "subtract or zero")
      ->check(CLI::IsMember(Names{"subtract", "zero"}))
      ->capture_default_str();
  command->add_option("--max-pool", a->pools, "Spiking max-pool strategies")
      ->delimiter(',')
      ->check(CLI::IsMember(Names{"spike_count", "max_count", "comparator"}))
      ->capture_default_str();
  command
      ->add_option("--readout-delay", a->delays,
                   "Ticks before the output integrates (list)")
      ->delimiter(',')
      ->check(atLeast(0))
      ->capture_default_str();
  command->add_option("--encoder", a->encoder, "Input: analog or spikes")
      ->check(CLI::IsMember(Names{"analog", "spikes"}))
      ->capture_default_str();
  command->add_option("--chip", a->chip,
                      "Quantize for this chip before simulating (the integer "
                      "network the chip runs)");
  command
      ->add_option("--qat", a->qat,
                   "QAT metadata (MODEL.qat.json): trained ceilings "
                   "instead of calibrated percentiles")
      ->check(CLI::ExistingFile);
  command
      ->add_option("--axon-copies", a->axonCopies,
                   "With --chip on binary crossbars: weight copies")
      ->check(between(2, 4))
      ->capture_default_str();
  command
      ->add_option("-o,--output-dir", a->outDir,
                   "Folder for sweep.csv, table.md, firing_rates.csv, "
                   "provenance.json and the PNG plots")
      ->capture_default_str();
  command->add_flag("-q,--quiet", a->quiet, "No progress output");
  command->add_flag("--no-plots", a->noPlots, "Do not run the plot script");
  return [=]() {
    // Every option and file is checked before any calibration or
    // evaluation (a misspelled chip used to fail after both).
    if (!a->chip.empty())
      chip::loadChip(a->chip);
    checkOutputDir(a->outDir, "-o");
    SweepOptions s;
    s.model = *options;
    s.ticks = a->ticks;
    s.checkpoints = a->checkpoints;
    s.progress = !a->quiet;
    s.qatPath = a->qat;
    std::vector<std::string> names =
        resolveClassNames(*options, modelClasses(*options));
    Dataset calib = loadVocDataset(a->calibVoc, a->calibSplit, names);
    for (const ImageRecord &r : spreadImages(calib.images, a->calibCount))
      s.calibrationImages.push_back(r.path);
    s.evalSet = loadVocDataset(a->voc, a->split, names);
    s.evalSet.images = spreadImages(s.evalSet.images, a->limit);
    for (int delay : a->delays)
      for (const std::string &pool : a->pools)
        for (float p : a->percentiles)
          for (float v : a->vInits)
            for (const std::string &neuron : a->neurons)
              for (const std::string &norm : a->norms)
                for (const std::string &decode : a->decodes) {
                  ConversionConfig c;
                  c.norm = norm;
                  c.neuron = neuron;
                  c.decode = decode;
                  c.percentile = p;
                  c.vInit = v;
                  c.reset = a->reset;
                  c.maxPool = pool;
                  c.readoutDelay = delay;
                  c.encoder = a->encoder;
                  c.chip = a->chip;
                  c.axonCopies = a->axonCopies;
                  s.configs.push_back(c);
                }
    SweepResult result = runSweep(s);
    // The pictures of an earlier sweep into this folder would sit beside
    // the new tables (--no-plots, or a grid without both norms).
    for (const char *stale : {"map_vs_T.png", "firing_rates.png"}) {
      std::error_code ec;
      std::filesystem::remove(std::filesystem::path(a->outDir) / stale, ec);
    }
    result.model = std::filesystem::path(options->cfgPath).stem().string();
    writeSweepReport(result, a->outDir);
    nlohmann::ordered_json prov = provenance(*command);
    addModelProvenance(prov, *options);
    addChipProvenance(prov, a->chip);
    addFileProvenance(prov, "qat", a->qat);
    prov["calibration"] = s.calibrationImages;
    writeJsonFile(a->outDir + "/provenance.json", {{"provenance", prov}});
    std::cout << readFileBytes(a->outDir + "/table.md");
    if (!a->noPlots)
      runPlotScript("plot_sweep.py", {a->outDir});
    return 0;
  };
}

} // namespace snnc::cli
