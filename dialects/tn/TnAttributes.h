//===- TnAttributes.h - i32 arrays of the tn dialect ------------*- C++ -*-===//
//
// tn ops hold their arrays as ElementsAttr of i32: inline `dense<...>` when
// small (readable tests), `dense_resource` blobs when large (a mapped
// detector has millions of routes).
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_DIALECTS_TN_TNATTRIBUTES_H
#define SNNC_DIALECTS_TN_TNATTRIBUTES_H

#include "mlir/IR/BuiltinAttributes.h"

#include <optional>
#include <vector>

namespace snnc::tn {

/// A 1-D i32 array, inline up to 64 values, else a resource named `name`.
mlir::ElementsAttr makeI32Array(mlir::MLIRContext *context,
                                llvm::StringRef name,
                                llvm::ArrayRef<int32_t> values);

/// The values of a 1-D i32 array; nullopt if unavailable (elided resource)
/// or of another type.
std::optional<std::vector<int32_t>> readI32Array(mlir::ElementsAttr attr);

} // namespace snnc::tn

#endif // SNNC_DIALECTS_TN_TNATTRIBUTES_H
