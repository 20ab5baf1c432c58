//===- EmulatorTests.cpp - Tick semantics of the core emulator ------------===//
//
// Hand-built configurations with golden values worked out by hand in the
// comments, plus a random configuration checked against a naive
// level-by-level reference and across thread counts.
//
//===----------------------------------------------------------------------===//
#include "RandomConfigs.h"
#include "TestConfigs.h"

#include "runtime/emulator/Emulator.h"
#include "runtime/support/Error.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <random>

using namespace snnc;
using namespace snnc::emu;
using namespace snnc::emu::test;

namespace {

NeuronType neuron(int32_t leak, int32_t alpha, int32_t beta = 0,
                  ResetMode reset = ResetMode::Linear,
                  NegativeMode negative = NegativeMode::Saturate,
                  int32_t resetValue = 0) {
  NeuronType t;
  t.leak = leak;
  t.alpha = alpha;
  t.beta = beta;
  t.reset = reset;
  t.negative = negative;
  t.resetValue = resetValue;
  return t;
}

/// One core, one neuron of type `t`, no axons.
ChipConfig single(const NeuronType &t, uint32_t bits = 20,
                  bool signedSpikes = false) {
  ChipConfig c = chipConfig(bits, signedSpikes);
  c.prototypes.push_back(prototype(1, {}, CrossbarKind::Weighted, {t}));
  c.cores.push_back(core(0, 1));
  return c;
}

struct Trace {
  std::vector<int64_t> v;      ///< Potential of neuron 0 after each tick.
  std::vector<int> spikeTicks; ///< 1-based ticks with a spike.
  std::vector<int> spikeSigns;
};

Trace trace(const ChipConfig &c, int ticks) {
  Emulator e(c);
  Trace t;
  for (int i = 1; i <= ticks; ++i) {
    const auto &s = e.tick();
    for (const NeuronSpike &x : s) {
      t.spikeTicks.push_back(i);
      t.spikeSigns.push_back(x.sign);
    }
    t.v.push_back(e.potential(0, 0));
  }
  return t;
}

using V = std::vector<int64_t>;
using I = std::vector<int>;

} // namespace

TEST_CASE("a leaky neuron reaches its threshold on the hand-computed ticks",
          "[emulator]") {
  // leak 3, alpha 10, linear reset: 3 6 9 12->2 5 8 11->1 4 7 10->0 3 6 9
  // 12->2: spikes at ticks 4, 7, 10, 14.
  Trace t = trace(single(neuron(3, 10)), 14);
  CHECK(t.v == V{3, 6, 9, 2, 5, 8, 1, 4, 7, 0, 3, 6, 9, 2});
  CHECK(t.spikeTicks == I{4, 7, 10, 14});
  CHECK(t.spikeSigns == I{1, 1, 1, 1});
}

TEST_CASE("reset modes: absolute, linear, none", "[emulator]") {
  SECTION("absolute: V = resetValue") {
    // leak 4, alpha 10, R = 5: 4 8 12->5 9 13->5 9 13->5
    Trace t = trace(single(neuron(4, 10, 0, ResetMode::Absolute,
                                  NegativeMode::Saturate, 5)),
                    7);
    CHECK(t.v == V{4, 8, 5, 9, 5, 9, 5});
    CHECK(t.spikeTicks == I{3, 5, 7});
  }
  SECTION("linear: V -= alpha") {
    // leak 4, alpha 10: 4 8 12->2 6 10->0 4 8
    Trace t = trace(single(neuron(4, 10)), 7);
    CHECK(t.v == V{4, 8, 2, 6, 0, 4, 8});
    CHECK(t.spikeTicks == I{3, 5});
  }
  SECTION("none: V kept, a spike every tick above alpha, clamped at 31") {
    // 6-bit potentials [-32, 31]: 4 8 12 16 20 24 28 32->31 35->31.
    ChipConfig c = single(neuron(4, 10, 0, ResetMode::None), 6);
    Trace t = trace(c, 9);
    CHECK(t.v == V{4, 8, 12, 16, 20, 24, 28, 31, 31});
    CHECK(t.spikeTicks == I{3, 4, 5, 6, 7, 8, 9});
    Emulator e(c);
    for (int i = 0; i < 9; ++i)
      e.tick();
    CHECK(e.counters()[0].saturations == 2);
    CHECK(e.counters()[0].spikesOut == 7);
    CHECK(e.counters()[0].activeTicks == 7);
  }
}

