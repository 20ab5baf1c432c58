//===- TestConfigs.h - Hand-built chip configurations for tests -*- C++ -*-===//
#ifndef SNNC_TEST_UNIT_EMULATOR_TESTCONFIGS_H
#define SNNC_TEST_UNIT_EMULATOR_TESTCONFIGS_H

#include "runtime/chip/ChipConfig.h"
#include "runtime/emulator/ChipPort.h"
#include "runtime/support/Error.h"

#include <memory>
#include <utility>
#include <vector>

namespace snnc::emu::test {

using namespace snnc::chipcfg;

/// A synapse of a hand-built crossbar: (neuron, weight); the weight is
/// ignored for binary crossbars.
using Synapse = std::pair<uint32_t, int32_t>;

inline ChipConfig chipConfig(uint32_t potentialBits = 20,
                             bool signedSpikes = false,
                             uint32_t maxDelay = 15) {
  ChipConfig c;
  c.network = "test";
  c.chip.profile = "test";
  c.chip.potentialBits = potentialBits;
  c.chip.signedSpikes = signedSpikes;
  c.chip.maxDelay = maxDelay;
  c.layers.push_back({"layer0", "conv", 0});
  return c;
}

/// rows[a] = synapses of axon a (neurons in increasing order).
inline CorePrototype prototype(uint32_t neurons,
                               const std::vector<std::vector<Synapse>> &rows,
                               CrossbarKind kind, std::vector<NeuronType> types,
                               std::vector<uint16_t> neuronType = {},
                               std::vector<uint8_t> axonTypes = {}) {
  CorePrototype p;
  p.name = "p";
  p.axons = static_cast<uint32_t>(rows.size());
  p.neurons = neurons;
  p.kind = kind;
  p.rowStart.push_back(0);
  for (const auto &row : rows) {
    for (const Synapse &s : row) {
      p.column.push_back(s.first);
      if (kind == CrossbarKind::Weighted)
        p.weight.push_back(s.second);
    }
    p.rowStart.push_back(static_cast<uint32_t>(p.column.size()));
  }
  if (kind == CrossbarKind::Binary)
    p.axonTypes = axonTypes.empty() ? std::vector<uint8_t>(p.axons, 0)
                                    : std::move(axonTypes);
  p.neuronTypes = std::move(types);
  p.neuronType =
      neuronType.empty() ? std::vector<uint16_t>(neurons, 0) : neuronType;
  return p;
}

/// targets[n] = targets of neuron n (missing entries: none).
inline Core core(uint32_t proto, uint32_t neurons,
                 const std::vector<std::vector<Target>> &targets = {},
                 int32_t x = 0, int32_t y = 0, uint32_t level = 0,
                 uint32_t layer = 0) {
  Core c;
  c.prototype = proto;
  c.x = x;
  c.y = y;
  c.level = level;
  c.layer = layer;
  c.targetStart.push_back(0);
  for (uint32_t n = 0; n < neurons; ++n) {
    if (n < targets.size())
      c.targets.insert(c.targets.end(), targets[n].begin(), targets[n].end());
    c.targetStart.push_back(static_cast<uint32_t>(c.targets.size()));
  }
  return c;
}

/// A ChipPort straight over an Emulator (no configuration bytes): lets the
/// host side be tested without the configuration file reader.
class DirectPort final : public ChipPort {
public:
  DirectPort(const ChipConfig &config, EmulatorOptions options = {})
      : config(config), emu(config, options) {}
  void configure(const std::string &) override {
    fail("DirectPort takes its configuration in the constructor");
  }
  void reset() override { emu.reset(); }
  std::vector<NeuronSpike>
  step(const std::vector<std::pair<AxonSpike, uint32_t>> &input) override {
    for (const auto &[s, d] : input)
      emu.inject(s, d);
    std::vector<NeuronSpike> out;
    for (const NeuronSpike &s : emu.tick())
      for (const NeuronRef &r : watched)
        if (r.core == s.core && r.neuron == s.neuron)
          out.push_back(s);
    return out;
  }
  void watch(const std::vector<NeuronRef> &neurons) override {
    watched = neurons;
  }
  std::vector<int64_t> readout(const std::vector<NeuronRef> &neurons) override {
    std::vector<int64_t> v;
    for (const NeuronRef &r : neurons)
      v.push_back(emu.potential(r.core, r.neuron));
    return v;
  }
  std::vector<CoreCounters> counters() override { return emu.counters(); }

  const ChipConfig &config;
  Emulator emu;
  std::vector<NeuronRef> watched;
};

} // namespace snnc::emu::test

#endif // SNNC_TEST_UNIT_EMULATOR_TESTCONFIGS_H
