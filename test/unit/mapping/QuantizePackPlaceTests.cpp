//===- QuantizePackPlaceTests.cpp - Quantize, CorePacker, Placement -------===//
//
// The three mapping pieces alone, with goldens derived by hand in the
// comments (from the profile's bit widths, the rounding rules and the
// packing rules), and properties checked by a second computation.
//
//===----------------------------------------------------------------------===//
#include "compiler/chip/ChipDescription.h"
#include "compiler/mapping/CorePacker.h"
#include "compiler/mapping/Placement.h"
#include "compiler/mapping/Quantize.h"
#include "runtime/support/Error.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <set>

using namespace snnc;
using namespace snnc::mapping;
using Catch::Matchers::Contains;

TEST_CASE("precisionOf: the truenorth profile's integer ranges",
          "[mapping][quantize]") {
  // truenorth.yaml: weight_bits 9, threshold_bits 18, potential_bits 20,
  // leak_bits 9, portable (one bit spared for the odd-potential doubling):
  // type weights up to 2^7 - 1 = 127, thresholds 2^16 - 1, leaks 127,
  // potentials 2^18 - 1. Four copies: levels |m| <= 2^3 - 1 = 7 with types
  // 1, 2, 4, -8 times g, so -8 g >= -128 gives g <= 15 and weights up to
  // 7 * 15 = 105. Two copies: |m| <= 1, g <= 127 >> 1 = 63.
  chip::ChipDescription tn = chip::loadChip("truenorth");
  ChipPrecision p = precisionOf(tn, 4);
  CHECK(p.binary);
  CHECK(p.levelMax == 7);
  CHECK(p.stepMax == 15);
  CHECK(p.weightMax == 105);
  CHECK(p.typeMax == 127);
  CHECK(p.thresholdMax == 65535);
  CHECK(p.leakMax == 127);
  CHECK(p.potentialMax == 262143);
  ChipPrecision two = precisionOf(tn, 2);
  CHECK(two.levelMax == 1);
  CHECK(two.stepMax == 63);
  CHECK(two.weightMax == 63);
  CHECK_THROWS_WITH(precisionOf(tn, 5),
                    Contains("5 axon copies per input; a binary crossbar with "
                             "4 axon types encodes weights with 2 to 4 "
                             "copies"));
}

TEST_CASE("levelBits: every level is the sum of its copies' type weights",
          "[mapping][quantize]") {
  for (int k = 2; k <= 4; ++k) {
    const std::vector<int64_t> w = typeWeights(k);
    REQUIRE(w.size() == size_t(k));
    const int64_t top = (int64_t(1) << (k - 1)) - 1;
    for (int64_t m = -top; m <= top; ++m) {
      const unsigned bits = levelBits(m, k);
      int64_t sum = 0;
      for (int q = 0; q < k; ++q)
        if (bits >> q & 1)
          sum += w[q];
      INFO("k " << k << " m " << m << " bits " << bits);
      CHECK(sum == m);
      CHECK(bits < (1u << k));
    }
  }
}

TEST_CASE("quantizeLayer: binary levels and steps, by hand",
          "[mapping][quantize]") {
  ChipPrecision p = precisionOf(chip::loadChip("truenorth"), 4);
  LayerParams l;
  l.outC = 1;
  l.fanIn = 3;
  l.weights = {1.0f, -0.5f, 0.25f};
  l.vth = 1;
  // s <= 105 / max|w| = 105; g = floor(105 * 1 / 7) = 15, s = 15 * 7 = 105;
  // levels llround(w * 7): 7, llround(-3.5) = -4, llround(1.75) = 2.
  QuantizedLayer q = quantizeLayer(l, p);
  CHECK(q.step[0] == 15);
  CHECK(q.scale[0] == 105.0);
  CHECK(q.weights == std::vector<float>{105, -60, 30});
  CHECK(q.vth[0] == 105);
  CHECK(q.vanishedChannels == 0);
}