TEST_CASE("negative threshold: saturate, reset, spike", "[emulator]") {
  // leak -3, beta 7 (V <= -7 triggers), alpha 10.
  SECTION("saturate: V = -beta") {
    Trace t = trace(single(neuron(-3, 10, 7)), 5);
    CHECK(t.v == V{-3, -6, -7, -7, -7});
    CHECK(t.spikeTicks.empty());
  }
  SECTION("reset linear: V += beta") {
    // -3 -6 -9->-2 -5 -8->-1 -4 -7->0 -3
    Trace t = trace(
        single(neuron(-3, 10, 7, ResetMode::Linear, NegativeMode::Reset)), 8);
    CHECK(t.v == V{-3, -6, -2, -5, -1, -4, 0, -3});
    CHECK(t.spikeTicks.empty());
  }
  SECTION("reset absolute: V = -resetValue") {
    // R = 1: -3 -6 -9->-1 -4 -7->-1 -4 -7->-1
    Trace t = trace(
        single(neuron(-3, 10, 7, ResetMode::Absolute, NegativeMode::Reset, 1)),
        7);
    CHECK(t.v == V{-3, -6, -1, -4, -1, -4, -1});
  }
  SECTION("reset none: unchanged, clamped at -32 with 6 bits") {
    // -3 ... -30 -33->-32 -35->-32
    Trace t = trace(
        single(neuron(-3, 10, 7, ResetMode::None, NegativeMode::Reset), 6), 12);
    CHECK(t.v == V{-3, -6, -9, -12, -15, -18, -21, -24, -27, -30, -32, -32});
  }
  SECTION("spike on a signed-spike chip: -1, then reset as Reset") {
    ChipConfig c = single(
        neuron(-3, 10, 7, ResetMode::Linear, NegativeMode::Spike), 20, true);
    Trace t = trace(c, 8);
    CHECK(t.v == V{-3, -6, -2, -5, -1, -4, 0, -3});
    CHECK(t.spikeTicks == I{3, 5, 7});
    CHECK(t.spikeSigns == I{-1, -1, -1});
  }
  SECTION("spike on an unsigned-spike chip: no spike, reset as Reset") {
    ChipConfig c = single(
        neuron(-3, 10, 7, ResetMode::Linear, NegativeMode::Spike), 20, false);
    Trace t = trace(c, 8);
    CHECK(t.v == V{-3, -6, -2, -5, -1, -4, 0, -3});
    CHECK(t.spikeTicks.empty());
  }
}

TEST_CASE("binary crossbar: weights by axon type, per neuron type",
          "[emulator]") {
  // Axon types 0, 1, 2. Neuron 0 (type A): weights {2, -1, 5, 0};
  // neuron 1 (type B): {1, 1, 1, 1}. Axon 0 -> n0, n1; axon 1 -> n0;
  // axon 2 -> n1.
  NeuronType a = neuron(0, 1000), b = neuron(0, 1000);
  a.weights = {2, -1, 5, 0};
  b.weights = {1, 1, 1, 1};
  ChipConfig c = chipConfig();
  c.prototypes.push_back(prototype(2, {{{0, 0}, {1, 0}}, {{0, 0}}, {{1, 0}}},
                                   CrossbarKind::Binary, {a, b}, {0, 1},
                                   {0, 1, 2}));
  c.cores.push_back(core(0, 2));
  Emulator e(c);
  // Tick 1: axons 0 and 1: n0 = 2 - 1 = 1, n1 = 1.
  e.inject({0, 0, 1}, 0);
  e.inject({0, 1, 1}, 0);
  e.tick();
  CHECK(e.potential(0, 0) == 1);
  CHECK(e.potential(0, 1) == 1);
  // Tick 2: axon 2 twice (two spikes, both integrated): n1 = 1 + 2 = 3.
  e.inject({0, 2, 1}, 0);
  e.inject({0, 2, 1}, 0);
  e.tick();
  CHECK(e.potential(0, 0) == 1);
  CHECK(e.potential(0, 1) == 3);
  // Events: tick 1: 2 + 1 synapses; tick 2: 2 x 1.
  CHECK(e.counters()[0].spikesIn == 4);
  CHECK(e.counters()[0].synapticEvents == 5);
  CHECK(e.counters()[0].activeTicks == 2);
  CHECK(e.counters()[0].spikesOut == 0);
  // Tick 3: six spikes on axon 0: n0 = 1 + 12, n1 = 3 + 6.
  for (int i = 0; i < 6; ++i)
    e.inject({0, 0, 1}, 0);
  e.tick();
  CHECK(e.potential(0, 0) == 13);
  CHECK(e.potential(0, 1) == 9);
  CHECK(e.counters()[0].synapticEvents == 17);
}

