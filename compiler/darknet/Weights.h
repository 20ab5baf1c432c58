//===- Weights.h - Darknet .weights files -----------------------*- C++ -*-===//
//
// Format (darknet parser.c, load_weights_upto): int32 major, minor, revision;
// `seen` as int64 when major*10+minor >= 2, else int32; then for every
// convolutional layer in cfg order: biases[filters], and if batch_normalize
// scales, rolling_mean, rolling_variance [filters each]; then
// weights[filters*channels*size*size] in OIHW order. Little-endian float32.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_COMPILER_DARKNET_WEIGHTS_H
#define SNNC_COMPILER_DARKNET_WEIGHTS_H

#include "compiler/darknet/Network.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace snnc::darknet {

struct WeightsHeader {
  int32_t major = 0, minor = 2, revision = 0;
  uint64_t seen = 0;
  /// True when `seen` is stored as int64: darknet's rule,
  /// (major*10 + minor) >= 2 && major < 1000 && minor < 1000.
  bool wideSeen() const {
    return int64_t(major) * 10 + minor >= 2 && major < 1000 && minor < 1000;
  }
  size_t bytes() const { return 12 + (wideSeen() ? 8 : 4); }
};

/// Parameters of one convolutional layer, as stored.
struct ConvWeights {
  std::vector<float> biases;   ///< [filters]; BN beta when batch-normalized.
  std::vector<float> scales;   ///< [filters]; BN gamma (empty without BN).
  std::vector<float> mean;     ///< [filters] (empty without BN).
  std::vector<float> variance; ///< [filters] (empty without BN).
  std::vector<float> weights;  ///< [filters][channels][size][size].
};

struct Weights {
  WeightsHeader header;
  /// One entry per network layer; empty for layers without parameters.
  std::vector<ConvWeights> layers;
};

/// Parses weights for `net` from the bytes of a .weights file. Throws
/// snnc::Error naming `path`, the layer, its cfg line and the byte counts if
/// the file is truncated, has bytes left over, or holds non-finite values.
Weights parseWeights(std::string_view bytes, const Network &net,
                     const std::string &path);
Weights readWeightsFile(const std::string &path, const Network &net);

/// Serializes weights in darknet's format (the inverse of parseWeights).
std::string serializeWeights(const Weights &weights, const Network &net);
void writeWeightsFile(const std::string &path, const Weights &weights,
                      const Network &net);

/// Deterministic pseudo-random weights for `net` (the same for a given seed on
/// every platform): He-normal convolution weights, small biases, batch-norm
/// statistics near identity. For tests and cost studies of models whose
/// trained weights are not available.
Weights randomWeights(const Network &net, uint64_t seed);

} // namespace snnc::darknet

#endif // SNNC_COMPILER_DARKNET_WEIGHTS_H
