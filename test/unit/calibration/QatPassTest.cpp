//===- QatPassTest.cpp - ann-apply-qat on an imported network -------------===//
//
// The pass against a small cfg imported into ann IR: which metadata it
// refuses (messages naming the file, the entry and the cfg line), what it
// writes (the trained ceilings as calibration, the quantizers), and the
// runtime graph exported from the IR afterwards (the network as trained),
// run on an image whose values were worked out by hand from docs/QAT.md,
// and the quantizers themselves.
// The bundled QAT models' metadata applies to their networks.
//
//===----------------------------------------------------------------------===//
#include "compiler/calibration/QatMetadata.h"
#include "compiler/driver/ModelLoader.h"
#include "dialects/ann/AnnCalibration.h"
#include "dialects/ann/AnnOps.h"
#include "runtime/inference/Executor.h"
#include "runtime/support/Error.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

using namespace snnc;
using Catch::Matchers::Contains;

namespace {

// conv(2, leaky) - maxpool - conv(3, relu) - conv(1x1 linear, 6) - region;
// the convolutions start at cfg lines 6, 15 and 21.
const char *kCfg = R"([net]
width=4
height=4
channels=1

[convolutional]
filters=2
size=1
activation=leaky

[maxpool]
size=2
stride=2

[convolutional]
filters=3
size=1
pad=0
activation=relu

[convolutional]
filters=6
size=1
activation=linear

[region]
anchors=1,1
classes=1
num=1
coords=4
)";

const std::string kLeaky0 =
    R"({"index": 0, "type": "convolutional", "activation": "leaky",
        "ceiling": [2, 4]})";
const std::string kRelu2 =
    R"({"index": 2, "type": "convolutional", "activation": "relu",
        "ceiling": 1})";

std::string metadata(const std::string &layers) {
  return R"({"format": "snnc-qat", "version": 1, "levels": 4,
    "weight_bits": 8, "input_levels": 8, "layers": [)" +
         layers + "]}";
}

/// A scratch folder with net.cfg (kCfg) and net.qat.json.
struct Files {
  std::filesystem::path dir;
  explicit Files(const std::string &layers) {
    dir = std::filesystem::temp_directory_path() /
          ("snnc-qat-pass-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "net.cfg") << kCfg;
    std::ofstream(dir / "net.qat.json") << metadata(layers);
  }
  ~Files() { std::filesystem::remove_all(dir); }
  std::string cfg() const { return (dir / "net.cfg").string(); }
  std::string qat() const { return (dir / "net.qat.json").string(); }
};

Model load(const Files &f) {
  ModelOptions o;
  o.cfgPath = f.cfg();
  o.randomWeights = true;
  return loadModel(o);
}

/// The pass's error on kCfg with `layers`, or "<none>".
std::string errorWith(const std::string &layers) {
  Files f(layers);
  Model m = load(f);
  try {
    applyQat(*m.module, f.qat());
  } catch (const snnc::Error &e) {
    return e.what();
  }
  return "<none>";
}

} // namespace

TEST_CASE("ann-apply-qat: metadata checked against the imported network",
          "[qat]") {
  CHECK(errorWith(kLeaky0 + "," + kRelu2) == "<none>");
  // Layer 1 is the max-pool; layer 9 does not exist.
  CHECK_THAT(errorWith(R"({"index": 1, "type": "convolutional",
      "activation": "leaky", "ceiling": 1})"),
             Contains("net.qat.json: layers[0] names layer 1, which is not a "
                      "convolution of the network"));
  CHECK_THAT(errorWith(kLeaky0 + "," + kRelu2 + R"(, {"index": 9,
      "type": "convolutional", "activation": "leaky", "ceiling": 1})"),
             Contains("layers[2] names layer 9, which is not a convolution"));
  CHECK_THAT(errorWith(kLeaky0 + R"(, {"index": 2,
      "type": "convolutional", "activation": "leaky", "ceiling": 1})"),
             Contains("layers[1] says layer 2 has activation 'leaky', but ") &&
                 Contains("net.cfg:15 has 'relu'"));
  CHECK_THAT(errorWith(kLeaky0 + R"(, {"index": 2,
      "type": "convolutional", "activation": "relu", "ceiling": [1, 2]})"),
             Contains("layers[1] gives 2 ceilings for layer 2, which has 3 "
                      "filters (") &&
                 Contains("net.cfg:15)"));
  CHECK_THAT(errorWith(kLeaky0),
             Contains("net.qat.json: no entry for layer 2 (convolutional, "
                      "relu, ") &&
                 Contains("net.cfg:15): every leaky/relu convolution needs"));
  // A head's range: six values for six filters, and only on a head.
  CHECK(errorWith(kLeaky0 + "," + kRelu2 + R"(, {"index": 3,
      "type": "convolutional", "activation": "linear",
      "ceiling": [1, 2, 3, 4, 5, 6.5]})") == "<none>");
  CHECK_THAT(errorWith(kLeaky0 + "," + kRelu2 + R"(, {"index": 3,
      "type": "convolutional", "activation": "linear",
      "ceiling": [1, 2, 3, 4, 5]})"),
             Contains("layers[2] gives 5 ceilings for layer 3, which has 6 "
                      "filters (") &&
                 Contains("net.cfg:21)"));
  CHECK_THAT(errorWith(R"({"index": 0, "type": "convolutional",
      "activation": "linear", "ceiling": 1},)" +
                       kRelu2),
             Contains("layers[0] says layer 0 has activation 'linear', but ") &&
                 Contains("net.cfg:6 has 'leaky'"));
}