TEST_CASE("weighted crossbar: each synapse its own weight", "[emulator]") {
  // a0 -> n0 (3), n1 (-2); a1 -> n1 (7). Signed chip: a -1 spike on a1.
  ChipConfig c = chipConfig(20, true);
  c.prototypes.push_back(prototype(2, {{{0, 3}, {1, -2}}, {{1, 7}}},
                                   CrossbarKind::Weighted,
                                   {neuron(0, 1000, 1000)}));
  c.cores.push_back(core(0, 2));
  Emulator e(c);
  e.inject({0, 0, 1}, 0);
  e.inject({0, 1, 1}, 0);
  e.tick();
  CHECK(e.potential(0, 0) == 3);
  CHECK(e.potential(0, 1) == 5);
  e.inject({0, 1, -1}, 0);
  e.tick();
  CHECK(e.potential(0, 1) == -2);
  CHECK(e.counters()[0].synapticEvents == 4);
}

namespace {

/// Core 0: axon 0 -> neuron 0 (weight 1, alpha 1); neuron 0 targets core 1
/// axon 0 with delay d0 and core 1 axon 1 with delay d1. Core 1: axon a ->
/// neuron a (alpha 1).
ChipConfig delayPair(uint32_t d0, uint32_t d1, uint32_t maxDelay) {
  ChipConfig c = chipConfig(20, false, maxDelay);
  c.prototypes.push_back(prototype(2, {{{0, 1}}, {{1, 1}}},
                                   CrossbarKind::Weighted, {neuron(0, 1)}));
  c.cores.push_back(core(0, 2, {{{1, 0, d0}, {1, 1, d1}}}, 0, 0, 0));
  c.cores.push_back(core(0, 2, {}, 0, 0, 1));
  return c;
}

/// Spikes as "tick:core.neuron" strings, ticks 1-based.
std::vector<std::string> run(Emulator &e, int ticks,
                             const std::map<int, std::vector<AxonSpike>> &in) {
  std::vector<std::string> out;
  for (int t = 1; t <= ticks; ++t) {
    auto it = in.find(t);
    if (it != in.end())
      for (const AxonSpike &s : it->second)
        e.inject(s, 0);
    for (const NeuronSpike &s : e.tick())
      out.push_back(std::to_string(t) + ":" + std::to_string(s.core) + "." +
                    std::to_string(s.neuron) + (s.sign < 0 ? "-" : ""));
  }
  return out;
}

using S = std::vector<std::string>;

} // namespace

TEST_CASE("delays 1 and 3 go through the ring buffer", "[emulator]") {
  // Core 0 fires in the tick of its input; core 1 neuron 0 one tick later,
  // neuron 1 three ticks later. Ring of 4 slots; inputs at 1, 2 and 6 wrap.
  ChipConfig c = delayPair(1, 3, 3);
  Emulator e(c);
  S got = run(e, 10, {{1, {{0, 0, 1}}}, {2, {{0, 0, 1}}}, {6, {{0, 0, 1}}}});
  CHECK(got == S{"1:0.0", "2:0.0", "2:1.0", "3:1.0", "4:1.1", "5:1.1", "6:0.0",
                 "7:1.0", "9:1.1"});
  SECTION("host delays") {
    // An input injected before tick 1 with delay 2 arrives in tick 3.
    Emulator f(c);
    f.inject({0, 0, 1}, 2);
    S got2 = run(f, 6, {});
    CHECK(got2 == S{"3:0.0", "4:1.0", "6:1.1"});
  }
  SECTION("reset empties the buffers") {
    Emulator f(c);
    f.inject({0, 0, 1}, 0);
    f.tick();
    f.reset();
    CHECK(f.currentTick() == 0);
    CHECK(run(f, 6, {}).empty());
    CHECK(f.counters()[0].spikesOut == 0);
  }
}

TEST_CASE("delay-0 chain through levels in one tick", "[emulator]") {
  // Three cores chained with delay 0. Core indices run against the levels
  // (core 2 is level 0, core 0 is level 2), so the order must come from
  // the levels. All fire in tick 1.
  ChipConfig c = chipConfig();
  c.prototypes.push_back(
      prototype(1, {{{0, 1}}}, CrossbarKind::Weighted, {neuron(0, 1)}));
  c.cores.push_back(core(0, 1, {}, 0, 0, 2));
  c.cores.push_back(core(0, 1, {{{0, 0, 0}}}, 0, 0, 1));
  c.cores.push_back(core(0, 1, {{{1, 0, 0}}}, 0, 0, 0));
  Emulator e(c);
  S got = run(e, 3, {{1, {{2, 0, 1}}}});
  CHECK(got == S{"1:0.0", "1:1.0", "1:2.0"});
  SECTION("a delay-0 target at the same level is rejected") {
    ChipConfig bad = c;
    bad.cores[1].level = 2;
    CHECK_THROWS_AS(Emulator(bad), Error);
  }
}

