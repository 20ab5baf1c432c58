//===- Graph.h - An executable DNN graph ------------------------*- C++ -*-===//
//
// The runtime's plain, MLIR-free form of an `ann` network: nodes in
// topological order with their parameters copied out of the IR. The
// reference executor runs it; the compiler builds it from ann IR
// (compiler/graph/AnnToGraph). Keeping it free of MLIR lets the runtime be
// used and tested on its own.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_INFERENCE_GRAPH_H
#define SNNC_RUNTIME_INFERENCE_GRAPH_H

#include "runtime/detection/Heads.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace snnc {

struct TensorShape {
  int64_t c = 0, h = 0, w = 0;
  int64_t size() const { return c * h * w; }
  bool operator==(const TensorShape &o) const {
    return c == o.c && h == o.h && w == o.w;
  }
};

enum class NodeKind {
  Input,
  Conv2d,
  BatchNorm,
  LeakyRelu,
  Relu,
  MaxPool,
  Upsample,
  Concat,
  Region,
  Yolo,
  /// Quantization-aware training's activation quantizer in place of a
  /// (leaky) ReLU (docs/QAT.md): the network the QAT model was trained as.
  QuantizedActivation,
  /// The image quantized to floor(x L) / L (an IF pixel over L ticks).
  QuantizedInput
};

const char *toString(NodeKind kind);

/// The QAT activation quantizer (compiler/train/snnc_train/quant.py), with
/// z = x L / ceiling:
///   x >= 0:  q = clip(floor(z + 0.5), 0, L)
///   x <  0:  q = -clip(floor(slope (|z| - 0.5)), 0, L)   (0 when slope = 0)
/// and the result q ceiling / L: the spike count of the IF/IBT neuron that
/// the conversion makes of it, times what one spike stands for.
float quantizeActivation(float x, float ceiling, int64_t levels, float slope);

/// floor(clip(x, 0, 1) L) / L: the spike count of an IF pixel over L ticks.
float quantizeInput(float x, int64_t levels);

struct Node {
  NodeKind kind = NodeKind::Input;
  std::string name;        ///< For reports ("conv2d@cfg:25").
  int sourceLine = -1;     ///< The cfg line it came from, if known.
  std::vector<int> inputs; ///< Indices of earlier nodes.
  TensorShape shape;       ///< Output shape.

  // Conv2d: weights [outC][inC][kh][kw], optional bias [outC].
  // MaxPool: kernel/strides/padding only.
  std::vector<float> weights, bias;
  std::array<int64_t, 2> kernel{1, 1}, strides{1, 1};
  std::array<int64_t, 4> padding{0, 0, 0, 0}; ///< top, left, bottom, right
  // BatchNorm.
  std::vector<float> scale, shift, mean, variance;
  float epsilon = 1e-6f;
  // LeakyRelu; QuantizedActivation: the slope of the negative side (0 for
  // a ReLU).
  float slope = 0.1f;
  // QuantizedActivation, QuantizedInput: L levels; the activation's
  // ceiling per channel.
  int64_t levels = 0;
  std::vector<float> ceilings;
  // Upsample.
  int64_t upsample = 1;
  // Heads.
  RegionHead region;
  YoloHead yolo;
};

struct Graph {
  std::string name;
  std::vector<Node> nodes;
  std::vector<int> outputs; ///< Detection heads, in the order returned.

  const Node &input() const { return nodes.front(); }

  /// Throws snnc::Error if the graph is malformed (inputs out of order,
  /// parameter sizes inconsistent with shapes).
  void validate() const;
};

} // namespace snnc

#endif // SNNC_RUNTIME_INFERENCE_GRAPH_H
