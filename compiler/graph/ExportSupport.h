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
#include "dialects/ann/AnnOps.h"
#include "runtime/detection/Heads.h"
#include "runtime/inference/Graph.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/Operation.h"

#include <array>
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
  if (auto loc = op->getLoc()->findInstanceOf<mlir::FileLineColLoc>())
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

/// The decoding parameters of a YOLOv2 head.
inline RegionHead regionHeadOf(ann::RegionOp region) {
  RegionHead h;
  h.classes = static_cast<int>(region.getClasses());
  h.coords = static_cast<int>(region.getCoords());
  h.num = static_cast<int>(region.getNum());
  h.softmax = region.getSoftmax();
  h.anchors.assign(region.getAnchors().begin(), region.getAnchors().end());
  return h;
}

/// The decoding parameters of a YOLOv3 head.
inline YoloHead yoloHeadOf(ann::YoloOp yolo) {
  YoloHead h;
  h.classes = static_cast<int>(yolo.getClasses());
  h.anchors.assign(yolo.getAnchors().begin(), yolo.getAnchors().end());
  for (int64_t m : yolo.getMask())
    h.mask.push_back(static_cast<int>(m));
  return h;
}

/// Copies the window geometry (kernel from `kernel`, strides, padding) of a
/// conv- or pool-like op into a runtime node.
template <typename WindowOp, typename NodeT>
void copyWindow(WindowOp op, std::array<int64_t, 2> kernel, NodeT &node) {
  node.kernel = kernel;
  node.strides = {op.getStrides()[0], op.getStrides()[1]};
  llvm::copy(op.getPadding(), node.padding.begin());
}

/// The [KH, KW] of a convolution's weight.
template <typename ConvOp> std::array<int64_t, 2> convKernel(ConvOp conv) {
  auto wt = mlir::cast<mlir::ShapedType>(conv.getWeight().getType());
  return {wt.getDimSize(2), wt.getDimSize(3)};
}

} // namespace snnc::exporter

#endif // SNNC_COMPILER_GRAPH_EXPORTSUPPORT_H
