//===- Passes.h - Conversions between snnc's dialects -----------*- C++ -*-===//
#ifndef SNNC_DIALECTS_CONVERSION_PASSES_H
#define SNNC_DIALECTS_CONVERSION_PASSES_H

#include "dialects/ann/AnnOps.h"
#include "dialects/snn/SnnEnums.h"
#include "dialects/snn/SnnOps.h"
#include "dialects/tn/TnOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

namespace snnc {

#define GEN_PASS_DECL
#include "dialects/conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "dialects/conversion/Passes.h.inc"

} // namespace snnc

#endif // SNNC_DIALECTS_CONVERSION_PASSES_H