TEST_CASE("quantizeLayer: weighted scale bound by weights, then by threshold",
          "[mapping][quantize]") {
  ChipPrecision p;
  p.binary = false;
  p.weightMax = 127;
  p.thresholdMax = 255;
  p.leakMax = 127;
  p.potentialMax = 1 << 20;
  LayerParams l;
  l.outC = 2;
  l.fanIn = 2;
  // Channel 0: s = min(127 / 0.5, 255 / 1, 127 / 0.1) = 254: weights 127,
  // llround(-63.5) = -64, bias llround(25.4) = 25, vth 254.
  // Channel 1: s = min(127 / 0.001, 255 / 100) = 2.55 (vth 100): the weight
  // 0.001 * 2.55 rounds to 0 (a vanished channel), vth llround(255) = 255.
  l.weights = {0.5f, -0.25f, 0.001f, 0.0f};
  l.bias = {0.1f, 0.0f};
  l.vth = 1;
  QuantizedLayer q = quantizeLayer(l, p);
  CHECK(q.scale[0] == Approx(254.0));
  CHECK(q.weights[0] == 127);
  CHECK(q.weights[1] == -64);
  CHECK(q.bias[0] == 25);
  CHECK(q.vth[0] == 254);
  LayerParams high = l;
  high.outC = 1;
  high.weights = {0.001f, 0.0f};
  high.bias = {};
  high.vth = 100;
  QuantizedLayer h = quantizeLayer(high, p);
  CHECK(h.scale[0] == Approx(2.55));
  CHECK(h.weights[0] == 0);
  CHECK(h.vth[0] == 255);
  CHECK(h.vanishedChannels == 1);
}

TEST_CASE("CorePacker: shared axons, a full core flushed, edges",
          "[mapping][packer]") {
  MappedNetwork net;
  int g = net.newGroup("conv", 0, "conv");
  uint32_t a = 0, b = 0, c = 0;
  {
    CorePacker packer(net, g, /*binary=*/false, /*axons=*/4, /*neurons=*/2);
    LogicalNeuron na, nb, nc;
    na.inputs = {{0, 2}, {1, -1}, {2, 3}};
    nb.inputs = {{2, 1}, {3, 5}}; // source 2 shares A's axon: 4 axons
    nc.inputs = {{4, 1}};         // the core has 2 neurons: a new core
    a = packer.add(na);
    b = packer.add(nb);
    c = packer.add(nc);
  }
  CHECK(a == 0);
  CHECK(b == 1);
  CHECK(c == 2);
  REQUIRE(net.config.cores.size() == 2);
  const chipcfg::CorePrototype &p0 =
      net.config.prototypes[net.config.cores[0].prototype];
  CHECK(p0.axons == 4);
  CHECK(p0.neurons == 2);
  // Rows by axon (sources 0, 1, 2, 3): (neuron, weight).
  CHECK(p0.rowStart == std::vector<uint32_t>{0, 1, 2, 4, 5});
  CHECK(p0.column == std::vector<uint32_t>{0, 0, 0, 1, 1});
  CHECK(p0.weight == std::vector<int32_t>{2, -1, 3, 1, 5});
  REQUIRE(net.edges.size() == 5);
  const std::vector<std::tuple<uint32_t, uint32_t, uint32_t>> expected = {
      {0, 0, 0}, {1, 0, 1}, {2, 0, 2}, {3, 0, 3}, {4, 1, 0}};
  for (size_t i = 0; i < 5; ++i)
    CHECK(std::make_tuple(net.edges[i].source, net.edges[i].core,
                          net.edges[i].axon) == expected[i]);
  CHECK(net.locate(2) == std::make_pair(1u, 0u));
  CHECK(net.groups[g].coreCount == 2);
}

