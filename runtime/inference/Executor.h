//===- Executor.h - Reference float32 inference -----------------*- C++ -*-===//
//
// Runs a Graph on one image in float32. Convolutions are im2col + OpenBLAS
// sgemm; work is split into tasks of a fixed size (independent of the thread
// count) and scheduled with oneTBB, and OpenBLAS itself runs single-threaded,
// so every output value is computed by the same sequence of operations
// whatever the number of threads: results are bit-identical.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_INFERENCE_EXECUTOR_H
#define SNNC_RUNTIME_INFERENCE_EXECUTOR_H

#include "runtime/inference/Graph.h"

#include <memory>
#include <vector>

namespace snnc {

struct Tensor {
  TensorShape shape;
  std::vector<float> data; ///< CHW, batch 1.
};

class Executor {
public:
  /// Validates the graph; throws snnc::Error if malformed.
  explicit Executor(const Graph &graph);

  /// Runs the network on `input` (shape must equal the graph's input) and
  /// returns the outputs of the detection heads (activated as darknet does).
  /// Thread-safe: several images may run concurrently.
  std::vector<Tensor> run(const Tensor &input) const;

  /// As run(), but returns the output of every node (for calibration and
  /// tests).
  std::vector<Tensor> runAll(const Tensor &input) const;

  const Graph &graph() const { return g; }

  struct Plan;

private:
  /// Executes the graph; with `fuse`, convolutions absorb a following
  /// single-use batch norm and activation, and tensors are released after
  /// their last use (the values of absorbed nodes are then not kept).
  std::vector<Tensor> execute(const Tensor &input, bool fuse) const;

  const Graph &g;
  std::shared_ptr<Plan> plan;
};

/// Makes OpenBLAS single-threaded (parallelism comes from TBB tasks); called
/// by Executor's constructor, idempotent.
void configureBlasThreads();

} // namespace snnc

#endif // SNNC_RUNTIME_INFERENCE_EXECUTOR_H
