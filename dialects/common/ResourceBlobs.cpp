//===- ResourceBlobs.cpp - The bytes behind a dense_resource array --------===//
#include "dialects/common/ResourceBlobs.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/DialectResourceBlobManager.h"

using namespace mlir;

namespace snnc {

std::optional<ArrayRef<char>> resourceBytes(ElementsAttr attr,
                                            int64_t elementBytes) {
  auto resource = dyn_cast_or_null<DenseResourceElementsAttr>(attr);
  if (!resource)
    return std::nullopt;
  AsmResourceBlob *blob = resource.getRawHandle().getBlob();
  if (!blob)
    return std::nullopt;
  ArrayRef<char> data = blob->getData();
  if (static_cast<int64_t>(data.size()) != attr.getNumElements() * elementBytes)
    return std::nullopt;
  return data;
}

} // namespace snnc
