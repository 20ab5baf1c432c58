//===- Splitting.cpp - Splitter neurons for fan-out beyond the chip -------===//
//
// A TrueNorth neuron sends its spikes to one axon. A neuron with more
// targets than the chip allows gives each target to a splitter neuron of
// its own, which fires once per input spike (threshold 1, reset to 0); the
// neuron then feeds the splitters' axons (one per splitter core). Splitters
// spanning several cores may need splitting again: rounds until every
// neuron fits.
//
//===----------------------------------------------------------------------===//
#include "compiler/mapping/Mapper.h"

#include "runtime/support/Error.h"

#include <fmt/format.h>

namespace snnc::mapping {

using namespace chipcfg;

namespace {

/// Targets of every neuron (global id), from the routes of either form.
std::vector<uint32_t> targetCounts(const MappedNetwork &net) {
  std::vector<uint32_t> count(net.totalNeurons(), 0);
  if (!net.edges.empty()) {
    for (const Edge &e : net.edges)
      ++count[e.source];
    return count;
  }
  for (size_t c = 0; c < net.config.cores.size(); ++c) {
    const Core &core = net.config.cores[c];
    for (size_t j = 0; j + 1 < core.targetStart.size(); ++j)
      count[net.neuronBase[c] + j] =
          core.targetStart[j + 1] - core.targetStart[j];
  }
  return count;
}

bool anyAbove(const std::vector<uint32_t> &count, int64_t limit) {
  for (uint32_t c : count)
    if (c > limit)
      return true;
  return false;
}

} // namespace

void splitFanout(MappedNetwork &net, const chip::ChipDescription &chip,
                 const MappingOptions &options) {
  if (net.scheduled || net.placed)
    fail("splitters are added before the network is {} (run tn-split-fanout "
         "before tn-schedule and tn-place)",
         net.scheduled ? "scheduled" : "placed");
  if (options.unlimitedTile < 2)
    fail("unlimited-tile is {}; a splitter core needs at least 2 axons and "
         "neurons",
         options.unlimitedTile);
  const int64_t limit = chip.targetsPerNeuron;
  if (limit == 0 || !anyAbove(targetCounts(net), limit))
    return;
  const bool binary = chip.crossbar == chip::CrossbarKind::Binary;
  const int64_t maxAxons =
      chip.axonsPerCore ? chip.axonsPerCore : options.unlimitedTile;
  const int64_t maxNeurons =
      chip.neuronsPerCore ? chip.neuronsPerCore : options.unlimitedTile;
  const int64_t potentialMax =
      precisionOf(chip, options.axonCopies).potentialMax;
  // A splitter passes each spike on: threshold 1, reset to 0; its inputs
  // are +1 only, so V never goes below 0.
  NeuronType splitter = firingType(chip, potentialMax, 1, std::nullopt,
                                   /*zeroReset=*/true, 0, 0);
  splitter.beta = 0;

  net.targetsToEdges();
  for (int round = 1;; ++round) {
    std::vector<uint32_t> count = targetCounts(net);
    if (!anyAbove(count, limit))
      break;
    if (round > 8)
      fail("internal: splitting did not converge");
    // Edge indices per source.
    std::vector<uint64_t> start(count.size() + 1, 0);
    for (size_t i = 0; i < count.size(); ++i)
      start[i + 1] = start[i] + count[i];
    std::vector<uint64_t> order(net.edges.size());
    {
      std::vector<uint64_t> fill(start.begin(), start.end() - 1);
      for (uint64_t i = 0; i < net.edges.size(); ++i)
        order[fill[net.edges[i].source]++] = i;
    }
    // One splitter group per producer group, in group order.
    size_t groupsNow = net.groups.size();
    for (size_t gi = 0; gi < groupsNow; ++gi) {
      const CoreGroup grp = net.groups[gi];
      if (!grp.coreCount)
        continue;
      uint64_t first = net.neuronBase[grp.firstCore];
      uint64_t last = net.neuronBase[grp.firstCore + grp.coreCount];
      bool needs = false;
      for (uint64_t id = first; id < last && !needs; ++id)
        needs = count[id] > limit;
      if (!needs)
        continue;
      int group = net.newGroup(fmt::format("{}.split{}", grp.name, round),
                               grp.node, "splitter");
      CorePacker packer(net, group, binary, maxAxons, maxNeurons);
      LogicalNeuron ln; // one, refilled: millions of splitters
      ln.type = splitter;
      ln.inputs.resize(1);
      for (uint64_t id = first; id < last; ++id) {
        if (count[id] <= limit)
          continue;
        const std::pair<float, float> spot = net.coreSpot[net.locate(id).first];
        for (uint64_t k = start[id]; k < start[id + 1]; ++k) {
          ln.inputs[0] = {static_cast<uint32_t>(id), 1};
          ln.spot = spot;
          uint32_t s = packer.add(ln);
          net.edges[order[k]].source = s;
          ++net.layers.at(grp.node).splitters;
        }
      }
    }
  }
  net.edgesToTargets();
  net.syncLayerInfo();
}

} // namespace snnc::mapping
