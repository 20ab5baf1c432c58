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

/// A 1-D i32 array, inline up to 64 values, else a resource named `name`
/// (with a suffix when the name is taken).
mlir::ElementsAttr makeI32Array(mlir::MLIRContext *context,
                                llvm::StringRef name,
                                llvm::ArrayRef<int32_t> values);

/// The values of a 1-D i32 array; nullopt if unavailable (elided or
/// released resource) or of another type.
std::optional<std::vector<int32_t>> readI32Array(mlir::ElementsAttr attr);

/// The values of a 1-D i32 array without copying a resource blob (verifiers
/// and readers of arrays of millions of routes).
class I32Values {
public:
  explicit I32Values(mlir::ElementsAttr attr);
  /// False if unavailable (elided or released resource) or not i32.
  explicit operator bool() const { return ok; }
  llvm::ArrayRef<int32_t> values() const { return view; }

private:
  std::vector<int32_t> storage; ///< Inline arrays only.
  llvm::ArrayRef<int32_t> view;
  bool ok = false;
};

/// Frees the data of a resource array whose ops are about to be erased (a
/// mapping pass rewrites every array: without this each pass would leave a
/// copy of the network in the context). Whatever else holds the attribute
/// (a clone of the module) then reads it as unavailable, never as other
/// data. Inline arrays are left alone.
void releaseI32Array(mlir::ElementsAttr attr);

} // namespace snnc::tn

#endif // SNNC_DIALECTS_TN_TNATTRIBUTES_H
