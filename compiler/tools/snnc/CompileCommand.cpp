//===- CompileCommand.cpp - snnc compile: a detector onto a chip ----------===//
#include "compiler/tools/snnc/CalibrationArgs.h"
#include "compiler/tools/snnc/Commands.h"
#include "compiler/tools/snnc/CompileSteps.h"
#include "compiler/tools/snnc/Plots.h"
#include "compiler/tools/snnc/Provenance.h"

#include "compiler/calibration/QatMetadata.h"

#include "compiler/chip/ChipDescription.h"
#include "compiler/driver/Compile.h"
#include "runtime/chip/Limits.h"
#include "runtime/eval/VocDataset.h"
#include "runtime/image/ImageList.h"
#include "runtime/support/Error.h"
#include "runtime/support/Files.h"

#include <fmt/format.h>

#include <filesystem>

#include <iostream>
#include <memory>

namespace snnc::cli {

Runner registerCompile(CLI::App &app) {
  auto *command = app.add_subcommand(
      "compile", "Convert, quantize and map a detector onto a chip; write "
                 "the configuration files and the resource report");
  auto o = std::make_shared<CompileOptions>();
  auto calib = std::make_shared<CalibrationArgs>();
  auto noPlots = std::make_shared<bool>(false);
  o->outDir = defaultOutputDir("compile");
  addModelOptions(*command, o->model, /*foldOption=*/false);
  command
      ->add_option("--chip", o->chip,
                   "Chip profile (truenorth, truenorth-x, reference) or a "
                   "chip description YAML file")
      ->capture_default_str();
  addCalibrationOptions(*command, *calib);
  using Names = std::vector<std::string>;
  ConversionConfig &c = o->conversion;
  c.encoder = "spikes";
  c.maxPool = "comparator";
  c.decode = "";
  c.percentile = kDefaultChipPercentile;
  command->add_option("--norm", c.norm, "Normalization: layer or channel")
      ->check(CLI::IsMember(Names{"layer", "channel"}))
      ->capture_default_str();
  command->add_option("--neuron", c.neuron, "Neurons of leaky layers")
      ->check(CLI::IsMember(Names{"if", "signed", "ibt"}))
      ->capture_default_str();
  command
      ->add_option("--decode", c.decode,
                   "Output decoding: vmem or count (default: vmem where "
                   "the chip reads membrane potentials)")
      ->check(CLI::IsMember(Names{"vmem", "count"}));
  command
      ->add_option("--percentile", c.percentile,
                   "Normalization percentile (99, 99.9, 99.99 or 100)")
      ->check(CLI::IsMember(std::vector<float>{99.0f, 99.9f, 99.99f, 100.0f}))
      ->capture_default_str();
  CLI::Option *vInitOption = calib->vInitOption = command->add_option(
      "--v-init", c.vInit,
      "Initial membrane potential, a fraction of Vth (default 0 or, with "
      "--qat, 0.5)");
  vInitOption->check(between(0.0, 0.999))->capture_default_str();
  command->add_option("--reset", c.reset, "subtract or zero")
      ->check(CLI::IsMember(Names{"subtract", "zero"}))
      ->capture_default_str();
  auto readoutDelay = std::make_shared<std::string>("auto");
  command
      ->add_option(
          "--readout-delay", *readoutDelay,
          "Ticks the outputs wait, once the first spikes reach them, before "
          "they integrate: auto (as many as the pipeline latency, while the "
          "layers below fill up) or a number >= 0")
      ->check(readoutDelayValidator())
      ->capture_default_str();
  command
      ->add_option("--ticks", o->ticks,
                   "Longest run the outputs' potentials must hold")
      ->check(atLeast(1))
      ->capture_default_str();
  addMappingOptions(*command, *o);
  command
      ->add_option("--max-chips", o->maxChips,
                   "Fail if the network needs more chips (0: no limit)")
      ->check(atLeast(0))
      ->capture_default_str();
  command
      ->add_option("-o,--output-dir", o->outDir,
                   "Folder for the configuration files, report, IR and "
                   "pictures; replaced whole by each compile")
      ->capture_default_str();
  command
      ->add_option("--format", o->format,
                   "Configuration files: binary, text, both or auto "
                   "(text too for networks up to 4096 cores)")
      ->check(CLI::IsMember(Names{"binary", "text", "both", "auto"}))
      ->capture_default_str();
  command
      ->add_option("--export", o->exports,
                   "Exporters: ibm, ranc, nir (the spiking network as NIR, "
                   "network.nir), none, or auto (ibm and ranc where they "
                   "fit the network, up to 4096 cores)")
      ->delimiter(',')
      ->check(CLI::IsMember(Names{"ibm", "ranc", "nir", "none", "auto"}))
      ->capture_default_str();
  command
      ->add_option("--export-image", o->exportImage,
                   "An image whose input spikes the exports carry (IBM's "
                   "spikes.json, RANC's packets)")
      ->check(CLI::ExistingFile);
  command
      ->add_option("--export-ticks", o->exportTicks,
                   "Chip ticks of --export-image's input spikes")
      ->check(cli::between(1, chipcfg::kMaxTicks))
      ->capture_default_str();
  command->add_flag("--dump-ir", o->dumpIr,
                    "Write the IR after each stage to OUTDIR/ir/");
  command->add_flag(
      "-q,--quiet", [o](int64_t) { o->progress = false; },
      "No progress output");
  command->add_flag("--no-plots", *noPlots,
                    "Do not draw placement.png and layers.png");
  return [=]() {
    CompileOptions options = *o;
    setReadoutDelay(options, *readoutDelay);
    // Everything is checked before any work: the chip, the output folder
    // and the images.
    const chip::ChipDescription chip = chip::loadChip(options.chip);
    std::string shownOutDir = options.outDir;
    while (shownOutDir.size() > 1 && shownOutDir.back() == '/')
      shownOutDir.pop_back();
    checkCompileRequest(options, chip);
    resolveCalibration(*calib, options, "compile");
    setCompileProvenance(options, chip, provenance(*command));
    CompileResult r = compileIntoPlace(options, !*noPlots);
    std::cout << r.reportText;
    double total = 0;
    for (auto &[name, s] : r.stageSeconds)
      total += s;
    std::cout << fmt::format("\nCompiled in {:.2f} s, peak RSS {:.0f} MiB. "
                             "Wrote to {}/:",
                             total, peakRssMb(), shownOutDir);
    for (const std::string &f : r.files)
      std::cout << " " << f;
    std::cout << "\n";
    for (const std::string &note : r.notes)
      std::cout << note << "\n";
    return 0;
  };
}

} // namespace snnc::cli
