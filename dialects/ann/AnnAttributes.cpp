//===- AnnAttributes.cpp - Reading and writing parameter tensors ----------===//
#include "dialects/ann/AnnAttributes.h"
#include "dialects/common/ResourceBlobs.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/DialectResourceBlobManager.h"

using namespace mlir;

namespace snnc::ann {

std::optional<std::vector<float>> readF32(ElementsAttr attr) {
  if (!attr || !attr.getElementType().isF32())
    return std::nullopt;
  if (isa<DenseResourceElementsAttr>(attr)) {
    std::optional<ArrayRef<char>> data = resourceBytes(attr, sizeof(float));
    if (!data)
      return std::nullopt;
    std::vector<float> values(attr.getNumElements());
    std::memcpy(values.data(), data->data(), data->size());
    return values;
  }
  if (auto dense = dyn_cast<DenseElementsAttr>(attr)) {
    auto range = dense.getValues<float>();
    return std::vector<float>(range.begin(), range.end());
  }
  return std::nullopt;
}

ElementsAttr makeF32Resource(ShapedType type, StringRef name,
                             ArrayRef<float> values) {
  return DenseResourceElementsAttr::get(
      type, name, HeapAsmResourceBlob::allocateAndCopyInferAlign(values));
}

ElementsAttr makeF32Elements(ShapedType type, StringRef name,
                             ArrayRef<float> values) {
  if (values.size() <= kInlineElements)
    return DenseElementsAttr::get(type, values);
  return makeF32Resource(type, name, values);
}

} // namespace snnc::ann
