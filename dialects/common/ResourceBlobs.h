//===- ResourceBlobs.h - The bytes behind a dense_resource array -*- C++
//-*-===//
//
// Large parameter and route arrays live in `dense_resource` blobs (no
// uniquing of GBs); ann's f32 and tn's i32 readers take their bytes here.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_DIALECTS_COMMON_RESOURCEBLOBS_H
#define SNNC_DIALECTS_COMMON_RESOURCEBLOBS_H

#include "mlir/IR/BuiltinAttributes.h"

#include <optional>

namespace snnc {

/// The bytes of a DenseResourceElementsAttr whose blob holds exactly its
/// elements of `elementBytes` each; nullopt if `attr` is not a resource, its
/// blob is missing (an elided resource) or its size does not match.
std::optional<llvm::ArrayRef<char>> resourceBytes(mlir::ElementsAttr attr,
                                                  int64_t elementBytes);

} // namespace snnc

#endif // SNNC_DIALECTS_COMMON_RESOURCEBLOBS_H
