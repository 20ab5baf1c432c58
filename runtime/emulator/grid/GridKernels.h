//===- GridKernels.h - One tick of the data-parallel emulator --*- C++ -*-===//
//
// The data-parallel form of docs/EMULATOR.md's tick, shared by the CUDA
// kernels (CudaChip.cu: one block per core, one thread per neuron) and by
// GridChip, which runs the same functions in loops on the CPU and is tested
// against the event-driven Emulator. Within a phase, a core's work is:
//
//   1. every neuron n: input = sum over the core's in-edges e with a spike
//      in this tick's slot, and the host spikes on its axons, of
//      sign x weight[axon(e)][n]; V += input + leak, thresholds, clamp;
//      spike[n]; route the spike: one byte store per target, into the slot
//      of tick + delay (delay 0: this slot, read by a later phase);
//   2. (after every neuron of the core read its input) clear the core's
//      in-edges in this slot and its host counts; count.
//
// Every neuron is evaluated every tick; the event-driven emulator skips the
// neurons a tick without input leaves unchanged, which is exact, so both
// give the same bits. Integer sums make the order of integration and of
// the counters' additions irrelevant.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_EMULATOR_GRID_GRIDKERNELS_H
#define SNNC_RUNTIME_EMULATOR_GRID_GRIDKERNELS_H

#include "runtime/emulator/grid/GridView.h"

#ifdef __CUDACC__
#define SNNC_HD __host__ __device__ inline
#else
#define SNNC_HD inline
#endif

