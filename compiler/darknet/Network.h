//===- Network.h - A validated darknet network description ------*- C++ -*-===//
//
// The typed form of a darknet cfg: one Layer per section after [net], with
// its input and output shapes resolved. The importer turns it into `ann` IR;
// the weights reader uses it to know how many floats each layer stores.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_COMPILER_DARKNET_NETWORK_H
#define SNNC_COMPILER_DARKNET_NETWORK_H

#include "compiler/darknet/CfgParser.h"

#include <cstdint>
#include <string>
#include <vector>

namespace snnc::darknet {

enum class LayerKind { Convolutional, MaxPool, Route, Upsample, Region, Yolo };
enum class Activation { Linear, Leaky, Relu };

const char *toString(LayerKind kind);
const char *toString(Activation activation);

struct Shape {
  int64_t c = 0, h = 0, w = 0;
  int64_t size() const { return c * h * w; }
  bool operator==(const Shape &o) const {
    return c == o.c && h == o.h && w == o.w;
  }
};

struct Layer {
  LayerKind kind;
  int line = 0; ///< Line of the section header in the cfg.
  /// For layers imported from another format (ONNX): the node they come
  /// from, used for locations and messages. Empty for darknet cfgs.
  std::string origin;
  Shape input; ///< For route: the concatenated result.
  Shape output;

  // [convolutional]
  int64_t filters = 0, size = 1, stride = 1, padding = 0;
  bool batchNormalize = false;
  /// darknet hard-codes 1e-6; ONNX files carry their own (PyTorch: 1e-5).
  float bnEpsilon = 1e-6f;
  Activation activation = Activation::Linear;
  float leakySlope = 0.1f; ///< darknet's leaky activation is fixed at 0.1.

  // [maxpool]: darknet pads `padding` in total, `padding/2` before.
  // (size, stride, padding reuse the fields above.)

  // [route]: absolute indices of the concatenated layers.
  std::vector<int> routeLayers;

  // [upsample]: `stride` above is the integer scale factor.

  // [region] and [yolo]
  int64_t classes = 0, coords = 4, num = 0;
  bool softmax = true;
  std::vector<float> anchors;
  std::vector<int64_t> mask; ///< [yolo] only.
};

struct Network {
  std::string cfgPath; ///< The model file: a darknet cfg, or an ONNX file.
  int64_t width = 0, height = 0, channels = 0;
  std::vector<Layer> layers;

  /// Number of float32 values the darknet .weights file stores for `layer`
  /// (0 for layers without parameters).
  static int64_t storedFloats(const Layer &layer);
};

/// Validates a parsed cfg and resolves shapes. Throws snnc::Error naming the
/// file, line, key and values on anything unsupported or inconsistent.
Network buildNetwork(const CfgFile &cfg);

} // namespace snnc::darknet

#endif // SNNC_COMPILER_DARKNET_NETWORK_H
