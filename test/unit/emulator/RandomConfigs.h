//===- RandomConfigs.h - Random chip configurations and inputs -*- C++ -*-===//
//
// Busy random networks for the emulator's equivalence tests: against the
// naive reference, across thread counts and across the parts of a board.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_TEST_UNIT_EMULATOR_RANDOMCONFIGS_H
#define SNNC_TEST_UNIT_EMULATOR_RANDOMCONFIGS_H

#include "TestConfigs.h"
#include "runtime/emulator/Emulator.h"

#include <random>

namespace snnc::emu::test {

/// A random configuration: `cores` cores of random prototypes, leaky and
/// non-leaky, all reset and negative modes, targets with delays 0..3
/// (delay 0 only to deeper levels), signed spikes.
/// Sizes of randomConfig's prototypes: [lo, hi] axons and neurons.
struct PrototypeSizes {
  int minAxons = 8, maxAxons = 64, minNeurons = 8, maxNeurons = 64;
};

inline ChipConfig randomConfig(uint32_t cores, uint32_t seed, bool signedSpikes,
                               uint32_t potentialBits = 12,
                               bool linearOnly = false,
                               PrototypeSizes sizes = {}) {
  std::mt19937 rng(seed);
  auto uni = [&](int lo, int hi) {
    return std::uniform_int_distribution<int>(lo, hi)(rng);
  };
  ChipConfig c = chipConfig(potentialBits, signedSpikes, 3);
  c.layers = {{"a", "conv", 1000}, {"b", "conv", 2000}};
  const int protos = 6;
  for (int p = 0; p < protos; ++p) {
    // Dense and sparse rows (the emulator integrates them differently),
    // weights that fit 8 and 16 bits.
    uint32_t axons = uni(sizes.minAxons, sizes.maxAxons),
             neurons = uni(sizes.minNeurons, sizes.maxNeurons);
    const int sparsity = p % 3 == 0 ? 1 : p % 3 == 1 ? 3 : 15;
    const int wmax = p == 4 ? 300 : 8;
    std::vector<std::vector<Synapse>> rows(axons);
    for (auto &row : rows)
      for (uint32_t n = 0; n < neurons; ++n)
        if (uni(0, sparsity) == 0)
          row.push_back({n, uni(-wmax, wmax)});
    std::vector<NeuronType> types;
    for (int t = 0; t < 4; ++t) {
      NeuronType nt;
      for (int k = 0; k < 4; ++k)
        nt.weights[k] = uni(-6, 6);
      nt.leak = p % 2 ? 0 : uni(-2, 2);
      nt.alpha = uni(1, 20);
      nt.beta = uni(0, 30);
      nt.reset =
          linearOnly ? ResetMode::Linear : static_cast<ResetMode>(uni(0, 2));
      nt.negative = static_cast<NegativeMode>(uni(0, 2));
      nt.resetValue = uni(-5, 5);
      nt.vInit = uni(-10, 25);
      nt.fires = uni(0, 7) != 0;
      types.push_back(nt);
    }
    std::vector<uint16_t> nType(neurons);
    for (auto &x : nType)
      x = static_cast<uint16_t>(uni(0, 3));
    std::vector<uint8_t> aType(axons);
    for (auto &x : aType)
      x = static_cast<uint8_t>(uni(0, 3));
    c.prototypes.push_back(prototype(
        neurons, rows, p < 3 ? CrossbarKind::Binary : CrossbarKind::Weighted,
        types, nType, aType));
  }
  std::vector<uint32_t> level(cores);
  for (auto &l : level)
    l = uni(0, 4);
  for (uint32_t i = 0; i < cores; ++i) {
    uint32_t p = uni(0, protos - 1);
    uint32_t neurons = c.prototypes[p].neurons;
    std::vector<std::vector<Target>> targets(neurons);
    for (auto &ts : targets) {
      int k = uni(0, 3);
      for (int j = 0; j < k; ++j) {
        uint32_t to = uni(0, cores - 1);
        uint32_t delay = uni(0, 3);
        if (delay == 0 && level[to] <= level[i])
          delay = 1;
        ts.push_back({to, 0, delay});
      }
    }
    c.cores.push_back(core(p, neurons, targets, uni(-10, 10), uni(-10, 10),
                           level[i], uni(0, 1)));
  }
  // Axons now that every core's prototype is known.
  for (Core &k : c.cores)
    for (Target &t : k.targets)
      t.axon = uni(0, c.prototypes[c.cores[t.core].prototype].axons - 1);
  return c;
}

/// randomConfig as the configuration file format accepts it (through a
/// ChipPort's configure): weighted crossbars' neuron types carry no
/// weights.
inline ChipConfig validRandomConfig(uint32_t cores, uint32_t seed,
                                    bool signedSpikes,
                                    uint32_t potentialBits = 12,
                                    bool linearOnly = false,
                                    PrototypeSizes sizes = {}) {
  ChipConfig c =
      randomConfig(cores, seed, signedSpikes, potentialBits, linearOnly, sizes);
  for (CorePrototype &p : c.prototypes)
    if (p.kind == CrossbarKind::Weighted)
      for (NeuronType &t : p.neuronTypes)
        t.weights = {0, 0, 0, 0};
  return c;
}

/// Cores larger than a CUDA block (more than 256 neurons) with more input
/// terms than a block's shared list holds (over 3,072 axons).
inline ChipConfig bigCoreConfig(uint32_t seed, bool signedSpikes) {
  ChipConfig c = validRandomConfig(12, seed, signedSpikes, 20, false,
                                   {3100, 3300, 260, 330});
  c.chip.axonsPerCore = c.chip.neuronsPerCore = 0; // unlimited cores
  return c;
}

inline std::vector<std::vector<std::pair<AxonSpike, uint32_t>>>
randomInput(const ChipConfig &c, int ticks, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<std::vector<std::pair<AxonSpike, uint32_t>>> in(ticks);
  for (auto &tick : in) {
    int n = std::uniform_int_distribution<int>(0, 40)(rng);
    for (int i = 0; i < n; ++i) {
      uint32_t core = rng() % c.cores.size();
      uint32_t axon = rng() % c.prototypes[c.cores[core].prototype].axons;
      int8_t sign = c.chip.signedSpikes && rng() % 4 == 0 ? -1 : 1;
      tick.push_back({AxonSpike{core, axon, sign}, rng() % 3});
    }
  }
  return in;
}

} // namespace snnc::emu::test

#endif // SNNC_TEST_UNIT_EMULATOR_RANDOMCONFIGS_H
