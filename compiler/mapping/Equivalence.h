//===- Equivalence.h - Emulator against graph-level simulator ---*- C++ -*-===//
//
// Runs one image through the cycle-accurate emulator (a mapped
// configuration) and through the graph-level simulator (the network it was
// mapped from) and compares, after every tick, the cumulative spikes of
// every spiking layer per channel and sign, and the output potentials
// decoded with the simulator's formula. On the `reference` chip (delay 0,
// no relays) they must be equal bit for bit; `snnc verify` and the unit
// tests use this.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_COMPILER_MAPPING_EQUIVALENCE_H
#define SNNC_COMPILER_MAPPING_EQUIVALENCE_H

#include "compiler/mapping/Mapper.h"
#include "runtime/inference/Executor.h" // Tensor

#include <string>

namespace snnc::mapping {

struct EquivalenceResult {
  int ticks = 0;
  int64_t spikesCompared = 0; ///< Emulator spikes of the compared layers.
  int64_t negativeSpikes = 0; ///< ... of which negative.
  int64_t valuesCompared = 0; ///< Output values compared (all ticks).
  int64_t mismatches = 0;
  std::string firstMismatch; ///< Empty when equal.
  bool equal() const { return mismatches == 0; }
};

/// Compares ticks 1..ticks. `checkEvery` > 1 compares the spike counts only
/// every that many ticks (and at the last), which costs a simulator run
/// each; the outputs are compared at every tick.
EquivalenceResult compareWithSimulator(const SpikingGraph &graph,
                                       const chipcfg::ChipConfig &config,
                                       const MappingTrace &trace,
                                       const Tensor &image, int ticks,
                                       int checkEvery = 1);

/// One layer's spikes over a run, emulator against simulator.
struct LayerSpikeTotals {
  std::string name;
  int64_t offset = 0;    ///< The layer's tick offset on the chip.
  int64_t emulator = 0;  ///< Spikes in chip ticks offset+1 .. offset+ticks.
  int64_t simulator = 0; ///< Spikes in simulator ticks 1 .. ticks.
  int64_t neurons = 0;   ///< The layer's elements (signed pairs count once).
  /// |emulator - simulator| / max(simulator, 1).
  double relativeDifference() const;
  /// |emulator - simulator| / neurons: spikes per neuron. Relay residues
  /// bound each neuron's difference by a few spikes whatever the run's
  /// length, so this, unlike the relative difference, does not depend on T.
  double perNeuronDifference() const;
};

/// Where a mapping runs what the simulator runs only up to timing and
/// rounding (chips without delay-0 routes have a pipeline; split fan-ins
/// pass partial sums through relays that round them), the tick-by-tick
/// comparison cannot hold. This one compares each traced layer's spike
/// total over `ticks` steps, the emulator's window shifted by the layer's
/// tick offset (from `report.groups`); the emulator runs ticks + latency.
std::vector<LayerSpikeTotals> compareShiftedSpikeTotals(
    const SpikingGraph &graph, const chipcfg::ChipConfig &config,
    const MappingTrace &trace, const MappingReport &report, const Tensor &image,
    int ticks);

/// Why a mapping cannot match the simulator tick by tick, one reason per
/// line; empty when it must (delay-0 routes, no relays).
std::vector<std::string> timingDifferences(const chip::ChipDescription &chip,
                                           const MappingReport &report);

} // namespace snnc::mapping

#endif // SNNC_COMPILER_MAPPING_EQUIVALENCE_H
