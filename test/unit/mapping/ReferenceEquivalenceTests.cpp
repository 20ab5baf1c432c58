//===- ReferenceEquivalenceTests.cpp - Emulator == graph-level simulator --===//
//
// The acceptance check of the mapping and the emulator together: a small
// integer network (convolutions with IBT and plain neurons, per-channel
// thresholds and leaks, a comparator max-pool, a membrane-read output) is
// mapped onto the `reference` chip (unlimited cores, delay 0) and run by the
// cycle-accurate emulator; its spikes, counted per layer, channel and sign
// after every tick, and its output potentials equal the graph-level
// simulator's, which runs the same network from a completely separate code
// path. Then the same network on the real chips' shapes (truenorth-x,
// truenorth) compiles and stays within a few spikes of it.
//
//===----------------------------------------------------------------------===//
#include "compiler/chip/ChipDescription.h"
#include "compiler/mapping/Equivalence.h"
#include "compiler/mapping/Mapper.h"
#include "compiler/mapping/Quantize.h"
#include "runtime/emulator/Emulator.h"
#include "runtime/snn/Simulator.h"

#include "test/unit/mapping/TestGraphs.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <random>

using namespace snnc;
using mappingtest::randomInts;

namespace {

Tensor randomImage(TensorShape s, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> d(0.0f, 1.0f);
  Tensor t{s, std::vector<float>(s.size())};
  for (float &v : t.data)
    v = d(rng);
  return t;
}

} // namespace

TEST_CASE("On the reference chip the emulator equals the graph-level "
          "simulator tick for tick",
          "[mapping][emulator][reference]") {
  SpikingGraph g = mappingtest::equivalenceNetwork();
  chip::ChipDescription chip = chip::loadChip("reference");
  mapping::MappingReport report;
  mapping::MappingTrace trace;
  chipcfg::ChipConfig cfg =
      mapping::mapNetwork(g, chip, mapping::MappingOptions(), report, &trace);
  REQUIRE(report.latency == 0);
  for (unsigned seed : {5u, 6u}) {
    INFO("image seed " << seed);
    Tensor image = randomImage(g.input().shape, seed);
    mapping::EquivalenceResult r =
        mapping::compareWithSimulator(g, cfg, trace, image, 40);
    INFO(r.firstMismatch);
    CHECK(r.equal());
    // The comparison must have had spikes of both signs to compare.
    CHECK(r.spikesCompared > 1000);
    CHECK(r.negativeSpikes > 0);
    CHECK(r.valuesCompared == 40 * 6 * 4 * 4); // ticks x 6x4x4 outputs
  }
  // The comparison sees a one-unit change of the first convolution's
  // synapses (axon 0 of a tile can be padding, which never spikes: change
  // them all).
  chipcfg::ChipConfig broken = cfg;
  REQUIRE_FALSE(broken.prototypes[0].weight.empty());
  for (int32_t &w : broken.prototypes[0].weight)
    w += 1;
  mapping::EquivalenceResult r = mapping::compareWithSimulator(
      g, broken, trace, randomImage(g.input().shape, 5), 40);
  CHECK_FALSE(r.equal());
}

TEST_CASE("The same network maps onto truenorth-x and truenorth", "[mapping]") {
  SpikingGraph g = mappingtest::equivalenceNetwork();
  for (const char *name : {"truenorth-x", "truenorth"}) {
    INFO(name);
    chip::ChipDescription chip = chip::loadChip(name);
    SpikingGraph q = mappingtest::forChip(g, chip);
    mapping::MappingReport report;
    chipcfg::ChipConfig cfg;
    mapping::MappingTrace trace;
    cfg =
        mapping::mapNetwork(q, chip, mapping::MappingOptions(), report, &trace);
    CHECK(report.total.cores > 0);
    CHECK(report.latency > 0); // delays of at least one tick per stage
    if (!chip.signedSpikes)
      CHECK(report.total.pairNeurons > 0);
    if (chip.targetsPerNeuron == 1)
      CHECK(report.total.splitters > 0);
    CHECK_NOTHROW(cfg.validate());
    // The emulator runs it: each layer's spike total over 40 steps, its
    // window shifted by the layer's tick offset, is the simulator's within
    // the documented bound of `snnc verify` (one spike per neuron).
    CHECK_FALSE(mapping::timingDifferences(chip, report).empty());
    for (unsigned seed : {5u, 6u}) {
      INFO("image seed " << seed);
      std::vector<mapping::LayerSpikeTotals> rows =
          mapping::compareShiftedSpikeTotals(
              q, cfg, trace, report, randomImage(q.input().shape, seed), 40);
      REQUIRE_FALSE(rows.empty());
      for (const mapping::LayerSpikeTotals &row : rows) {
        INFO(row.name << ": emulator " << row.emulator << ", simulator "
                      << row.simulator << ", " << row.neurons << " neurons");
        CHECK(row.simulator > 0); // spikes to compare
        CHECK(row.perNeuronDifference() <= 1.0);
      }
    }
  }
}
