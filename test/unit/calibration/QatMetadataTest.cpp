//===- QatMetadataTest.cpp - Reading MODEL.qat.json -----------------------===//
//
// Hand-written metadata: a valid file as the trainer writes it, every
// malformed field (the message must name the file, the field and the value).
// The check against the network is ann-apply-qat's (QatPassTest.cpp).
//
//===----------------------------------------------------------------------===//

#include "compiler/calibration/QatMetadata.h"
#include "runtime/support/Error.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

using namespace snnc;
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

std::string parseError(const std::string &text) {
  return errorOf([&] { parseQatMetadata(text, "m.qat.json"); });
}

/// A valid file with `layers` spliced in and `extra` top-level text.
std::string withLayers(const std::string &layers,
                       const std::string &top = R"("levels": 8)") {
  return R"({"format": "snnc-qat", "version": 1, )" + top +
         R"(, "weight_bits": 8, "input_levels": 8, "layers": [)" + layers +
         "]}";
}

const char *kLayer0 =
    R"({"index": 0, "type": "convolutional", "activation": "leaky",
        "ceiling": [0.5, 1.25]})";

} // namespace

TEST_CASE("qat metadata: a valid file", "[qat]") {
  std::string text = R"({"format": "snnc-qat", "version": 1, "levels": 8,
    "weight_bits": 8, "input_levels": 8, "layers": [
    {"index": 0, "type": "convolutional", "activation": "leaky",
     "ceiling": [0.5, 1.25]},
    {"index": 2, "type": "convolutional", "activation": "relu", "ceiling": 3}
  ]})";
  QatMetadata m = parseQatMetadata(text, "m.qat.json");
  CHECK(m.path == "m.qat.json");
  CHECK(m.version == 1);
  CHECK(m.levels == 8);
  CHECK(m.weightBits == 8);
  CHECK(m.inputLevels == 8);
  REQUIRE(m.layers.size() == 2);
  CHECK(m.layers[0].index == 0);
  CHECK(m.layers[0].activation == "leaky");
  CHECK(m.layers[0].perChannel);
  CHECK(m.layers[0].ceiling(1) == 1.25f);
  CHECK_FALSE(m.layers[1].perChannel);
  CHECK(m.layers[1].ceiling(2) == 3.0f); // one ceiling for every channel
  CHECK(m.find(2) == &m.layers[1]);
  CHECK(m.find(1) == nullptr);
}

TEST_CASE("qat metadata: float precision and defaults", "[qat]") {
  // The trainer writes the shortest decimal of each float32 ceiling: it
  // must read back as exactly that float.
  QatMetadata m =
      parseQatMetadata(withLayers(R"({"index": 0, "type": "convolutional",
                     "activation": "leaky", "ceiling": [0.12345679, 7]})",
                                  R"("levels": 16)"),
                       "m.qat.json");
  CHECK(m.layers[0].ceilings[0] == 0.12345679f);
  CHECK(m.levels == 16);
  // weight_bits 0 (float weights), input_levels 0 (image not quantized), an
  // empty layer list and integral floats are accepted.
  m = parseQatMetadata(R"({"format": "snnc-qat", "version": 1.0, "levels": 1,
      "weight_bits": 0, "input_levels": 0, "layers": []})",
                       "m.qat.json");
  CHECK(m.levels == 1);
  CHECK(m.weightBits == 0);
  CHECK(m.inputLevels == 0);
  CHECK(m.layers.empty());
}

TEST_CASE("qat metadata: malformed top level", "[qat]") {
  CHECK_THAT(parseError("{"),
             Contains("m.qat.json: invalid JSON") && Contains("parse"));
  CHECK_THAT(parseError("[1, 2]"),
             Contains("m.qat.json: expected a JSON object") &&
                 Contains("array"));
  CHECK_THAT(parseError(R"({"format": "other", "version": 1})"),
             Contains("m.qat.json: field 'format'") && Contains("\"other\""));
  CHECK_THAT(parseError(withLayers("", R"("levels": 8, "version2": 1)")),
             Contains("field 'version2' is unknown"));
  CHECK_THAT(parseError(R"({"format": "snnc-qat", "version": 2, "levels": 8,
      "weight_bits": 8, "input_levels": 8, "layers": []})"),
             Contains("field 'version' is 2") && Contains("version 1"));
  CHECK_THAT(parseError(R"({"format": "snnc-qat", "version": 1,
      "weight_bits": 8, "input_levels": 8, "layers": []})"),
             Contains("m.qat.json: field 'levels' is missing"));
  CHECK_THAT(parseError(withLayers("", R"("levels": 0)")),
             Contains("field 'levels' must be in [1, ") && Contains("got 0"));
  CHECK_THAT(parseError(withLayers("", R"("levels": -3)")),
             Contains("field 'levels'") && Contains("got -3"));
  CHECK_THAT(parseError(withLayers("", R"("levels": 2.5)")),
             Contains("field 'levels' must be an integer") && Contains("2.5"));
  CHECK_THAT(parseError(withLayers("", R"("levels": "8")")),
             Contains("field 'levels' must be an integer") &&
                 Contains("string"));
  CHECK_THAT(parseError(withLayers("", R"("levels": 18446744073709551615)")),
             Contains("field 'levels' must be in") &&
                 Contains("18446744073709551615"));
  CHECK_THAT(parseError(R"({"format": "snnc-qat", "version": 1, "levels": 8,
      "weight_bits": 1, "input_levels": 8, "layers": []})"),
             Contains("field 'weight_bits'") && Contains("got 1"));
  CHECK_THAT(parseError(R"({"format": "snnc-qat", "version": 1, "levels": 8,
      "weight_bits": 33, "input_levels": 8, "layers": []})"),
             Contains("field 'weight_bits' must be in [0, 32], got 33"));
  CHECK_THAT(parseError(R"({"format": "snnc-qat", "version": 1, "levels": 8,
      "weight_bits": 8, "input_levels": -1, "layers": []})"),
             Contains("field 'input_levels'") && Contains("got -1"));
  CHECK_THAT(parseError(R"({"format": "snnc-qat", "version": 1, "levels": 8,
      "weight_bits": 8, "input_levels": 8, "layers": {}})"),
             Contains("field 'layers' must be a list"));
}

