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

SpikingNode conv(std::string name, int input, TensorShape in, int64_t outC,
                 int64_t k, int64_t pad, unsigned seed) {
  SpikingNode n;
  n.kind = SpikingKind::SpikingConv;
  n.name = std::move(name);
  n.inputs = {input};
  n.kernel = {k, k};
  n.strides = {1, 1};
  n.padding = {pad, pad, pad, pad};
  n.shape = {outC, in.h + 2 * pad - k + 1, in.w + 2 * pad - k + 1};
  n.weights = randomInts(outC * in.c * k * k, -12, 16, seed);
  n.bias = randomInts(outC, -3, 4, seed + 1);
  n.vthPosC = randomInts(outC, 30, 60, seed + 2);
  return n;
}

/// encoder 2x8x8 (spikes) -> conv3x3 IBT (4 ch) -> comparator pool 2x2 ->
/// conv1x1 (3 ch, no negative spikes, reset to zero) -> output 1x1 (6 ch,
/// membrane, region head with one class).
SpikingGraph network() {
  SpikingGraph g;
  g.name = "equivalence";
  SpikingNode enc = mappingtest::spikeEncoder({2, 8, 8});
  g.nodes.push_back(enc);

  SpikingNode c1 = conv("conv1", 0, enc.shape, 4, 3, 1, 7);
  c1.negativeSpikes = true;
  for (float t : c1.vthPosC)
    c1.vthNegC.push_back(10 * t);
  c1.vInitC = randomInts(4, 0, 20, 9);
  g.nodes.push_back(c1);

  SpikingNode pool = mappingtest::comparatorPool("pool1", 1, {4, 4, 4});
  g.nodes.push_back(pool);

  SpikingNode c2 = conv("conv2", 2, pool.shape, 3, 1, 0, 21);
  c2.reset = ResetMode::Zero;
  g.nodes.push_back(c2);

  SpikingNode out = conv("head", 3, c2.shape, 6, 1, 0, 33);
  out.kind = SpikingKind::Output;
  out.decoding = Decoding::Membrane;
  out.vthPosC.clear();
  out.outputScale = {0.5f, 0.25f, 0.125f, 1.0f, 2.0f, 0.75f};
  out.region.num = 1;
  out.region.classes = 1;
  out.region.anchors = {1.0f, 1.0f};
  g.nodes.push_back(out);
  g.outputs = {4};
  return g;
}

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
  SpikingGraph g = network();
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
  SpikingGraph g = network();
  for (const char *name : {"truenorth-x", "truenorth"}) {
    INFO(name);
    chip::ChipDescription chip = chip::loadChip(name);
    // Weights are already integers within 8-bit range; on truenorth the
    // binary levels need weights m * g with |m| <= 7 and g at most the
    // chip's largest step (15: portable neurons spare a bit): scale them.
    SpikingGraph q = g;
    const double step =
        double(mapping::precisionOf(chip, mapping::MappingOptions().axonCopies)
                   .stepMax);
    if (chip.crossbar == chip::CrossbarKind::Binary)
      for (SpikingNode &n : q.nodes)
        for (float &w : n.weights)
          w = std::round(w / 16 * 7) * step;
    mapping::MappingReport report;
    chipcfg::ChipConfig cfg;
    if (chip.readout == chip::Readout::Spikes) {
      q.nodes[4].decoding = Decoding::SpikeCount;
      q.nodes[4].vthPosC = randomInts(6, 40, 50, 3);
    }
    // Thresholds and leaks scale with the weights on truenorth.
    if (chip.crossbar == chip::CrossbarKind::Binary)
      for (SpikingNode &n : q.nodes) {
        for (float &t : n.vthPosC)
          t = std::round(t * step * 7 / 16);
        for (float &t : n.vthNegC)
          t = std::round(t * step * 7 / 16);
      }
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