TEST_CASE("ann-apply-qat: ceilings as calibration, and the network as "
          "trained",
          "[qat]") {
  Files f(kLeaky0 + "," + kRelu2);
  Model m = load(f);
  applyQat(*m.module, f.qat(), {99.0f});
  // The leaky activation's calibration: ceilings 2 and 4 at every
  // percentile (99 and 100), the layer's the largest; the head without a
  // range gets 1 and is marked.
  int heads = 0;
  m.module->walk([&](mlir::Operation *op) {
    if (mlir::isa<ann::LeakyReluOp>(op)) {
      std::optional<ann::Calibration> c = ann::getCalibration(op);
      REQUIRE(c);
      CHECK(c->percentiles == std::vector<float>{99, 100});
      CHECK(c->channel == std::vector<float>{2, 2, 4, 4});
      CHECK(c->layer == std::vector<float>{4, 4});
    }
    if (op->hasAttr("snnc.qat_no_range")) {
      ++heads;
      std::optional<ann::Calibration> c = ann::getCalibration(op);
      REQUIRE(c);
      CHECK(c->channel == std::vector<float>(12, 1.0f));
    }
  });
  CHECK(heads == 1);

  // The exported graph: input, image quantizer, conv0, leaky0 quantized,
  // pool, conv2, relu2 quantized, conv3, region.
  Graph q = exportGraph(*m.module);
  REQUIRE(q.nodes.size() == m.graph.nodes.size() + 1);
  CHECK(q.nodes[1].kind == NodeKind::QuantizedInput);
  CHECK(q.nodes[1].levels == 8);
  CHECK(q.nodes[1].inputs == std::vector<int>{0});
  CHECK(q.nodes[2].inputs == std::vector<int>{1}); // conv0 reads the quantizer
  const Node &leaky = q.nodes[3];
  CHECK(leaky.kind == NodeKind::QuantizedActivation);
  CHECK(leaky.levels == 4);
  CHECK(leaky.slope == 0.1f);
  CHECK(leaky.ceilings == std::vector<float>{2, 4});
  const Node &relu = q.nodes[6];
  CHECK(relu.kind == NodeKind::QuantizedActivation);
  CHECK(relu.slope == 0.0f);
  CHECK(relu.ceilings == std::vector<float>{1, 1, 1});
  CHECK(q.nodes[7].inputs == std::vector<int>{6});
  // The float graph exported before stays as it was.
  CHECK(m.graph.nodes[2].kind == NodeKind::LeakyRelu);

  // Run it with conv0's weights 1 and no bias: channel c of the leaky
  // output is the quantized pixel quantized again with ceiling 2 (c = 0)
  // or 4.
  q.nodes[2].weights.assign(2, 1.0f);
  q.nodes[2].bias.assign(2, 0.0f);
  Executor exec(q);
  Tensor image{{1, 4, 4}, std::vector<float>(16, 0.9f)};
  image.data[5] = 0.3f;
  std::vector<Tensor> all = exec.runAll(image);
  // 0.9 -> floor(7.2) / 8 = 0.875; with ceiling 2, L = 4: z = 1.75 -> 2,
  // 1.0; with ceiling 4: z = 0.875 -> 1, 1.0.
  CHECK(all[3].data[0] == 1.0f);
  CHECK(all[3].data[16] == 1.0f);
  // 0.3 -> floor(2.4) / 8 = 0.25; ceiling 2: z = 0.5 -> 1, 0.5; ceiling 4:
  // z = 0.25 -> 0.
  CHECK(all[3].data[5] == 0.5f);
  CHECK(all[3].data[16 + 5] == 0.0f);
}

