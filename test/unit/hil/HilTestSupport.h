//===- HilTestSupport.h - Small chip configurations and traces -*- C++ -*-===//
//
// Configurations built in memory for the hardware-in-the-loop tests, and a
// driver that runs one through any ChipPort and records everything a host
// can observe (spikes, potentials, counters), so that two ports can be
// compared value for value.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_TEST_UNIT_HIL_HILTESTSUPPORT_H
#define SNNC_TEST_UNIT_HIL_HILTESTSUPPORT_H

#include "runtime/chip/ChipConfig.h"
#include "runtime/emulator/ChipPort.h"
#include "runtime/hil/Protocol.h"

#include <cstdint>
#include <string>
#include <vector>

namespace snnc::hiltest {

using chipcfg::ChipConfig;
using chipcfg::CorePrototype;
using chipcfg::NeuronRef;
using chipcfg::NeuronType;
using chipcfg::Target;

/// CSR offsets from per-element lists.
template <typename T>
void toCsr(const std::vector<std::vector<T>> &lists,
           std::vector<uint32_t> &start, std::vector<T> &flat) {
  start.assign(1, 0);
  flat.clear();
  for (const auto &l : lists) {
    flat.insert(flat.end(), l.begin(), l.end());
    start.push_back(static_cast<uint32_t>(flat.size()));
  }
}

/// A binary-crossbar prototype: axon a reaches the neurons `connects(a, n)`
/// selects; axon types a % 4.
template <typename F>
CorePrototype binaryPrototype(const std::string &name, uint32_t axons,
                              uint32_t neurons, F connects) {
  CorePrototype p;
  p.name = name;
  p.axons = axons;
  p.neurons = neurons;
  p.kind = chipcfg::CrossbarKind::Binary;
  std::vector<std::vector<uint32_t>> rows(axons);
  for (uint32_t a = 0; a < axons; ++a) {
    p.axonTypes.push_back(static_cast<uint8_t>(a % 4));
    for (uint32_t n = 0; n < neurons; ++n)
      if (connects(a, n))
        rows[a].push_back(n);
  }
  toCsr(rows, p.rowStart, p.column);
  return p;
}

inline NeuronType neuronType(std::array<int32_t, 4> weights, int32_t leak,
                             int32_t alpha, int32_t beta,
                             chipcfg::ResetMode reset,
                             chipcfg::NegativeMode negative, int32_t resetValue,
                             int32_t vInit, bool fires = true) {
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

/// Three cores with feedback, delays 0..3, every reset and negative mode,
/// leaks and a non-firing integrator that saturates (12-bit potentials).
inline ChipConfig smallConfig(bool signedSpikes) {
  using chipcfg::NegativeMode;
  using chipcfg::ResetMode;
  ChipConfig c;
  c.network = signedSpikes ? "hil-small-signed" : "hil-small";
  c.chip.profile = "hil-test";
  c.chip.signedSpikes = signedSpikes;
  c.chip.potentialBits = 12;
  c.chip.maxDelay = 3;
  c.layers = {{"a", "conv", 1000}, {"b", "output", 100}};

  CorePrototype mix = binaryPrototype(
      "mix", 8, 6, [](uint32_t a, uint32_t n) { return (a + 2 * n) % 3 != 0; });
  mix.neuronTypes = {
      neuronType({3, 2, -2, 1}, 0, 4, 3, ResetMode::Linear,
                 signedSpikes ? NegativeMode::Spike : NegativeMode::Reset, 1,
                 0),
      neuronType({1, -3, 2, 2}, -1, 3, 5, ResetMode::Absolute,
                 NegativeMode::Saturate, 0, 2),
      neuronType({2, 2, 2, -1}, 1, 6, 2, ResetMode::None, NegativeMode::Reset,
                 0, 0)};
  for (uint32_t n = 0; n < mix.neurons; ++n)
    mix.neuronType.push_back(static_cast<uint16_t>(n % 3));

  CorePrototype out = binaryPrototype("out", 6, 4, [](uint32_t a, uint32_t n) {
    return n == a % 4 || n == (a + 1) % 4;
  });
  out.neuronTypes = {neuronType({1, 1, -1, 2}, 0, 3, 2, ResetMode::Linear,
                                NegativeMode::Saturate, 0, 0),
                     neuronType({2, -1, 1, 1}, 0, 1, 0, ResetMode::Linear,
                                NegativeMode::Saturate, 0, 0, /*fires=*/false)};
  out.neuronType = {0, 0, 0, 1};
  c.prototypes = {mix, out};

  std::vector<std::vector<Target>> t0(6), t1(6), t2(4);
  for (uint32_t n = 0; n < 6; ++n) {
    t0[n].push_back({2, n, 1});
    t1[n].push_back({2, 5 - n, 0}); // delay 0: core 2 is a level deeper
  }
  t0[0].push_back({1, 7, 2});
  t1[5].push_back({0, 0, 3});
  t2[0].push_back({0, 1, 1});
  c.cores.resize(3);
  c.cores[0].prototype = 0;
  c.cores[1] = {0, 1, 0, 0, 0, {}, {}};
  c.cores[2] = {1, 1, 1, 1, 1, {}, {}};
  toCsr(t0, c.cores[0].targetStart, c.cores[0].targets);
  toCsr(t1, c.cores[1].targetStart, c.cores[1].targets);
  toCsr(t2, c.cores[2].targetStart, c.cores[2].targets);

  c.input.channels = 1;
  c.input.height = 2;
  c.input.width = 2;
  std::vector<std::vector<Target>> px(4);
  for (uint32_t p = 0; p < 4; ++p)
    px[p] = {{0, 2 * p, 1}, {1, p + 4, 0}};
  toCsr(px, c.input.targetStart, c.input.targets);
  c.validate();
  return c;
}

/// A busy chip: `cores` cores of 256 axons x 256 neurons, all connected,
/// whose neurons leak to threshold and fire every tick into the next core
/// (delay 1): about cores x 65,536 synaptic events a tick, milliseconds of
/// emulation, for tests of long requests.
inline ChipConfig busyConfig(uint32_t cores) {
  using chipcfg::NegativeMode;
  using chipcfg::ResetMode;
  ChipConfig c;
  c.network = "hil-busy";
  c.chip.profile = "hil-test";
  c.chip.potentialBits = 20;
  c.chip.maxDelay = 1;
  c.layers = {{"ring", "conv", 1000}};
  CorePrototype p =
      binaryPrototype("all", 256, 256, [](uint32_t, uint32_t) { return true; });
  p.neuronTypes = {neuronType({1, 1, 1, 1}, 1, 1, 1, ResetMode::Absolute,
                              NegativeMode::Saturate, 0, 0)};
  p.neuronType.assign(256, 0);
  c.prototypes = {p};
  c.cores.resize(cores);
  for (uint32_t k = 0; k < cores; ++k) {
    std::vector<std::vector<Target>> t(256);
    for (uint32_t n = 0; n < 256; ++n)
      t[n].push_back({(k + 1) % cores, n, 1});
    toCsr(t, c.cores[k].targetStart, c.cores[k].targets);
  }
  c.input.channels = 1;
  c.input.height = 1;
  c.input.width = 1;
  std::vector<std::vector<Target>> px(1);
  px[0] = {{0, 0, 1}};
  toCsr(px, c.input.targetStart, c.input.targets);
  c.validate();
  return c;
}

/// A tiny "detector": a 1x4x4 input, a region head (2 classes, 1 anchor)
/// read from membrane potentials (2x2 grid, readout delay 1) and a second
/// one from signed spike counts (1x1 grid).
inline ChipConfig detectionConfig() {
  using chipcfg::NegativeMode;
  using chipcfg::ResetMode;
  ChipConfig c;
  c.network = "hil-detector";
  c.chip.profile = "hil-test";
  c.chip.signedSpikes = true;
  c.chip.maxDelay = 2;
  c.layers = {{"head", "output", 448}};

  CorePrototype membrane =
      binaryPrototype("membrane", 16, 28, [](uint32_t a, uint32_t n) {
        return (a * 5 + n * 3) % 4 != 0;
      });
  for (int ch = 0; ch < 7; ++ch) {
    std::array<int32_t, 4> w = {ch % 3 + 1, 2 - ch % 2, (ch * 7) % 5 - 2, 1};
    if (ch == 4)
      w = {3, 3, 3, 3}; // objectness: clearly positive
    membrane.neuronTypes.push_back(neuronType(w, 0, 1, 0, ResetMode::Linear,
                                              NegativeMode::Saturate, 0, 0,
                                              /*fires=*/false));
  }
  for (uint32_t n = 0; n < 28; ++n)
    membrane.neuronType.push_back(static_cast<uint16_t>(n / 4));

  CorePrototype count = binaryPrototype(
      "count", 16, 7, [](uint32_t a, uint32_t n) { return (a + n) % 3 != 1; });
  for (int ch = 0; ch < 7; ++ch) {
    std::array<int32_t, 4> w = {2, ch % 2 ? -3 : 1, ch - 3, 2};
    count.neuronTypes.push_back(
        neuronType(w, 0, 4, 4, ResetMode::Linear, NegativeMode::Spike, 0, 0));
  }
  for (uint16_t n = 0; n < 7; ++n)
    count.neuronType.push_back(n);
  c.prototypes = {membrane, count};

  c.cores.resize(2);
  c.cores[1].prototype = 1;
  c.cores[1].x = 1;
  for (chipcfg::Core &core : c.cores) {
    uint32_t neurons = c.prototypes[core.prototype].neurons;
    core.targetStart.assign(neurons + 1, 0);
  }

  c.input.channels = 1;
  c.input.height = 4;
  c.input.width = 4;
  std::vector<std::vector<Target>> px(16);
  for (uint32_t p = 0; p < 16; ++p)
    px[p] = {{0, p, 1}, {1, p, 0}};
  toCsr(px, c.input.targetStart, c.input.targets);

  RegionHead region;
  region.classes = 2;
  region.coords = 4;
  region.num = 1;
  region.softmax = true;
  region.anchors = {1.5f, 2.0f};

  chipcfg::OutputMap m;
  m.name = "membrane";
  m.channels = 7;
  m.height = 2;
  m.width = 2;
  m.decoding = chipcfg::OutputDecoding::Membrane;
  m.readoutDelay = 1;
  for (int ch = 0; ch < 7; ++ch)
    m.scale.push_back(0.25f + 0.05f * ch);
  for (uint32_t e = 0; e < 28; ++e)
    m.positive.push_back({0, e});
  m.region = region;

  chipcfg::OutputMap k;
  k.name = "count";
  k.channels = 7;
  k.height = 1;
  k.width = 1;
  k.decoding = chipcfg::OutputDecoding::SpikeCount;
  for (int ch = 0; ch < 7; ++ch)
    k.scale.push_back(1.0f + 0.5f * ch);
  for (uint32_t e = 0; e < 7; ++e)
    k.positive.push_back({1, e});
  k.region = region;
  c.outputs = {m, k};
  c.validate();
  return c;
}

inline std::vector<NeuronRef> allNeurons(const ChipConfig &c) {
  std::vector<NeuronRef> refs;
  for (uint32_t core = 0; core < c.cores.size(); ++core)
    for (uint32_t n = 0; n < c.prototypes[c.cores[core].prototype].neurons; ++n)
      refs.push_back({core, n});
  return refs;
}

/// Deterministic host input for `ticks` ticks: about a quarter of the axons
/// of cores 0 and 1 get a spike each tick, with delays 0..maxDelay and (on
/// signed chips) some negative.
inline std::vector<std::vector<hil::InputSpike>>
inputPattern(const ChipConfig &c, int ticks, uint32_t seed) {
  std::vector<std::vector<hil::InputSpike>> out(ticks);
  uint32_t x = seed * 2654435761u + 1;
  for (int t = 0; t < ticks; ++t)
    for (uint32_t core = 0; core < 2 && core < c.cores.size(); ++core) {
      uint32_t axons = c.prototypes[c.cores[core].prototype].axons;
      for (uint32_t a = 0; a < axons; ++a) {
        x = x * 1664525u + 1013904223u;
        if ((x >> 28) % 4 != 0)
          continue;
        emu::AxonSpike s;
        s.core = core;
        s.axon = a;
        s.sign = c.chip.signedSpikes && (x >> 8) % 3 == 0 ? -1 : 1;
        out[t].push_back({s, (x >> 12) % (c.chip.maxDelay + 1)});
      }
    }
  return out;
}

/// Everything a host observes while driving a port.
struct Trace {
  std::vector<std::vector<emu::NeuronSpike>> spikes; ///< [tick]
  std::vector<std::vector<int64_t>> potentials;      ///< [tick]
  std::vector<emu::CoreCounters> counters;
};

inline Trace drive(emu::ChipPort &port, const ChipConfig &c,
                   const std::vector<std::vector<hil::InputSpike>> &input) {
  Trace trace;
  std::vector<NeuronRef> all = allNeurons(c);
  port.watch(all);
  trace.potentials.push_back(port.readout(all));
  for (const auto &tick : input) {
    trace.spikes.push_back(port.step(tick));
    trace.potentials.push_back(port.readout(all));
  }
  trace.counters = port.counters();
  return trace;
}

/// Traces are equal value for value.
inline bool sameTrace(const Trace &a, const Trace &b) {
  return a.spikes == b.spikes && a.potentials == b.potentials &&
         a.counters == b.counters;
}

inline size_t totalSpikes(const Trace &t) {
  size_t n = 0;
  for (const auto &s : t.spikes)
    n += s.size();
  return n;
}

} // namespace snnc::hiltest

#endif // SNNC_TEST_UNIT_HIL_HILTESTSUPPORT_H
