//===- RancExportTests.cpp - A truenorth mapping, exported and re-run -----===//
//
// A network of a few hundred cores with everything the truenorth mapping
// builds (signed pairs, comparator max-pool, splitters, partial-sum relays
// in staggered copies) is compiled for `truenorth`, exported to RANC's
// input.json with an image's input packets, and run by an interpretation of
// RANC's rules that reads only the exported files (RancReference.h). Every
// spike of every neuron in every tick must be the emulator's, with no
// packet RANC would drop or merge. Run again with TrueNorth's negative test
// (V < -beta, RANC's asymmetric mode), the spikes stay the same: the
// profile's potentials stay odd, so IBM's tools see the same network.
//
//===----------------------------------------------------------------------===//
#include "backends/config/ConfigExport.h"
#include "compiler/chip/ChipDescription.h"
#include "compiler/mapping/Mapper.h"
#include "runtime/chip/OddPotentials.h"
#include "runtime/emulator/Emulator.h"
#include "runtime/emulator/HostSession.h"
#include "test/unit/mapping/RancReference.h"

#include "test/unit/mapping/TestGraphs.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <random>

using namespace snnc;
using mappingtest::randomInts;

namespace {

/// A 3x3 convolution (padding 1) whose weights are already truenorth's:
/// levels -7..7 times the step 4.
SpikingNode conv(std::string name, int input, TensorShape in, int64_t outC,
                 int vthLo, int vthHi, unsigned seed) {
  SpikingNode n;
  n.kind = SpikingKind::SpikingConv;
  n.name = std::move(name);
  n.inputs = {input};
  n.kernel = {3, 3};
  n.strides = {1, 1};
  n.padding = {1, 1, 1, 1};
  n.shape = {outC, in.h, in.w};
  n.weights = randomInts(outC * in.c * 9, -7, 7, seed);
  for (float &w : n.weights)
    w *= 4;
  n.bias = randomInts(outC, -2, 2, seed + 1);
  n.vthPosC = randomInts(outC, vthLo, vthHi, seed + 2);
  return n;
}

/// encoder 2x16x16 -> conv 8 ch, signed (negative threshold 10 x) ->
/// comparator max-pool 2x2 -> conv 12 ch (72 signed inputs x 2 trains x 4
/// axon copies: relays) -> output 1x1, 6 channels, spike counts.
SpikingGraph network() {
  SpikingGraph g;
  g.name = "ranc-export";
  SpikingNode enc = mappingtest::spikeEncoder({2, 16, 16});
  g.nodes.push_back(enc);

  SpikingNode c1 = conv("conv1", 0, enc.shape, 8, 40, 60, 7);
  c1.negativeSpikes = true;
  for (float t : c1.vthPosC)
    c1.vthNegC.push_back(10 * t);
  c1.vInitC = randomInts(8, 0, 20, 9);
  g.nodes.push_back(c1);

  SpikingNode pool = mappingtest::comparatorPool("pool1", 1, {8, 8, 8});
  g.nodes.push_back(pool);

  SpikingNode c2 = conv("conv2", 2, pool.shape, 12, 60, 90, 21);
  g.nodes.push_back(c2);

  SpikingNode out = conv("head", 3, c2.shape, 6, 50, 70, 33);
  out.kind = SpikingKind::Output;
  out.kernel = {1, 1};
  out.padding = {0, 0, 0, 0};
  out.weights = randomInts(6 * 12, -7, 7, 34);
  for (float &w : out.weights)
    w *= 4;
  out.decoding = Decoding::SpikeCount;
  out.outputScale.assign(6, 1.0f);
  out.region.num = 1;
  out.region.classes = 1;
  out.region.anchors = {1.0f, 1.0f};
  g.nodes.push_back(out);
  g.outputs = {4};
  return g;
}

std::vector<test::RancSpike> emulate(const chipcfg::ChipConfig &cfg,
                                     const Tensor &image, uint32_t ticks,
                                     uint64_t &saturations) {
  emu::Emulator em(cfg);
  emu::PixelEncoder encoder(cfg.input, image);
  std::vector<std::pair<emu::AxonSpike, uint32_t>> input;
  std::vector<test::RancSpike> out;
  for (uint32_t t = 1; t <= ticks; ++t) {
    encoder.next(input);
    em.injectAll(input);
    for (const emu::NeuronSpike &s : em.tick())
      out.push_back({t, s.core, s.neuron});
  }
  saturations = 0;
  for (const emu::CoreCounters &k : em.counters())
    saturations += k.saturations;
  std::sort(out.begin(), out.end());
  return out;
}

} // namespace

