//===- AnnAttributes.h - Reading and writing parameter tensors --*- C++ -*-===//
//
// Parameters are ElementsAttr: either inline `dense<...>` (small tests) or
// `dense_resource<...>` blobs (imported models). These helpers hide the
// difference.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_DIALECTS_ANN_ANNATTRIBUTES_H
#define SNNC_DIALECTS_ANN_ANNATTRIBUTES_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"

#include <optional>
#include <vector>

namespace snnc::ann {

/// The f32 values of `attr`, or nullopt if they are unavailable (a resource
/// whose blob was elided, or a non-f32 element type).
std::optional<std::vector<float>> readF32(mlir::ElementsAttr attr);

/// A `dense_resource` attribute of `type` holding a copy of `values`. The
/// blob name is uniqued by MLIR if `name` is already taken.
mlir::ElementsAttr makeF32Resource(mlir::ShapedType type, llvm::StringRef name,
                                   llvm::ArrayRef<float> values);

/// Tensors up to this many elements are written inline (`dense<...>`), so
/// that small test networks stay readable.
constexpr size_t kInlineElements = 64;

/// `dense<...>` for small tensors, else makeF32Resource.
mlir::ElementsAttr makeF32Elements(mlir::ShapedType type, llvm::StringRef name,
                                   llvm::ArrayRef<float> values);

} // namespace snnc::ann

#endif // SNNC_DIALECTS_ANN_ANNATTRIBUTES_H