TEST_CASE("multicast and hop counts", "[emulator]") {
  // Core 0 at (0, 0) fans one neuron out to cores 1 (3, 4), 2 (-1, 2) and
  // to itself (a second neuron); hops per spike = 7 + 3 + 0 = 10.
  ChipConfig c = chipConfig();
  c.prototypes.push_back(prototype(2, {{{0, 1}}, {{1, 1}}},
                                   CrossbarKind::Weighted, {neuron(0, 1)}));
  c.cores.push_back(core(0, 2, {{{1, 0, 1}, {2, 1, 1}, {0, 1, 2}}}, 0, 0, 0));
  c.cores.push_back(core(0, 2, {}, 3, 4, 0));
  c.cores.push_back(core(0, 2, {}, -1, 2, 0));
  Emulator e(c);
  S got = run(e, 4, {{1, {{0, 0, 1}}}, {2, {{0, 0, 1}}}});
  CHECK(got == S{"1:0.0", "2:0.0", "2:1.0", "2:2.1", "3:0.1", "3:1.0", "3:2.1",
                 "4:0.1"});
  const auto &k = e.counters();
  CHECK(k[0].hops == 20);
  CHECK(k[0].spikesOut == 4);
  CHECK(k[0].spikesIn == 4);
  CHECK(k[1].spikesIn == 2);
  CHECK(k[1].hops == 0);
  CHECK(k[2].spikesIn == 2);
}

TEST_CASE("potentials are clamped to the chip's range", "[emulator]") {
  // 8-bit potentials [-128, 127]; a weight of 100 twice per tick.
  ChipConfig c = chipConfig(8, true);
  c.prototypes.push_back(prototype(1, {{{0, 100}}, {{0, -100}}},
                                   CrossbarKind::Weighted,
                                   {neuron(0, 1000, 1000)}));
  c.cores.push_back(core(0, 1));
  Emulator e(c);
  e.inject({0, 0, 1}, 0);
  e.inject({0, 0, 1}, 0);
  e.tick();
  CHECK(e.potential(0, 0) == 127);
  e.inject({0, 1, 1}, 0);
  e.inject({0, 1, 1}, 0);
  e.inject({0, 1, 1}, 0);
  e.tick(); // 127 - 300 = -173 -> -128
  CHECK(e.potential(0, 0) == -128);
  CHECK(e.counters()[0].saturations == 2);
}

TEST_CASE("bad input is rejected", "[emulator]") {
  ChipConfig c = delayPair(1, 3, 3);
  Emulator e(c);
  CHECK_THROWS_AS(e.inject({2, 0, 1}, 0), Error);  // core
  CHECK_THROWS_AS(e.inject({0, 2, 1}, 0), Error);  // axon
  CHECK_THROWS_AS(e.inject({0, 0, -1}, 0), Error); // unsigned chip
  CHECK_THROWS_AS(e.inject({0, 0, 2}, 0), Error);  // sign
  CHECK_THROWS_AS(e.inject({0, 0, 1}, 4), Error);  // delay > max
  CHECK_THROWS_AS(e.potential(0, 2), Error);
  CHECK(run(e, 3, {}).empty());
}

