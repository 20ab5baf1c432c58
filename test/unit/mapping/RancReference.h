//===- RancReference.h - RANC's simulator rules, read from its files -*- C++
//-*-===//
//
// An interpretation of RANC's C++ simulator (UA-RCL/RANC, simulator/src:
// rancgrid.cpp, corecontroller.cpp, neuronblock.cpp, schedulersram.cpp,
// outputbus.cpp) that works from the exported input.json and config.json
// alone, written from those rules and not from snnc's emulator:
// - each tick, every core's scheduler advances one of max_tick_offset words
//   (the first tick reads word 0); input packets of list k arrive before
//   tick k runs (list 0 before tick 1);
// - a packet written with destination_tick d while word w is current lands
//   in word w + d + 1 (mod max_tick_offset); landing on w itself is dropped
//   with a warning, and a bit already set is a duplicate (kept once);
// - a core runs its neurons in order: V += weights[axon type] for every
//   axon with a spike and a connection, V += leak, a spike when V >=
//   positive_threshold, then the reset: positive (absolute: reset_potential;
//   linear: V - positive_threshold), else negative at V <= negative_threshold
//   (symmetric, neuron_reset_type 1) or V < (asymmetric, 0) (absolute:
//   -reset_potential; linear: V - negative_threshold); no clamp;
// - a spike travels to coordinates + destination_core_offset; the output
//   bus there records destination_axon for the tick (two in one tick warn).
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_TEST_UNIT_MAPPING_RANCREFERENCE_H
#define SNNC_TEST_UNIT_MAPPING_RANCREFERENCE_H

#include <cstdint>
#include <string>
#include <vector>

namespace snnc::test {

struct RancSpike {
  uint32_t tick = 0, core = 0, neuron = 0; ///< core: index in input.json
  bool operator<(const RancSpike &o) const {
    if (tick != o.tick)
      return tick < o.tick;
    return core != o.core ? core < o.core : neuron < o.neuron;
  }
  bool operator==(const RancSpike &o) const {
    return tick == o.tick && core == o.core && neuron == o.neuron;
  }
};

struct RancRun {
  std::vector<RancSpike> spikes; ///< Every neuron spike, ticks 1..T.
  /// [tick - 1]: output-bus indices that received a spike in the tick.
  std::vector<std::vector<uint32_t>> bus;
  uint64_t droppedPackets = 0; ///< Written to the current word.
  uint64_t duplicates = 0;     ///< A scheduler bit already set.
  uint64_t busCollisions = 0;  ///< Two spikes at one bus index in a tick.
};

/// Runs ticks 1..ticks of the exported files' contents.
RancRun runRancReference(const std::string &inputJson,
                         const std::string &configJson, uint32_t ticks);

} // namespace snnc::test

#endif // SNNC_TEST_UNIT_MAPPING_RANCREFERENCE_H