TEST_CASE("ann-apply-qat: the bundled models", "[qat]") {
  // The files compiler/train exported apply to their networks. The
  // YOLO-LITE derivative is optional (it may not be committed).
  for (const char *stem : {"snnc-tiny-synth/snnc-tiny-synth",
                           "snnc-tiny-synth-maxpool/snnc-tiny-synth-maxpool",
                           "yolo-lite-voc-qat/yolo-lite-voc-qat-l16"}) {
    std::string cfg = std::string(SNNC_SOURCE_DIR) + "/models/" + stem + ".cfg";
    INFO(cfg);
    if (!std::filesystem::exists(cfg)) {
      WARN("skipped: " << cfg << " is absent");
      continue;
    }
    ModelOptions o;
    o.cfgPath = cfg;
    o.randomWeights = true;
    Model m = loadModel(o);
    QatMetadata meta = readQatMetadata(qatMetadataPathFor(cfg));
    CHECK(meta.weightBits == 8);
    CHECK(meta.inputLevels == meta.levels);
    CHECK_NOTHROW(applyQat(*m.module, qatMetadataPathFor(cfg)));
    Graph q = exportGraph(*m.module);
    // Six quantized activations, and the image quantizer.
    int quantized = 0;
    for (const Node &n : q.nodes)
      quantized += n.kind == NodeKind::QuantizedActivation;
    CHECK(quantized == 6);
    CHECK(q.nodes[1].kind == NodeKind::QuantizedInput);
    if (std::string(stem) == "snnc-tiny-synth/snnc-tiny-synth") {
      REQUIRE(meta.layers.size() == 7);
      CHECK(meta.layers.back().isLinear());
      CHECK(meta.layers.back().ceilings.size() == 55);
    }
  }
}

TEST_CASE("qat: the activation quantizer", "[qat]") {
  // ceiling 2, L = 4: one level is 0.5, z = 2 x.
  CHECK(quantizeActivation(0.6f, 2, 4, 0.1f) == 0.5f);  // floor(1.2 + .5) = 1
  CHECK(quantizeActivation(0.75f, 2, 4, 0.1f) == 1.0f); // 1.5 rounds up to 2
  CHECK(quantizeActivation(0.74f, 2, 4, 0.1f) == 0.5f); // 1.48 rounds to 1
  CHECK(quantizeActivation(5.0f, 2, 4, 0.1f) == 2.0f);  // clipped at L = 4
  CHECK(quantizeActivation(0.0f, 2, 4, 0.1f) == 0.0f);
  // Negative side: -clip(floor(0.1 |z| - 0.05), 0, L).
  CHECK(quantizeActivation(-5.0f, 2, 4, 0.1f) == 0.0f);     // floor(0.95) = 0
  CHECK(quantizeActivation(-10.0f, 2, 4, 0.1f) == -0.5f);   // floor(1.95) = 1
  CHECK(quantizeActivation(-10.5f, 2, 4, 0.1f) == -1.0f);   // floor(2.05) = 2
  CHECK(quantizeActivation(-1000.0f, 2, 4, 0.1f) == -2.0f); // clipped at -L
  // ReLU: no negative side.
  CHECK(quantizeActivation(-1000.0f, 2, 4, 0.0f) == 0.0f);
  CHECK(quantizeActivation(3.3f, 1, 4, 0.0f) == 1.0f);
}
TEST_CASE("qat: the image quantizer", "[qat]") {
  CHECK(quantizeInput(0.99f, 8) == 0.875f); // floor(7.92) / 8
  CHECK(quantizeInput(0.5f, 8) == 0.5f);
  CHECK(quantizeInput(0.124f, 8) == 0.0f);
  CHECK(quantizeInput(1.5f, 8) == 1.0f);  // clipped to [0, 1]
  CHECK(quantizeInput(-0.2f, 8) == 0.0f); // clipped to [0, 1]
}
