//===- HostSessionTests.cpp - Input encoding and output decoding ----------===//
#include "TestConfigs.h"

#include "runtime/chip/ConfigIO.h"
#include "runtime/emulator/HostSession.h"
#include "runtime/snn/Simulator.h"
#include "runtime/support/Error.h"

#include <catch2/catch.hpp>

#include <cstring>
#include <random>

using namespace snnc;
using namespace snnc::emu;
using namespace snnc::emu::test;

namespace {

/// A region head with `channels` = 6: one anchor, one class.
RegionHead tinyRegion() {
  RegionHead h;
  h.classes = 1;
  h.coords = 4;
  h.num = 1;
  h.softmax = false;
  h.anchors = {1.0f, 1.0f};
  return h;
}

/// Input C x H x W (C = 6); pixel p drives axon p of core 0, whose neuron p
/// counts its spikes: membrane (fires = false) or spike-count (alpha 1)
/// decoding. Output 6 x H x W.
ChipConfig counterConfig(uint32_t h, uint32_t w, OutputDecoding decoding,
                         uint32_t readoutDelay = 0) {
  const uint32_t c = 6, pixels = c * h * w;
  ChipConfig cfg = chipConfig(30);
  std::vector<std::vector<Synapse>> rows(pixels);
  for (uint32_t p = 0; p < pixels; ++p)
    rows[p] = {{p, 1}};
  NeuronType t;
  t.alpha = 1;
  t.fires = decoding == OutputDecoding::SpikeCount;
  cfg.prototypes.push_back(
      prototype(pixels, rows, CrossbarKind::Weighted, {t}));
  cfg.cores.push_back(core(0, pixels));
  cfg.input.channels = c;
  cfg.input.height = h;
  cfg.input.width = w;
  cfg.input.targetStart.push_back(0);
  for (uint32_t p = 0; p < pixels; ++p) {
    cfg.input.targets.push_back({0, p, 0});
    cfg.input.targetStart.push_back(p + 1);
  }
  OutputMap o;
  o.name = "head";
  o.channels = c;
  o.height = h;
  o.width = w;
  o.decoding = decoding;
  o.scale.assign(c, 1.0f);
  o.readoutDelay = readoutDelay;
  for (uint32_t p = 0; p < pixels; ++p)
    o.positive.push_back({0, p});
  o.isRegion = true;
  o.region = tinyRegion();
  cfg.outputs.push_back(o);
  return cfg;
}

bool sameTotals(const std::vector<CoreCounters> &a,
                const std::vector<CoreCounters> &b) {
  if (a.size() != b.size())
    return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].spikesIn != b[i].spikesIn || a[i].spikesOut != b[i].spikesOut ||
        a[i].synapticEvents != b[i].synapticEvents || a[i].hops != b[i].hops ||
        a[i].activeTicks != b[i].activeTicks)
      return false;
  return true;
}

Tensor pixels(const std::vector<float> &values) {
  return Tensor{TensorShape{6, 1, 1}, values};
}

} // namespace

