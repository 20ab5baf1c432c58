//===- SnnEnums.h - Conversion choices of the snn dialect -------*- C++ -*-===//
#ifndef SNNC_DIALECTS_SNN_SNNENUMS_H
#define SNNC_DIALECTS_SNN_SNNENUMS_H

#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/StringRef.h"

#include <optional>

#include "dialects/snn/SnnEnums.h.inc"

#endif // SNNC_DIALECTS_SNN_SNNENUMS_H
