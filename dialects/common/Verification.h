//===- Verification.h - Shape checks shared by snnc's dialects -*- C++ -*-===//
//
// The ann and snn dialects verify the same things about convolutions,
// windows and parameters; the checks and their messages live here once.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_DIALECTS_COMMON_VERIFICATION_H
#define SNNC_DIALECTS_COMMON_VERIFICATION_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Operation.h"

namespace snnc::verify {

/// `attr` is an f32 tensor of exactly `shape`.
mlir::LogicalResult param(mlir::Operation *op, llvm::StringRef name,
                          mlir::ElementsAttr attr,
                          llvm::ArrayRef<int64_t> shape);
/// `v` has two values, each >= min.
mlir::LogicalResult pair(mlir::Operation *op, llvm::StringRef name,
                         llvm::ArrayRef<int64_t> v, int64_t min);
/// [top, left, bottom, right], each >= 0.
mlir::LogicalResult padding(mlir::Operation *op,
                            llvm::ArrayRef<int64_t> padding);
/// The result of a sliding window over `in` has the floor-formula shape.
mlir::LogicalResult windowOutput(mlir::Operation *op, mlir::RankedTensorType in,
                                 mlir::RankedTensorType out, int64_t channels,
                                 llvm::ArrayRef<int64_t> kernel,
                                 llvm::ArrayRef<int64_t> strides,
                                 llvm::ArrayRef<int64_t> padding);
/// Static, positive dimensions.
mlir::LogicalResult staticShape(mlir::Operation *op,
                                mlir::RankedTensorType type);
/// Input and output types are static and equal.
mlir::LogicalResult sameShape(mlir::Operation *op, mlir::Type input,
                              mlir::Type output);
/// A convolution's weight [O, I, KH, KW] (I = input channels), optional
/// bias [O], strides, padding and output shape.
mlir::LogicalResult conv(mlir::Operation *op, mlir::Type input,
                         mlir::Type output, mlir::ElementsAttr weight,
                         mlir::ElementsAttr bias,
                         llvm::ArrayRef<int64_t> strides,
                         llvm::ArrayRef<int64_t> padding);
/// A channel concatenation.
mlir::LogicalResult concat(mlir::Operation *op, mlir::TypeRange inputs,
                           mlir::Type output);
/// Nearest upsampling by `scale`.
mlir::LogicalResult upsample(mlir::Operation *op, mlir::Type input,
                             mlir::Type output, int64_t scale);
/// Max-pool window attributes and output shape.
mlir::LogicalResult maxPool(mlir::Operation *op, mlir::Type input,
                            mlir::Type output, llvm::ArrayRef<int64_t> kernel,
                            llvm::ArrayRef<int64_t> strides,
                            llvm::ArrayRef<int64_t> padding);

} // namespace snnc::verify

#endif // SNNC_DIALECTS_COMMON_VERIFICATION_H