TEST_CASE("the pixel encoder's spike counts, by hand", "[host]") {
  // V += v each tick, spike and V -= 1 when V >= 1, V(0) = 0; values exact
  // in binary. Over 10 ticks: 0.25 -> ticks 4, 8; 0.5 -> 2, 4, 6, 8, 10;
  // 0.75 -> 2, 3, 4, 6, 7, 8, 10; 1 -> every tick; 0 -> never;
  // 0.375 -> 3 (1.125), 6 (1.25), 8 (1.0).
  auto ticks = [](float v) {
    std::vector<int> out;
    auto s = HostSession::encodePixel(v, 10);
    for (int t = 0; t < 10; ++t)
      if (s[t])
        out.push_back(t + 1);
    return out;
  };
  using I = std::vector<int>;
  CHECK(ticks(0.25f) == I{4, 8});
  CHECK(ticks(0.5f) == I{2, 4, 6, 8, 10});
  CHECK(ticks(0.75f) == I{2, 3, 4, 6, 7, 8, 10});
  CHECK(ticks(1.0f) == I{1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
  CHECK(ticks(0.0f).empty());
  CHECK(ticks(0.375f) == I{3, 6, 8});
}

TEST_CASE("host session: membrane and spike-count outputs over the chip",
          "[host]") {
  const std::vector<float> v = {0.25f, 0.5f, 0.75f, 1.0f, 0.0f, 0.375f};
  // Spikes by tick 4: 1, 2, 3, 4, 0, 1; by tick 10: 2, 5, 7, 10, 0, 3.
  const std::vector<float> at4 = {1, 2, 3, 4, 0, 1}, at10 = {2, 5, 7, 10, 0, 3};
  HostRunOptions options;
  options.ticks = 10;
  options.checkpoints = {10, 4};
  options.activateHeads = false;
  for (OutputDecoding d :
       {OutputDecoding::Membrane, OutputDecoding::SpikeCount}) {
    INFO("decoding " << int(d));
    ChipConfig cfg = counterConfig(1, 1, d);
    DirectPort port(cfg);
    HostSession session(cfg, port);
    HostRunResult r = session.run(pixels(v), options);
    REQUIRE(r.checkpoints == std::vector<int>{4, 10});
    REQUIRE(r.heads.size() == 2);
    for (int e = 0; e < 6; ++e) {
      CHECK(r.heads[0][0].data[e] == at4[e] / 4.0f);
      CHECK(r.heads[1][0].data[e] == at10[e] / 10.0f);
    }
    CHECK(r.inputSpikes == 27);
    CHECK(r.inputAxonSpikes == 27);
    CHECK(r.counters.at(0).spikesIn == 27);
    // A second run on the same session starts from scratch.
    HostRunResult again = session.run(pixels(v), options);
    CHECK(again.heads[1][0].data == r.heads[1][0].data);
  }
  SECTION("readout delay: ticks d+1..t only, all ticks at or before d") {
    for (OutputDecoding d :
         {OutputDecoding::Membrane, OutputDecoding::SpikeCount}) {
      ChipConfig cfg = counterConfig(1, 1, d, 4);
      DirectPort port(cfg);
      HostSession session(cfg, port);
      options.checkpoints = {3, 4, 10};
      HostRunResult r = session.run(pixels(v), options);
      // By tick 3: 0, 1, 2, 3, 0, 1.
      const std::vector<float> at3 = {0, 1, 2, 3, 0, 1};
      for (int e = 0; e < 6; ++e) {
        CHECK(r.heads[0][0].data[e] == at3[e] / 3.0f);
        CHECK(r.heads[1][0].data[e] == at4[e] / 4.0f);
        CHECK(r.heads[2][0].data[e] == (at10[e] - at4[e]) / 6.0f);
      }
    }
  }
  SECTION("latency: checkpoints up to the delay decode ticks L+1..t") {
    // Spikes by tick 2 (by hand from the encoder): 0, 1, 1, 2, 0, 0; by
    // tick 6: 1, 3, 4, 6, 0, 2. Latency 2, readout delay 6.
    const std::vector<float> at2 = {0, 1, 1, 2, 0, 0}, at6 = {1, 3, 4, 6, 0, 2};
    for (OutputDecoding d :
         {OutputDecoding::Membrane, OutputDecoding::SpikeCount}) {
      ChipConfig cfg = counterConfig(1, 1, d, 6);
      cfg.outputs[0].latency = 2;
      DirectPort port(cfg);
      HostSession session(cfg, port);
      options.checkpoints = {2, 4, 6, 10};
      HostRunResult r = session.run(pixels(v), options);
      for (int e = 0; e < 6; ++e) {
        CHECK(r.heads[0][0].data[e] == at2[e] / 2.0f);
        CHECK(r.heads[1][0].data[e] == (at4[e] - at2[e]) / 2.0f);
        CHECK(r.heads[2][0].data[e] == (at6[e] - at2[e]) / 4.0f);
        CHECK(r.heads[3][0].data[e] == (at10[e] - at6[e]) / 4.0f);
      }
    }
  }
  SECTION("negative neurons count -1") {
    ChipConfig cfg = counterConfig(1, 1, OutputDecoding::SpikeCount);
    // Element e's negative neuron is pixel 0's (0.25: 2 spikes by tick 10).
    cfg.outputs[0].negative.assign(6, NeuronRef{0, 0});
    DirectPort port(cfg);
    HostSession session(cfg, port);
    options.checkpoints = {10};
    HostRunResult r = session.run(pixels(v), options);
    for (int e = 0; e < 6; ++e)
      CHECK(r.heads[0][0].data[e] == (at10[e] - 2) / 10.0f);
  }
}

TEST_CASE("host session encodes bit for bit as the graph-level simulator",
          "[host]") {
  // Graph: spike encoder 6x5x7 -> output 1x1 identity convolution (membrane
  // decoding, scale 1): the head is spike count / t. The chip version
  // counts each pixel's spikes in a fires = false neuron. Random pixel
  // values (not exact in binary): the float accumulations must match.
  const uint32_t h = 5, w = 7, c = 6;
  std::mt19937 rng(42);
  std::uniform_real_distribution<float> uni(0.0f, 1.0f);
  Tensor image{TensorShape{c, h, w}, std::vector<float>(c * h * w)};
  for (float &x : image.data)
    x = uni(rng);
  image.data[0] = 1.0f;
  image.data[1] = 0.0f;

  SpikingGraph g;
  g.name = "encoder-check";
  SpikingNode enc;
  enc.kind = SpikingKind::Encoder;
  enc.name = "encoder";
  enc.encoder = EncoderMode::Spikes;
  enc.shape = TensorShape{c, h, w};
  SpikingNode out;
  out.kind = SpikingKind::Output;
  out.name = "head";
  out.inputs = {0};
  out.shape = TensorShape{c, h, w};
  out.weights.assign(c * c, 0.0f);
  for (uint32_t i = 0; i < c; ++i)
    out.weights[i * c + i] = 1.0f;
  out.bias.assign(c, 0.0f);
  out.decoding = Decoding::Membrane;
  out.outputScale.assign(c, 1.0f);
  out.region = tinyRegion();
  g.nodes = {enc, out};
  g.outputs = {1};
  Simulator sim(g);
  SimulationOptions so;
  so.ticks = 64;
  so.checkpoints = {1, 7, 32, 64};
  so.activateHeads = true;
  SimulationResult expected = sim.run(image, so);

  ChipConfig cfg = counterConfig(h, w, OutputDecoding::Membrane);
  DirectPort port(cfg);
  HostSession session(cfg, port);
  HostRunOptions ho;
  ho.ticks = 64;
  ho.checkpoints = so.checkpoints;
  HostRunResult got = session.run(image, ho);
  REQUIRE(got.heads.size() == expected.heads.size());
  for (size_t k = 0; k < got.heads.size(); ++k) {
    INFO("checkpoint " << got.checkpoints[k]);
    const std::vector<float> &a = got.heads[k][0].data;
    const std::vector<float> &b = expected.heads[k][0].data;
    REQUIRE(a.size() == b.size());
    CHECK(std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
  }
  // And the same detections.
  DetectorOptions d;
  d.threshold = 0.005f;
  Detections mine = session.decode(got.heads.back(), 70, 50, d);
  std::vector<HeadInfo> info(1);
  info[0].region = tinyRegion();
  Detections theirs =
      decodeHeadTensors(info, expected.heads.back(), w, h, 70, 50, d);
  REQUIRE(mine.size() == theirs.size());
  for (size_t i = 0; i < mine.size(); ++i) {
    CHECK(mine[i].score == theirs[i].score);
    CHECK(mine[i].box.x0 == theirs[i].box.x0);
  }
}

TEST_CASE("host session rejects inconsistent maps and inputs", "[host]") {
  ChipConfig cfg = counterConfig(1, 1, OutputDecoding::Membrane);
  DirectPort port(cfg);
  SECTION("output neuron out of range") {
    ChipConfig bad = cfg;
    bad.outputs[0].positive[3].neuron = 99;
    CHECK_THROWS_AS(HostSession(bad, port), Error);
  }
  SECTION("head channels") {
    ChipConfig bad = cfg;
    bad.outputs[0].region.classes = 2;
    CHECK_THROWS_AS(HostSession(bad, port), Error);
  }
  SECTION("image shape and checkpoints") {
    HostSession session(cfg, port);
    HostRunOptions o;
    o.ticks = 4;
    CHECK_THROWS_AS(session.run(Tensor{TensorShape{3, 1, 1}, {0, 0, 0}}, o),
                    Error);
    o.checkpoints = {5};
    CHECK_THROWS_AS(session.run(pixels({0, 0, 0, 0, 0, 0}), o), Error);
  }
}

TEST_CASE("local chip over configuration bytes equals the direct port",
          "[host]") {
  std::mt19937 rng(9);
  std::uniform_real_distribution<float> uni(0.0f, 1.0f);
  Tensor image{TensorShape{6, 3, 4}, std::vector<float>(72)};
  for (float &x : image.data)
    x = uni(rng);
  HostRunOptions o;
  o.ticks = 20;
  o.checkpoints = {5, 20};
  for (OutputDecoding d :
       {OutputDecoding::Membrane, OutputDecoding::SpikeCount})
    for (ConfigFormat f : {ConfigFormat::Binary, ConfigFormat::Text}) {
      ChipConfig cfg = counterConfig(3, 4, d, 2);
      DirectPort direct(cfg);
      HostRunResult a = HostSession(cfg, direct).run(image, o);
      std::unique_ptr<ChipPort> local = makeLocalChip();
      CHECK_THROWS_AS(local->reset(), Error); // not configured yet
      local->configure(serializeConfig(cfg, f));
      HostRunResult b = HostSession(cfg, *local).run(image, o);
      REQUIRE(a.heads.size() == b.heads.size());
      for (size_t k = 0; k < a.heads.size(); ++k)
        CHECK(a.heads[k][0].data == b.heads[k][0].data);
      CHECK(sameTotals(a.counters, b.counters));
      // A bad configuration leaves the previous one in place.
      CHECK_THROWS_AS(local->configure("garbage"), Error);
      HostRunResult c = HostSession(cfg, *local).run(image, o);
      CHECK(c.heads.back()[0].data == a.heads.back()[0].data);
    }
}
