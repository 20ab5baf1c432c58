//===- Graph.cpp - An executable DNN graph --------------------------------===//
#include "runtime/inference/Graph.h"

#include "runtime/support/Error.h"

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
  }
  return "?";
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
