//===- GridNetwork.cpp - A configuration in the data-parallel layout ------===//
#include "runtime/emulator/grid/GridNetwork.h"

#include "runtime/support/Error.h"

#include <algorithm>
#include <cstdlib>
#include <limits>

namespace snnc::emu::grid {

using namespace chipcfg;

namespace {

void buildPrototypes(const ChipConfig &config, GridNetwork &g) {
  for (const CorePrototype &p : config.prototypes) {
    const uint32_t typeBase = static_cast<uint32_t>(g.types.size());
    for (const NeuronType &t : p.neuronTypes)
      g.types.push_back({t.leak, t.alpha, t.beta, t.resetValue, t.vInit,
                         static_cast<uint8_t>(t.reset),
                         static_cast<uint8_t>(t.negative),
                         static_cast<uint8_t>(t.fires)});
    g.protoAxons.push_back(p.axons);
    g.protoNeurons.push_back(p.neurons);
    g.protoWeight.push_back(g.weight.size());
    g.protoNeuronType.push_back(g.neuronType.size());
    g.protoRow.push_back(g.rowLength.size());
    for (uint32_t n = 0; n < p.neurons; ++n)
      g.neuronType.push_back(typeBase + p.neuronType[n]);
    const size_t base = g.weight.size();
    g.weight.resize(base + size_t(p.axons) * p.neurons, 0);
    for (uint32_t a = 0; a < p.axons; ++a) {
      g.rowLength.push_back(p.rowStart[a + 1] - p.rowStart[a]);
      for (uint32_t j = p.rowStart[a]; j < p.rowStart[a + 1]; ++j) {
        const uint32_t n = p.column[j];
        g.weight[base + size_t(a) * p.neurons + n] =
            p.kind == CrossbarKind::Weighted
                ? p.weight[j]
                : p.neuronTypes[p.neuronType[n]].weights[p.axonTypes[a]];
      }
    }
    g.maxNeurons = std::max(g.maxNeurons, p.neurons);
  }
}

void buildPhases(const ChipConfig &config, GridNetwork &g) {
  const std::vector<uint32_t> phase = corePhases(config);
  g.phases.assign(
      phase.empty() ? 0 : *std::max_element(phase.begin(), phase.end()) + 1,
      {});
  for (size_t c = 0; c < phase.size(); ++c)
    g.phases[phase[c]].push_back(static_cast<uint32_t>(c));
}

void buildRoutes(const ChipConfig &config, GridNetwork &g) {
  const size_t cores = config.cores.size();
  // In-edges as the event-driven emulator numbers them: a core's axons
  // first, then one more per further target to an axon already reached,
  // in the order of the source cores and their targets.
  std::vector<uint64_t> axonBase(cores + 1, 0);
  for (size_t c = 0; c < cores; ++c)
    axonBase[c + 1] =
        axonBase[c] + config.prototypes[config.cores[c].prototype].axons;
  std::vector<uint8_t> reached(axonBase[cores], 0);
  std::vector<uint64_t> extra(cores, 0);
  for (const Core &core : config.cores)
    for (const Target &t : core.targets) {
      uint8_t &r = reached[axonBase[t.core] + t.axon];
      extra[t.core] += r;
      r = 1;
    }
  g.coreEdge.assign(cores + 1, 0);
  uint32_t maxDelay = 0;
  for (size_t c = 0; c < cores; ++c)
    g.coreEdge[c + 1] =
        g.coreEdge[c] + (axonBase[c + 1] - axonBase[c]) + extra[c];
  g.edges = g.coreEdge[cores];
  g.edgeAxon.assign(g.edges, 0);
  for (size_t c = 0; c < cores; ++c)
    for (uint64_t a = 0; a < axonBase[c + 1] - axonBase[c]; ++a)
      g.edgeAxon[g.coreEdge[c] + a] = static_cast<uint32_t>(a);
  std::fill(reached.begin(), reached.end(), 0);
  std::fill(extra.begin(), extra.end(), 0);
  g.routeStart.assign(g.neurons + 1, 0);
  g.hops.assign(g.neurons, 0);
  for (size_t c = 0; c < cores; ++c) {
    const Core &core = config.cores[c];
    const uint32_t neurons = config.prototypes[core.prototype].neurons;
    for (uint32_t n = 0; n < neurons; ++n) {
      const uint64_t i = g.coreNeuron[c] + n;
      g.routeStart[i] = g.routeEdge.size();
      uint64_t hops = 0;
      for (uint32_t j = core.targetStart[n]; j < core.targetStart[n + 1]; ++j) {
        const Target &t = core.targets[j];
        const Core &to = config.cores[t.core];
        hops += static_cast<uint64_t>(std::abs(int64_t(to.x) - core.x) +
                                      std::abs(int64_t(to.y) - core.y));
        uint8_t &r = reached[axonBase[t.core] + t.axon];
        uint64_t edge = g.coreEdge[t.core] + t.axon;
        if (r) {
          edge = g.coreEdge[t.core] +
                 (axonBase[t.core + 1] - axonBase[t.core]) + extra[t.core]++;
          g.edgeAxon[edge] = t.axon;
        }
        r = 1;
        g.routeEdge.push_back(edge);
        g.routeDelay.push_back(t.delay);
        maxDelay = std::max(maxDelay, t.delay);
      }
      if (hops > std::numeric_limits<uint32_t>::max())
        fail("core {} neuron {}: a spike travels {} hops; at most 2^32 - 1 "
             "supported",
             c, n, hops);
      g.hops[i] = static_cast<uint32_t>(hops);
    }
  }
  g.routeStart[g.neurons] = g.routeEdge.size();
  g.ringSlots = maxDelay + 1;
}

} // namespace

GridNetwork buildGridNetwork(const ChipConfig &config) {
  GridNetwork g;
  const uint32_t bits = config.chip.potentialBits;
  if (bits < 2 || bits > 64)
    fail("chip configuration '{}': potential width {} bits is outside 2..64",
         config.network, bits);
  g.vMax = bits < 64 ? (int64_t(1) << (bits - 1)) - 1
                     : std::numeric_limits<int64_t>::max();
  g.vMin = bits < 64 ? -g.vMax - 1 : std::numeric_limits<int64_t>::min();
  g.signedSpikes = config.chip.signedSpikes;
  buildPrototypes(config, g);
  g.coreNeuron.assign(config.cores.size() + 1, 0);
  for (size_t c = 0; c < config.cores.size(); ++c) {
    g.coreProto.push_back(config.cores[c].prototype);
    g.coreNeuron[c + 1] =
        g.coreNeuron[c] + config.prototypes[config.cores[c].prototype].neurons;
  }
  g.neurons = g.coreNeuron.back();
  g.vInit.resize(g.neurons);
  for (size_t c = 0; c < config.cores.size(); ++c) {
    const CorePrototype &p = config.prototypes[config.cores[c].prototype];
    for (uint32_t n = 0; n < p.neurons; ++n)
      g.vInit[g.coreNeuron[c] + n] = p.neuronTypes[p.neuronType[n]].vInit;
  }
  buildRoutes(config, g);
  buildPhases(config, g);
  return g;
}

void GridNetwork::releaseBulk() {
  std::vector<int32_t>().swap(weight);
  std::vector<uint32_t>().swap(rowLength);
  std::vector<uint32_t>().swap(neuronType);
  std::vector<GridNeuronType>().swap(types);
  std::vector<uint32_t>().swap(edgeAxon);
  std::vector<uint64_t>().swap(routeStart);
  std::vector<uint64_t>().swap(routeEdge);
  std::vector<uint32_t>().swap(routeDelay);
  std::vector<uint32_t>().swap(hops);
  std::vector<int64_t>().swap(vInit);
}

GridView GridNetwork::view() const {
  GridView v{};
  v.vMin = vMin;
  v.vMax = vMax;
  v.signedSpikes = signedSpikes;
  v.ringSlots = ringSlots;
  v.edges = edges;
  v.coreProto = coreProto.data();
  v.coreNeuron = coreNeuron.data();
  v.coreEdge = coreEdge.data();
  v.protoAxons = protoAxons.data();
  v.protoNeurons = protoNeurons.data();
  v.protoWeight = protoWeight.data();
  v.protoNeuronType = protoNeuronType.data();
  v.protoRow = protoRow.data();
  v.weight = weight.data();
  v.rowLength = rowLength.data();
  v.neuronType = neuronType.data();
  v.types = types.data();
  v.edgeAxon = edgeAxon.data();
  v.routeStart = routeStart.data();
  v.routeEdge = routeEdge.data();
  v.routeDelay = routeDelay.data();
  v.hops = hops.data();
  return v;
}

} // namespace snnc::emu::grid