namespace {

struct RunLog {
  std::vector<std::vector<NeuronSpike>> spikes;
  std::vector<int64_t> potentials;
  std::vector<CoreCounters> counters;
};

RunLog runEmulator(const ChipConfig &c, int threads, int ticks, uint32_t seed,
                   FaultModel faults = {}) {
  EmulatorOptions o;
  o.threads = threads;
  o.faults = faults;
  Emulator e(c, o);
  RunLog log;
  for (const auto &tick : randomInput(c, ticks, seed)) {
    for (const auto &[s, d] : tick)
      e.inject(s, d);
    log.spikes.push_back(e.tick());
  }
  for (uint32_t k = 0; k < c.cores.size(); ++k)
    for (uint32_t n = 0; n < c.prototypes[c.cores[k].prototype].neurons; ++n)
      log.potentials.push_back(e.potential(k, n));
  log.counters = e.counters();
  return log;
}

/// The documented semantics, written as plainly as possible: every neuron
/// of every core every tick, cores level by level then by index.
/// The fault rules of Faults.h, applied one neuron and one delivery at a
/// time (no precomputed sets).
bool deadCore(const FaultModel &f, size_t k) {
  return faults::below(faults::hash(f.seed, faults::DeadCore, k), f.deadCores);
}
int stuckSign(const FaultModel &f, size_t k, uint32_t n, int sign) {
  const uint64_t h = faults::hash(f.seed, faults::StuckOff, k, n);
  if (faults::below(h, f.stuckOff))
    return 0;
  if (faults::below(~h, f.stuckOn))
    return 1;
  return sign;
}
bool lost(const FaultModel &f, int tick, size_t k, uint32_t n,
          uint32_t target) {
  return faults::below(faults::hash(f.seed, faults::Drop, uint64_t(tick),
                                    uint64_t(k) << 32 | n, target),
                       f.droppedSpikes);
}

RunLog runNaive(const ChipConfig &c, int ticks, uint32_t seed,
                FaultModel faults = {}) {
  const int64_t vMax = (int64_t(1) << (c.chip.potentialBits - 1)) - 1;
  const int64_t vMin = -vMax - 1;
  const size_t cores = c.cores.size();
  std::vector<std::vector<int64_t>> v(cores);
  for (size_t k = 0; k < cores; ++k) {
    const CorePrototype &p = c.prototypes[c.cores[k].prototype];
    for (uint32_t n = 0; n < p.neurons; ++n)
      v[k].push_back(p.neuronTypes[p.neuronType[n]].vInit);
  }
  // arrivals[tick][core] = (axon, sign)
  std::map<int, std::map<size_t, std::vector<std::pair<uint32_t, int>>>>
      arrivals;
  std::vector<size_t> order(cores);
  for (size_t k = 0; k < cores; ++k)
    order[k] = k;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return c.cores[a].level < c.cores[b].level;
  });
  RunLog log;
  log.counters.resize(cores);
  auto input = randomInput(c, ticks, seed);
  for (int u = 0; u < ticks; ++u) {
    for (const auto &[s, d] : input[u])
      arrivals[u + d][s.core].push_back({s.axon, s.sign});
    std::vector<NeuronSpike> out;
    for (size_t k : order) {
      if (deadCore(faults, k))
        continue; // its input is lost, its potentials stay
      const Core &core = c.cores[k];
      const CorePrototype &p = c.prototypes[core.prototype];
      CoreCounters &cnt = log.counters[k];
      std::vector<int64_t> acc(p.neurons, 0);
      uint64_t in = 0, outCount = 0;
      for (auto [axon, sign] : arrivals[u][k]) {
        ++in;
        for (uint32_t j = p.rowStart[axon]; j < p.rowStart[axon + 1]; ++j) {
          uint32_t n = p.column[j];
          int64_t w =
              p.kind == CrossbarKind::Binary
                  ? p.neuronTypes[p.neuronType[n]].weights[p.axonTypes[axon]]
                  : p.weight[j];
          acc[n] += sign * w;
          ++cnt.synapticEvents;
        }
      }
      cnt.spikesIn += in;
      for (uint32_t n = 0; n < p.neurons; ++n) {
        const NeuronType &t = p.neuronTypes[p.neuronType[n]];
        int64_t x = v[k][n] + acc[n] + t.leak;
        int sign = 0;
        if (t.fires) {
          if (x >= t.alpha) {
            sign = 1;
            if (t.reset == ResetMode::Absolute)
              x = t.resetValue;
            else if (t.reset == ResetMode::Linear)
              x -= t.alpha;
          } else if (x <= -int64_t(t.beta)) {
            if (t.negative == NegativeMode::Saturate) {
              x = -int64_t(t.beta);
            } else {
              if (t.negative == NegativeMode::Spike && c.chip.signedSpikes)
                sign = -1;
              if (t.reset == ResetMode::Absolute)
                x = -int64_t(t.resetValue);
              else if (t.reset == ResetMode::Linear)
                x += t.beta;
            }
          }
        }
        if (x > vMax || x < vMin) {
          x = std::clamp(x, vMin, vMax);
          ++cnt.saturations;
        }
        v[k][n] = x;
        sign = stuckSign(faults, k, n, sign);
        if (sign) {
          ++outCount;
          out.push_back(
              {static_cast<uint32_t>(k), n, static_cast<int8_t>(sign)});
          for (uint32_t j = core.targetStart[n]; j < core.targetStart[n + 1];
               ++j) {
            const Target &tg = core.targets[j];
            if (!lost(faults, u, k, n, j - core.targetStart[n]))
              arrivals[u + tg.delay][tg.core].push_back({tg.axon, sign});
            cnt.hops += std::abs(c.cores[tg.core].x - core.x) +
                        std::abs(c.cores[tg.core].y - core.y);
          }
        }
      }
      cnt.spikesOut += outCount;
      if (in || outCount)
        ++cnt.activeTicks;
    }
    arrivals.erase(u);
    std::sort(out.begin(), out.end(),
              [](const NeuronSpike &a, const NeuronSpike &b) {
                return a.core != b.core ? a.core < b.core : a.neuron < b.neuron;
              });
    log.spikes.push_back(out);
  }
  for (size_t k = 0; k < cores; ++k)
    log.potentials.insert(log.potentials.end(), v[k].begin(), v[k].end());
  return log;
}

} // namespace

