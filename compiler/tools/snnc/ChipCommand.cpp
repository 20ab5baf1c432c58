//===- ChipCommand.cpp - snnc chip: validate and show a chip description --===//
#include "compiler/tools/snnc/Commands.h"

#include "compiler/chip/ChipDescription.h"

#include <fmt/format.h>

#include <iostream>
#include <memory>

namespace snnc::cli {

namespace {
std::string limit(int64_t v) {
  return v == 0 ? std::string("unlimited") : std::to_string(v);
}
} // namespace

Runner registerChip(CLI::App &app) {
  auto *command = app.add_subcommand(
      "chip", "Validate a chip description (a shipped profile or a YAML "
              "file) and print it");
  auto name = std::make_shared<std::string>();
  command
      ->add_option("chip", *name,
                   "truenorth, truenorth-x, reference, or a YAML file")
      ->required();
  return [=]() {
    chip::ChipDescription c = chip::loadChip(*name);
    std::cout << fmt::format(
        "chip {}\n  core: {} axons x {} neurons, {} crossbar{}, {}-bit "
        "weights, {}-bit thresholds, {}-bit potentials\n  neurons: {} "
        "spikes, targets per neuron {}, delays {}-{}\n  mesh: {}x{} cores "
        "per chip, {} chips per board\n  readout: {}, tick {} Hz\n  energy: "
        "{} pJ per synaptic event, {} pJ per hop, {} mW static\n",
        c.name, limit(c.axonsPerCore), limit(c.neuronsPerCore),
        c.crossbar == chip::CrossbarKind::Binary ? "binary" : "weighted",
        c.crossbar == chip::CrossbarKind::Binary
            ? fmt::format(" with {} axon types", c.axonTypes)
            : std::string(),
        c.weightBits, c.thresholdBits, c.potentialBits,
        c.signedSpikes ? "signed" : "unsigned", limit(c.targetsPerNeuron),
        c.minDelay, c.maxDelay, c.coresX, c.coresY, c.chipsPerBoard,
        c.readout == chip::Readout::Spikes ? "spikes" : "membrane potential",
        c.tickHz, c.synapticEventPj, c.hopPj, c.staticPowerMw);
    return 0;
  };
}

} // namespace snnc::cli
