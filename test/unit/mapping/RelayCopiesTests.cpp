//===- RelayCopiesTests.cpp - Staggered relay copies, emulated ------------===//
//
// A layer whose fan-in is split sums its partial sums through relay
// neurons; what a relay has not passed on when the output is read is lost.
// One relay of threshold theta loses up to theta / 2 (it starts at
// theta / 2), so an output summing m relays is off by up to m theta / 2.
// With k staggered copies (MappingOptions::relayCopies) the bound is
// m u / 2 with u = theta / k (docs/MAPPING.md). This maps a network whose
// only split layer is the output, on a chip of 16-axon cores, runs it on
// the emulator, and compares the output potentials with the exact sums
// (integer weights times the encoder's spike counts, worked out here from
// the pixel values) at every time step.
//
//===----------------------------------------------------------------------===//
#include "compiler/chip/ChipDescription.h"
#include "compiler/mapping/Mapper.h"
#include "runtime/emulator/HostSession.h"
#include "test/unit/emulator/TestConfigs.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

using namespace snnc;
using snnc::emu::HostRunOptions;
using snnc::emu::HostRunResult;
using snnc::emu::HostSession;
using snnc::emu::test::DirectPort;

namespace {

const char *kChip = R"(name: tiny-weighted
description: cores of 16 axons x 8 neurons, for tests.
core: {axons: 16, neurons: 8, crossbar: weighted, axon_types: 1, weight_bits: 8, threshold_bits: 18, potential_bits: 20, leak_bits: 9}
neuron: {signed_spikes: true, targets: 0, delay: [1, 15]}
mesh: {cores_x: 4, cores_y: 4}
board: {chips: 1}
readout: membrane
tick_hz: 1000
energy: {synaptic_event_pj: 26, hop_pj: 0, static_power_mw: 65, sources: test}
)";

/// 3 pixels (1x1) -> output conv 3x3, padding 1, 6 channels, membrane:
/// on a 1x1 map only the kernel centre sees a pixel, so output o
/// integrates sum_c W[o][c] * spikes_c. 27 synapses per output > 16 axons:
/// one input channel per core, m = 3 partial sums.
SpikingGraph network(const std::vector<float> &centre) {
  SpikingGraph g;
  g.name = "relays";
  SpikingNode enc;
  enc.kind = SpikingKind::Encoder;
  enc.name = "image";
  enc.shape = {3, 1, 1};
  enc.encoder = EncoderMode::Spikes;
  SpikingNode out;
  out.kind = SpikingKind::Output;
  out.name = "head";
  out.inputs = {0};
  out.shape = {6, 1, 1};
  out.kernel = {3, 3};
  out.strides = {1, 1};
  out.padding = {1, 1, 1, 1};
  out.weights.assign(6 * 3 * 9, 5.0f); // off-centre taps read padding
  for (int o = 0; o < 6; ++o)
    for (int c = 0; c < 3; ++c)
      out.weights[(o * 3 + c) * 9 + 4] = centre[o * 3 + c];
  out.bias.assign(6, 0.0f);
  out.vthPosC.assign(6, 127.0f); // the relays' share comes from it
  out.decoding = Decoding::Membrane;
  out.outputScale.assign(6, 1.0f);
  out.region.num = 1;
  out.region.classes = 1;
  out.region.anchors = {1.0f, 1.0f};
  g.nodes = {enc, out};
  g.outputs = {1};
  return g;
}

/// The same cores with unsigned spikes: relays are pairs, and an output
/// sums at most 16 / 2 = 8 relay spike trains in one core.
std::string pairsChip() {
  std::string text = kChip;
  text.replace(text.find("signed_spikes: true"), 19, "signed_spikes: false");
  text.replace(text.find("tiny-weighted"), 13, "tiny-pairs");
  return text;
}

using RelayStart = mapping::MappingOptions::RelayStart;

