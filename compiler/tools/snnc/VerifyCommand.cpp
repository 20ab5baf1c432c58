//===- VerifyCommand.cpp - snnc verify: emulator == graph-level simulator -===//
//
// Quantizes and maps a model (by default onto the `reference` chip) and
// runs real images through the cycle-accurate emulator and the graph-level
// simulator. Where the mapping must reproduce the simulator exactly
// (delay-0 routes, no relays: `reference`), it compares every spiking
// layer's spikes per channel and sign after every tick and the outputs
// (compiler/mapping/Equivalence.h). Elsewhere it says what differs by
// design and why, and compares each layer's spike total over the run with
// the emulator's window shifted by the layer's tick offset, within a
// relative tolerance.
//
//===----------------------------------------------------------------------===//
#include "compiler/tools/snnc/CalibrationArgs.h"
#include "compiler/tools/snnc/Commands.h"
#include "compiler/tools/snnc/Provenance.h"
#include "runtime/tooling/Evaluation.h"

#include "compiler/chip/ChipDescription.h"
#include "compiler/driver/Compile.h"
#include "compiler/mapping/Equivalence.h"
#include "runtime/image/ImageIO.h"
#include "runtime/image/ImageList.h"
#include "runtime/snn/SpikingDetector.h"
#include "runtime/support/Error.h"
#include "runtime/support/Files.h"

#include <fmt/format.h>

#include <chrono>
#include <memory>

namespace snnc::cli {

namespace {
double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}
} // namespace