TEST_CASE("CorePacker: binary pairs, signed axons, identical cores share a "
          "prototype",
          "[mapping][packer]") {
  MappedNetwork net;
  int g = net.newGroup("relu", 0, "conv");
  {
    CorePacker packer(net, g, /*binary=*/true, 4, 2);
    for (int i = 0; i < 2; ++i) {
      LogicalNeuron n;
      n.inputs = {{10, 3}, {11, -3}}; // one axon of type 0, one of type 1
      n.unit = 3;
      n.type.alpha = 7;
      n.type.beta = 2;
      n.type.vInit = 1;
      n.pair = true; // with its mirror: the core's 2 neurons
      packer.add(n);
    }
  }
  REQUIRE(net.config.cores.size() == 2);
  CHECK(net.config.cores[0].prototype == net.config.cores[1].prototype);
  CHECK(net.config.prototypes.size() == 1);
  const chipcfg::CorePrototype &p = net.config.prototypes[0];
  CHECK(p.axonTypes == std::vector<uint8_t>{0, 1});
  REQUIRE(p.neuronTypes.size() == 2);
  const chipcfg::NeuronType &pos = p.neuronTypes[p.neuronType[0]];
  const chipcfg::NeuronType &neg = p.neuronTypes[p.neuronType[1]];
  // Types weigh +unit and -unit; the mirror negates them and the leak and
  // swaps the thresholds.
  CHECK(pos.weights == std::array<int32_t, 4>{3, -3, 0, 0});
  CHECK(neg.weights == std::array<int32_t, 4>{-3, 3, 0, 0});
  CHECK(neg.alpha == 2);
  CHECK(neg.beta == 7);
  CHECK(neg.vInit == -1);
  CHECK(mirrorType(pos, /*oddPotentials=*/true).vInit == -2);
  // A neuron wider than a core is an internal error, not a bad mapping.
  CorePacker narrow(net, g, false, 4, 2);
  LogicalNeuron wide;
  for (uint32_t s = 0; s < 5; ++s)
    wide.inputs.push_back({s, 1});
  CHECK_THROWS_WITH(narrow.add(wide),
                    Contains("a neuron with 5 inputs cannot fit a core of 4 "
                             "axons"));
}

TEST_CASE("Hilbert placement: a curve of neighbours, inverse indices, the "
          "mesh bound",
          "[mapping][placement]") {
  // n = 2 by hand: (0,0), (0,1), (1,1), (1,0).
  CHECK(hilbertCell(2, 0) == std::make_pair<int64_t, int64_t>(0, 0));
  CHECK(hilbertCell(2, 1) == std::make_pair<int64_t, int64_t>(0, 1));
  CHECK(hilbertCell(2, 2) == std::make_pair<int64_t, int64_t>(1, 1));
  CHECK(hilbertCell(2, 3) == std::make_pair<int64_t, int64_t>(1, 0));
  for (int64_t n : {4, 8, 32}) {
    std::set<std::pair<int64_t, int64_t>> seen;
    for (int64_t d = 0; d < n * n; ++d) {
      auto [x, y] = hilbertCell(n, d);
      REQUIRE(x >= 0);
      REQUIRE(x < n);
      REQUIRE(y >= 0);
      REQUIRE(y < n);
      seen.insert({x, y});
      CHECK(hilbertIndex(n, x, y) == d);
      if (d > 0) { // consecutive positions are mesh neighbours
        auto [px, py] = hilbertCell(n, d - 1);
        CHECK(std::abs(px - x) + std::abs(py - y) == 1);
      }
    }
    CHECK(seen.size() == size_t(n * n));
  }
  // A 5x3 mesh: the cells in curve order inside it, each once.
  auto cells = hilbertPlacement(15, 5, 3);
  REQUIRE(cells.size() == 15);
  std::set<std::pair<int32_t, int32_t>> distinct(cells.begin(), cells.end());
  CHECK(distinct.size() == 15);
  for (auto [x, y] : cells) {
    CHECK(x < 5);
    CHECK(y < 3);
  }
  for (size_t i = 1; i < cells.size(); ++i)
    CHECK(hilbertIndex(8, cells[i - 1].first, cells[i - 1].second) <
          hilbertIndex(8, cells[i].first, cells[i].second));
  CHECK_THROWS_WITH(hilbertPlacement(16, 5, 3),
                    Contains("16 cores do not fit a 5x3 mesh"));
}
