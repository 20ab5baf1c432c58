//===- TestConfigs.h - Small chip configurations built by hand --*- C++ -*-===//
//
// The configurations the chip-configuration tests share, written out field
// by field (not produced by any snnc code), and an exact field-by-field
// comparison (floats bitwise).
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_TEST_UNIT_CHIPCONFIG_TESTCONFIGS_H
#define SNNC_TEST_UNIT_CHIPCONFIG_TESTCONFIGS_H

#include "runtime/chip/ChipConfig.h"

#include <catch2/catch.hpp>

#include <cstring>

namespace snnc::chipcfg::test {

inline Target tg(uint32_t core, uint32_t axon, uint32_t delay) {
  Target t;
  t.core = core;
  t.axon = axon;
  t.delay = delay;
  return t;
}

inline NeuronRef ref(uint32_t core, uint32_t neuron) {
  NeuronRef r;
  r.core = core;
  r.neuron = neuron;
  return r;
}

inline NeuronType neuronType(std::array<int32_t, 4> weights, int32_t leak,
                             int32_t alpha, int32_t beta, ResetMode reset,
                             NegativeMode negative, int32_t resetValue = 0,
                             int32_t vInit = 0, bool fires = true) {
  NeuronType t;
  t.weights = weights;
  t.leak = leak;
  t.alpha = alpha;
  t.beta = beta;
  t.reset = reset;
  t.negative = negative;
  t.resetValue = resetValue;
  t.vInit = vInit;
  t.fires = fires;
  return t;
}

/// A TrueNorth-style configuration: binary crossbars with all four axon
/// types, multicast targets (core 0 neuron 0), a delay-0 target to a core of
/// a higher level (core 0 neuron 1 -> core 2), the longest delay, negative
/// coordinates, a spike-count region head with separate negative neurons.
inline ChipConfig sampleBinary() {
  ChipConfig c;
  c.network = "tiny \"binary\" net";
  c.chip.profile = "truenorth";
  c.chip.crossbar = CrossbarKind::Binary;
  c.chip.hopPj = 0.1; // not exact in binary floating point
  c.layers = {{"conv1", "conv", 27}, {"out", "output", 0}};

  CorePrototype p0;
  p0.name = "conv1_p";
  p0.axons = 4;
  p0.neurons = 3;
  p0.kind = CrossbarKind::Binary;
  p0.axonTypes = {0, 1, 2, 3};
  // axon 0 -> {0, 2}, axon 1 -> {1}, axon 2 -> {}, axon 3 -> {0, 1, 2}
  p0.rowStart = {0, 2, 3, 3, 6};
  p0.column = {0, 2, 1, 0, 1, 2};
  p0.neuronTypes = {neuronType({1, -1, 2, -2}, -1, 4, 0, ResetMode::Linear,
                               NegativeMode::Saturate),
                    neuronType({3, 0, 0, -3}, 0, 2, 5, ResetMode::Absolute,
                               NegativeMode::Reset, 1, 1)};
  p0.neuronType = {0, 1, 0};

  CorePrototype p1;
  p1.name = "out_p";
  p1.axons = 2;
  p1.neurons = 2;
  p1.kind = CrossbarKind::Binary;
  p1.axonTypes = {0, 0};
  p1.rowStart = {0, 1, 2};
  p1.column = {0, 1};
  p1.neuronTypes = {neuronType({1, 0, 0, 0}, 0, 1, 0, ResetMode::Linear,
                               NegativeMode::Saturate)};
  p1.neuronType = {0, 0};
  c.prototypes = {p0, p1};

  Core c0;
  c0.prototype = 0;
  c0.targetStart = {0, 2, 3, 3};
  c0.targets = {tg(1, 0, 1), tg(2, 1, 2), tg(2, 0, 0)};
  Core c1;
  c1.prototype = 0;
  c1.x = 1;
  c1.targetStart = {0, 1, 1, 2};
  c1.targets = {tg(2, 1, 1), tg(0, 3, 15)};
  Core c2;
  c2.prototype = 1;
  c2.x = -1;
  c2.y = 2;
  c2.level = 1;
  c2.layer = 1;
  c2.targetStart = {0, 0, 0};
  c.cores = {c0, c1, c2};

  c.input.channels = 1;
  c.input.height = 1;
  c.input.width = 2;
  c.input.targetStart = {0, 2, 3};
  c.input.targets = {tg(0, 0, 1), tg(1, 0, 1), tg(0, 1, 0)};

  OutputMap o;
  o.name = "region0";
  o.channels = 1;
  o.height = 1;
  o.width = 1;
  o.decoding = OutputDecoding::SpikeCount;
  o.scale = {0.1f};
  o.readoutDelay = 3;
  o.positive = {ref(2, 0)};
  o.negative = {ref(2, 1)};
  o.isRegion = true;
  o.region.classes = 1;
  o.region.coords = 4;
  o.region.num = 1;
  o.region.softmax = false;
  o.region.anchors = {1.08f, 1.19f};
  c.outputs = {o};
  return c;
}

/// A Spiking-YOLO-style configuration: weighted crossbar, signed spikes,
/// a non-firing membrane output neuron, a yolo head, an empty row.
inline ChipConfig sampleWeighted() {
  ChipConfig c;
  c.network = "weighted";
  c.chip.profile = "truenorth-x";
  c.chip.crossbar = CrossbarKind::Weighted;
  c.chip.signedSpikes = true;
  c.chip.potentialBits = 24;
  c.chip.tickHz = 1e3;
  c.layers = {{"conv", "conv", 100}};

  CorePrototype p;
  p.name = "w";
  p.axons = 3;
  p.neurons = 2;
  p.kind = CrossbarKind::Weighted;
  p.rowStart = {0, 2, 2, 3};
  p.column = {0, 1, 1};
  p.weight = {5, -3, 127};
  p.neuronTypes = {neuronType({0, 0, 0, 0}, 0, 10, 10, ResetMode::Linear,
                              NegativeMode::Spike),
                   neuronType({0, 0, 0, 0}, 0, 1 << 20, 0, ResetMode::None,
                              NegativeMode::Reset, -5, -7, false)};
  p.neuronType = {0, 1};
  c.prototypes = {p};

  Core c0;
  c0.targetStart = {0, 2, 2};
  c0.targets = {tg(1, 0, 1), tg(1, 2, 3)};
  Core c1;
  c1.x = 1;
  c1.level = 1;
  c1.targetStart = {0, 0, 0};
  c.cores = {c0, c1};

  c.input.channels = 2;
  c.input.height = 1;
  c.input.width = 1;
  c.input.targetStart = {0, 1, 3};
  c.input.targets = {tg(0, 0, 1), tg(0, 1, 1), tg(0, 2, 1)};

  OutputMap o;
  o.name = "yolo0";
  o.channels = 2;
  o.height = 1;
  o.width = 1;
  o.decoding = OutputDecoding::Membrane;
  o.scale = {0.5f, -1e-3f};
  o.positive = {ref(1, 1), ref(1, 0)};
  o.isRegion = false;
  o.yolo.classes = 80;
  o.yolo.anchors = {10, 14, 23, 27};
  o.yolo.mask = {0, 1};
  c.outputs = {o};
  return c;
}

inline void requireSameBits(const std::vector<float> &a,
                            const std::vector<float> &b) {
  REQUIRE(a.size() == b.size());
  REQUIRE(std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
}

inline void requireSameBits(double a, double b) {
  REQUIRE(std::memcmp(&a, &b, sizeof a) == 0);
}

/// Every field of `a` equals the one of `b` (floats bit for bit).
inline void requireEqual(const ChipConfig &a, const ChipConfig &b) {
  REQUIRE(a.network == b.network);
  REQUIRE(a.classNames == b.classNames);
  const ChipInfo &x = a.chip, &y = b.chip;
  REQUIRE(x.profile == y.profile);
  REQUIRE(x.crossbar == y.crossbar);
  REQUIRE(x.axonsPerCore == y.axonsPerCore);
  REQUIRE(x.neuronsPerCore == y.neuronsPerCore);
  REQUIRE(x.potentialBits == y.potentialBits);
  REQUIRE(x.signedSpikes == y.signedSpikes);
  REQUIRE(x.maxDelay == y.maxDelay);
  REQUIRE(x.coresX == y.coresX);
  REQUIRE(x.coresY == y.coresY);
  REQUIRE(x.chipsX == y.chipsX);
  REQUIRE(x.chipsY == y.chipsY);
  requireSameBits(x.tickHz, y.tickHz);
  requireSameBits(x.synapticEventPj, y.synapticEventPj);
  requireSameBits(x.hopPj, y.hopPj);
  requireSameBits(x.staticPowerMw, y.staticPowerMw);

  REQUIRE(a.layers.size() == b.layers.size());
  for (size_t i = 0; i < a.layers.size(); ++i) {
    REQUIRE(a.layers[i].name == b.layers[i].name);
    REQUIRE(a.layers[i].kind == b.layers[i].kind);
    REQUIRE(a.layers[i].macs == b.layers[i].macs);
  }
  REQUIRE(a.prototypes.size() == b.prototypes.size());
  for (size_t i = 0; i < a.prototypes.size(); ++i) {
    const CorePrototype &p = a.prototypes[i], &q = b.prototypes[i];
    REQUIRE(p.name == q.name);
    REQUIRE(p.axons == q.axons);
    REQUIRE(p.neurons == q.neurons);
    REQUIRE(p.kind == q.kind);
    REQUIRE(p.axonTypes == q.axonTypes);
    REQUIRE(p.rowStart == q.rowStart);
    REQUIRE(p.column == q.column);
    REQUIRE(p.weight == q.weight);
    REQUIRE(p.neuronTypes == q.neuronTypes);
    REQUIRE(p.neuronType == q.neuronType);
  }
  REQUIRE(a.cores.size() == b.cores.size());
  for (size_t i = 0; i < a.cores.size(); ++i) {
    const Core &p = a.cores[i], &q = b.cores[i];
    REQUIRE(p.prototype == q.prototype);
    REQUIRE(p.x == q.x);
    REQUIRE(p.y == q.y);
    REQUIRE(p.level == q.level);
    REQUIRE(p.layer == q.layer);
    REQUIRE(p.targetStart == q.targetStart);
    REQUIRE(p.targets == q.targets);
  }
  REQUIRE(a.input.channels == b.input.channels);
  REQUIRE(a.input.height == b.input.height);
  REQUIRE(a.input.width == b.input.width);
  REQUIRE(a.input.targetStart == b.input.targetStart);
  REQUIRE(a.input.targets == b.input.targets);
  REQUIRE(a.outputs.size() == b.outputs.size());
  for (size_t i = 0; i < a.outputs.size(); ++i) {
    const OutputMap &p = a.outputs[i], &q = b.outputs[i];
    REQUIRE(p.name == q.name);
    REQUIRE(p.channels == q.channels);
    REQUIRE(p.height == q.height);
    REQUIRE(p.width == q.width);
    REQUIRE(p.decoding == q.decoding);
    requireSameBits(p.scale, q.scale);
    REQUIRE(p.readoutDelay == q.readoutDelay);
    REQUIRE(p.latency == q.latency);
    REQUIRE(p.positive == q.positive);
    REQUIRE(p.negative == q.negative);
    REQUIRE(p.isRegion == q.isRegion);
    REQUIRE(p.region.classes == q.region.classes);
    REQUIRE(p.region.coords == q.region.coords);
    REQUIRE(p.region.num == q.region.num);
    REQUIRE(p.region.softmax == q.region.softmax);
    requireSameBits(p.region.anchors, q.region.anchors);
    REQUIRE(p.yolo.classes == q.yolo.classes);
    requireSameBits(p.yolo.anchors, q.yolo.anchors);
    REQUIRE(p.yolo.mask == q.yolo.mask);
  }
}

} // namespace snnc::chipcfg::test

#endif // SNNC_TEST_UNIT_CHIPCONFIG_TESTCONFIGS_H