namespace snnc::emu::grid {

/// chipcfg::ResetMode and NegativeMode values (Emulator.cpp asserts them).
constexpr int kResetAbsolute = 0, kResetLinear = 1;
constexpr int kNegativeSaturate = 1, kNegativeSpike = 2;

/// The threshold, reset and negative-threshold logic on the potential after
/// integration and leak (before clamping); `spike` gets 0, +1 or -1. The
/// one definition for both emulators: `Q` is the event-driven emulator's
/// NeuronParams (enums) or GridNeuronType (bytes).
template <typename Q>
SNNC_HD int64_t fireLogic(const Q &q, int64_t v, bool signedSpikes,
                          int8_t &spike) {
  spike = 0;
  if (!q.fires)
    return v;
  const int reset = static_cast<int>(q.reset);
  if (v >= q.alpha) {
    spike = 1;
    if (reset == kResetAbsolute)
      return q.resetValue;
    if (reset == kResetLinear)
      return v - q.alpha;
    return v;
  }
  if (v <= -q.beta) {
    const int negative = static_cast<int>(q.negative);
    if (negative == kNegativeSaturate)
      return -q.beta;
    if (negative == kNegativeSpike && signedSpikes)
      spike = -1;
    if (reset == kResetAbsolute)
      return -q.resetValue;
    if (reset == kResetLinear)
      return v + q.beta;
  }
  return v;
}

/// Neuron n of core c: its input this tick (slot `slot`).
SNNC_HD int64_t neuronInput(const GridView &g, uint32_t c, uint32_t n,
                            uint32_t slot) {
  const uint32_t p = g.coreProto[c];
  const uint32_t neurons = g.protoNeurons[p], axons = g.protoAxons[p];
  const int32_t *w = g.weight + g.protoWeight[p];
  const uint64_t first = g.coreEdge[c], last = g.coreEdge[c + 1];
  const uint8_t *in = g.arrival + uint64_t(slot) * g.edges;
  int64_t sum = 0;
  for (uint64_t e = first; e < last; ++e) {
    const uint8_t v = in[e];
    if (v)
      sum +=
          (v == 1 ? 1 : -1) * int64_t(w[uint64_t(g.edgeAxon[e]) * neurons + n]);
  }
  for (uint32_t a = 0; a < axons; ++a) {
    const int64_t count = int64_t(g.hostPos[first + a]) - g.hostNeg[first + a];
    if (count)
      sum += count * w[uint64_t(a) * neurons + n];
  }
  return sum;
}

/// One term of a core's input this tick: `count` spikes on `axon` (+1 or
/// -1 for a neuron spike, the net count of the host's).
struct ActiveInput {
  uint32_t axon;
  int32_t count;
};

/// The terms in-edge k of core c adds this tick (0, 1 or 2: its neuron
/// spike, and for an axon's own in-edge the host spikes on the axon).
SNNC_HD int activeInput(const GridView &g, uint32_t c, uint64_t k,
                        uint32_t slot, ActiveInput out[2]) {
  const uint64_t e = g.coreEdge[c] + k;
  int count = 0;
  const uint8_t v = g.arrival[uint64_t(slot) * g.edges + e];
  if (v)
    out[count++] = {g.edgeAxon[e], v == 1 ? 1 : -1};
  if (k < g.protoAxons[g.coreProto[c]]) {
    const int32_t host = g.hostPos[e] - g.hostNeg[e];
    if (host)
      out[count++] = {static_cast<uint32_t>(k), host};
  }
  return count;
}

/// Neuron n of core c: its input from a core's list of terms (the same
/// sum as neuronInput, over the terms only).
SNNC_HD int64_t listInput(const GridView &g, uint32_t c, uint32_t n,
                          const ActiveInput *list, uint32_t terms) {
  const uint32_t p = g.coreProto[c];
  const uint32_t neurons = g.protoNeurons[p];
  const int32_t *w = g.weight + g.protoWeight[p];
  int64_t sum = 0;
  for (uint32_t i = 0; i < terms; ++i)
    sum += int64_t(list[i].count) * w[uint64_t(list[i].axon) * neurons + n];
  return sum;
}

/// Updates neuron n of core c with `input`; returns its spike and adds a
/// clamp to `saturations`.
SNNC_HD int8_t stepNeuron(const GridView &g, uint32_t c, uint32_t n,
                          int64_t input, unsigned long long &saturations) {
  const uint32_t p = g.coreProto[c];
  const uint64_t i = g.coreNeuron[c] + n;
  const GridNeuronType &q = g.types[g.neuronType[g.protoNeuronType[p] + n]];
  int8_t spike;
  int64_t v =
      fireLogic(q, g.potential[i] + input + q.leak, g.signedSpikes != 0, spike);
  if (v > g.vMax) {
    v = g.vMax;
    ++saturations;
  } else if (v < g.vMin) {
    v = g.vMin;
    ++saturations;
  }
  g.potential[i] = v;
  g.spike[i] = spike;
  return spike;
}

/// Delivers neuron n of core c's spike to its targets; returns its hops.
SNNC_HD uint32_t routeNeuron(const GridView &g, uint32_t c, uint32_t n,
                             int8_t spike, uint32_t slot) {
  const uint64_t i = g.coreNeuron[c] + n;
  const uint8_t value = spike > 0 ? 1 : 2;
  for (uint64_t j = g.routeStart[i]; j < g.routeStart[i + 1]; ++j) {
    const uint32_t s = (slot + g.routeDelay[j]) % g.ringSlots;
    g.arrival[uint64_t(s) * g.edges + g.routeEdge[j]] = value;
  }
  return g.hops[i];
}

/// Core c's input this tick: spikes that arrived (host spikes one by one)
/// and the synaptic events they cause.
SNNC_HD void countInput(const GridView &g, uint32_t c, uint32_t slot,
                        unsigned long long &spikesIn,
                        unsigned long long &events) {
  const uint32_t p = g.coreProto[c];
  const uint32_t *rows = g.rowLength + g.protoRow[p];
  const uint64_t first = g.coreEdge[c], last = g.coreEdge[c + 1];
  const uint8_t *in = g.arrival + uint64_t(slot) * g.edges;
  for (uint64_t e = first; e < last; ++e)
    if (in[e]) {
      ++spikesIn;
      events += rows[g.edgeAxon[e]];
    }
  for (uint32_t a = 0; a < g.protoAxons[p]; ++a) {
    const unsigned long long count =
        (unsigned long long)(g.hostPos[first + a]) + g.hostNeg[first + a];
    spikesIn += count;
    events += count * rows[a];
  }
}

/// Adds one tick of core c to its counters (active: it got input or
/// spiked).
SNNC_HD void addCounters(const GridView &g, uint32_t c,
                         unsigned long long spikesIn,
                         unsigned long long spikesOut,
                         unsigned long long events, unsigned long long hops,
                         unsigned long long saturations) {
  GridCounters &k = g.counters[c];
  k.spikesIn += spikesIn;
  k.spikesOut += spikesOut;
  k.synapticEvents += events;
  k.hops += hops;
  k.saturations += saturations;
  k.activeTicks += (spikesIn || spikesOut) ? 1 : 0;
}

/// Clears in-edge (or axon) k of core c in this slot once read.
SNNC_HD void clearInput(const GridView &g, uint32_t c, uint64_t k,
                        uint32_t slot) {
  const uint64_t e = g.coreEdge[c] + k;
  g.arrival[uint64_t(slot) * g.edges + e] = 0;
  if (k < g.protoAxons[g.coreProto[c]]) {
    g.hostPos[e] = 0;
    g.hostNeg[e] = 0;
  }
}

} // namespace snnc::emu::grid

#endif // SNNC_RUNTIME_EMULATOR_GRID_GRIDKERNELS_H
