//===- NirTests.cpp - NIR export and import of spiking networks -----------===//
//
// Round trips through real HDF5 files: export -> file -> import gives the
// same network, and the simulator gives the same spikes and outputs for
// both. What NIR cannot express is refused by name.
//
//===----------------------------------------------------------------------===//
#include "compiler/nir/NirExport.h"
#include "compiler/nir/NirImport.h"
#include "runtime/snn/Simulator.h"
#include "runtime/support/Error.h"
#include "test/unit/mapping/TestGraphs.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <map>
#include <random>

#include <unistd.h>

using namespace snnc;
using snnc::mappingtest::randomInts;
using snnc::mappingtest::spikeEncoder;

namespace {

std::string tempPath(const std::string &name) {
  return (std::filesystem::temp_directory_path() /
          ("snnc-nir-" + std::to_string(::getpid()) + "-" + name))
      .string();
}

SpikingNode conv(std::string name, int input, TensorShape in, TensorShape out,
                 int64_t stride, unsigned seed) {
  SpikingNode n;
  n.kind = SpikingKind::SpikingConv;
  n.name = std::move(name);
  n.inputs = {input};
  n.shape = out;
  n.kernel = {3, 3};
  n.strides = {stride, stride};
  n.padding = {1, 1, 1, 1};
  n.weights = randomInts(size_t(out.c * in.c * 9), -7, 9, seed);
  n.bias = randomInts(size_t(out.c), -3, 3, seed + 1);
  n.reset = ResetMode::Zero;
  n.vthPosC = randomInts(size_t(out.c), 10, 30, seed + 2);
  n.vthPos = n.vthPosC.front();
  return n;
}

/// image 3x8x8 (spikes) -> conv 4x4x4 (stride 2) -> conv 6x4x4 -> output
/// 6x4x4 (a one-class region head).
SpikingGraph network() {
  SpikingGraph g;
  g.name = "nir_test";
  g.nodes.push_back(spikeEncoder({3, 8, 8}));
  g.nodes.push_back(conv("c1", 0, {3, 8, 8}, {4, 4, 4}, 2, 1));
  g.nodes.push_back(conv("c2", 1, {4, 4, 4}, {6, 4, 4}, 1, 7));
  SpikingNode out = conv("out", 2, {6, 4, 4}, {6, 4, 4}, 1, 13);
  out.kind = SpikingKind::Output;
  out.decoding = Decoding::Membrane;
  out.outputScale = {0.5f, 1, 1.5f, 2, 0.25f, 1};
  out.readoutDelay = 2;
  out.region.classes = 1;
  out.region.num = 1;
  out.region.anchors = {1.5f, 2};
  g.nodes.push_back(out);
  g.outputs = {3};
  return g;
}

Tensor image() {
  Tensor t{{3, 8, 8}, std::vector<float>(3 * 8 * 8)};
  std::mt19937 rng(5);
  std::uniform_int_distribution<int> pixel(0, 255);
  for (float &v : t.data)
    v = float(pixel(rng)) / 255.0f;
  return t;
}

} // namespace

