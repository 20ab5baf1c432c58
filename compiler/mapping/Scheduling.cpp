//===- Scheduling.cpp - Tick offsets, levels and route delays -------------===//
//
// Every group's inputs must arrive aligned: a group's tick offset tau is
// the largest offset of its producers plus the chip's minimum delay (the
// input's groups start at the minimum delay), a route's delay is the
// difference of the two offsets, and leaky neurons start tau * leak lower
// so that the ticks before their inputs arrive leave the potential where
// the graph-level neuron starts. Levels order the groups for delay-0
// routes; the outputs see the input after their groups' offset.
//
//===----------------------------------------------------------------------===//
#include "compiler/mapping/Mapper.h"

#include "runtime/support/Error.h"

#include <algorithm>
#include <functional>

namespace snnc::mapping {

using namespace chipcfg;

void scheduleNetwork(MappedNetwork &net, const chip::ChipDescription &chip,
                     const MappingOptions &options) {
  if (net.scheduled)
    fail("the network is already scheduled");
  ChipConfig &cfg = net.config;
  const size_t G = net.groups.size();
  std::vector<uint32_t> groupOfCore(cfg.cores.size());
  for (size_t gi = 0; gi < G; ++gi)
    for (uint32_t k = 0; k < net.groups[gi].coreCount; ++k)
      groupOfCore[net.groups[gi].firstCore + k] = static_cast<uint32_t>(gi);
  // Fan-out first: routes beyond the chip's targets cannot be delayed.
  if (chip.targetsPerNeuron)
    for (size_t c = 0; c < cfg.cores.size(); ++c) {
      const Core &core = cfg.cores[c];
      for (size_t j = 0; j + 1 < core.targetStart.size(); ++j) {
        int64_t n = core.targetStart[j + 1] - core.targetStart[j];
        if (n > chip.targetsPerNeuron)
          fail("neuron {} of core {} (group '{}') has {} targets; chip '{}' "
               "allows {} per neuron (run tn-split-fanout first)",
               j, c, net.groups[groupOfCore[c]].name, n, chip.name,
               chip.targetsPerNeuron);
      }
    }
  std::vector<std::vector<uint32_t>> preds(G);
  std::vector<char> fromHost(G, 0);
  {
    std::vector<char> linked(G * G, 0);
    for (size_t c = 0; c < cfg.cores.size(); ++c)
      for (const Target &t : cfg.cores[c].targets)
        linked[size_t(groupOfCore[c]) * G + groupOfCore[t.core]] = 1;
    for (size_t p = 0; p < G; ++p)
      for (size_t c = 0; c < G; ++c)
        if (linked[p * G + c])
          preds[c].push_back(static_cast<uint32_t>(p));
    for (const Target &t : cfg.input.targets)
      fromHost[groupOfCore[t.core]] = 1;
  }
  // Groups in topological order (Kahn; group index order among ready ones).
  std::vector<int> indegree(G, 0);
  std::vector<std::vector<uint32_t>> succ(G);
  for (size_t c = 0; c < G; ++c)
    for (uint32_t p : preds[c]) {
      if (p == c)
        fail("group '{}' routes spikes to its own cores; the core groups "
             "must form a DAG",
             net.groups[c].name);
      succ[p].push_back(static_cast<uint32_t>(c));
      ++indegree[c];
    }
  std::vector<uint32_t> ready, order;
  for (size_t gi = 0; gi < G; ++gi)
    if (!indegree[gi])
      ready.push_back(static_cast<uint32_t>(gi));
  while (!ready.empty()) {
    std::sort(ready.begin(), ready.end(), std::greater<>());
    uint32_t gi = ready.back();
    ready.pop_back();
    order.push_back(gi);
    for (uint32_t s : succ[gi])
      if (--indegree[s] == 0)
        ready.push_back(s);
  }
  if (order.size() != G)
    fail("the core groups form a cycle; spikes cannot be scheduled");
  const int64_t dmin = chip.minDelay;
  for (uint32_t gi : order) {
    CoreGroup &grp = net.groups[gi];
    int64_t tau = fromHost[gi] ? dmin : 0;
    uint32_t level = fromHost[gi] ? 1 : 0;
    for (uint32_t p : preds[gi]) {
      tau = std::max(tau, net.groups[p].tau + dmin);
      level = std::max(level, net.groups[p].level + 1);
    }
    grp.tau = tau;
    grp.level = level;
  }
  for (size_t c = 0; c < cfg.cores.size(); ++c)
    cfg.cores[c].level = net.groups[groupOfCore[c]].level;
  // Leaky neurons start tau * leak lower: the ticks before the group's
  // inputs arrive then leave the potential where the graph-level neuron
  // starts. Prototypes of leaky neurons belong to one group.
  std::vector<int64_t> tauOfProto(cfg.prototypes.size(), -1);
  for (size_t c = 0; c < cfg.cores.size(); ++c) {
    int64_t &t = tauOfProto[cfg.cores[c].prototype];
    int64_t tau = net.groups[groupOfCore[c]].tau;
    if (t >= 0 && t != tau)
      t = -2; // shared across offsets: leave it
    else if (t == -1)
      t = tau;
  }
  for (size_t p = 0; p < cfg.prototypes.size(); ++p) {
    if (tauOfProto[p] <= 0)
      continue;
    for (NeuronType &t : cfg.prototypes[p].neuronTypes) {
      if (!t.fires || t.leak == 0)
        continue;
      int64_t v = int64_t(t.vInit) - tauOfProto[p] * int64_t(t.leak);
      int64_t lo = t.negative == NegativeMode::Saturate ? -int64_t(t.beta)
                                                        : -int64_t(t.beta) + 1;
      v = std::clamp<int64_t>(v, lo, int64_t(t.alpha) - 1);
      t.vInit = static_cast<int32_t>(v);
    }
  }
  // Route delays: the offsets' differences.
  for (size_t c = 0; c < cfg.cores.size(); ++c) {
    const CoreGroup &from = net.groups[groupOfCore[c]];
    for (Target &t : cfg.cores[c].targets) {
      const CoreGroup &to = net.groups[groupOfCore[t.core]];
      int64_t delay = to.tau - from.tau;
      if (delay > chip.maxDelay)
        fail("group '{}': its inputs from '{}' need a delay of {} ticks to "
             "arrive aligned; chip '{}' delays spikes by at most {} ticks",
             to.name, from.name, delay, chip.name, chip.maxDelay);
      if (delay < chip.minDelay)
        fail("internal: delay {} from '{}' to '{}'", delay, from.name, to.name);
      t.delay = static_cast<uint32_t>(delay);
    }
  }
  for (Target &t : cfg.input.targets) {
    const CoreGroup &to = net.groups[groupOfCore[t.core]];
    if (to.tau > chip.maxDelay)
      fail("group '{}': the host's pixels need a delay of {} ticks to arrive "
           "aligned with its other inputs; chip '{}' delays spikes by at most "
           "{} ticks",
           to.name, to.tau, chip.name, chip.maxDelay);
    t.delay = static_cast<uint32_t>(to.tau);
  }
  // Outputs integrate after their latency (twice it with readoutAfterFill)
  // plus the network's readout delay.
  for (OutputMap &om : cfg.outputs) {
    int64_t tau = 0;
    for (const NeuronRef &r : om.positive)
      tau = std::max(tau, net.groups[groupOfCore[r.core]].tau);
    om.readoutDelay = static_cast<uint32_t>(
        om.readoutDelay + tau + (options.readoutAfterFill ? tau : 0));
    om.latency = static_cast<uint32_t>(tau);
  }
  net.scheduled = true;
}

} // namespace snnc::mapping
