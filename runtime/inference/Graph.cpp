//===- Graph.cpp - An executable DNN graph --------------------------------===//
#include "runtime/inference/Graph.h"

#include "runtime/support/Error.h"

#include <algorithm>
#include <cmath>

namespace snnc {

const char *toString(NodeKind kind) {
  switch (kind) {
  case NodeKind::Input:
    return "input";
  case NodeKind::Conv2d:
    return "conv2d";
  case NodeKind::BatchNorm:
    return "batch_norm";
  case NodeKind::LeakyRelu:
    return "leaky_relu";
  case NodeKind::Relu:
    return "relu";
  case NodeKind::MaxPool:
    return "max_pool";
  case NodeKind::Upsample:
    return "upsample";
  case NodeKind::Concat:
    return "concat";
  case NodeKind::Region:
    return "region";
  case NodeKind::Yolo:
    return "yolo";
  case NodeKind::QuantizedActivation:
    return "quantized_activation";
  case NodeKind::QuantizedInput:
    return "quantized_input";
  }
  return "?";
}

float quantizeActivation(float x, float ceiling, int64_t levels, float slope) {
  // Float32 as the trainer computes it (z = x * L / ceiling).
  float L = static_cast<float>(levels);
  float z = x * (L / ceiling);
  float q;
  if (x >= 0)
    q = std::clamp(std::floor(z + 0.5f), 0.0f, L);
  else
    q = -std::clamp(std::floor(-slope * z - slope * 0.5f), 0.0f, L);
  return q * (ceiling / L);
}

float quantizeInput(float x, int64_t levels) {
  float L = static_cast<float>(levels);
  return std::floor(std::clamp(x, 0.0f, 1.0f) * L) / L;
}

void Graph::validate() const {
  if (nodes.empty() || nodes.front().kind != NodeKind::Input)
    fail("graph '{}': the first node must be the input", name);
  for (size_t i = 0; i < nodes.size(); ++i) {
    const Node &n = nodes[i];
    for (int in : n.inputs)
      if (in < 0 || static_cast<size_t>(in) >= i)
        fail("graph '{}': node {} ({}) reads node {}, which is not earlier",
             name, i, n.name, in);
    size_t expectedInputs = n.kind == NodeKind::Input    ? 0
                            : n.kind == NodeKind::Concat ? n.inputs.size()
                                                         : 1;
    if (n.inputs.size() != expectedInputs ||
        (n.kind == NodeKind::Concat && n.inputs.empty()))
      fail("graph '{}': node {} ({}) has {} inputs", name, i, n.name,
           n.inputs.size());
    if (n.kind == NodeKind::Conv2d) {
      const TensorShape &in = nodes[n.inputs[0]].shape;
      size_t want = n.shape.c * in.c * n.kernel[0] * n.kernel[1];
      if (n.weights.size() != want)
        fail("graph '{}': node {} ({}) has {} weights, expected {}", name, i,
             n.name, n.weights.size(), want);
      if (!n.bias.empty() && n.bias.size() != static_cast<size_t>(n.shape.c))
        fail("graph '{}': node {} ({}) has {} biases, expected {}", name, i,
             n.name, n.bias.size(), n.shape.c);
    }
    if (n.kind == NodeKind::QuantizedActivation ||
        n.kind == NodeKind::QuantizedInput) {
      if (n.levels < 1)
        fail("graph '{}': node {} ({}) has {} levels, at least 1 is needed",
             name, i, n.name, n.levels);
      if (n.kind == NodeKind::QuantizedActivation &&
          n.ceilings.size() != static_cast<size_t>(n.shape.c))
        fail("graph '{}': node {} ({}) has {} ceilings, expected {}", name, i,
             n.name, n.ceilings.size(), n.shape.c);
      for (float c : n.ceilings)
        if (!(c > 0) || !std::isfinite(c))
          fail("graph '{}': node {} ({}) has ceiling {}; ceilings must be "
               "positive and finite",
               name, i, n.name, c);
    }
    if (n.kind == NodeKind::BatchNorm) {
      size_t c = n.shape.c;
      if (n.scale.size() != c || n.shift.size() != c || n.mean.size() != c ||
          n.variance.size() != c)
        fail("graph '{}': node {} ({}) batch-norm parameters do not have {} "
             "channels",
             name, i, n.name, c);
    }
  }
  for (int out : outputs)
    if (out < 0 || static_cast<size_t>(out) >= nodes.size())
      fail("graph '{}': output {} is not a node", name, out);
}

} // namespace snnc