/// Largest |emulated - exact| output potential over time steps 1..T.
/// `relays`: the relay neurons the mapping must have made.
double worstError(int copies, const std::vector<float> &centre,
                  const std::vector<float> &pixels, int T,
                  const std::string &chipText = kChip,
                  RelayStart start = RelayStart::Auto, int64_t relays = -1) {
  // Parsed in memory: ctest runs the cases as parallel processes, which
  // must not share a file.
  chip::ChipDescription chip =
      chip::parseChipDescription(chipText, "relay-chip.yaml");
  SpikingGraph g = network(centre);
  mapping::MappingOptions options;
  options.relayCopies = copies;
  options.relayStart = start;
  mapping::MappingReport report;
  chipcfg::ChipConfig cfg = mapping::mapNetwork(g, chip, options, report);
  REQUIRE(report.total.relays == (relays >= 0 ? relays : 6 * 3 * copies));
  DirectPort port(cfg);
  HostSession session(cfg, port);
  HostRunOptions run;
  run.activateHeads = false;
  run.ticks = static_cast<int>(report.latency) + T;
  for (int t = 1; t <= T; ++t)
    run.checkpoints.push_back(static_cast<int>(report.latency) + t);
  Tensor image{{3, 1, 1}, pixels};
  HostRunResult got = session.run(image, run);
  double worst = 0;
  for (int t = 1; t <= T; ++t) {
    for (int o = 0; o < 6; ++o) {
      // Exact: the encoder (IF pixel, threshold 1, V(0) = 0) has fired
      // floor(p t) times by time step t (p = k / 8: exact in float).
      double exact = 0;
      for (int c = 0; c < 3; ++c)
        exact += centre[o * 3 + c] * std::floor(pixels[c] * t);
      // Membrane decoding: potential / t.
      double emulated = got.heads[t - 1][0].data[o] * t;
      worst = std::max(worst, std::abs(emulated - exact));
    }
  }
  return worst;
}

} // namespace

TEST_CASE("Staggered relay copies cut the partial-sum error", "[mapping]") {
  // Positive centre weights (partial sums only grow: the rounding case)
  // of at most 32 per spike, below every relay threshold (one crossing per
  // tick at most).
  std::vector<float> centre;
  for (int i = 0; i < 18; ++i)
    centre.push_back(static_cast<float>(7 + (i * 11) % 26));
  std::vector<float> pixels = {0.875f, 0.625f, 0.375f};
  const int T = 40;
  // Relay threshold ceil(2 * 127 / 3) = 85. k = 1: u = 85, 3 relays, bound
  // 3 * 85 / 2 = 127.5. k = 4: u = (85 + 2) / 4 = 21; the staggered
  // initial potentials, (2j + 1) u / 2 rounded down, lose at most 1/2 more
  // per partial: 3 * (21 / 2 + 1 / 2) = 33.
  double one = worstError(1, centre, pixels, T);
  double four = worstError(4, centre, pixels, T);
  INFO("worst error: 1 copy " << one << ", 4 copies " << four);
  CHECK(one <= 127.5);
  CHECK(four <= 33.0);
  CHECK(four < one);
}

TEST_CASE("Relays on an unsigned-spike chip: pairs, capped copies, centred "
          "start",
          "[mapping]") {
  // Partial sums of one sign each (monotone): outputs 0-2 have positive
  // centre weights, 3-5 negative ones. Each relay potential stays in
  // (-theta, theta); what a relay passes on differs from its partial sum
  // by what it holds at the end.
  std::vector<float> centre;
  for (int i = 0; i < 18; ++i)
    centre.push_back((i < 9 ? 1.0f : -1.0f) *
                     static_cast<float>(7 + (i * 11) % 26));
  std::vector<float> pixels = {0.875f, 0.625f, 0.375f};
  const int T = 40;
  // 4 copies asked, but 3 partial sums x 4 copies = 12 relay trains would
  // not reach one 8-train summing core: 2 copies per partial sum, each a
  // pair (6 outputs x 3 partials x 2 copies x 2 neurons).
  const int64_t relays = 6 * 3 * 2 * 2;
  // Threshold: share 4 (pairs) of 127 over 3 partials is 170, capped at
  // the largest weight 127; u = (127 + 1) / 2 = 64, theta = 128.
  // Centred, a monotone partial sum is passed on shrunk towards zero by
  // theta / 2, give or take u / 2 and the half unit of rounding the
  // initial potentials: at most 3 (64 + 32 + 1) = 291 per output.
  double centred =
      worstError(4, centre, pixels, T, pairsChip(), RelayStart::Auto, relays);
  CHECK(centred <= 291.0);
  CHECK(worstError(4, centre, pixels, T, pairsChip(), RelayStart::Centred,
                   relays) == centred);
  // Rounded (starting at +theta / 2) passes positive sums within u / 2
  // but shrinks negative ones by a whole theta: worse here, up to
  // 3 (128 + 32 + 1) = 483.
  double rounded = worstError(4, centre, pixels, T, pairsChip(),
                              RelayStart::Rounded, relays);
  INFO("worst error: centred " << centred << ", rounded " << rounded);
  CHECK(rounded <= 483.0);
  CHECK(centred < rounded);
}
