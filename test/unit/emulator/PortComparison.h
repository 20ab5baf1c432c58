//===- PortComparison.h - Two chips behind ChipPort, tick by tick -*- C++
//-*-===//
//
// Runs the same configuration and random input through two ChipPorts,
// watching every neuron, and requires the same spikes every tick, then
// the same potentials and counters: how the data-parallel back ends
// (GridChip, CudaChip) are held to the event-driven emulator.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_TEST_UNIT_EMULATOR_PORTCOMPARISON_H
#define SNNC_TEST_UNIT_EMULATOR_PORTCOMPARISON_H

#include "RandomConfigs.h"
#include "runtime/chip/ConfigIO.h"
#include "runtime/emulator/ChipPort.h"

#include <catch2/catch.hpp>

namespace snnc::emu::test {

/// Returns the number of spikes seen (so a caller can require a busy run).
inline uint64_t requireSamePorts(const ChipConfig &c, ChipPort &reference,
                                 ChipPort &other, int ticks, uint32_t seed) {
  const std::string bytes = serializeConfig(c, ConfigFormat::Binary);
  std::vector<NeuronRef> all;
  for (uint32_t k = 0; k < c.cores.size(); ++k)
    for (uint32_t n = 0; n < c.prototypes[c.cores[k].prototype].neurons; ++n)
      all.push_back({k, n});
  uint64_t spikes = 0;
  for (ChipPort *port : {&reference, &other}) {
    port->configure(bytes);
    port->watch(all);
  }
  for (int round = 0; round < 2; ++round) { // a reset() starts again alike
    for (const auto &tick : randomInput(c, ticks, seed)) {
      const std::vector<NeuronSpike> a = reference.step(tick);
      const std::vector<NeuronSpike> b = other.step(tick);
      REQUIRE(a == b);
      spikes += a.size();
    }
    REQUIRE(reference.readout(all) == other.readout(all));
    REQUIRE((reference.counters() == other.counters()));
    reference.reset();
    other.reset();
  }
  return spikes;
}

} // namespace snnc::emu::test

#endif // SNNC_TEST_UNIT_EMULATOR_PORTCOMPARISON_H
