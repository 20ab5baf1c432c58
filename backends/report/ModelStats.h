//===- ModelStats.h - Layers, shapes, parameters and MACs -------*- C++ -*-===//
#ifndef SNNC_BACKENDS_REPORT_MODELSTATS_H
#define SNNC_BACKENDS_REPORT_MODELSTATS_H

#include "runtime/inference/Graph.h"

#include <cstdint>
#include <string>
#include <vector>

namespace snnc {

struct NodeStats {
  std::string name;
  NodeKind kind;
  TensorShape input, output;
  int64_t parameters = 0; ///< Stored float values (weights, biases, BN).
  int64_t macs = 0;       ///< Multiply-accumulates (convolutions only).
};

struct ModelStats {
  std::vector<NodeStats> nodes;
  int64_t parameters = 0;
  int64_t macs = 0;
  int64_t neurons = 0; ///< Output elements of convolutions.
};

/// Counts as darknet does: parameters are every stored float (convolution
/// weights and biases, batch-norm scale, shift, mean and variance); MACs are
/// those of convolutions, out_h * out_w * out_c * in_c * kh * kw; darknet's
/// "BFLOPs" is 2 * MACs / 1e9.
ModelStats computeStats(const Graph &graph);

/// A table of the per-node figures and the totals.
std::string formatStats(const ModelStats &stats, const std::string &title);

} // namespace snnc

#endif // SNNC_BACKENDS_REPORT_MODELSTATS_H