TEST_CASE("nir: export, file, import give the same network and the same "
          "spikes",
          "[nir]") {
  SpikingGraph g = network();
  std::string path = tempPath("roundtrip.nir");
  nir::writeNir(g, path);
  SpikingGraph back = nir::readNir(path);
  std::filesystem::remove(path);

  REQUIRE(back.nodes.size() == g.nodes.size());
  CHECK(back.name == "nir_test");
  CHECK(back.input().encoder == EncoderMode::Spikes);
  for (size_t i = 1; i < g.nodes.size(); ++i) {
    const SpikingNode &a = g.nodes[i], &b = back.nodes[i];
    CHECK(a.kind == b.kind);
    CHECK(a.inputs == b.inputs);
    CHECK(a.shape == b.shape);
    CHECK(a.weights == b.weights);
    CHECK(a.bias == b.bias);
    CHECK(a.strides == b.strides);
    CHECK(a.padding == b.padding);
    if (a.kind == SpikingKind::SpikingConv) {
      // Stored as the float below each threshold, read back as the next
      // float up: the same thresholds.
      CHECK(b.vthPosC == a.vthPosC);
      CHECK(b.reset == ResetMode::Zero);
    }
  }
  const SpikingNode &out = back.nodes[3];
  CHECK(out.outputScale == g.nodes[3].outputScale);
  CHECK(out.readoutDelay == 2);
  CHECK(out.region.anchors == std::vector<float>{1.5f, 2});

  SimulationOptions options;
  options.ticks = 20;
  options.activateHeads = false;
  SimulationResult x = Simulator(g).run(image(), options);
  SimulationResult y = Simulator(back).run(image(), options);
  REQUIRE(x.layers.size() == y.layers.size());
  int64_t spikes = 0;
  for (size_t i = 0; i < x.layers.size(); ++i) {
    CHECK(x.layers[i].positiveSpikes == y.layers[i].positiveSpikes);
    CHECK(x.layers[i].channelSpikes == y.layers[i].channelSpikes);
    spikes += x.layers[i].positiveSpikes;
  }
  CHECK(spikes > 100); // the network is not silent
  CHECK(x.heads.back().front().data == y.heads.back().front().data);
}

TEST_CASE("nir: the IF threshold is stored just below snnc's", "[nir]") {
  nir::Group root = nir::exportNir(network());
  const nir::Dataset &t =
      root.groups["node"].groups["nodes"].groups["if1"].datasets["v_threshold"];
  CHECK(t.shape == std::vector<int64_t>{4, 4, 4});
  float vth = network().nodes[1].vthPosC[0];
  // NIR fires at v > t; snnc at V >= vth: t is the float before vth.
  CHECK(float(t.numbers[0]) < vth);
  CHECK(std::nextafter(float(t.numbers[0]), INFINITY) == vth);
}

TEST_CASE("nir: what NIR cannot express is refused by layer", "[nir]") {
  SpikingGraph g = network();
  g.nodes[1].negativeSpikes = true;
  CHECK_THROWS_WITH(nir::exportNir(g),
                    Catch::Contains("layer 'c1' (spiking_conv): signed "
                                    "neurons"));
  g = network();
  g.nodes[2].reset = ResetMode::Subtract;
  CHECK_THROWS_WITH(nir::exportNir(g),
                    Catch::Contains("layer 'c2' (spiking_conv): reset by "
                                    "subtraction: NIR 1.0.6+ resets to "
                                    "v_reset (--reset zero)"));
  g = network();
  g.nodes[2].vInitC.assign(6, 0.0f);
  g.nodes[2].vInitC[1] = g.nodes[2].vthPosC[1] / 4;
  CHECK_THROWS_WITH(nir::exportNir(g),
                    Catch::Contains("an initial potential (0.25 of the "
                                    "threshold)"));
  // image -> c1 -> pool -> output.
  g = network();
  SpikingNode out = g.nodes[3];
  g.nodes.resize(2);
  g.nodes.push_back(mappingtest::comparatorPool("pool", 1, {4, 2, 2}));
  out.inputs = {2};
  out.shape = {6, 2, 2};
  out.weights = randomInts(6 * 4 * 9, -3, 3, 21);
  g.nodes.push_back(out);
  CHECK_THROWS_WITH(nir::exportNir(g),
                    Catch::Contains("layer 'pool' (spiking_max_pool): NIR "
                                    "has no max-pool"));
}

TEST_CASE("nir: files without v_reset (NIR <= 1.0.5) reset by subtraction",
          "[nir]") {
  nir::Group root = nir::exportNir(network());
  auto &nodes = root.groups["node"].groups["nodes"].groups;
  nodes["if1"].datasets.erase("v_reset");
  SpikingGraph g = nir::importNir(root, "old.nir");
  CHECK(g.nodes[1].reset == ResetMode::Subtract);
  CHECK(g.nodes[2].reset == ResetMode::Zero);
}

