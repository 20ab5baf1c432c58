//===- DarknetToAnn.h - Import darknet networks as ann IR -------*- C++ -*-===//
#ifndef SNNC_COMPILER_IMPORT_DARKNETTOANN_H
#define SNNC_COMPILER_IMPORT_DARKNETTOANN_H

#include "compiler/darknet/Network.h"
#include "compiler/darknet/Weights.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"

#include <string>

namespace snnc {

/// Builds a module holding `func.func @<name>() -> (heads...)` with one ann
/// op per darknet layer (a batch-normalized convolution becomes conv2d +
/// batch_norm; activations become their own ops). Locations point at the cfg
/// lines. Parameters are stored as dense_resource blobs. The context must
/// have the ann and func dialects loaded.
mlir::OwningOpRef<mlir::ModuleOp> importDarknet(mlir::MLIRContext &context,
                                                const darknet::Network &net,
                                                const darknet::Weights &weights,
                                                const std::string &name);

/// Registers the dialects snnc uses (ann, func) in `context`.
void loadSnncDialects(mlir::MLIRContext &context);

} // namespace snnc

#endif // SNNC_COMPILER_IMPORT_DARKNETTOANN_H