Runner registerVerify(CLI::App &app) {
  auto *command = app.add_subcommand(
      "verify", "Map a model and check that the cycle-accurate emulator "
                "computes what the graph-level simulator computes (tick by "
                "tick where the mapping must match bit for bit, as on "
                "reference; spike totals per layer elsewhere)");
  auto o = std::make_shared<CompileOptions>();
  auto images = std::make_shared<std::vector<std::string>>();
  auto ticks = std::make_shared<int>(32);
  auto every = std::make_shared<int>(1);
  auto tolerance = std::make_shared<double>(1.0);
  auto exact = std::make_shared<bool>(false);
  auto jsonOut = std::make_shared<std::string>();
  o->chip = "reference";
  o->conversion.encoder = "spikes";
  o->conversion.maxPool = "comparator";
  o->conversion.decode = ""; // by the chip's readout, as compile does
  o->conversion.percentile = kDefaultChipPercentile;
  addModelOptions(*command, o->model, /*foldOption=*/false);
  command->add_option("--chip", o->chip, "Chip profile or YAML file")
      ->capture_default_str();
  auto calib = std::make_shared<CalibrationArgs>();
  addCalibrationOptions(*command, *calib);
  command
      ->add_option("--percentile", o->conversion.percentile,
                   "Normalization percentile (99, 99.9, 99.99 or 100)")
      ->check(CLI::IsMember(std::vector<float>{99.0f, 99.9f, 99.99f, 100.0f}))
      ->capture_default_str();
  command
      ->add_option("--images", *images,
                   "Images to compare on (files, folders or .txt lists)")
      ->required()
      ->check(imageArgument("--images"));
  command->add_option("--ticks", *ticks, "Ticks to compare")
      ->check(atLeast(1))
      ->capture_default_str();
  command
      ->add_option("--check-every", *every,
                   "Tick-by-tick comparison: compare the layers' spike "
                   "counts every N ticks (the outputs at every tick)")
      ->check(atLeast(1))
      ->capture_default_str();
  command
      ->add_option("--tolerance", *tolerance,
                   "Spike-total comparison: largest difference of a layer's "
                   "spike total, in spikes per neuron")
      ->check(atLeast(0))
      ->capture_default_str();
  addMappingOptions(*command, *o);
  command->add_flag("--exact", *exact,
                    "Compare tick by tick even where the mapping differs by "
                    "design (to see where)");
  command->add_option("--json", *jsonOut, "Also write the results as JSON");
  return [=]() {
    if (!jsonOut->empty())
      checkOutputFile(*jsonOut, "--json");
    CompileOptions options = *o;
    resolveCalibration(*calib, options, "verify");
    options.progress = false;
    if (options.calibrationImages.empty() && options.qatPath.empty())
      fail("verify needs --calib-images IMG..., --calib-voc ROOT or --qat "
           "MODEL.qat.json (or a MODEL.qat.json beside the cfg)");
    std::vector<std::string> paths = expandImageArgs(*images, "--images");
    chip::ChipDescription chip = chip::loadChip(options.chip);
    SpikingGraph graph = quantizedGraph(options);
    mapping::MappingOptions mo;
    mo.axonCopies = options.axonCopies;
    mo.relayCopies = options.relayCopies;
    mapping::MappingReport report;
    mapping::MappingTrace trace;
    chipcfg::ChipConfig config =
        mapping::mapNetwork(graph, chip, mo, report, &trace);
    fmt::print("{}: {} cores, latency {} ticks; comparing {} ticks\n",
               chip.name, report.total.cores, report.latency, *ticks);
    std::vector<std::string> why = mapping::timingDifferences(chip, report);
    const bool tickByTick = why.empty() || *exact;
    if (!why.empty()) {
      fmt::print("The emulator runs what the simulator runs only up to "
                 "timing and rounding on '{}':\n",
                 chip.name);
      for (const std::string &w : why)
        fmt::print("  - {}\n", w);
      if (tickByTick)
        fmt::print("--exact: comparing tick by tick all the same; "
                   "differences are expected.\n");
      else
        fmt::print("So it compares instead each layer's spike total over {} "
                   "steps, the emulator's window shifted by the layer's "
                   "tick offset, within {:g} spikes per neuron "
                   "(--tolerance).\n",
                   *ticks, *tolerance);
    }
    nlohmann::ordered_json results = nlohmann::ordered_json::array();
    int failures = 0;
    for (const std::string &path : paths) {
      auto start = std::chrono::steady_clock::now();
      Tensor input = preprocess(loadImage(path), graph, false);
      nlohmann::ordered_json entry;
      entry["image"] = path;
      if (tickByTick) {
        mapping::EquivalenceResult r = mapping::compareWithSimulator(
            graph, config, trace, input, *ticks, *every);
        fmt::print("{}: {} spikes ({} negative) and {} output values over "
                   "{} ticks: {} ({:.1f} s)\n",
                   path, r.spikesCompared, r.negativeSpikes, r.valuesCompared,
                   r.ticks,
                   r.equal() ? "identical"
                             : fmt::format("{} mismatches, first: {}",
                                           r.mismatches, r.firstMismatch),
                   secondsSince(start));
        entry["comparison"] = "tick by tick";
        entry["spikes"] = r.spikesCompared;
        entry["values"] = r.valuesCompared;
        entry["mismatches"] = r.mismatches;
        entry["firstMismatch"] = r.firstMismatch;
        failures += !r.equal();
      } else {
        std::vector<mapping::LayerSpikeTotals> rows =
            mapping::compareShiftedSpikeTotals(graph, config, trace, report,
                                               input, *ticks);
        double worst = 0;
        std::string worstLayer;
        entry["comparison"] = "spike totals per layer";
        for (const mapping::LayerSpikeTotals &row : rows) {
          if (row.perNeuronDifference() > worst) {
            worst = row.perNeuronDifference();
            worstLayer = row.name;
          }
          entry["layers"].push_back({{"name", row.name},
                                     {"offset", row.offset},
                                     {"emulator", row.emulator},
                                     {"simulator", row.simulator},
                                     {"neurons", row.neurons},
                                     {"perNeuron", row.perNeuronDifference()},
                                     {"relative", row.relativeDifference()}});
        }
        bool ok = worst <= *tolerance;
        fmt::print("{}: {} layers, largest difference {:.3f} spikes per "
                   "neuron ({}): {} ({:.1f} s)\n",
                   path, rows.size(), worst, worstLayer,
                   ok ? "within tolerance" : "OUTSIDE the tolerance",
                   secondsSince(start));
        for (const mapping::LayerSpikeTotals &row : rows)
          fmt::print("  {:<24} offset {:>3}  neurons {:>7}  emulator {:>10}  "
                     "simulator {:>10}  {:>6.3f} per neuron ({:.2f}%)\n",
                     row.name, row.offset, row.neurons, row.emulator,
                     row.simulator, row.perNeuronDifference(),
                     100 * row.relativeDifference());
        // The bound is about a spike per neuron: over a short run in which
        // a layer fires only a few, it allows a large relative difference.
        int sparse = 0;
        for (const mapping::LayerSpikeTotals &row : rows)
          sparse += row.simulator < 4 * row.neurons;
        if (sparse)
          fmt::print("  note: {} of {} layers fire fewer than 4 spikes per "
                     "neuron in {} steps, where a difference within the bound "
                     "can still be large relative to their spikes: compare "
                     "over more ticks (e.g. --ticks {}) to tell\n",
                     sparse, rows.size(), *ticks, std::max(64, 4 * *ticks));
        entry["worst"] = worst;
        entry["sparseLayers"] = sparse;
        failures += !ok;
      }
      results.push_back(std::move(entry));
    }
    if (!jsonOut->empty()) {
      nlohmann::ordered_json json;
      json["chip"] = chip.name;
      json["latency"] = report.latency;
      json["ticks"] = *ticks;
      json["differencesByDesign"] = why;
      json["tolerance"] = *tolerance;
      json["images"] = std::move(results);
      json["failed"] = failures;
      nlohmann::ordered_json prov = provenance(*command);
      addModelProvenance(prov, options.model);
      addChipProvenance(prov, options.chip);
      addFileProvenance(prov, "qat", options.qatPath);
      prov["calibration"] = options.calibrationImages;
      json["provenance"] = std::move(prov);
      writeJsonFile(*jsonOut, json);
    }
    return failures ? 1 : 0;
  };
}

} // namespace snnc::cli
