//===- ExportSupport.h - Shared helpers of the IR-to-runtime exporters
//-*-C++-*-===//
//
// AnnToGraph and SnnToSpikingGraph both turn IR values into runtime shapes,
// name nodes after their op and cfg line, and copy parameter blobs out.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_COMPILER_GRAPH_EXPORTSUPPORT_H
#define SNNC_COMPILER_GRAPH_EXPORTSUPPORT_H

#include "dialects/ann/AnnAttributes.h"
#include "runtime/inference/Graph.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/Operation.h"

#include <string>
#include <vector>

namespace snnc::exporter {

/// C x H x W of an NCHW tensor value.
inline TensorShape shapeOf(mlir::Value v) {
  auto t = mlir::cast<mlir::RankedTensorType>(v.getType());
  return {t.getDimSize(1), t.getDimSize(2), t.getDimSize(3)};
}

/// "conv2d@25": the op's name without dialect and its cfg line, for reports.
inline std::string nodeName(mlir::Operation *op) {
  std::string name = op->getName().stripDialect().str();
  if (auto loc = mlir::dyn_cast<mlir::FileLineColLoc>(op->getLoc()))
    name += "@" + std::to_string(loc.getLine());
  return name;
}

/// Copies the f32 values of `attr` into `out`, or reports on `op`.
inline mlir::LogicalResult params(mlir::Operation *op, mlir::ElementsAttr attr,
                                  llvm::StringRef what,
                                  std::vector<float> &out) {
  auto values = ann::readF32(attr);
  if (!values)
    return op->emitError() << "'" << what
                           << "' values are not available (elided resource "
                              "or not f32)";
  out = std::move(*values);
  return mlir::success();
}

} // namespace snnc::exporter

#endif // SNNC_COMPILER_GRAPH_EXPORTSUPPORT_H
