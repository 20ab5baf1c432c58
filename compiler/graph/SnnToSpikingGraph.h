//===- SnnToSpikingGraph.h - Export snn IR to the simulator -----*- C++ -*-===//
#ifndef SNNC_COMPILER_GRAPH_SNNTOSPIKINGGRAPH_H
#define SNNC_COMPILER_GRAPH_SNNTOSPIKINGGRAPH_H

#include "runtime/snn/SpikingGraph.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <optional>

namespace snnc {

/// Converts a converted network (snn layers, ann heads) into the runtime's
/// SpikingGraph. Emits an error on the offending op and returns nullopt for
/// anything the simulator cannot run.
std::optional<SpikingGraph> snnToSpikingGraph(mlir::func::FuncOp func);

} // namespace snnc

#endif // SNNC_COMPILER_GRAPH_SNNTOSPIKINGGRAPH_H
