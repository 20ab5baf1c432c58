//===- CorePacker.cpp - Irregular neurons packed into cores ---------------===//

#include "compiler/mapping/CorePacker.h"

#include "runtime/support/Error.h"

#include <algorithm>
#include <cctype>

namespace snnc::mapping {

using namespace chipcfg;

namespace {

/// FNV-1a over the bytes of a vector.
template <typename T> void mix(uint64_t &h, const std::vector<T> &v) {
  const auto *p = reinterpret_cast<const unsigned char *>(v.data());
  for (size_t i = 0; i < v.size() * sizeof(T); ++i)
    h = (h ^ p[i]) * 1099511628211ull;
  h = (h ^ v.size()) * 1099511628211ull;
}

uint64_t hashOf(const CorePrototype &p) {
  uint64_t h = 1469598103934665603ull;
  mix(h, p.axonTypes);
  mix(h, p.rowStart);
  mix(h, p.column);
  mix(h, p.weight);
  mix(h, p.neuronType);
  for (const NeuronType &t : p.neuronTypes) {
    std::vector<int32_t> fields = {t.weights[0], t.weights[1], t.weights[2],
                                   t.weights[3], t.leak,       t.alpha,
                                   t.beta,       int(t.reset), int(t.negative),
                                   t.resetValue, t.vInit,      int(t.fires)};
    mix(h, fields);
  }
  return h;
}

bool sameContent(const CorePrototype &a, const CorePrototype &b) {
  return a.axons == b.axons && a.neurons == b.neurons && a.kind == b.kind &&
         a.axonTypes == b.axonTypes && a.rowStart == b.rowStart &&
         a.column == b.column && a.weight == b.weight &&
         a.neuronTypes == b.neuronTypes && a.neuronType == b.neuronType;
}

} // namespace

int MappedNetwork::newGroup(std::string name, int node, std::string role) {
  CoreGroup g;
  g.name = std::move(name);
  g.node = node;
  g.role = std::move(role);
  g.firstCore = static_cast<uint32_t>(config.cores.size());
  groups.push_back(std::move(g));
  if (neuronBase.empty())
    neuronBase.push_back(0);
  return static_cast<int>(groups.size()) - 1;
}

uint32_t MappedNetwork::addPrototype(CorePrototype proto) {
  // Final names "p<index>_<name, other characters as '_'>": unique, and a
  // valid symbol of the tn IR as they are (docs/DIALECTS.md).
  std::string name = "p" + std::to_string(config.prototypes.size());
  if (!proto.name.empty())
    name += "_";
  for (char c : proto.name)
    name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  proto.name = std::move(name);
  config.prototypes.push_back(std::move(proto));
  return static_cast<uint32_t>(config.prototypes.size()) - 1;
}

uint32_t MappedNetwork::addCore(uint32_t proto, int group,
                                std::pair<float, float> spot) {
  CoreGroup &g = groups[group];
  if (g.firstCore + g.coreCount != config.cores.size())
    fail("internal: cores of group '{}' are not contiguous", g.name);
  Core core;
  core.prototype = proto;
  core.layer = static_cast<uint32_t>(group);
  config.cores.push_back(std::move(core));
  coreSpot.push_back(spot);
  ++g.coreCount;
  uint64_t next = neuronBase.back() + config.prototypes[proto].neurons;
  if (next > UINT32_MAX)
    fail("the network needs more than 2^32 neurons ({} so far)", next);
  neuronBase.push_back(next);
  return static_cast<uint32_t>(config.cores.size()) - 1;
}

std::pair<uint32_t, uint32_t> MappedNetwork::locate(uint64_t id) const {
  auto it = std::upper_bound(neuronBase.begin(), neuronBase.end(), id);
  uint32_t core = static_cast<uint32_t>(it - neuronBase.begin()) - 1;
  return {core, static_cast<uint32_t>(id - neuronBase[core])};
}

uint32_t MappedNetwork::globalId(uint32_t core, uint32_t neuron) const {
  return static_cast<uint32_t>(neuronBase[core] + neuron);
}

void MappedNetwork::computeNeuronBase() {
  neuronBase.assign(1, 0);
  for (const Core &core : config.cores)
    neuronBase.push_back(neuronBase.back() +
                         config.prototypes.at(core.prototype).neurons);
}

void MappedNetwork::edgesToTargets() {
  const size_t cores = config.cores.size();
  const uint64_t total = totalNeurons();
  // Bucket by source, keeping the edges' order within a neuron.
  std::vector<uint64_t> start(total + 1, 0);
  for (const Edge &e : edges)
    ++start[e.source + 1];
  for (uint64_t i = 0; i < total; ++i)
    start[i + 1] += start[i];
  std::vector<Target> flat(edges.size());
  {
    std::vector<uint64_t> fill(start.begin(), start.end() - 1);
    for (const Edge &e : edges)
      flat[fill[e.source]++] = {e.core, e.axon, 0};
  }
  edges.clear();
  edges.shrink_to_fit();
  for (size_t c = 0; c < cores; ++c) {
    Core &core = config.cores[c];
    uint64_t base = neuronBase[c], end = neuronBase[c + 1];
    core.targetStart.resize(end - base + 1);
    for (uint64_t i = base; i <= end; ++i)
      core.targetStart[i - base] =
          static_cast<uint32_t>(start[i] - start[base]);
    core.targets.assign(flat.begin() + start[base], flat.begin() + start[end]);
  }
}

void MappedNetwork::targetsToEdges() {
  if (scheduled)
    fail("internal: routes of a scheduled network turned back into edges");
  edges.clear();
  for (size_t c = 0; c < config.cores.size(); ++c) {
    Core &core = config.cores[c];
    for (size_t j = 0; j + 1 < core.targetStart.size(); ++j)
      for (uint32_t k = core.targetStart[j]; k < core.targetStart[j + 1]; ++k)
        edges.push_back({static_cast<uint32_t>(neuronBase[c] + j),
                         core.targets[k].core, core.targets[k].axon});
    core.targetStart.clear();
    core.targets.clear();
    core.targets.shrink_to_fit();
  }
}

void MappedNetwork::syncLayerInfo() {
  config.layers.clear();
  for (const CoreGroup &g : groups)
    config.layers.push_back({g.name, g.role, g.macs});
}

NeuronType firingType(const chip::ChipDescription &chip, int64_t potentialMax,
                      int64_t alpha, std::optional<int64_t> beta,
                      bool zeroReset, int64_t leak, int64_t vInit) {
  NeuronType t;
  t.alpha = static_cast<int32_t>(alpha);
  t.leak = static_cast<int32_t>(leak);
  t.vInit = static_cast<int32_t>(vInit);
  t.reset =
      zeroReset ? chipcfg::ResetMode::Absolute : chipcfg::ResetMode::Linear;
  t.resetValue = 0;
  if (beta) {
    t.beta = static_cast<int32_t>(*beta);
    // Signed-spike chips emit the negative spike; otherwise the mirrored
    // partner does and this neuron only resets.
    t.negative = chip.signedSpikes ? NegativeMode::Spike : NegativeMode::Reset;
  } else if (chip.portableNeurons) {
    // No negative threshold, without the saturation RANC lacks: a linear
    // reset by 0 changes nothing; an absolute reset at the bottom of the
    // range, which an IF neuron never reaches in practice.
    t.negative = NegativeMode::Reset;
    t.beta = t.reset == chipcfg::ResetMode::Linear
                 ? 0
                 : static_cast<int32_t>(potentialMax);
  } else {
    // No negative threshold: a floor at the bottom of the potential's
    // range, which an IF neuron never reaches in practice.
    t.beta = static_cast<int32_t>(potentialMax);
    t.negative = NegativeMode::Saturate;
  }
  return t;
}

NeuronType mirrorType(const NeuronType &t, bool oddPotentials) {
  NeuronType m = t;
  for (int32_t &w : m.weights)
    w = -w;
  m.leak = -t.leak;
  m.alpha = t.beta;
  m.beta = t.alpha;
  m.vInit = oddPotentials ? -t.vInit - 1 : -t.vInit;
  return m;
}

CorePacker::CorePacker(MappedNetwork &net, int group, bool binary,
                       int64_t axons, int64_t neurons)
    : net(net), group(group), binary(binary), maxAxons(axons),
      maxNeurons(neurons) {
  pendingBase = net.neuronBase.back();
}

CorePacker::~CorePacker() { flush(); }

uint32_t CorePacker::add(const LogicalNeuron &n) {
  int64_t count = n.pair ? 2 : 1;
  auto keyOf = [&](uint32_t source, int32_t weight) -> uint64_t {
    uint8_t type = binary && weight < 0 ? 1 : 0;
    return (uint64_t(source) << 1) | type;
  };
  int64_t fresh = 0;
  for (auto [source, weight] : n.inputs)
    fresh += !axonOf.count(keyOf(source, weight));
  if (fresh > maxAxons)
    fail("internal: a neuron with {} inputs cannot fit a core of {} axons",
         fresh, maxAxons);
  if (!neurons.empty() && (int64_t(axonKeys.size()) + fresh > maxAxons ||
                           int64_t(neurons.size()) + count > maxNeurons))
    flush();
  uint32_t id = static_cast<uint32_t>(pendingBase + neurons.size());
  if (neurons.empty())
    pendingSpot = n.spot;
  Placed p;
  p.type = n.type;
  if (binary) {
    p.type.weights = {n.unit, -n.unit, 0, 0};
  } else {
    p.type.weights = {0, 0, 0, 0};
  }
  p.first = static_cast<uint32_t>(synapses.size());
  for (auto [source, weight] : n.inputs) {
    if (binary && weight != n.unit && weight != -n.unit)
      fail("internal: weight {} of a packed neuron is not +-{}", weight,
           n.unit);
    uint64_t key = keyOf(source, weight);
    auto [it, inserted] =
        axonOf.emplace(key, static_cast<uint32_t>(axonKeys.size()));
    if (inserted)
      axonKeys.push_back({source, static_cast<uint8_t>(key & 1)});
    synapses.push_back({it->second, binary ? 1 : weight});
  }
  p.count = static_cast<uint32_t>(synapses.size()) - p.first;
  neurons.push_back(p);
  if (n.pair) {
    Placed m;
    m.type = mirrorType(p.type, net.oddPotentials);
    m.first = static_cast<uint32_t>(synapses.size());
    m.count = p.count;
    for (uint32_t k = p.first; k < p.first + p.count; ++k) {
      const auto s = synapses[k]; // copied: push_back may reallocate
      synapses.push_back({s.first, binary ? s.second : -s.second});
    }
    neurons.push_back(std::move(m));
  }
  return id;
}

void CorePacker::flush() {
  if (neurons.empty())
    return;
  CorePrototype proto;
  proto.name = net.groups[group].name;
  proto.axons = static_cast<uint32_t>(axonKeys.size());
  proto.neurons = static_cast<uint32_t>(neurons.size());
  proto.kind = binary ? CrossbarKind::Binary : CrossbarKind::Weighted;
  if (binary)
    for (auto &key : axonKeys)
      proto.axonTypes.push_back(key.second);
  // CSR by axon, neurons increasing: a counting sort by axon (neurons
  // are visited in increasing order), then (neuron, weight) order within
  // a row, as sorting each row gives.
  rowFill.assign(size_t(proto.axons) + 1, 0);
  for (const Placed &p : neurons)
    for (uint32_t k = p.first; k < p.first + p.count; ++k)
      ++rowFill[synapses[k].first + 1];
  for (uint32_t a = 0; a < proto.axons; ++a)
    rowFill[a + 1] += rowFill[a];
  proto.rowStart.assign(rowFill.begin(), rowFill.end());
  rowEntries.resize(synapses.size());
  for (uint32_t j = 0; j < neurons.size(); ++j)
    for (uint32_t k = neurons[j].first; k < neurons[j].first + neurons[j].count;
         ++k)
      rowEntries[rowFill[synapses[k].first]++] = {j, synapses[k].second};
  proto.column.reserve(rowEntries.size());
  if (!binary)
    proto.weight.reserve(rowEntries.size());
  for (uint32_t a = 0; a < proto.axons; ++a) {
    auto begin = rowEntries.begin() + proto.rowStart[a];
    auto end = rowEntries.begin() + proto.rowStart[a + 1];
    if (!std::is_sorted(begin, end)) // one neuron twice on an axon
      std::sort(begin, end);
    for (auto it = begin; it != end; ++it) {
      proto.column.push_back(it->first);
      if (!binary)
        proto.weight.push_back(it->second);
    }
  }
  for (const Placed &p : neurons) {
    auto it =
        std::find(proto.neuronTypes.begin(), proto.neuronTypes.end(), p.type);
    if (it == proto.neuronTypes.end()) {
      proto.neuronTypes.push_back(p.type);
      it = proto.neuronTypes.end() - 1;
    }
    proto.neuronType.push_back(
        static_cast<uint16_t>(it - proto.neuronTypes.begin()));
  }
  // Identical cores of the same group share a prototype.
  uint64_t h = hashOf(proto) ^ (uint64_t(group) * 0x9e3779b97f4a7c15ull);
  uint32_t index = UINT32_MAX;
  for (uint32_t candidate : net.protoIndex[h])
    if (sameContent(net.config.prototypes[candidate], proto)) {
      index = candidate;
      break;
    }
  if (index == UINT32_MAX) {
    index = net.addPrototype(std::move(proto));
    net.protoIndex[h].push_back(index);
  }
  uint32_t core = net.addCore(index, group, pendingSpot);
  for (uint32_t a = 0; a < axonKeys.size(); ++a)
    net.edges.push_back({axonKeys[a].first, core, a});
  axonOf.clear();
  axonKeys.clear();
  neurons.clear();
  synapses.clear();
  pendingBase = net.neuronBase.back();
}

} // namespace snnc::mapping
