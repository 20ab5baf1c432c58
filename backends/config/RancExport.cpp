//===- RancExport.cpp - RANC simulator input.json and config.json ---------===//
//
// The schema is the one UA-RCL/RANC's simulator decodes (simulator/src/
// decode.hpp): "packets" (a list of packets per input tick), "output_bus"
// (coordinates and number of outputs) and "cores", each with the axon type
// of every axon ("axons"), one object per neuron, the crossbar by neuron
// ("connections"[neuron][axon]) and grid coordinates. Neurons send to a
// core at a relative offset [dx, dy]; RANC adds one tick to
// destination_tick, so a delay d is written as d - 1.
//
// The output bus sits one column to the right of the rightmost core, on
// row 0. Output neurons (every neuron an OutputMap names, in order,
// positive before negative, each once) send to it with their index as the
// axon; neurons without a target that are not outputs send to one extra
// index after them, which the host ignores (a RANC neuron always has a
// destination).
//
//===----------------------------------------------------------------------===//
#include "backends/config/ConfigExport.h"

#include "backends/config/ExportCommon.h"
#include "runtime/support/Error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <sstream>

namespace snnc::chipcfg {
namespace {

using Json = nlohmann::ordered_json;
using exportdetail::kCoreSize;

constexpr const char *kFormat = "RANC input";
constexpr uint32_t kMaxTickOffset = 16; ///< config.json max_tick_offset

struct Layout {
  int64_t gridX = 1, gridY = 1; ///< num_cores_x, num_cores_y
  int64_t busX = 0, busY = 0;
  /// Output bus index of each neuron of each core; -1: the shared index of
  /// neurons that never fire and have no target.
  std::vector<std::vector<int64_t>> outputIndex;
  int64_t outputs = 0;  ///< Output neurons (the first indices).
  int64_t stray = 0;    ///< Neurons that may fire but have no target.
  bool discard = false; ///< Whether the shared silent index is used.
  int64_t busSize() const { return outputs + stray + (discard ? 1 : 0); }
  int64_t silentIndex() const { return outputs + stray; }
};

/// Whether neuron `n` of `p` can ever fire: a synapse in its column, a
/// positive leak or a start at its threshold. The others may share one
/// output-bus index without RANC's "multiple spikes" warnings.
std::vector<char> mayFire(const CorePrototype &p) {
  std::vector<char> column(p.neurons, 0), fire(p.neurons, 0);
  for (uint32_t s = 0; s < p.column.size(); ++s)
    column[p.column[s]] = 1;
  for (uint32_t n = 0; n < p.neurons; ++n) {
    const NeuronType &t = p.neuronTypes[p.neuronType[n]];
    fire[n] = t.fires && (column[n] || t.leak > 0 || t.vInit >= t.alpha);
  }
  return fire;
}

Layout layout(const ChipConfig &c) {
  Layout l;
  int64_t maxX = -1, maxY = 0;
  for (const Core &core : c.cores) {
    maxX = std::max<int64_t>(maxX, core.x);
    maxY = std::max<int64_t>(maxY, core.y);
  }
  l.busX = maxX + 1;
  l.gridX = maxX + 2;
  l.gridY = maxY + 1;

  l.outputIndex.resize(c.cores.size());
  for (size_t ci = 0; ci < c.cores.size(); ++ci)
    l.outputIndex[ci].assign(c.prototypes[c.cores[ci].prototype].neurons, -1);
  for (const OutputMap &m : c.outputs)
    for (const auto *refs : {&m.positive, &m.negative})
      for (const NeuronRef &r : *refs)
        if (l.outputIndex[r.core][r.neuron] < 0)
          l.outputIndex[r.core][r.neuron] = l.outputs++;
  // Every neuron that may fire without a target gets an index of its own
  // (RANC warns on two spikes at one index in a tick).
  std::vector<std::vector<char>> fires(c.prototypes.size());
  for (size_t pi = 0; pi < c.prototypes.size(); ++pi)
    fires[pi] = mayFire(c.prototypes[pi]);
  for (size_t ci = 0; ci < c.cores.size(); ++ci) {
    const Core &core = c.cores[ci];
    for (size_t n = 0; n < l.outputIndex[ci].size(); ++n)
      if (l.outputIndex[ci][n] < 0 &&
          core.targetStart[n + 1] == core.targetStart[n]) {
        if (fires[core.prototype][n])
          l.outputIndex[ci][n] = l.outputs + l.stray++;
        else
          l.discard = true;
      }
  }
  return l;
}

void checkSpikes(const ChipConfig &c, const std::vector<InputSpike> &spikes) {
  for (size_t i = 0; i < spikes.size(); ++i) {
    const InputSpike &s = spikes[i];
    if (s.core >= c.cores.size())
      fail("{}: input spike {} (tick {}): core {} out of range ({} cores)",
           kFormat, i, s.tick, s.core, c.cores.size());
    uint32_t axons = c.prototypes[c.cores[s.core].prototype].axons;
    if (s.axon >= axons)
      fail("{}: input spike {} (tick {}): axon {} of core {} out of range ({} "
           "axons)",
           kFormat, i, s.tick, s.axon, s.core, axons);
  }
}

} // namespace

void checkRancExportable(const ChipConfig &c) {
  // The scheduler holds max_tick_offset words; a delay of 16 would land
  // on the word being read and be dropped: 15 at most.
  exportdetail::checkCommon(c, kFormat, kMaxTickOffset - 1);
  std::map<std::pair<int32_t, int32_t>, size_t> at;
  for (size_t ci = 0; ci < c.cores.size(); ++ci) {
    const Core &core = c.cores[ci];
    if (core.x < 0 || core.y < 0)
      fail("{}: core {} is at ({}, {}); RANC's grid coordinates start at 0",
           kFormat, ci, core.x, core.y);
    auto [it, added] = at.emplace(std::make_pair(core.x, core.y), ci);
    if (!added)
      fail("{}: cores {} and {} are both at ({}, {}); RANC has one core per "
           "grid position",
           kFormat, it->second, ci, core.x, core.y);
  }
  for (size_t pi = 0; pi < c.prototypes.size(); ++pi) {
    const CorePrototype &p = c.prototypes[pi];
    for (size_t ti = 0; ti < p.neuronTypes.size(); ++ti) {
      const NeuronType &t = p.neuronTypes[ti];
      if (t.reset == ResetMode::None)
        fail("{}: prototype {} ('{}') neuron type {} does not reset after a "
             "spike; RANC's reset modes are absolute (0) and linear (1)",
             kFormat, pi, p.name, ti);
      // RANC resets at the negative threshold (to -reset_potential or by
      // adding beta); saturating at -beta is the absolute reset only when
      // the reset value is beta.
      if (t.negative == NegativeMode::Saturate &&
          !(t.reset == ResetMode::Absolute && t.resetValue == t.beta))
        fail("{}: prototype {} ('{}') neuron type {} saturates at -beta = {} "
             "with {} reset to {}; RANC has no saturation (only an absolute "
             "reset with reset value = beta is equivalent)",
             kFormat, pi, p.name, ti, -int64_t(t.beta),
             t.reset == ResetMode::Absolute ? "absolute" : "linear",
             t.resetValue);
    }
  }
  // One source per axon: RANC keeps one spike per axon and tick where
  // snnc adds every spike that arrives.
  std::vector<std::vector<int64_t>> source(c.cores.size());
  for (size_t ci = 0; ci < c.cores.size(); ++ci)
    source[ci].assign(c.prototypes[c.cores[ci].prototype].axons, -1);
  // `what` names the source only when the check fails (it runs for every
  // target: formatting eagerly cost seconds on large networks).
  auto claim = [&](const Target &t, int64_t id, auto what) {
    int64_t &s = source[t.core][t.axon];
    if (s >= 0 && s != id)
      fail("{}: axon {} of core {} has more than one source ({}); RANC "
           "counts one spike per axon and tick where snnc adds them all",
           kFormat, t.axon, t.core, what());
    s = id;
  };
  int64_t id = 0;
  for (size_t ci = 0; ci < c.cores.size(); ++ci) {
    const Core &core = c.cores[ci];
    for (size_t n = 0; n + 1 < core.targetStart.size(); ++n, ++id)
      for (uint32_t k = core.targetStart[n]; k < core.targetStart[n + 1]; ++k)
        claim(core.targets[k], id, [&] {
          return fmt::format("one is neuron {} of core {}", n, ci);
        });
  }
  for (size_t px = 0; px + 1 < c.input.targetStart.size(); ++px, ++id)
    for (uint32_t k = c.input.targetStart[px]; k < c.input.targetStart[px + 1];
         ++k)
      claim(c.input.targets[k], id,
            [&] { return fmt::format("one is input pixel {}", px); });
  for (const OutputMap &m : c.outputs)
    for (const auto *refs : {&m.positive, &m.negative})
      for (const NeuronRef &r : *refs) {
        const Core &core = c.cores[r.core];
        if (core.targetStart[r.neuron + 1] > core.targetStart[r.neuron])
          fail("{}: output '{}' reads core {} neuron {}, which also has a "
               "target; a RANC neuron has one destination",
               kFormat, m.name, r.core, r.neuron);
      }
}

void writeRancInput(const ChipConfig &c, const std::vector<InputSpike> &spikes,
                    std::ostream &out) {
  checkRancExportable(c);
  checkSpikes(c, spikes);
  Layout l = layout(c);

  // Packets, one list per tick from 0 to the last spike's tick.
  uint64_t ticks = 0;
  for (const InputSpike &s : spikes)
    ticks = std::max<uint64_t>(ticks, uint64_t(s.tick) + 1);
  std::vector<Json> perTick(ticks, Json::array());
  for (const InputSpike &s : spikes) {
    const Core &core = c.cores[s.core];
    Json p;
    p["destination_core"] = {core.x, core.y};
    p["destination_axon"] = s.axon;
    p["destination_tick"] = 0;
    perTick[s.tick].push_back(std::move(p));
  }
  out << "{\"packets\":[";
  for (uint64_t t = 0; t < ticks; ++t)
    out << (t ? ",\n" : "\n") << perTick[t].dump();
  Json bus;
  bus["coordinates"] = {l.busX, l.busY};
  bus["num_outputs"] = l.busSize();
  out << "\n],\n\"output_bus\":" << bus.dump() << ",\n\"cores\":[";

  // Per prototype: the axon types and the crossbar by neuron.
  std::vector<std::string> axons(c.prototypes.size()),
      connections(c.prototypes.size());
  for (size_t pi = 0; pi < c.prototypes.size(); ++pi) {
    const CorePrototype &p = c.prototypes[pi];
    Json types = Json::array();
    for (uint32_t a = 0; a < kCoreSize; ++a)
      types.push_back(a < p.axons ? p.axonTypes[a] : 0);
    axons[pi] = types.dump();
    std::vector<std::vector<int>> byNeuron(p.neurons,
                                           std::vector<int>(kCoreSize, 0));
    for (uint32_t a = 0; a < p.axons; ++a)
      for (uint32_t s = p.rowStart[a]; s < p.rowStart[a + 1]; ++s)
        byNeuron[p.column[s]][a] = 1;
    connections[pi] = Json(byNeuron).dump();
  }

  for (size_t ci = 0; ci < c.cores.size(); ++ci) {
    const Core &core = c.cores[ci];
    const CorePrototype &p = c.prototypes[core.prototype];
    Json neurons = Json::array();
    for (uint32_t n = 0; n < p.neurons; ++n) {
      const NeuronType &t = p.neuronTypes[p.neuronType[n]];
      int64_t dx, dy, axon, tick = 0;
      if (core.targetStart[n + 1] > core.targetStart[n]) {
        const Target &target = core.targets[core.targetStart[n]];
        const Core &dest = c.cores[target.core];
        dx = int64_t(dest.x) - core.x;
        dy = int64_t(dest.y) - core.y;
        axon = target.axon;
        tick = int64_t(target.delay) - 1;
      } else {
        dx = l.busX - core.x;
        dy = l.busY - core.y;
        axon =
            l.outputIndex[ci][n] >= 0 ? l.outputIndex[ci][n] : l.silentIndex();
      }
      Json j;
      j["reset_potential"] = t.resetValue;
      j["weights"] = t.weights;
      j["leak"] = t.leak;
      j["positive_threshold"] = t.alpha;
      j["negative_threshold"] = -int64_t(t.beta);
      j["destination_core_offset"] = {dx, dy};
      j["destination_axon"] = axon;
      j["destination_tick"] = tick;
      j["current_potential"] = t.vInit;
      j["reset_mode"] = t.reset == ResetMode::Absolute ? 0 : 1;
      neurons.push_back(std::move(j));
    }
    out << (ci ? ",\n" : "\n") << "{\"axons\":" << axons[core.prototype]
        << ",\"neurons\":" << neurons.dump()
        << ",\"connections\":" << connections[core.prototype]
        << ",\"coordinates\":[" << core.x << "," << core.y << "]}";
  }
  out << "\n]}\n";
}

std::string rancInputJson(const ChipConfig &config,
                          const std::vector<InputSpike> &spikes) {
  std::ostringstream out;
  writeRancInput(config, spikes, out);
  return out.str();
}

std::string rancConfigJson(const ChipConfig &config) {
  checkRancExportable(config);
  Layout l = layout(config);
  Json j;
  j["num_neurons"] = kCoreSize;
  j["num_axons"] = kCoreSize;
  j["num_cores_x"] = l.gridX;
  j["num_cores_y"] = l.gridY;
  j["num_weights"] = 4;
  j["max_tick_offset"] = kMaxTickOffset;
  j["neuron_block_trace_verbosity"] = 0;
  j["core_controller_trace_verbosity"] = 0;
  j["scheduler_trace_verbosity"] = 0;
  // 1 (symmetric): the negative threshold is crossed when V <=
  // negative_threshold, as in snnc's model (0 would test <).
  j["neuron_reset_type"] = 1;
  return j.dump(4) + "\n";
}

void exportRanc(const ChipConfig &config, const std::vector<InputSpike> &spikes,
                const std::string &dir) {
  std::string cfg = rancConfigJson(config); // checks before any file
  checkSpikes(config, spikes);
  exportdetail::makeDirectory(dir);
  // Streamed: RANC's input holds a 256 x 256 matrix per core (about 100 KB
  // each), gigabytes for a detector.
  exportdetail::writeFileWith(dir + "/input.json", [&](std::ostream &out) {
    writeRancInput(config, spikes, out);
  });
  exportdetail::writeFile(dir + "/config.json", cfg);
}

} // namespace snnc::chipcfg
