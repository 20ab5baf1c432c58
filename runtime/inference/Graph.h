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
  Yolo
};

const char *toString(NodeKind kind);

struct Node {
  NodeKind kind = NodeKind::Input;
  std::string name;        ///< For reports ("conv2d@cfg:25").
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
  // LeakyRelu.
  float slope = 0.1f;
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