TEST_CASE("nir: bad files give one-line errors", "[nir]") {
  std::string path = tempPath("not.nir");
  {
    std::FILE *f = std::fopen(path.c_str(), "w");
    std::fputs("not hdf5", f);
    std::fclose(f);
  }
  CHECK_THROWS_WITH(nir::readNir(path),
                    Catch::Contains("not an HDF5 file (NIR files are HDF5)"));
  std::filesystem::remove(path);

  nir::Group root = nir::exportNir(network());
  auto &graph = root.groups["node"];
  graph.groups["nodes"].groups["if2"].datasets["type"] =
      nir::Dataset::string("LIF");
  CHECK_THROWS_WITH(nir::importNir(root, "x.nir"),
                    Catch::Contains("x.nir: node 'if2' (LIF): leaky neurons"));

  root = nir::exportNir(network());
  auto &thresholds = root.groups["node"]
                         .groups["nodes"]
                         .groups["if1"]
                         .datasets["v_threshold"]
                         .numbers;
  thresholds[1] += 1; // no longer uniform over channel 0
  CHECK_THROWS_WITH(nir::importNir(root, "x.nir"),
                    Catch::Contains("v_threshold differs within channel 0"));

  root = nir::exportNir(network());
  root.groups["node"].groups.erase("metadata");
  CHECK_THROWS_WITH(nir::importNir(root, "x.nir"),
                    Catch::Contains("output 'output0' has no detection head"));
}

TEST_CASE("nir: degenerate values are refused, not divided by", "[nir]") {
  // Found by review: each crashed or compiled silently wrong.
  auto nodes = [](nir::Group &root) -> std::map<std::string, nir::Group> & {
    return root.groups["node"].groups["nodes"].groups;
  };
  nir::Group root = nir::exportNir(network());
  for (double &t : nodes(root)["if1"].datasets["v_threshold"].numbers)
    t = 0;
  CHECK_THROWS_WITH(nir::importNir(root, "x.nir"),
                    Catch::Contains("if1/v_threshold is 0; snnc's thresholds "
                                    "are positive"));

  root = nir::exportNir(network());
  root.groups["node"]
      .groups["metadata"]
      .groups["snnc"]
      .groups["output0"]
      .datasets["readout_delay"] = nir::Dataset::integers({}, {0});
  CHECK_THROWS_WITH(nir::importNir(root, "x.nir"),
                    Catch::Contains("readout_delay has 0 values, expected "
                                    "one"));

  root = nir::exportNir(network());
  nodes(root)["conv1"].datasets["weight"] =
      nir::Dataset::floats({}, {0, 3, 3, 3});
  CHECK_THROWS_WITH(nir::importNir(root, "x.nir"),
                    Catch::Contains("conv1/weight has shape [0, 3, 3, 3]: "
                                    "every dimension must be positive"));

  root = nir::exportNir(network());
  nodes(root)["conv2"].datasets["weight"].numbers[5] = std::nan("");
  CHECK_THROWS_WITH(nir::importNir(root, "x.nir"),
                    Catch::Contains("conv2/weight holds a non-finite value"));
}

TEST_CASE("nir: per-channel neuron parameters may be given per channel",
          "[nir]") {
  nir::Group root = nir::exportNir(network());
  nir::Dataset &t =
      root.groups["node"].groups["nodes"].groups["if2"].datasets["v_threshold"];
  std::vector<double> perChannel;
  for (int64_t c = 0; c < 6; ++c)
    perChannel.push_back(t.numbers[size_t(c * 16)]);
  t.numbers = perChannel;
  t.shape = {6, 1, 1};
  SpikingGraph g = nir::importNir(root, "x.nir");
  CHECK(g.nodes[2].vthPosC == network().nodes[2].vthPosC);
}