TEST_CASE("random configuration: equal to the naive reference", "[emulator]") {
  // 12-bit potentials (vectorized neuron update in 32-bit arithmetic,
  // clamping often), 32- and 40-bit ones (vectorized in 64-bit arithmetic
  // on 32- and 64-bit potentials) and 52-bit ones (the scalar update).
  // Linear resets only: the specialized neuron update.
  struct Variant {
    bool signedSpikes;
    uint32_t bits;
    bool linear;
  };
  for (Variant v : {Variant{false, 12, false}, Variant{true, 12, false},
                    Variant{true, 32, false}, Variant{false, 40, false},
                    Variant{true, 52, false}, Variant{true, 12, true}}) {
    INFO("signed spikes " << v.signedSpikes << ", " << v.bits
                          << "-bit potentials, linear resets " << v.linear);
    ChipConfig c =
        randomConfig(120, 7 + v.signedSpikes, v.signedSpikes, v.bits, v.linear);
    RunLog fast = runEmulator(c, 2, 40, 11);
    RunLog naive = runNaive(c, 40, 11);
    uint64_t spikes = 0;
    for (size_t t = 0; t < fast.spikes.size(); ++t) {
      INFO("tick " << t + 1);
      REQUIRE(fast.spikes[t] == naive.spikes[t]);
      spikes += fast.spikes[t].size();
    }
    CHECK(spikes > 1000); // the network is busy
    CHECK(fast.potentials == naive.potentials);
    CHECK((fast.counters == naive.counters));
  }
}

TEST_CASE("bit-identical spikes and counters with 1 and 2 threads",
          "[emulator]") {
  ChipConfig c = randomConfig(400, 3, true);
  RunLog one = runEmulator(c, 1, 64, 5);
  RunLog two = runEmulator(c, 2, 64, 5);
  RunLog dflt = runEmulator(c, 0, 64, 5);
  CHECK(one.spikes == two.spikes);
  CHECK(one.spikes == dflt.spikes);
  CHECK(one.potentials == two.potentials);
  CHECK((one.counters == two.counters));
  CHECK((one.counters == dflt.counters));
}

TEST_CASE("inputs beyond 32 bits are integrated exactly", "[emulator]") {
  // Weights of 2^30 and -2^31; 40-bit potentials. Three spikes on axon 0
  // give 3 x 2^30 (more than a 32-bit sum holds), then one on axon 1.
  ChipConfig c = chipConfig(40, true);
  c.prototypes.push_back(prototype(
      2, {{{0, 1 << 30}, {1, 1}}, {{0, INT32_MIN}, {1, 1}}},
      CrossbarKind::Weighted, {neuron(0, 1 << 30, 0, ResetMode::None)}));
  c.prototypes[0].neuronTypes[0].alpha = INT32_MAX;
  c.prototypes[0].neuronTypes[0].beta = INT32_MAX;
  c.cores.push_back(core(0, 2));
  Emulator e(c);
  for (int i = 0; i < 3; ++i)
    e.inject({0, 0, 1}, 0);
  e.tick();
  CHECK(e.potential(0, 0) == 3 * (int64_t(1) << 30));
  CHECK(e.potential(0, 1) == 3);
  e.inject({0, 1, -1}, 0);
  e.tick();
  CHECK(e.potential(0, 0) == 3 * (int64_t(1) << 30) + (int64_t(1) << 31));
  CHECK(e.potential(0, 1) == 2);
}

