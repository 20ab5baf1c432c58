//===- MappingReport.cpp - The resource report as text and JSON -----------===//

#include "compiler/mapping/Mapper.h"

#include <algorithm>
#include <cstdlib>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace snnc::mapping {

using namespace chipcfg;

MappingReport reportOf(const MappedNetwork &net,
                       const chip::ChipDescription &chip) {
  return reportOf(net.config, net.groups, net.layers, chip);
}

MappingReport reportOf(const ChipConfig &cfg,
                       const std::vector<CoreGroup> &groups,
                       const std::vector<LayerStats> &layers,
                       const chip::ChipDescription &chip) {
  MappingReport report;
  report.network = cfg.network;
  report.chip = chip.name;
  int64_t perChip = chip.coresX * chip.coresY;
  report.chips = (static_cast<int64_t>(cfg.cores.size()) + perChip - 1) /
                 std::max<int64_t>(perChip, 1);
  report.chipsX = cfg.chip.chipsX;
  report.chipsY = cfg.chip.chipsY;
  report.boards = (report.chips + chip.chipsPerBoard - 1) /
                  std::max<int64_t>(chip.chipsPerBoard, 1);
  for (const LayerStats &l : layers) {
    LayerResources r;
    r.name = l.name;
    r.kind = l.kind;
    r.tiling = l.tiling;
    r.relays = l.relays;
    r.splitters = l.splitters;
    r.pairNeurons = l.pairNeurons;
    r.comparators = l.comparators;
    r.macs = l.macs;
    report.layers.push_back(r);
  }
  uint64_t axonsCap = 0, neuronsCap = 0;
  for (const CoreGroup &grp : groups)
    report.groups.push_back(
        {grp.name, grp.role, grp.coreCount, grp.tau, grp.level});
  for (const CoreGroup &grp : groups) {
    LayerResources &r = report.layers.at(grp.node);
    r.latency = std::max(r.latency, grp.tau);
    for (uint32_t k = 0; k < grp.coreCount; ++k) {
      const Core &core = cfg.cores[grp.firstCore + k];
      const CorePrototype &p = cfg.prototypes[core.prototype];
      ++r.cores;
      r.synapses += static_cast<int64_t>(p.synapses());
      // Neurons that do something: with targets, or read by the host.
      int64_t used = 0;
      for (uint32_t j = 0; j < p.neurons; ++j)
        used += core.targetStart[j + 1] > core.targetStart[j] ||
                !p.neuronTypes[p.neuronType[j]].fires;
      r.neurons += used;
      int64_t axons = 0;
      for (uint32_t a = 0; a < p.axons; ++a)
        axons += p.rowStart[a + 1] > p.rowStart[a];
      r.axonsUsed += axons;
      axonsCap += chip.axonsPerCore ? chip.axonsPerCore : p.axons;
      neuronsCap += chip.neuronsPerCore ? chip.neuronsPerCore : p.neurons;
    }
  }
  // Output neurons with spike-count decoding have no targets: count them.
  for (const OutputMap &om : cfg.outputs) {
    int64_t row = -1;
    for (size_t i = 0; i < report.layers.size(); ++i)
      if (report.layers[i].name == om.name)
        row = static_cast<int64_t>(i);
    if (row >= 0 && om.decoding == OutputDecoding::SpikeCount)
      report.layers[row].neurons +=
          static_cast<int64_t>(om.positive.size() + om.negative.size());
    report.latency = std::max<int64_t>(report.latency, om.latency);
    report.readoutDelay =
        std::max<int64_t>(report.readoutDelay, om.readoutDelay);
  }
  LayerResources &t = report.total;
  t.name = "total";
  for (const LayerResources &r : report.layers) {
    t.cores += r.cores;
    t.neurons += r.neurons;
    t.relays += r.relays;
    t.splitters += r.splitters;
    t.pairNeurons += r.pairNeurons;
    t.comparators += r.comparators;
    t.synapses += r.synapses;
    t.axonsUsed += r.axonsUsed;
    t.macs += r.macs;
    t.latency = std::max(t.latency, r.latency);
  }
  report.prototypes = static_cast<int64_t>(cfg.prototypes.size());
  report.coreCapacityAxons = chip.axonsPerCore;
  report.coreCapacityNeurons = chip.neuronsPerCore;
  report.axonUtilization = axonsCap ? double(t.axonsUsed) / axonsCap : 0;
  report.neuronUtilization = neuronsCap ? double(t.neurons) / neuronsCap : 0;
  // Routes and their mesh hops.
  uint64_t hops = 0, routes = 0;
  int64_t hopsMax = 0;
  for (const Core &core : cfg.cores)
    for (const Target &tg : core.targets) {
      const Core &to = cfg.cores[tg.core];
      int64_t h = std::abs(core.x - to.x) + std::abs(core.y - to.y);
      hops += h;
      hopsMax = std::max(hopsMax, h);
      ++routes;
    }
  report.hopsTotal = hops;
  report.hopsMax = hopsMax;
  report.routes = routes;
  report.hopsMean = routes ? double(hops) / routes : 0;
  return report;
}

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
