//===- TnAttributes.cpp - i32 arrays of the tn dialect --------------------===//
#include "dialects/tn/TnAttributes.h"

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
  return DenseResourceElementsAttr::get(
      type, name, HeapAsmResourceBlob::allocateAndCopyInferAlign(values));
}

std::optional<std::vector<int32_t>> readI32Array(ElementsAttr attr) {
  if (!attr || !attr.getElementType().isInteger(32))
    return std::nullopt;
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob)
      return std::nullopt;
    ArrayRef<char> data = blob->getData();
    int64_t count = attr.getNumElements();
    if (static_cast<int64_t>(data.size()) != count * 4)
      return std::nullopt;
    std::vector<int32_t> values(count);
    std::memcpy(values.data(), data.data(), data.size());
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
