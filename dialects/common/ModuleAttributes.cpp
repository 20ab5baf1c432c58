//===- ModuleAttributes.cpp - What a module carries across dialects -------===//
#include "dialects/common/ModuleAttributes.h"

#include "mlir/IR/Builders.h"

using namespace mlir;

namespace snnc {

void setClassNames(ModuleOp module, const std::vector<std::string> &names) {
  if (names.empty()) {
    module->removeAttr(kClassNamesAttr);
    return;
  }
  Builder b(module.getContext());
  module->setAttr(kClassNamesAttr, b.getStrArrayAttr(std::vector<StringRef>(
                                       names.begin(), names.end())));
}

std::optional<std::vector<std::string>> readClassNames(ModuleOp module,
                                                       StringRef attrName) {
  std::vector<std::string> names;
  Attribute attr = module->getAttr(attrName);
  if (!attr)
    return names;
  auto array = dyn_cast<ArrayAttr>(attr);
  for (Attribute a : array ? array.getValue() : ArrayRef<Attribute>()) {
    auto name = dyn_cast<StringAttr>(a);
    if (!name) {
      array = nullptr;
      break;
    }
    names.push_back(name.str());
  }
  if (!array) {
    mlir::emitError(module.getLoc())
        << "'" << attrName << "' must be an array of strings";
    return std::nullopt;
  }
  return names;
}

} // namespace snnc
