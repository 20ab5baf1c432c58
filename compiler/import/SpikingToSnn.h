//===- SpikingToSnn.h - A spiking network as snn IR -------------*- C++ -*-===//
//
// The way in for spiking networks trained elsewhere (NIR, compiler/nir):
// builds the `snn` IR that ann-to-snn would have produced, in its
// normalized form (every threshold 1: each channel's weights and bias are
// divided by its threshold, which leaves its spikes unchanged), so that
// snn-quantize and snn-to-tn compile it for a chip like any converted
// detector. The heads become ann.region / ann.yolo ops.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_COMPILER_IMPORT_SPIKINGTOSNN_H
#define SNNC_COMPILER_IMPORT_SPIKINGTOSNN_H

#include "runtime/snn/SpikingGraph.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"

#include <string>

namespace snnc {

/// Builds `func.func @<graph.name>() -> (heads...)` from `graph` (read from
/// `path`, which locations name). Throws snnc::Error for what the snn
/// dialect cannot hold (max-pools, upsampling and concatenation are not
/// produced by NIR import; initial potentials and signed neurons are kept).
mlir::OwningOpRef<mlir::ModuleOp> spikingGraphToSnn(mlir::MLIRContext &context,
                                                    const SpikingGraph &graph,
                                                    const std::string &path);

} // namespace snnc

#endif // SNNC_COMPILER_IMPORT_SPIKINGTOSNN_H
