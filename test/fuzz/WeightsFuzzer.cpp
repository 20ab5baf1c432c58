//===- WeightsFuzzer.cpp - libFuzzer target for darknet .weights files ----===//
//
// Parses arbitrary bytes as the weights of a fixed small network (convs with
// and without batch_normalize, 3x3 and 1x1, maxpool 2/2 and 2/1, a region
// head). snnc::Error is the only acceptable failure. When the bytes parse,
// serializeWeights must give them back unchanged and every value must obey
// what parseWeights promises (sizes, finite values, non-negative variance).
//
//===----------------------------------------------------------------------===//

#include "compiler/darknet/CfgParser.h"
#include "compiler/darknet/Network.h"
#include "compiler/darknet/Weights.h"
#include "runtime/support/Error.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

using namespace snnc::darknet;

namespace {
// Stored floats per conv (biases [+ scales, mean, variance] + weights):
//   layer 0: BN, 4 filters 3x3 on 3 channels: 4*4 + 4*27   = 124
//   layer 1: maxpool 2/2 -> 4x4x4
//   layer 2: 2 filters 3x3 on 4 channels:     2 + 2*36     = 74
//   layer 3: maxpool 2/1 -> 4x4x2
//   layer 4: BN, 3 filters 1x1 on 2 channels: 3*4 + 3*2    = 18
//   layer 5: 6 filters 1x1 on 3 channels:     6 + 6*3      = 24
//   layer 6: region, 1*(4+1+1) = 6 channels
// 240 floats: 980 bytes with a v0.2 header, 976 with v0.1.
const char *kCfg = R"([net]
width=8
height=8
channels=3

[convolutional]
batch_normalize=1
filters=4
size=3
stride=1
pad=1
activation=leaky

[maxpool]
size=2
stride=2

[convolutional]
filters=2
size=3
stride=1
pad=1
activation=relu

[maxpool]
size=2
stride=1

[convolutional]
batch_normalize=1
filters=3
size=1
activation=leaky

[convolutional]
filters=6
size=1
activation=linear

[region]
anchors=1.08,1.19
classes=1
coords=4
num=1
softmax=1
)";

const char *kPath = "fuzz.weights";

[[noreturn]] void violated(const char *what, const std::string &detail = "") {
  std::fprintf(stderr, "WeightsFuzzer: invariant violated: %s %s\n", what,
               detail.c_str());
  std::abort();
}

void check(bool ok, const char *what) {
  if (!ok)
    violated(what);
}

const Network &network() {
  static const Network net = [] {
    Network n = buildNetwork(parseCfg(kCfg, "fuzz.cfg"));
    int64_t total = 0;
    for (const Layer &layer : n.layers)
      total += Network::storedFloats(layer);
    if (total != 240)
      violated("the embedded network does not store 240 floats");
    return n;
  }();
  return net;
}

void checkFinite(const std::vector<float> &values) {
  for (float v : values)
    check(std::isfinite(v), "non-finite value accepted");
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const Network &net = network();
  std::string_view bytes(reinterpret_cast<const char *>(data), size);
  Weights weights;
  try {
    weights = parseWeights(bytes, net, kPath);
  } catch (const snnc::Error &error) {
    std::string_view message = error.what();
    if (message.substr(0, std::string_view(kPath).size()) != kPath)
      violated("error message does not name the file:", error.what());
    return 0;
  }

  check(size == weights.header.bytes() + 240 * 4, "accepted size");
  check(weights.layers.size() == net.layers.size(), "layer count");
  for (size_t i = 0; i < net.layers.size(); ++i) {
    const Layer &layer = net.layers[i];
    const ConvWeights &w = weights.layers[i];
    if (layer.kind != LayerKind::Convolutional) {
      check(w.biases.empty() && w.weights.empty(), "weights on a non-conv");
      continue;
    }
    size_t f = static_cast<size_t>(layer.filters);
    size_t bn = layer.batchNormalize ? f : 0;
    check(w.biases.size() == f, "biases size");
    check(w.scales.size() == bn && w.mean.size() == bn &&
              w.variance.size() == bn,
          "batch-norm sizes");
    check(w.weights.size() ==
              static_cast<size_t>(Network::storedFloats(layer)) - f - 3 * bn,
          "weights size");
    for (float v : w.variance)
      check(v >= 0, "negative variance accepted");
    checkFinite(w.biases);
    checkFinite(w.scales);
    checkFinite(w.mean);
    checkFinite(w.variance);
    checkFinite(w.weights);
  }

  std::string again = serializeWeights(weights, net);
  if (again != bytes)
    violated("serialize(parse(x)) != x");
  return 0;
}
