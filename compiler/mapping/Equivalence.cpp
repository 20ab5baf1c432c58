//===- Equivalence.cpp - Emulator against graph-level simulator -----------===//

#include "compiler/mapping/Equivalence.h"

#include "runtime/emulator/Emulator.h"
#include "runtime/snn/Simulator.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace snnc::mapping {

namespace {
/// One tick of the host's pixel encoder (the simulator's, in the same float
/// steps): integrate-and-fire per pixel, threshold 1, reset by subtraction;
/// a firing pixel's spike goes to each of its input-map targets.
void encodeTick(const Tensor &image, const chipcfg::InputMap &im,
                std::vector<float> &v, emu::Emulator &em) {
  for (size_t p = 0; p < v.size(); ++p) {
    float u = v[p] + image.data[p];
    bool fire = u >= 1.0f;
    v[p] = fire ? u - 1.0f : u;
    if (fire)
      for (uint32_t k = im.targetStart[p]; k < im.targetStart[p + 1]; ++k)
        em.inject({im.targets[k].core, im.targets[k].axon, 1},
                  im.targets[k].delay);
  }
}
} // namespace

EquivalenceResult compareWithSimulator(const SpikingGraph &g,
                                       const chipcfg::ChipConfig &cfg,
                                       const MappingTrace &trace,
                                       const Tensor &image, int ticks,
                                       int checkEvery) {
  EquivalenceResult result;
  result.ticks = ticks;
  // Chip neuron -> (node, channel, sign) for the layers the trace covers.
  struct Slot {
    int node;
    int64_t channel;
    int sign;
  };
  std::unordered_map<uint64_t, Slot> slotOf;
  auto key = [](uint32_t core, uint32_t neuron) {
    return (uint64_t(core) << 32) | neuron;
  };
  for (size_t ni = 0; ni < trace.nodes.size(); ++ni) {
    const MappingTrace::Node &node = trace.nodes[ni];
    int64_t C = g.nodes[ni].shape.c;
    if (g.nodes[ni].kind == SpikingKind::Output)
      continue; // membrane-read or counted by the host: compared as values
    for (size_t e = 0; e < node.neurons.size(); ++e) {
      const chipcfg::NeuronRef &r = node.neurons[e];
      slotOf[key(r.core, r.neuron)] = {int(ni), int64_t(e) % C, 1};
      if (node.pairs)
        slotOf[key(r.core, r.neuron + 1)] = {int(ni), int64_t(e) % C, -1};
    }
  }
  // Spike-count outputs: chip neuron -> (output, element, sign), and the
  // signed count per element that the host decodes.
  struct CountSlot {
    size_t output;
    size_t element;
    int sign;
  };
  std::unordered_map<uint64_t, CountSlot> countSlotOf;
  std::vector<std::vector<int64_t>> outputCounts(cfg.outputs.size());
  for (size_t o = 0; o < cfg.outputs.size(); ++o) {
    const chipcfg::OutputMap &om = cfg.outputs[o];
    if (om.decoding != chipcfg::OutputDecoding::SpikeCount)
      continue;
    outputCounts[o].assign(om.positive.size(), 0);
    for (size_t e = 0; e < om.positive.size(); ++e) {
      countSlotOf[key(om.positive[e].core, om.positive[e].neuron)] = {o, e, 1};
      if (!om.negative.empty())
        countSlotOf[key(om.negative[e].core, om.negative[e].neuron)] = {o, e,
                                                                        -1};
    }
  }
  // counts[node][channel * 2 + (sign < 0)]
  std::vector<std::vector<int64_t>> counts(g.nodes.size());
  for (size_t ni = 0; ni < g.nodes.size(); ++ni)
    counts[ni].assign(g.nodes[ni].shape.c * 2, 0);

  Simulator sim(g);
  SimulationOptions all;
  all.ticks = ticks;
  all.activateHeads = false;
  all.channelStats = false;
  for (int t = 1; t <= ticks; ++t)
    all.checkpoints.push_back(t);
  SimulationResult heads = sim.run(image, all);

  emu::Emulator em(cfg);
  em.reset();
  std::vector<float> v(image.data.size(), 0.0f);
  const chipcfg::InputMap &im = cfg.input;
  auto mismatch = [&](const std::string &what) {
    if (result.firstMismatch.empty())
      result.firstMismatch = what;
    ++result.mismatches;
  };
  for (int t = 1; t <= ticks; ++t) {
    encodeTick(image, im, v, em);
    for (const emu::NeuronSpike &s : em.tick()) {
      auto counted = countSlotOf.find(key(s.core, s.neuron));
      if (counted != countSlotOf.end())
        outputCounts[counted->second.output][counted->second.element] +=
            counted->second.sign * s.sign;
      auto it = slotOf.find(key(s.core, s.neuron));
      if (it == slotOf.end())
        continue; // relays, comparators, splitters: internal
      int sign = it->second.sign * s.sign;
      ++counts[it->second.node][it->second.channel * 2 + (sign < 0)];
      ++result.spikesCompared;
      result.negativeSpikes += sign < 0;
    }
    if (t % checkEvery == 0 || t == ticks) {
      SimulationOptions upTo;
      upTo.ticks = t;
      upTo.activateHeads = false;
      SimulationResult r = sim.run(image, upTo);
      for (size_t ni = 0; ni < g.nodes.size(); ++ni) {
        const SpikingNode &n = g.nodes[ni];
        if (trace.nodes[ni].neurons.empty() || n.kind == SpikingKind::Output)
          continue;
        int64_t pos = 0, neg = 0;
        for (int64_t c = 0; c < n.shape.c; ++c) {
          pos += counts[ni][c * 2];
          neg += counts[ni][c * 2 + 1];
          if (counts[ni][c * 2] + counts[ni][c * 2 + 1] !=
              r.layers[ni].channelSpikes[c])
            mismatch(fmt::format(
                "tick {}: layer '{}' channel {}: emulator {} spikes, "
                "simulator {}",
                t, n.name, c, counts[ni][c * 2] + counts[ni][c * 2 + 1],
                r.layers[ni].channelSpikes[c]));
        }
        if (pos != r.layers[ni].positiveSpikes ||
            neg != r.layers[ni].negativeSpikes)
          mismatch(fmt::format("tick {}: layer '{}': emulator +{} -{}, "
                               "simulator +{} -{}",
                               t, n.name, pos, neg, r.layers[ni].positiveSpikes,
                               r.layers[ni].negativeSpikes));
      }
    }
    // Outputs: the membrane potential, or the signed spike count, decoded
    // with the simulator's formula.
    for (size_t o = 0; o < g.outputs.size(); ++o) {
      const SpikingNode &out = g.nodes[g.outputs[o]];
      if (out.readoutDelay)
        continue;
      const chipcfg::OutputMap &om = cfg.outputs[o];
      const int64_t hw = out.shape.h * out.shape.w;
      for (int64_t c = 0; c < out.shape.c; ++c)
        for (int64_t p = 0; p < hw; ++p) {
          float decoded;
          if (out.decoding == Decoding::Membrane) {
            const chipcfg::NeuronRef &r = om.positive[c * hw + p];
            float value = static_cast<float>(em.potential(r.core, r.neuron));
            decoded = value / static_cast<float>(t) * out.outputScale[c];
          } else {
            float vth = out.vthPosC.empty() ? out.vthPos : out.vthPosC[c];
            decoded = static_cast<float>(outputCounts[o][c * hw + p]) * vth /
                      static_cast<float>(t) * out.outputScale[c];
          }
          ++result.valuesCompared;
          if (decoded != heads.heads[t - 1][o].data[c * hw + p])
            mismatch(fmt::format("tick {}: output '{}' element {}: "
                                 "emulator {}, simulator {}",
                                 t, out.name, c * hw + p, decoded,
                                 heads.heads[t - 1][o].data[c * hw + p]));
        }
    }
  }
  return result;
}