TEST_CASE("A truenorth mapping exported to RANC runs spike for spike as "
          "emulated, under both negative tests",
          "[mapping][export][ranc]") {
  SpikingGraph g = network();
  chip::ChipDescription chip = chip::loadChip("truenorth");
  REQUIRE(chip.portableNeurons);
  mapping::MappingOptions options;
  options.relayCopies = 2;
  mapping::MappingReport report;
  chipcfg::ChipConfig cfg = mapping::mapNetwork(g, chip, options, report);
  INFO(report.total.cores << " cores");
  CHECK(report.total.cores >= 200);
  CHECK(report.total.relays > 0);
  CHECK(report.total.pairNeurons > 0);
  CHECK(report.total.splitters > 0);
  CHECK(report.total.comparators > 0);
  for (const chipcfg::CorePrototype &p : cfg.prototypes) {
    INFO("prototype " << p.name);
    const char *why = chipcfg::oddPotentialProblem(p);
    CHECK(why == nullptr);
  }
  CHECK_NOTHROW(chipcfg::checkIbmExportable(cfg));

  std::mt19937 rng(11);
  std::uniform_real_distribution<float> d(0.0f, 1.0f);
  Tensor image{g.input().shape, std::vector<float>(g.input().shape.size())};
  for (float &v : image.data)
    v = d(rng);
  const uint32_t ticks = 48;
  std::vector<chipcfg::InputSpike> packets;
  for (const emu::TimedAxonSpike &s : emu::encodeInput(cfg, image, ticks))
    packets.push_back({s.tick, s.core, s.axon});
  const std::string input = chipcfg::rancInputJson(cfg, packets);
  std::string config = chipcfg::rancConfigJson(cfg);

  uint64_t saturations = 0;
  std::vector<test::RancSpike> emulated =
      emulate(cfg, image, ticks, saturations);
  CHECK(saturations == 0); // RANC does not clamp
  REQUIRE(emulated.size() > 1000);

  for (int resetType : {1, 0}) {
    INFO("neuron_reset_type " << resetType);
    nlohmann::json cj = nlohmann::json::parse(config);
    cj["neuron_reset_type"] = resetType;
    test::RancRun ranc = test::runRancReference(input, cj.dump(), ticks);
    CHECK(ranc.droppedPackets == 0);
    CHECK(ranc.duplicates == 0);
    CHECK(ranc.busCollisions == 0);
    std::sort(ranc.spikes.begin(), ranc.spikes.end());
    CHECK(ranc.spikes.size() == emulated.size());
    size_t first = 0;
    while (first < emulated.size() && first < ranc.spikes.size() &&
           emulated[first] == ranc.spikes[first])
      ++first;
    INFO("first difference at spike " << first);
    CHECK(ranc.spikes == emulated);
    // The head's outputs reach the bus as the emulator's output neurons.
    size_t busSpikes = 0;
    for (const auto &row : ranc.bus)
      busSpikes += row.size();
    CHECK(busSpikes > 0);
  }

  // The control: with even potentials (every V(0) one lower) some neuron
  // sits on -beta, where V < -beta and V <= -beta part.
  for (chipcfg::CorePrototype &p : cfg.prototypes)
    for (chipcfg::NeuronType &t : p.neuronTypes)
      t.vInit -= 1;
  const std::string even = chipcfg::rancInputJson(cfg, packets);
  nlohmann::json strict = nlohmann::json::parse(config);
  strict["neuron_reset_type"] = 0;
  test::RancRun a = test::runRancReference(even, config, ticks);
  test::RancRun b = test::runRancReference(even, strict.dump(), ticks);
  std::sort(a.spikes.begin(), a.spikes.end());
  std::sort(b.spikes.begin(), b.spikes.end());
  CHECK_FALSE(a.spikes == b.spikes);
}