TEST_CASE("inputs beyond 32 bits into 32-bit potentials", "[emulator]") {
  // As above with 32-bit potentials; 3 x 2^30 >= alpha = 2^31 - 1 fires.
  // No reset: V = 3 x 2^30 clamps to 2^31 - 1, then -2^31 gives -1.
  // Linear reset (the other neuron update): V = 3 x 2^30 - (2^31 - 1) =
  // 2^30 + 1, then 2^30 + 1 - 2^31 = -(2^30 - 1).
  for (ResetMode reset : {ResetMode::None, ResetMode::Linear}) {
    const bool none = reset == ResetMode::None;
    ChipConfig c = chipConfig(32, true);
    c.prototypes.push_back(prototype(
        2, {{{0, 1 << 30}, {1, 1}}, {{0, INT32_MIN}, {1, 1}}},
        CrossbarKind::Weighted, {neuron(0, INT32_MAX, INT32_MAX, reset)}));
    c.cores.push_back(core(0, 2));
    Emulator e(c);
    for (int i = 0; i < 3; ++i)
      e.inject({0, 0, 1}, 0);
    e.tick();
    CHECK(e.potential(0, 0) == (none ? INT32_MAX : (1 << 30) + 1));
    CHECK(e.potential(0, 1) == 3);
    CHECK(e.counters()[0].saturations == (none ? 1u : 0u));
    CHECK(e.counters()[0].spikesOut == 1);
    e.inject({0, 1, 1}, 0);
    e.tick();
    CHECK(e.potential(0, 0) == (none ? -1 : -(1 << 30) + 1));
    CHECK(e.potential(0, 1) == 4);
  }
}

TEST_CASE("31-bit potentials: 32-bit neuron arithmetic only where exact",
          "[emulator]") {
  // V in [-2^30, 2^30 - 1]. Three spikes of 2^29 may take V + input past
  // 32 bits (the 64-bit update runs), one may not (the 32-bit one runs);
  // four of -2^29 need a 64-bit sum.
  ChipConfig c = chipConfig(31, true);
  c.prototypes.push_back(
      prototype(2, {{{0, 1 << 29}, {1, 1}}, {{0, -(1 << 29)}, {1, -1}}},
                CrossbarKind::Weighted,
                {neuron(0, INT32_MAX, INT32_MAX, ResetMode::None)}));
  c.cores.push_back(core(0, 2));
  Emulator e(c);
  for (int i = 0; i < 3; ++i)
    e.inject({0, 0, 1}, 0);
  e.tick();
  CHECK(e.potential(0, 0) == (1 << 30) - 1);
  CHECK(e.potential(0, 1) == 3);
  CHECK(e.counters()[0].saturations == 1);
  e.inject({0, 1, 1}, 0);
  e.tick();
  CHECK(e.potential(0, 0) == (1 << 29) - 1);
  CHECK(e.potential(0, 1) == 2);
  for (int i = 0; i < 4; ++i)
    e.inject({0, 1, 1}, 0);
  e.tick();
  CHECK(e.potential(0, 0) == -(1 << 30));
  CHECK(e.potential(0, 1) == -2);
  CHECK(e.counters()[0].saturations == 2);
}

TEST_CASE("faults: dead cores, stuck neurons and dropped spikes as the naive "
          "reference applies them",
          "[emulator][faults]") {
  ChipConfig c = randomConfig(120, 8, true);
  const int ticks = 40;
  const RunLog clean = runEmulator(c, 2, ticks, 11);
  for (const char *spec :
       {"dead-cores=0.1,seed=3", "stuck-off=0.05,seed=4", "stuck-on=0.02",
        "drop=0.3,seed=5",
        "dead-cores=0.05,stuck-off=0.02,stuck-on=0.01,drop=0.1,seed=9"}) {
    INFO(spec);
    const FaultModel f = parseFaults(spec);
    RunLog fast = runEmulator(c, 2, ticks, 11, f);
    RunLog naive = runNaive(c, ticks, 11, f);
    for (size_t t = 0; t < fast.spikes.size(); ++t) {
      INFO("tick " << t + 1);
      REQUIRE(fast.spikes[t] == naive.spikes[t]);
    }
    CHECK(fast.potentials == naive.potentials);
    CHECK((fast.counters == naive.counters));
    // The faults changed something, and 1 thread gives the same.
    CHECK(fast.spikes != clean.spikes);
    RunLog one = runEmulator(c, 1, ticks, 11, f);
    CHECK(one.spikes == fast.spikes);
    CHECK(one.potentials == fast.potentials);
  }
}

