//===- CfgParserFuzzer.cpp - libFuzzer target for darknet .cfg files ------===//
//
// Feeds arbitrary bytes to parseCfg and, when they parse, to buildNetwork.
// snnc::Error is the only acceptable failure; any other exception, a crash, a
// hang or a sanitizer report is a bug. For networks that build, it also
// checks the invariants later stages rely on and, for small networks, that
// random weights survive serialize -> parse -> serialize.
//
//===----------------------------------------------------------------------===//

#include "compiler/darknet/CfgParser.h"
#include "compiler/darknet/Network.h"
#include "compiler/darknet/Weights.h"
#include "runtime/support/Error.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

using namespace snnc::darknet;

namespace {
const char *kPath = "fuzz.cfg";

[[noreturn]] void violated(const char *what, const std::string &detail = "") {
  std::fprintf(stderr, "CfgParserFuzzer: invariant violated: %s %s\n", what,
               detail.c_str());
  std::abort();
}

void check(bool ok, const char *what) {
  if (!ok)
    violated(what);
}

/// Every error must name the file it is about.
void checkError(const snnc::Error &error, const std::string &path) {
  std::string_view message = error.what();
  if (message.substr(0, path.size()) != path)
    violated("error message does not start with the path:", error.what());
}

void checkNetwork(const Network &net) {
  check(net.width > 0 && net.height > 0 && net.channels > 0, "input shape");
  check(!net.layers.empty(), "no layers");
  LayerKind last = net.layers.back().kind;
  check(last == LayerKind::Region || last == LayerKind::Yolo,
        "network does not end with a head");
  for (size_t i = 0; i < net.layers.size(); ++i) {
    const Layer &layer = net.layers[i];
    check(layer.output.c > 0 && layer.output.h > 0 && layer.output.w > 0,
          "non-positive output dimension");
    check(layer.input.c > 0 && layer.input.h > 0 && layer.input.w > 0,
          "non-positive input dimension");
    check(Network::storedFloats(layer) >= 0, "negative storedFloats");
    if (layer.kind == LayerKind::Route) {
      check(!layer.routeLayers.empty(), "route without layers");
      for (int ref : layer.routeLayers)
        check(ref >= 0 && static_cast<size_t>(ref) < i,
              "route to a non-earlier layer");
    } else if (i > 0) {
      check(layer.input == net.layers[i - 1].output,
            "layer input differs from the previous output");
    }
    if (layer.kind == LayerKind::Region || layer.kind == LayerKind::Yolo) {
      check(static_cast<int64_t>(layer.anchors.size()) == 2 * layer.num,
            "anchor count");
      check(layer.input == layer.output, "head changes the shape");
    }
  }
}

/// For networks with few parameters: random weights round-trip exactly.
void checkWeightsRoundTrip(const Network &net) {
  int64_t total = 0;
  for (const Layer &layer : net.layers)
    if (__builtin_add_overflow(total, Network::storedFloats(layer), &total))
      return;
  if (total > (1 << 16))
    return;
  Weights weights = randomWeights(net, 1);
  std::string bytes = serializeWeights(weights, net);
  check(bytes.size() == weights.header.bytes() + 4 * static_cast<size_t>(total),
        "serialized size");
  try {
    Weights parsed = parseWeights(bytes, net, "fuzz.weights");
    check(serializeWeights(parsed, net) == bytes, "weights round trip");
  } catch (const snnc::Error &error) {
    violated("random weights do not parse:", error.what());
  }
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string_view text(reinterpret_cast<const char *>(data), size);
  CfgFile cfg;
  try {
    cfg = parseCfg(text, kPath);
  } catch (const snnc::Error &error) {
    checkError(error, kPath);
    return 0;
  }
  check(cfg.path == kPath, "cfg path");
  for (const CfgSection &section : cfg.sections) {
    check(!section.type.empty(), "empty section type");
    for (const CfgOption &option : section.options)
      check(!option.key.empty() && option.line > section.line, "option");
  }
  try {
    Network net = buildNetwork(cfg);
    checkNetwork(net);
    checkWeightsRoundTrip(net);
  } catch (const snnc::Error &error) {
    checkError(error, kPath);
  }
  return 0;
}