double LayerSpikeTotals::perNeuronDifference() const {
  return std::abs(double(emulator - simulator)) /
         std::max<double>(double(neurons), 1.0);
}

double LayerSpikeTotals::relativeDifference() const {
  return std::abs(double(emulator - simulator)) /
         std::max<double>(double(simulator), 1.0);
}

std::vector<std::string> timingDifferences(const chip::ChipDescription &chip,
                                           const MappingReport &report) {
  std::vector<std::string> why;
  if (chip.minDelay > 0 && report.latency > 0)
    why.push_back(fmt::format(
        "pipeline: every route takes at least {} tick(s) on '{}', so each "
        "layer runs its step t at chip tick t + its offset; the outputs see "
        "the input after {} ticks",
        chip.minDelay, chip.name, report.latency));
  if (report.total.relays > 0)
    why.push_back(fmt::format(
        "relays: {} relay neurons pass the partial sums of split fan-ins on "
        "as spikes, each with a rounding residue below its threshold "
        "(docs/MAPPING.md), so a layer's spikes differ by a few per neuron",
        report.total.relays));
  if (report.total.splitters > 0)
    why.push_back(fmt::format(
        "splitters: {} neurons copy spikes for the one-target-per-neuron "
        "limit, adding a tick on those routes",
        report.total.splitters));
  return why;
}

