//===- AnnToGraph.h - Export ann IR to the runtime graph --------*- C++ -*-===//
#ifndef SNNC_COMPILER_GRAPH_ANNTOGRAPH_H
#define SNNC_COMPILER_GRAPH_ANNTOGRAPH_H

#include "runtime/inference/Graph.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Support/LogicalResult.h"

#include <optional>

namespace snnc {

/// Converts an ann network function (verified) into a runtime Graph,
/// copying parameters out of the IR. Emits an error on the offending op and
/// returns nullopt for anything the runtime cannot execute (ops from other
/// dialects, elided parameter blobs, values returned that are not heads).
/// When `nodeOps` is given it receives, for each graph node, the op it came
/// from (used to write results such as calibration back onto the IR).
std::optional<Graph>
annToGraph(mlir::func::FuncOp func,
           std::vector<mlir::Operation *> *nodeOps = nullptr);

} // namespace snnc

#endif // SNNC_COMPILER_GRAPH_ANNTOGRAPH_H
