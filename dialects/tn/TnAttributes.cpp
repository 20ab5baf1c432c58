//===- TnAttributes.cpp - i32 arrays of the tn dialect --------------------===//
#include "dialects/tn/TnAttributes.h"
#include "dialects/common/ResourceBlobs.h"

#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectResourceBlobManager.h"

#include <cstring>

using namespace mlir;

namespace snnc::tn {

ElementsAttr makeI32Array(MLIRContext *context, StringRef name,
                          ArrayRef<int32_t> values) {
  auto type = RankedTensorType::get({static_cast<int64_t>(values.size())},
                                    IntegerType::get(context, 32));
  if (values.size() <= 64)
    return DenseIntElementsAttr::get(type, values);
  // A fresh entry (a taken name gets a suffix): the data behind an
  // attribute never changes.
  return DenseResourceElementsAttr::get(
      type, name, HeapAsmResourceBlob::allocateAndCopyInferAlign(values));
}

void releaseI32Array(ElementsAttr attr) {
  auto resource = dyn_cast_or_null<DenseResourceElementsAttr>(attr);
  if (!resource || !resource.getRawHandle().getBlob())
    return;
  auto &manager =
      DenseResourceElementsHandle::getManagerInterface(attr.getContext());
  manager.update(resource.getRawHandle().getKey(), AsmResourceBlob());
}

I32Values::I32Values(ElementsAttr attr) {
  if (!attr || !attr.getElementType().isInteger(32))
    return;
  if (isa<DenseResourceElementsAttr>(attr)) {
    std::optional<ArrayRef<char>> data = resourceBytes(attr, sizeof(int32_t));
    if (!data || reinterpret_cast<uintptr_t>(data->data()) % alignof(int32_t))
      return;
    view = ArrayRef<int32_t>(reinterpret_cast<const int32_t *>(data->data()),
                             data->size() / sizeof(int32_t));
    ok = true;
    return;
  }
  if (auto values = readI32Array(attr)) {
    storage = std::move(*values);
    view = storage;
    ok = true;
  }
}

std::optional<std::vector<int32_t>> readI32Array(ElementsAttr attr) {
  if (!attr || !attr.getElementType().isInteger(32))
    return std::nullopt;
  if (isa<DenseResourceElementsAttr>(attr)) {
    std::optional<ArrayRef<char>> data = resourceBytes(attr, sizeof(int32_t));
    if (!data)
      return std::nullopt;
    std::vector<int32_t> values(attr.getNumElements());
    std::memcpy(values.data(), data->data(), data->size());
    return values;
  }
  if (auto dense = dyn_cast<DenseIntElementsAttr>(attr)) {
    std::vector<int32_t> values;
    values.reserve(dense.getNumElements());
    for (const APInt &v : dense.getValues<APInt>())
      values.push_back(static_cast<int32_t>(v.getSExtValue()));
    return values;
  }
  return std::nullopt;
}

} // namespace snnc::tn