std::vector<LayerSpikeTotals>
compareShiftedSpikeTotals(const SpikingGraph &g, const chipcfg::ChipConfig &cfg,
                          const MappingTrace &trace,
                          const MappingReport &report, const Tensor &image,
                          int ticks) {
  // Core -> tick offset of its group (groups are listed in core order).
  std::vector<int64_t> tauOfCore;
  for (const GroupSummary &grp : report.groups)
    tauOfCore.insert(tauOfCore.end(), static_cast<size_t>(grp.cores), grp.tau);
  tauOfCore.resize(cfg.cores.size(), report.latency);

  std::vector<LayerSpikeTotals> rows;
  std::vector<int> rowOfNode(g.nodes.size(), -1);
  std::unordered_map<uint64_t, int> rowOfNeuron;
  auto key = [](uint32_t core, uint32_t neuron) {
    return (uint64_t(core) << 32) | neuron;
  };
  for (size_t ni = 0; ni < trace.nodes.size(); ++ni) {
    const MappingTrace::Node &node = trace.nodes[ni];
    // Outputs decoded from membrane potentials do not fire; those decoded
    // from spike counts do, and their spikes are what the host reads.
    if (node.neurons.empty() || (g.nodes[ni].kind == SpikingKind::Output &&
                                 g.nodes[ni].decoding != Decoding::SpikeCount))
      continue;
    LayerSpikeTotals row;
    row.name = g.nodes[ni].name;
    row.offset = tauOfCore.at(node.neurons.front().core);
    row.neurons = static_cast<int64_t>(node.neurons.size());
    rowOfNode[ni] = static_cast<int>(rows.size());
    for (const chipcfg::NeuronRef &r : node.neurons) {
      rowOfNeuron[key(r.core, r.neuron)] = rowOfNode[ni];
      if (node.pairs)
        rowOfNeuron[key(r.core, r.neuron + 1)] = rowOfNode[ni];
    }
    rows.push_back(row);
  }

  Simulator sim(g);
  SimulationOptions upTo;
  upTo.ticks = ticks;
  upTo.activateHeads = false;
  SimulationResult r = sim.run(image, upTo);
  for (size_t ni = 0; ni < g.nodes.size(); ++ni)
    if (rowOfNode[ni] >= 0)
      rows[rowOfNode[ni]].simulator =
          r.layers[ni].positiveSpikes + r.layers[ni].negativeSpikes;

  emu::Emulator em(cfg);
  em.reset();
  std::vector<float> v(image.data.size(), 0.0f);
  const chipcfg::InputMap &im = cfg.input;
  const int total = ticks + static_cast<int>(report.latency);
  for (int t = 1; t <= total; ++t) {
    // The host encodes the image for `ticks` ticks, as the simulator does.
    if (t <= ticks)
      encodeTick(image, im, v, em);
    for (const emu::NeuronSpike &s : em.tick()) {
      auto it = rowOfNeuron.find(key(s.core, s.neuron));
      if (it == rowOfNeuron.end())
        continue;
      LayerSpikeTotals &row = rows[it->second];
      if (t > row.offset && t <= row.offset + ticks)
        ++row.emulator;
    }
  }
  return rows;
}

} // namespace snnc::mapping