TEST_CASE("faults at rate 1: nothing fires, everything fires, nothing "
          "arrives",
          "[emulator][faults]") {
  ChipConfig c = randomConfig(60, 2, true);
  auto total = [](const RunLog &l) {
    size_t n = 0;
    for (const auto &t : l.spikes)
      n += t.size();
    return n;
  };
  CHECK(total(runEmulator(c, 2, 20, 3, parseFaults("dead-cores=1"))) == 0);
  CHECK(total(runEmulator(c, 2, 20, 3, parseFaults("stuck-off=1"))) == 0);
  size_t neurons = 0;
  for (const Core &k : c.cores)
    neurons += c.prototypes[k.prototype].neurons;
  RunLog on = runEmulator(c, 2, 20, 3, parseFaults("stuck-on=1"));
  for (const auto &t : on.spikes) {
    REQUIRE(t.size() == neurons);
    for (const NeuronSpike &s : t)
      CHECK(s.sign == 1);
  }
  // drop=1: only the host's spikes arrive, as if no neuron had a target.
  ChipConfig cut = c;
  for (Core &k : cut.cores) {
    std::fill(k.targetStart.begin(), k.targetStart.end(), 0);
    k.targets.clear();
  }
  RunLog dropped = runEmulator(c, 2, 20, 3, parseFaults("drop=1"));
  RunLog alone = runEmulator(cut, 2, 20, 3);
  CHECK(dropped.spikes == alone.spikes);
  CHECK(dropped.potentials == alone.potentials);
}

TEST_CASE("fault specifications", "[emulator][faults]") {
  FaultModel f =
      parseFaults("drop=0.25,dead-cores=0.5,seed=18446744073709551615");
  CHECK(f.deadCores == 0.5);
  CHECK(f.droppedSpikes == 0.25);
  CHECK(f.seed == UINT64_MAX);
  CHECK_FALSE(parseFaults("seed=2").any());
  // str() reads back as the same model.
  FaultModel g = parseFaults(f.str());
  CHECK(g.str() == f.str());
  CHECK(g.deadCores == f.deadCores);
  CHECK(parseFaults("stuck-on=1e-4").str() == "stuck-on=0.0001,seed=1");
  using Catch::Matchers::Contains;
  auto errorOf = [](const char *spec) {
    try {
      parseFaults(spec);
    } catch (const Error &e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(errorOf("") == "--faults: empty fault specification; expected items "
                       "like dead-cores=0.01,drop=0.001,seed=7");
  CHECK(errorOf("drop=0.1,") ==
        "--faults: item 2 is empty (two commas, or a comma at an end)");
  CHECK(errorOf("drop") == "--faults: item 1 'drop' is not NAME=VALUE");
  CHECK(errorOf("dead=0.1") ==
        "--faults: item 1: unknown fault 'dead'; expected dead-cores, "
        "stuck-off, stuck-on, drop or seed");
  CHECK(errorOf("drop=1.5") ==
        "--faults: drop=1.5 is outside 0..1 (a share of spike deliveries)");
  CHECK(errorOf("drop=nan") ==
        "--faults: drop=nan is outside 0..1 (a share of spike deliveries)");
  CHECK(errorOf("drop=0.1x") == "--faults: drop '0.1x' is not a number");
  CHECK(errorOf("seed=-1") ==
        "--faults: seed '-1' is not an unsigned 64-bit integer");
  CHECK(errorOf("drop=0.1,drop=0.2") == "--faults: 'drop' is given twice");
  CHECK(errorOf("stuck-off=0.6,stuck-on=0.5") ==
        "--faults: stuck-off=0.6 and stuck-on=0.5 add up to more than 1");
}

TEST_CASE("faults nest: a higher rate keeps the faults of a lower one",
          "[emulator][faults]") {
  FaultModel low = parseFaults("dead-cores=0.1,seed=4"),
             high = parseFaults("dead-cores=0.3,seed=4");
  size_t lowCount = 0, highCount = 0;
  for (uint64_t k = 0; k < 10000; ++k) {
    const uint64_t h = faults::hash(4, faults::DeadCore, k);
    const bool a = faults::below(h, low.deadCores),
               b = faults::below(h, high.deadCores);
    CHECK((!a || b));
    lowCount += a;
    highCount += b;
  }
  // Shares near the rates (binomial, 10,000 draws: 4 sigma < 0.02).
  CHECK(std::abs(double(lowCount) / 10000 - 0.1) < 0.02);
  CHECK(std::abs(double(highCount) / 10000 - 0.3) < 0.02);
}
