//===- ChipCommand.cpp - snnc chip: validate and show a chip description --===//
#include "compiler/tools/snnc/Commands.h"
#include "compiler/tools/snnc/Provenance.h"
#include "runtime/tooling/Evaluation.h"

#include "compiler/chip/ChipDescription.h"
#include "runtime/support/Files.h"

#include <fmt/format.h>

#include <iostream>
#include <memory>

namespace snnc::cli {

namespace {
std::string limit(int64_t v) {
  return v == 0 ? std::string("unlimited") : std::to_string(v);
}

nlohmann::ordered_json chipJson(const chip::ChipDescription &c) {
  return {
      {"name", c.name},
      {"axonsPerCore", c.axonsPerCore},
      {"neuronsPerCore", c.neuronsPerCore},
      {"crossbar",
       c.crossbar == chip::CrossbarKind::Binary ? "binary" : "weighted"},
      {"axonTypes", c.axonTypes},
      {"weightBits", c.weightBits},
      {"thresholdBits", c.thresholdBits},
      {"potentialBits", c.potentialBits},
      {"signedSpikes", c.signedSpikes},
      {"targetsPerNeuron", c.targetsPerNeuron},
      {"minDelay", c.minDelay},
      {"maxDelay", c.maxDelay},
      {"coresX", c.coresX},
      {"coresY", c.coresY},
      {"chipsPerBoard", c.chipsPerBoard},
      {"readout", c.readout == chip::Readout::Spikes ? "spikes" : "membrane"},
      {"tickHz", c.tickHz},
      {"synapticEventPj", c.synapticEventPj},
      {"hopPj", c.hopPj},
      {"staticPowerMw", c.staticPowerMw}};
}
} // namespace

Runner registerChip(CLI::App &app) {
  auto *command = app.add_subcommand(
      "chip", "Validate a chip description (a shipped profile or a YAML "
              "file) and print it");
  auto name = std::make_shared<std::string>();
  auto jsonOut = std::make_shared<std::string>();
  auto yaml = std::make_shared<bool>(false);
  command
      ->add_option("chip", *name,
                   "truenorth, truenorth-x, reference, or a YAML file")
      ->required();
  command->add_option("--json", *jsonOut, "Also write the description as JSON");
  command->add_flag("--yaml", *yaml,
                    "Print the description's YAML text (a shipped profile "
                    "is a starting point for a custom chip)");
  return [=]() {
    if (!jsonOut->empty())
      checkOutputFile(*jsonOut, "--json");
    chip::ChipDescription c = chip::loadChip(*name);
    if (*yaml)
      std::cout << chip::chipDescriptionText(*name);
    else
      std::cout << fmt::format(
          "chip {}\n  core: {} axons x {} neurons, {} crossbar{}, {}-bit "
          "weights, {}-bit thresholds, {}-bit potentials\n  neurons: {} "
          "spikes, targets per neuron {}, delays {}-{}\n  mesh: {}x{} cores "
          "per chip, {} chips per board\n  readout: {}, tick {} Hz\n  "
          "energy: {} pJ per synaptic event, {} pJ per hop, {} mW static\n",
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
    if (!jsonOut->empty()) {
      nlohmann::ordered_json json = chipJson(c);
      nlohmann::ordered_json prov = provenance(*command);
      addChipProvenance(prov, *name);
      json["provenance"] = std::move(prov);
      writeJsonFile(*jsonOut, json);
    }
    return 0;
  };
}

} // namespace snnc::cli
