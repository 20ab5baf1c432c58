//===- MappingReport.cpp - The resource report as text and JSON -----------===//

#include "compiler/mapping/Mapper.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace snnc::mapping {

namespace {

nlohmann::ordered_json layerJson(const LayerResources &r) {
  nlohmann::ordered_json j;
  j["name"] = r.name;
  j["kind"] = r.kind;
  if (!r.tiling.empty())
    j["tiling"] = r.tiling;
  j["cores"] = r.cores;
  j["neurons"] = r.neurons;
  j["relay_neurons"] = r.relays;
  j["splitter_neurons"] = r.splitters;
  j["pair_neurons"] = r.pairNeurons;
  j["comparator_neurons"] = r.comparators;
  j["synapses"] = r.synapses;
  j["axons_used"] = r.axonsUsed;
  j["latency_ticks"] = r.latency;
  j["dnn_macs"] = r.macs;
  return j;
}

} // namespace

std::string formatReport(const MappingReport &r) {
  std::string s =
      fmt::format("Mapping of '{}' onto chip '{}'\n\n", r.network, r.chip);
  s += fmt::format("| {:<18} | {:>8} | {:>10} | {:>9} | {:>9} | {:>8} | "
                   "{:>11} | {:>12} | {:>7} |\n",
                   "layer", "cores", "neurons", "relays", "splitters", "pairs",
                   "comparators", "synapses", "latency");
  s += "|" + std::string(20, '-') + "|" + std::string(10, '-') + "|" +
       std::string(12, '-') + "|" + std::string(11, '-') + "|" +
       std::string(11, '-') + "|" + std::string(10, '-') + "|" +
       std::string(13, '-') + "|" + std::string(14, '-') + "|" +
       std::string(9, '-') + "|\n";
  auto row = [&](const LayerResources &l) {
    s += fmt::format("| {:<18} | {:>8} | {:>10} | {:>9} | {:>9} | {:>8} | "
                     "{:>11} | {:>12} | {:>7} |\n",
                     l.name, l.cores, l.neurons, l.relays, l.splitters,
                     l.pairNeurons, l.comparators, l.synapses, l.latency);
  };
  for (const LayerResources &l : r.layers)
    row(l);
  row(r.total);
  s += "\nTiling:\n";
  for (const LayerResources &l : r.layers)
    s += fmt::format("  {:<18} {}\n", l.name, l.tiling);
  auto cap = [](int64_t v) {
    return v ? std::to_string(v) : std::string("unlimited");
  };
  s += fmt::format(
      "\nCores {} on {} chip(s) ({}x{} grid of chips, {} board(s)), {} "
      "prototype(s); core capacity {} axons x {} neurons.\n",
      r.total.cores, r.chips, r.chipsX, r.chipsY, r.boards, r.prototypes,
      cap(r.coreCapacityAxons), cap(r.coreCapacityNeurons));
  s += fmt::format("Utilization of the used cores: axons {:.1f}%, neurons "
                   "{:.1f}%.\n",
                   100 * r.axonUtilization, 100 * r.neuronUtilization);
  s += fmt::format("Routes {}: {} hops in total, {:.2f} on average, {} at "
                   "most.\n",
                   r.routes, r.hopsTotal, r.hopsMean, r.hopsMax);
  s += fmt::format("Latency: the outputs see the input after {} ticks; they "
                   "integrate from tick {} on (readout delay {}).\n",
                   r.latency, r.readoutDelay + 1, r.readoutDelay);
  return s;
}

std::string reportJson(const MappingReport &r) {
  nlohmann::ordered_json j;
  j["network"] = r.network;
  j["chip"] = r.chip;
  j["layers"] = nlohmann::ordered_json::array();
  for (const LayerResources &l : r.layers)
    j["layers"].push_back(layerJson(l));
  j["total"] = layerJson(r.total);
  j["prototypes"] = r.prototypes;
  j["chips"] = r.chips;
  j["chip_grid"] = {r.chipsX, r.chipsY};
  j["boards"] = r.boards;
  j["core_axons"] = r.coreCapacityAxons;
  j["core_neurons"] = r.coreCapacityNeurons;
  j["axon_utilization"] = r.axonUtilization;
  j["neuron_utilization"] = r.neuronUtilization;
  j["routes"] = r.routes;
  j["hops_total"] = r.hopsTotal;
  j["hops_mean"] = r.hopsMean;
  j["hops_max"] = r.hopsMax;
  j["latency_ticks"] = r.latency;
  j["readout_delay_ticks"] = r.readoutDelay;
  return j.dump(2) + "\n";
}

} // namespace snnc::mapping
