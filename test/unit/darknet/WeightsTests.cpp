//===- WeightsTests.cpp - Darknet .weights files --------------------------===//
//
// Byte offsets and float counts are worked out by hand in the comments from
// darknet's layout (REFERENCE.md section 3): int32 major, minor, revision,
// `seen` (int64 when major*10+minor >= 2, else int32), then per convolution
// biases[f] (+ scales, mean, variance [f] with batch_normalize) and
// weights[f*c*k*k], all little-endian float32.
//
//===----------------------------------------------------------------------===//

#include "compiler/darknet/Weights.h"
#include "runtime/support/Error.h"
#include "test/unit/SharedData.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>

using namespace snnc::darknet;
using Catch::Matchers::Contains;

namespace {
template <typename F> std::string errorOf(F &&f) {
  try {
    f();
  } catch (const snnc::Error &e) {
    return e.what();
  }
  return "<no snnc::Error thrown>";
}

/// A 4x4x2 network:
///   layer 0 (line 5):  conv BN, 2 filters 1x1 on 2 channels:
///                      biases 2 + scales 2 + mean 2 + variance 2 + weights
///                      2*2*1*1 = 4 -> 12 floats
///   layer 1 (line 10): maxpool 2/2 -> 2x2x2, no floats
///   layer 2 (line 13): conv, 6 filters 1x1 on 2 channels:
///                      biases 6 + weights 6*2 = 12 -> 18 floats
///   layer 3 (line 17): region num=1 classes=1 -> 1*(4+1+1) = 6 channels
/// Total 30 floats = 120 bytes.
const char *kSmallCfg = "[net]\n"             // 1
                        "width=4\n"           // 2
                        "height=4\n"          // 3
                        "channels=2\n"        // 4
                        "[convolutional]\n"   // 5
                        "batch_normalize=1\n" // 6
                        "filters=2\n"         // 7
                        "size=1\n"            // 8
                        "activation=leaky\n"  // 9
                        "[maxpool]\n"         // 10
                        "size=2\n"            // 11
                        "stride=2\n"          // 12
                        "[convolutional]\n"   // 13
                        "filters=6\n"         // 14
                        "size=1\n"            // 15
                        "activation=linear\n" // 16
                        "[region]\n"          // 17
                        "num=1\n"             // 18
                        "classes=1\n"         // 19
                        "anchors=1,1\n";      // 20
constexpr int64_t kSmallFloats = 30;

Network smallNet() { return buildNetwork(parseCfg(kSmallCfg, "small.cfg")); }

struct Bytes {
  std::string data;
  void i32(int32_t v) { data.append(reinterpret_cast<const char *>(&v), 4); }
  void u64(uint64_t v) { data.append(reinterpret_cast<const char *>(&v), 8); }
  void f32(float v) { data.append(reinterpret_cast<const char *>(&v), 4); }
};

/// The 30 payload floats of the small network: value i * 0.25 + 1 for the
/// i-th float, so every variance is positive.
std::string smallPayload() {
  Bytes b;
  for (int i = 0; i < kSmallFloats; ++i)
    b.f32(static_cast<float>(i) * 0.25f + 1.0f);
  return b.data;
}

/// Header v0.2 (20 bytes) followed by the payload: 140 bytes.
/// Offsets: layer 0 biases 20, scales 28, mean 36, variance 44, weights 52;
/// layer 2 biases 68, weights 92; end 140.
std::string smallV2(uint64_t seen = 0x0000000100000002ULL) {
  Bytes b;
  b.i32(0);
  b.i32(2);
  b.i32(0);
  b.u64(seen);
  return b.data + smallPayload();
}

void putFloat(std::string &bytes, size_t offset, float value) {
  std::memcpy(&bytes[offset], &value, 4);
}

std::string readAll(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

Network buildShared(const std::string &relative) {
  return buildNetwork(readCfgFile(snnc::test::sharedPath(relative)));
}

int64_t builtFloats(const Network &net) {
  int64_t total = 0;
  for (const Layer &layer : net.layers)
    total += Network::storedFloats(layer);
  return total;
}

std::vector<float> range(int first, int count) {
  std::vector<float> v;
  for (int i = first; i < first + count; ++i)
    v.push_back(static_cast<float>(i) * 0.25f + 1.0f);
  return v;
}
} // namespace

TEST_CASE("weights: small network, header v0.2 (int64 seen)",
          "[darknet][weights]") {
  Network net = smallNet();
  REQUIRE(builtFloats(net) == kSmallFloats);
  std::string bytes = smallV2();
  REQUIRE(bytes.size() == 140); // 20 + 30*4
  Weights w = parseWeights(bytes, net, "small.weights");
  CHECK(w.header.major == 0);
  CHECK(w.header.minor == 2);
  CHECK(w.header.revision == 0);
  CHECK(w.header.wideSeen());
  CHECK(w.header.bytes() == 20);
  CHECK(w.header.seen == 0x0000000100000002ULL); // needs all 8 bytes
  REQUIRE(w.layers.size() == 4);
  // Float i of the payload is i*0.25+1: layer 0 takes floats 0..11.
  CHECK(w.layers[0].biases == range(0, 2));
  CHECK(w.layers[0].scales == range(2, 2));
  CHECK(w.layers[0].mean == range(4, 2));
  CHECK(w.layers[0].variance == range(6, 2));
  CHECK(w.layers[0].weights == range(8, 4));
  CHECK(w.layers[1].biases.empty());
  CHECK(w.layers[1].weights.empty());
  // Layer 2 (no BN) takes floats 12..29.
  CHECK(w.layers[2].biases == range(12, 6));
  CHECK(w.layers[2].scales.empty());
  CHECK(w.layers[2].mean.empty());
  CHECK(w.layers[2].variance.empty());
  CHECK(w.layers[2].weights == range(18, 12));
  CHECK(w.layers[3].weights.empty());

  CHECK(serializeWeights(w, net) == bytes);
}

TEST_CASE("weights: header v0.1 (int32 seen) and v1.0 (int64 seen)",
          "[darknet][weights]") {
  Network net = smallNet();
  SECTION("0.1: 16-byte header") {
    Bytes b;
    b.i32(0);
    b.i32(1); // 0*10 + 1 = 1 < 2: int32 seen
    b.i32(0);
    b.i32(12345);
    std::string bytes = b.data + smallPayload();
    REQUIRE(bytes.size() == 136); // 16 + 120
    Weights w = parseWeights(bytes, net, "v01.weights");
    CHECK_FALSE(w.header.wideSeen());
    CHECK(w.header.bytes() == 16);
    CHECK(w.header.seen == 12345);
    CHECK(w.layers[2].weights == range(18, 12));
    CHECK(serializeWeights(w, net) == bytes);
  }
  SECTION("1.0: 20-byte header") {
    Bytes b;
    b.i32(1); // 1*10 + 0 = 10 >= 2: int64 seen
    b.i32(0);
    b.i32(7);
    b.u64(64000);
    std::string bytes = b.data + smallPayload();
    Weights w = parseWeights(bytes, net, "v10.weights");
    CHECK(w.header.wideSeen());
    CHECK(w.header.revision == 7);
    CHECK(w.header.seen == 64000);
    CHECK(serializeWeights(w, net) == bytes);
  }
  SECTION("negative major is implausible") {
    Bytes b;
    b.i32(-1);
    b.i32(2);
    b.i32(0);
    b.u64(0);
    CHECK_THAT(errorOf([&] {
                 parseWeights(b.data + smallPayload(), net, "neg.weights");
               }),
               Contains("neg.weights") && Contains("implausible version -1.2"));
  }
}

// darknet's load_weights_upto (parser.c) reads `seen` as int64 only when
// (major*10 + minor) >= 2 && major < 1000 && minor < 1000.
TEST_CASE("weights: version 0.1000 stores an int32 seen, as in darknet",
          "[darknet][weights]") {
  Network net = smallNet();
  Bytes b;
  b.i32(0);
  b.i32(1000);
  b.i32(0);
  b.i32(5);
  std::string bytes = b.data + smallPayload();
  Weights w;
  REQUIRE_NOTHROW(w = parseWeights(bytes, net, "v1000.weights"));
  CHECK(w.header.seen == 5);
  CHECK_FALSE(w.header.wideSeen());
  CHECK(serializeWeights(w, net) == bytes);

  // 1000.0: 1000*10 + 0 >= 2 but major is not < 1000, so int32 as well.
  Bytes c;
  c.i32(1000);
  c.i32(0);
  c.i32(0);
  c.i32(6);
  std::string bytes1000 = c.data + smallPayload();
  REQUIRE_NOTHROW(w = parseWeights(bytes1000, net, "v1000.weights"));
  CHECK(w.header.seen == 6);
  CHECK(serializeWeights(w, net) == bytes1000);
}

TEST_CASE("weights: truncated small files", "[darknet][weights]") {
  Network net = smallNet();
  std::string full = smallV2();
  auto cut = [&](size_t size) {
    return errorOf(
        [&] { parseWeights(full.substr(0, size), net, "cut.weights"); });
  };
  CHECK_THAT(cut(0), Contains("cut.weights") && Contains("truncated header") &&
                         Contains("major version needs 4 bytes at offset 0") &&
                         Contains("the file has 0 bytes"));
  // seen (int64) at offset 12 needs 8 bytes.
  CHECK_THAT(cut(15), Contains("seen (int64) needs 8 bytes at offset 12") &&
                          Contains("the file has 15 bytes"));
  // layer 0 variance at offset 44 needs 2 floats = 8 bytes; cut at 47 leaves
  // 3.
  CHECK_THAT(cut(47), Contains("cut.weights") && Contains("layer 0") &&
                          Contains("small.cfg:5") &&
                          Contains("needs 2 rolling_variance (8 bytes)") &&
                          Contains("at offset 44") &&
                          Contains("only 3 bytes remain (file size 47)"));
  // layer 2 biases at 68 need 6 floats = 24 bytes; cut at 72 leaves 4.
  CHECK_THAT(cut(72), Contains("layer 2 ([convolutional] at small.cfg:13)") &&
                          Contains("needs 6 biases (24 bytes) at offset 68") &&
                          Contains("only 4 bytes remain (file size 72)"));
  // layer 2 weights at 92 need 12 floats = 48 bytes; cut at 139 leaves 47.
  CHECK_THAT(cut(139),
             Contains("layer 2") &&
                 Contains("needs 12 weights (48 bytes) at offset 92") &&
                 Contains("only 47 bytes remain (file size 139)"));
}

TEST_CASE("weights: extra bytes", "[darknet][weights]") {
  Network net = smallNet();
  std::string bytes = smallV2() + std::string(7, '\x01');
  // 30 floats = 120 bytes + 20 header = 140 expected, 147 present.
  CHECK_THAT(errorOf([&] { parseWeights(bytes, net, "long.weights"); }),
             Contains("long.weights") && Contains("7 bytes left over") &&
                 Contains("small.cfg") && Contains("needs 30 floats") &&
                 Contains("140 bytes with the 20-byte header") &&
                 Contains("the file has 147 bytes"));
}

TEST_CASE("weights: non-finite values are rejected", "[darknet][weights]") {
  Network net = smallNet();
  auto withValue = [&](size_t offset, float value) {
    std::string bytes = smallV2();
    putFloat(bytes, offset, value);
    return errorOf([&] { parseWeights(bytes, net, "bad.weights"); });
  };
  // layer 2 weights start at 92; weights[3] is at 92 + 3*4 = 104.
  CHECK_THAT(withValue(104, std::numeric_limits<float>::quiet_NaN()),
             Contains("bad.weights") &&
                 Contains("layer 2 ([convolutional] at small.cfg:13)") &&
                 Contains("weights[3] is nan") && Contains("offset 104"));
  // layer 0 scales start at 28; scales[1] is at 32.
  CHECK_THAT(withValue(32, std::numeric_limits<float>::infinity()),
             Contains("layer 0") && Contains("scales[1] is inf") &&
                 Contains("offset 32"));
  // layer 0 biases[0] at 20.
  CHECK_THAT(withValue(20, -std::numeric_limits<float>::infinity()),
             Contains("biases[0] is -inf"));
  // Denormals, zero and negative zero are fine.
  std::string ok = smallV2();
  putFloat(ok, 92, std::numeric_limits<float>::denorm_min());
  putFloat(ok, 96, -0.0f);
  putFloat(ok, 100, 0.0f);
  Weights w = parseWeights(ok, net, "ok.weights");
  CHECK(serializeWeights(w, net) == ok);
}

TEST_CASE("weights: negative variance is rejected", "[darknet][weights]") {
  Network net = smallNet();
  std::string bytes = smallV2();
  // layer 0 variance at 44; variance[1] at 48.
  putFloat(bytes, 48, -0.5f);
  CHECK_THAT(errorOf([&] { parseWeights(bytes, net, "var.weights"); }),
             Contains("var.weights") && Contains("layer 0") &&
                 Contains("small.cfg:5") &&
                 Contains("rolling_variance[1] is negative (-0.5)"));
  // Zero variance is allowed (darknet adds epsilon).
  putFloat(bytes, 48, 0.0f);
  CHECK_NOTHROW(parseWeights(bytes, net, "var.weights"));
}

TEST_CASE("weights: the YOLO-LITE files have exactly the cfg's floats",
          "[darknet][weights]") {
  struct Case {
    const char *cfg, *weights;
    int64_t floats;
    size_t fileBytes;
  };
  // nobn, 3x3 convs 3->16->32->64->128->128->256 then 1x1 256->125 (biases
  // only, bias + weights per conv):
  //   16 + 16*27 = 448;        32 + 32*144 = 4640;     64 + 64*288 = 18496;
  //   128 + 128*576 = 73856;   128 + 128*1152 = 147584;
  //   256 + 256*1152 = 295168; 125 + 125*256 = 32125
  //   sum = 572,317 floats; 16-byte v0.1 header + 4*572317 = 2,289,284 bytes
  // bn adds scales, mean, variance: 3 * (16+32+64+128+128+256) = 3*624 = 1872
  //   -> 574,189 floats, 16 + 4*574189 = 2,296,772 bytes
  // coco: nobn with the last conv 1x1 256->425: 425 + 425*256 = 109,225
  //   -> 572317 - 32125 + 109225 = 649,417 floats, 16 + 4*649417 = 2,597,684
  const std::vector<Case> cases = {
      {"models/yolo-lite-voc/yolo-lite-voc-nobn.cfg",
       "models/yolo-lite-voc/yolo-lite-voc-nobn.weights", 572317, 2289284},
      {"models/yolo-lite-voc/yolo-lite-voc-bn.cfg",
       "models/yolo-lite-voc/yolo-lite-voc-bn.weights", 574189, 2296772},
      {"models/yolo-lite-coco/yolo-lite-coco.cfg",
       "models/yolo-lite-coco/yolo-lite-coco.weights", 649417, 2597684}};
  for (const Case &c : cases) {
    if (!snnc::test::haveShared(c.weights)) {
      WARN("skipped: shared data " << snnc::test::sharedPath(c.weights)
                                   << " is absent");
      continue;
    }
    INFO(c.weights);
    Network net = buildShared(c.cfg);
    CHECK(builtFloats(net) == c.floats);
    std::string path = snnc::test::sharedPath(c.weights);
    std::string bytes = readAll(path);
    CHECK(bytes.size() == c.fileBytes);
    CHECK(bytes.size() == 16 + 4 * static_cast<size_t>(c.floats));

    Weights w = readWeightsFile(path, net);
    // The real files use version 0.1 and an int32 `seen`.
    CHECK(w.header.major == 0);
    CHECK(w.header.minor == 1);
    CHECK_FALSE(w.header.wideSeen());
    CHECK(w.header.bytes() == 16);
    // The first float after the 16-byte header is layer 0's biases[0].
    float first;
    std::memcpy(&first, bytes.data() + 16, 4);
    CHECK(w.layers.at(0).biases.at(0) == first);
    int64_t counted = 0;
    for (const ConvWeights &layer : w.layers)
      counted += static_cast<int64_t>(
          layer.biases.size() + layer.scales.size() + layer.mean.size() +
          layer.variance.size() + layer.weights.size());
    CHECK(counted == c.floats);

    // Round trip: serialize(parse(bytes)) == bytes.
    CHECK(serializeWeights(w, net) == bytes);
  }
}

TEST_CASE("weights: truncated and oversized real files", "[darknet][weights]") {
  SNNC_REQUIRE_SHARED("models/yolo-lite-voc/yolo-lite-voc-nobn.weights");
  std::string cfgPath =
      snnc::test::sharedPath("models/yolo-lite-voc/yolo-lite-voc-nobn.cfg");
  Network net = buildNetwork(readCfgFile(cfgPath));
  std::string full = readAll(snnc::test::sharedPath(
      "models/yolo-lite-voc/yolo-lite-voc-nobn.weights"));
  REQUIRE(full.size() == 2289284);
  auto cut = [&](size_t size) {
    return errorOf(
        [&] { parseWeights(full.substr(0, size), net, "lite.weights"); });
  };
  // Inside the header: minor at offset 4, seen (int32, v0.1) at offset 12.
  CHECK_THAT(cut(6), Contains("lite.weights") &&
                         Contains("minor version needs 4 bytes at offset 4") &&
                         Contains("the file has 6 bytes"));
  CHECK_THAT(cut(14), Contains("seen (int32) needs 4 bytes at offset 12") &&
                          Contains("the file has 14 bytes"));
  // Layer 0 (cfg line 25) biases: 16 floats = 64 bytes at offset 16.
  CHECK_THAT(cut(24),
             Contains("layer 0 ([convolutional] at " + cfgPath + ":25)") &&
                 Contains("needs 16 biases (64 bytes) at offset 16") &&
                 Contains("only 8 bytes remain (file size 24)"));
  // Layer 0 ends at 16 + 4*448 = 1808. Layer 2 (line 37): biases 32 floats at
  // 1808..1936, weights 4608 floats = 18432 bytes at 1936. Cut at 2036.
  CHECK_THAT(cut(2036),
             Contains("layer 2 ([convolutional] at " + cfgPath + ":37)") &&
                 Contains("needs 4608 weights (18432 bytes) at offset 1936") &&
                 Contains("only 100 bytes remain (file size 2036)"));
  // The last conv is layer 11 (line 96); its 32000 weights are the file's
  // last 128000 bytes, at 2289284 - 128000 = 2161284.
  CHECK_THAT(cut(full.size() - 1),
             Contains("layer 11 ([convolutional] at " + cfgPath + ":96)") &&
                 Contains("needs 32000 weights (128000 bytes)") &&
                 Contains("at offset 2161284") &&
                 Contains("only 127999 bytes remain (file size 2289283)"));
  // 12 extra bytes.
  CHECK_THAT(errorOf([&] {
               parseWeights(full + std::string(12, '\0'), net, "lite.weights");
             }),
             Contains("lite.weights") && Contains("12 bytes left over") &&
                 Contains("needs 572317 floats") &&
                 Contains("2289284 bytes with the 16-byte header") &&
                 Contains("the file has 2289296 bytes"));
}

TEST_CASE("weights: batch-normalized real file cut in the statistics",
          "[darknet][weights]") {
  SNNC_REQUIRE_SHARED("models/yolo-lite-voc/yolo-lite-voc-bn.weights");
  std::string cfgPath =
      snnc::test::sharedPath("models/yolo-lite-voc/yolo-lite-voc-bn.cfg");
  Network net = buildNetwork(readCfgFile(cfgPath));
  std::string full = readAll(
      snnc::test::sharedPath("models/yolo-lite-voc/yolo-lite-voc-bn.weights"));
  // Layer 0: biases 16..80, scales 80..144, mean 144..208, variance 208..272.
  // Cut at 250: variance needs 64 bytes at 208, 42 remain.
  CHECK_THAT(
      errorOf([&] { parseWeights(full.substr(0, 250), net, "bn.weights"); }),
      Contains("bn.weights") && Contains("layer 0") &&
          Contains(cfgPath + ":25") &&
          Contains("needs 16 rolling_variance (64 bytes) at offset "
                   "208") &&
          Contains("only 42 bytes remain (file size 250)"));
}

TEST_CASE("weights: readWeightsFile names a missing file",
          "[darknet][weights]") {
  Network net = smallNet();
  std::string missing = "/nonexistent/snnc/no-such.weights";
  CHECK_THAT(errorOf([&] { readWeightsFile(missing, net); }),
             Contains(missing) && Contains("cannot open"));
}

TEST_CASE("weights: randomWeights is deterministic and well-sized",
          "[darknet][weights]") {
  Network net = smallNet();
  Weights a = randomWeights(net, 42);
  Weights b = randomWeights(net, 42);
  Weights c = randomWeights(net, 43);
  std::string sa = serializeWeights(a, net);
  CHECK(sa == serializeWeights(b, net));
  CHECK(sa != serializeWeights(c, net));
  CHECK(a.header.major == 0);
  CHECK(a.header.minor == 2);
  CHECK(a.header.seen == 0);
  // 20-byte header + 30 floats * 4.
  CHECK(sa.size() == 140);
  REQUIRE(a.layers.size() == 4);
  CHECK(a.layers[0].biases.size() == 2);
  CHECK(a.layers[0].scales.size() == 2);
  CHECK(a.layers[0].mean.size() == 2);
  CHECK(a.layers[0].variance.size() == 2);
  CHECK(a.layers[0].weights.size() == 4); // 2 filters * 2 channels * 1 * 1
  CHECK(a.layers[1].weights.empty());
  CHECK(a.layers[2].biases.size() == 6);
  CHECK(a.layers[2].scales.empty());
  CHECK(a.layers[2].variance.empty());
  CHECK(a.layers[2].weights.size() == 12);
  for (float v : a.layers[0].variance)
    CHECK(v > 0.0f);
  // What random weights serialize to parses back to the same bytes.
  Weights parsed = parseWeights(sa, net, "random.weights");
  CHECK(serializeWeights(parsed, net) == sa);

  SECTION("through a file") {
    namespace fs = std::filesystem;
    fs::path path =
        fs::temp_directory_path() /
        ("snnc-darknet-test-" +
         std::to_string(reinterpret_cast<uintptr_t>(&net)) + ".weights");
    writeWeightsFile(path.string(), a, net);
    CHECK(readAll(path.string()) == sa);
    Weights back = readWeightsFile(path.string(), net);
    CHECK(back.layers[2].weights == a.layers[2].weights);
    fs::remove(path);
  }
}

TEST_CASE("weights: randomWeights on YOLO-LITE bn", "[darknet][weights]") {
  SNNC_REQUIRE_SHARED("models/yolo-lite-voc/yolo-lite-voc-bn.cfg");
  Network net = buildShared("models/yolo-lite-voc/yolo-lite-voc-bn.cfg");
  Weights w = randomWeights(net, 7);
  std::string bytes = serializeWeights(w, net);
  // 20-byte v0.2 header + 574,189 floats (see the file-size case above).
  CHECK(bytes.size() == 20 + 4 * 574189);
  CHECK(serializeWeights(randomWeights(net, 7), net) == bytes);
  CHECK(serializeWeights(parseWeights(bytes, net, "r.weights"), net) == bytes);

  // Layer 10: 3x3 conv 128->256, fan-in 128*9 = 1152; He-normal stddev
  // sqrt(2/1152) = 0.041667. 294,912 samples: the sample stddev is within a
  // fraction of a percent; 5% leaves a wide margin.
  const ConvWeights &conv = w.layers.at(10);
  REQUIRE(conv.weights.size() == 256 * 128 * 9);
  double sum = 0, sumSq = 0;
  for (float v : conv.weights) {
    sum += v;
    sumSq += static_cast<double>(v) * v;
  }
  double n = static_cast<double>(conv.weights.size());
  double mean = sum / n;
  double stddev = std::sqrt(sumSq / n - mean * mean);
  CHECK(std::abs(mean) < 0.001);
  CHECK(stddev == Approx(std::sqrt(2.0 / 1152.0)).epsilon(0.05));
}
