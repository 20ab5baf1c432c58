//===- VerifyCommand.cpp - snnc verify: emulator == graph-level simulator -===//
//
// Quantizes and maps a model (by default onto the `reference` chip) and
// runs real images through the cycle-accurate emulator and the graph-level
// simulator, comparing every spiking layer's spikes per channel and sign
// after every tick and the outputs (compiler/mapping/Equivalence.h).
//
//===----------------------------------------------------------------------===//
#include "compiler/tools/snnc/Commands.h"

#include "compiler/chip/ChipDescription.h"
#include "compiler/driver/Compile.h"
#include "compiler/mapping/Equivalence.h"
#include "runtime/image/ImageIO.h"
#include "runtime/snn/SpikingDetector.h"
#include "runtime/support/Error.h"

#include <fmt/format.h>

#include <chrono>
#include <memory>

namespace snnc::cli {

Runner registerVerify(CLI::App &app) {
  auto *command = app.add_subcommand(
      "verify", "Map a model and check that the cycle-accurate emulator "
                "computes what the graph-level simulator computes, tick by "
                "tick (the reference chip must match bit for bit)");
  auto o = std::make_shared<CompileOptions>();
  auto images = std::make_shared<std::vector<std::string>>();
  auto ticks = std::make_shared<int>(32);
  auto every = std::make_shared<int>(1);
  o->chip = "reference";
  o->conversion.encoder = "spikes";
  o->conversion.maxPool = "comparator";
  o->conversion.decode = "vmem";
  o->conversion.percentile = 99.99f;
  addModelOptions(*command, o->model, /*foldOption=*/false);
  command->add_option("--chip", o->chip, "Chip profile or YAML file")
      ->capture_default_str();
  command
      ->add_option("--calib-images", o->calibrationImages, "Calibration images")
      ->required();
  command->add_option("--images", *images, "Images to compare on")->required();
  command->add_option("--ticks", *ticks, "Ticks to compare")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  command
      ->add_option("--check-every", *every,
                   "Compare the layers' spike counts every N ticks (the "
                   "outputs are compared at every tick)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  return [=]() {
    CompileOptions options = *o;
    options.progress = false;
    SpikingGraph graph = quantizedGraph(options);
    chip::ChipDescription chip = chip::loadChip(options.chip);
    mapping::MappingOptions mo;
    mo.axonCopies = options.axonCopies;
    mapping::MappingReport report;
    mapping::MappingTrace trace;
    chipcfg::ChipConfig config =
        mapping::mapNetwork(graph, chip, mo, report, &trace);
    fmt::print("{}: {} cores, latency {} ticks; comparing {} ticks\n",
               chip.name, report.total.cores, report.latency, *ticks);
    int failures = 0;
    for (const std::string &path : *images) {
      auto start = std::chrono::steady_clock::now();
      Tensor input = preprocess(loadImage(path), graph, false);
      mapping::EquivalenceResult r = mapping::compareWithSimulator(
          graph, config, trace, input, *ticks, *every);
      double s = std::chrono::duration<double>(
                     std::chrono::steady_clock::now() - start)
                     .count();
      fmt::print("{}: {} spikes ({} negative) and {} output values over {} "
                 "ticks: {} ({:.1f} s)\n",
                 path, r.spikesCompared, r.negativeSpikes, r.valuesCompared,
                 r.ticks,
                 r.equal() ? "identical"
                           : fmt::format("{} mismatches, first: {}",
                                         r.mismatches, r.firstMismatch),
                 s);
      failures += !r.equal();
    }
    return failures ? 1 : 0;
  };
}

} // namespace snnc::cli