TEST_CASE("qat metadata: malformed layers", "[qat]") {
  CHECK_THAT(parseError(withLayers("3")),
             Contains("m.qat.json: layers[0] must be an object") &&
                 Contains("number 3"));
  CHECK_THAT(
      parseError(withLayers(
          R"({"type": "convolutional", "activation": "leaky", "ceiling": 1})")),
      Contains("m.qat.json: layers[0] field 'index' is missing"));
  CHECK_THAT(parseError(withLayers(R"({"index": -1, "type": "convolutional",
                 "activation": "leaky", "ceiling": 1})")),
             Contains("layers[0] field 'index'") && Contains("got -1"));
  CHECK_THAT(parseError(withLayers(R"({"index": 0, "type": "maxpool",
                 "activation": "leaky", "ceiling": 1})")),
             Contains("layers[0] field 'type'") && Contains("\"maxpool\""));
  CHECK_THAT(parseError(withLayers(R"({"index": 0, "type": "convolutional",
                 "activation": "logistic", "ceiling": 1})")),
             Contains("layers[0] field 'activation'") &&
                 Contains("\"logistic\""));
  CHECK_THAT(parseError(withLayers(R"({"index": 0, "type": "convolutional",
                 "activation": "leaky"})")),
             Contains("layers[0] field 'ceiling' is missing"));
  CHECK_THAT(parseError(withLayers(R"({"index": 0, "type": "convolutional",
                 "activation": "leaky", "ceiling": []})")),
             Contains("layers[0] field 'ceiling' is an empty list"));
  CHECK_THAT(parseError(withLayers(R"({"index": 0, "type": "convolutional",
                 "activation": "leaky", "ceiling": [1, 0]})")),
             Contains("layers[0] field 'ceiling[1]' must be a positive "
                      "finite number, got 0"));
  CHECK_THAT(parseError(withLayers(R"({"index": 0, "type": "convolutional",
                 "activation": "leaky", "ceiling": -2.5})")),
             Contains("layers[0] field 'ceiling'") && Contains("-2.5"));
  CHECK_THAT(parseError(withLayers(R"({"index": 0, "type": "convolutional",
                 "activation": "leaky", "ceiling": [1, "x"]})")),
             Contains("layers[0] field 'ceiling[1]' must be a number") &&
                 Contains("string"));
  // 1e39 does not fit a float; NaN is no JSON at all.
  CHECK_THAT(parseError(withLayers(R"({"index": 0, "type": "convolutional",
                 "activation": "leaky", "ceiling": 1e39})")),
             Contains("layers[0] field 'ceiling'") && Contains("finite"));
  CHECK_THAT(parseError(withLayers(R"({"index": 0, "type": "convolutional",
                 "activation": "leaky", "ceiling": NaN})")),
             Contains("m.qat.json: invalid JSON"));
  CHECK_THAT(parseError(withLayers(R"({"index": 0, "type": "convolutional",
                 "activation": "leaky", "ceiling": 1, "bias": 2})")),
             Contains("layers[0] field 'bias' is unknown"));
  // Duplicates and descending order.
  CHECK_THAT(parseError(withLayers(std::string(kLayer0) + "," + kLayer0)),
             Contains("layers[1] field 'index' is 0, not above the previous "
                      "entry's 0"));
}

TEST_CASE("qat metadata: files and paths", "[qat]") {
  CHECK(qatMetadataPathFor("models/m/tiny.cfg") == "models/m/tiny.qat.json");
  CHECK(qatMetadataPathFor("tiny") == "tiny.qat.json");
  CHECK_THAT(errorOf([] { readQatMetadata("/nonexistent/x.qat.json"); }),
             Contains("/nonexistent/x.qat.json: quantization metadata file "
                      "not found"));
  std::filesystem::path path =
      std::filesystem::temp_directory_path() / "snnc-qat-metadata-test.json";
  {
    std::ofstream out(path);
    out << withLayers(kLayer0);
  }
  QatMetadata m = readQatMetadata(path.string());
  CHECK(m.path == path.string());
  CHECK(m.layers.size() == 1);
  std::filesystem::remove(path);
}
