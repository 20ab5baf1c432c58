//===- Faults.h - Hardware faults the emulator can inject -------*- C++ -*-===//
//
// Neuromorphic hardware has dead cores, stuck neurons and lost spikes. A
// FaultModel says how many of each, and which ones follows from a seed
// alone: a core, a neuron or a spike on a link is faulty when a hash of
// (seed, what it is) falls below the rate, so the same model picks the
// same faults whatever the thread or process count, and a higher rate
// keeps every fault of a lower one (faults nest as the rate grows).
//
// The text form, for `snnc run --faults` (docs/EMULATOR.md, "Faults"):
//
//   dead-cores=0.01,stuck-off=0.001,stuck-on=0.0001,drop=0.02,seed=7
//
// dead-cores: a dead core integrates nothing and never fires (its
// potentials stay where reset put them); stuck-off: the neuron never
// fires; stuck-on: the neuron fires (+1) every tick; drop: each spike of a
// neuron to each of its targets is lost on the way (host input spikes
// arrive). Rates are in [0, 1]; seed is an unsigned 64-bit integer
// (default 1).
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_EMULATOR_FAULTS_H
#define SNNC_RUNTIME_EMULATOR_FAULTS_H

#include <cstdint>
#include <string>
#include <string_view>

namespace snnc::emu {

struct FaultModel {
  double deadCores = 0;     ///< Share of cores that are dead.
  double stuckOff = 0;      ///< Share of neurons that never fire.
  double stuckOn = 0;       ///< Share of neurons that fire every tick.
  double droppedSpikes = 0; ///< Share of neuron-to-axon deliveries lost.
  uint64_t seed = 1;

  bool any() const {
    return deadCores > 0 || stuckOff > 0 || stuckOn > 0 || droppedSpikes > 0;
  }
  /// The text form (parseFaults gives this model back).
  std::string str() const;
};

/// Parses the text form; throws snnc::Error naming the item and the
/// numbers for anything else (`what` names the source, e.g. "--faults").
FaultModel parseFaults(std::string_view spec,
                       std::string_view what = "--faults");

namespace faults {
/// The 64-bit hash faults are drawn from (splitmix64 over the words).
uint64_t hash(uint64_t seed, uint64_t kind, uint64_t a, uint64_t b = 0,
              uint64_t c = 0);
/// Whether a hash falls below `rate` (rate 1: always; 0: never).
inline bool below(uint64_t h, double rate) {
  if (rate <= 0)
    return false;
  if (rate >= 1)
    return true;
  return double(h >> 11) < rate * double(uint64_t(1) << 53);
}
enum Kind : uint64_t { DeadCore = 1, StuckOff = 2, StuckOn = 3, Drop = 4 };
} // namespace faults

} // namespace snnc::emu

#endif // SNNC_RUNTIME_EMULATOR_FAULTS_H
