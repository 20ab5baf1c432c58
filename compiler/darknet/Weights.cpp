//===- Weights.cpp - Darknet .weights files -------------------------------===//
#include "compiler/darknet/Weights.h"

#include "runtime/support/Error.h"

#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>

namespace snnc::darknet {

namespace {

static_assert(sizeof(float) == 4, "darknet weights are float32");

class ByteReader {
public:
  ByteReader(std::string_view bytes, const std::string &path)
      : bytes(bytes), path(path) {}

  template <typename T> T scalar(const char *what) {
    if (bytes.size() - offset < sizeof(T))
      fail("{}: truncated header: {} needs {} bytes at offset {}, the file "
           "has {} bytes",
           path, what, sizeof(T), offset, bytes.size());
    T value;
    std::memcpy(&value, bytes.data() + offset, sizeof(T));
    offset += sizeof(T);
    return value;
  }

  std::vector<float> floats(int64_t count, const Layer &layer, int index,
                            const char *what) {
    size_t need = static_cast<size_t>(count) * sizeof(float);
    if (bytes.size() - offset < need)
      fail("{}: truncated: layer {} ([{}] at {}:{}) needs {} {} ({} bytes) at "
           "offset {}, but only {} bytes remain (file size {})",
           path, index, toString(layer.kind), layerCfg, layer.line, count, what,
           need, offset, bytes.size() - offset, bytes.size());
    std::vector<float> values(count);
    std::memcpy(values.data(), bytes.data() + offset, need);
    for (int64_t i = 0; i < count; ++i)
      if (!std::isfinite(values[i]))
        fail("{}: layer {} ([{}] at {}:{}) {}[{}] is {} (offset {})", path,
             index, toString(layer.kind), layerCfg, layer.line, what, i,
             values[i], offset + i * sizeof(float));
    offset += need;
    return values;
  }

  size_t remaining() const { return bytes.size() - offset; }
  size_t position() const { return offset; }
  std::string layerCfg;

private:
  std::string_view bytes;
  const std::string &path;
  size_t offset = 0;
};

/// splitmix64: a tiny, well-known generator with identical output on every
/// platform (std::normal_distribution is implementation-defined).
class Random {
public:
  explicit Random(uint64_t seed) : state(seed) {}
  uint64_t next() {
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  /// Uniform in (0, 1).
  double uniform() {
    return ((next() >> 11) + 0.5) * (1.0 / 9007199254740992.0);
  }
  /// Standard normal by Box-Muller.
  double normal() {
    double u1 = uniform(), u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }

private:
  uint64_t state;
};

} // namespace

Weights parseWeights(std::string_view bytes, const Network &net,
                     const std::string &path) {
  ByteReader reader(bytes, path);
  reader.layerCfg = net.cfgPath;
  Weights result;
  result.header.major = reader.scalar<int32_t>("major version");
  result.header.minor = reader.scalar<int32_t>("minor version");
  result.header.revision = reader.scalar<int32_t>("revision");
  // darknet itself accepts any version; a negative one only comes from a
  // file that is not darknet weights at all.
  if (result.header.major < 0 || result.header.minor < 0)
    fail("{}: implausible version {}.{}.{}: not a darknet weights file", path,
         result.header.major, result.header.minor, result.header.revision);
  if (result.header.wideSeen())
    result.header.seen = reader.scalar<uint64_t>("seen (int64)");
  else
    result.header.seen = reader.scalar<uint32_t>("seen (int32)");

  // A file too short for the cfg is reported by size before any value is
  // read: with a mismatched cfg the values would be garbage and the first
  // error would be a misleading one (a negative variance, say).
  int64_t expectedFloats = 0;
  for (const Layer &layer : net.layers)
    expectedFloats += Network::storedFloats(layer);
  size_t expectedBytes =
      reader.position() + static_cast<size_t>(expectedFloats) * 4;
  if (bytes.size() < expectedBytes) {
    size_t offset = reader.position();
    for (size_t i = 0; i < net.layers.size(); ++i) {
      const Layer &layer = net.layers[i];
      if (layer.kind != LayerKind::Convolutional)
        continue;
      int64_t weightCount =
          layer.filters * layer.input.c * layer.size * layer.size;
      std::vector<std::pair<const char *, int64_t>> fields = {
          {"biases", layer.filters}};
      if (layer.batchNormalize) {
        fields.push_back({"scales", layer.filters});
        fields.push_back({"rolling_mean", layer.filters});
        fields.push_back({"rolling_variance", layer.filters});
      }
      fields.push_back({"weights", weightCount});
      for (auto [what, count] : fields) {
        size_t need = static_cast<size_t>(count) * sizeof(float);
        if (offset + need > bytes.size())
          fail("{}: truncated: layer {} ([{}] at {}:{}) needs {} {} ({} "
               "bytes) at offset {}, but only {} bytes remain (file size {}); "
               "the cfg needs {} bytes in all: do the cfg and the weights "
               "belong together?",
               path, i, toString(layer.kind), net.cfgPath, layer.line, count,
               what, need, offset, bytes.size() - offset, bytes.size(),
               expectedBytes);
        offset += need;
      }
    }
  }

  result.layers.resize(net.layers.size());
  for (size_t i = 0; i < net.layers.size(); ++i) {
    const Layer &layer = net.layers[i];
    if (layer.kind != LayerKind::Convolutional)
      continue;
    ConvWeights &w = result.layers[i];
    int index = static_cast<int>(i);
    w.biases = reader.floats(layer.filters, layer, index, "biases");
    if (layer.batchNormalize) {
      w.scales = reader.floats(layer.filters, layer, index, "scales");
      w.mean = reader.floats(layer.filters, layer, index, "rolling_mean");
      w.variance =
          reader.floats(layer.filters, layer, index, "rolling_variance");
      for (size_t k = 0; k < w.variance.size(); ++k)
        if (w.variance[k] < 0)
          fail("{}: layer {} ([convolutional] at {}:{}) rolling_variance[{}] "
               "is negative ({})",
               path, index, net.cfgPath, layer.line, k, w.variance[k]);
    }
    w.weights =
        reader.floats(layer.filters * layer.input.c * layer.size * layer.size,
                      layer, index, "weights");
  }
  if (reader.remaining() != 0) {
    int64_t expected = 0;
    for (const Layer &layer : net.layers)
      expected += Network::storedFloats(layer);
    fail("{}: {} bytes left over after the last layer: the cfg {} needs {} "
         "floats ({} bytes with the {}-byte header) but the file has {} "
         "bytes; do the cfg and the weights belong together?",
         path, reader.remaining(), net.cfgPath, expected,
         result.header.bytes() + expected * 4, result.header.bytes(),
         bytes.size());
  }
  return result;
}

Weights readWeightsFile(const std::string &path, const Network &net) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    fail("{}: cannot open darknet weights file", path);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return parseWeights(buffer.str(), net, path);
}

std::string serializeWeights(const Weights &weights, const Network &net) {
  std::string out;
  auto put = [&](const void *data, size_t size) {
    out.append(static_cast<const char *>(data), size);
  };
  const WeightsHeader &h = weights.header;
  put(&h.major, 4);
  put(&h.minor, 4);
  put(&h.revision, 4);
  if (h.wideSeen()) {
    put(&h.seen, 8);
  } else {
    uint32_t seen32 = static_cast<uint32_t>(h.seen);
    put(&seen32, 4);
  }
  auto putFloats = [&](const std::vector<float> &v) {
    put(v.data(), v.size() * sizeof(float));
  };
  for (size_t i = 0; i < net.layers.size(); ++i) {
    if (net.layers[i].kind != LayerKind::Convolutional)
      continue;
    const ConvWeights &w = weights.layers.at(i);
    putFloats(w.biases);
    if (net.layers[i].batchNormalize) {
      putFloats(w.scales);
      putFloats(w.mean);
      putFloats(w.variance);
    }
    putFloats(w.weights);
  }
  return out;
}

void writeWeightsFile(const std::string &path, const Weights &weights,
                      const Network &net) {
  std::ofstream out(path, std::ios::binary);
  if (!out)
    fail("{}: cannot open for writing", path);
  std::string bytes = serializeWeights(weights, net);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out)
    fail("{}: write failed", path);
}

Weights randomWeights(const Network &net, uint64_t seed) {
  Weights result;
  result.header = WeightsHeader{0, 2, 0, 0};
  result.layers.resize(net.layers.size());
  Random rng(seed);
  for (size_t i = 0; i < net.layers.size(); ++i) {
    const Layer &layer = net.layers[i];
    if (layer.kind != LayerKind::Convolutional)
      continue;
    ConvWeights &w = result.layers[i];
    int64_t fanIn = layer.input.c * layer.size * layer.size;
    // He initialization keeps activations at a similar scale through
    // leaky-ReLU layers, so the random network's outputs stay finite and
    // non-trivial across depth.
    double stddev = std::sqrt(2.0 / static_cast<double>(fanIn));
    w.weights.resize(layer.filters * fanIn);
    for (float &v : w.weights)
      v = static_cast<float>(stddev * rng.normal());
    w.biases.resize(layer.filters);
    for (float &v : w.biases)
      v = static_cast<float>(0.01 * rng.normal());
    if (layer.batchNormalize) {
      w.scales.resize(layer.filters);
      w.mean.resize(layer.filters);
      w.variance.resize(layer.filters);
      for (int64_t k = 0; k < layer.filters; ++k) {
        w.scales[k] = static_cast<float>(1.0 + 0.1 * rng.normal());
        w.mean[k] = static_cast<float>(0.1 * rng.normal());
        w.variance[k] = static_cast<float>(0.5 + rng.uniform());
      }
    }
  }
  return result;
}

} // namespace snnc::darknet
