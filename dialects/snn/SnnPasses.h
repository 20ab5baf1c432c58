//===- SnnPasses.h - snn dialect passes -------------------------*- C++ -*-===//
#ifndef SNNC_DIALECTS_SNN_SNNPASSES_H
#define SNNC_DIALECTS_SNN_SNNPASSES_H

#include "dialects/snn/SnnOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

namespace snnc::snn {

#define GEN_PASS_DECL
#include "dialects/snn/SnnPasses.h.inc"

#define GEN_PASS_REGISTRATION
#include "dialects/snn/SnnPasses.h.inc"

/// The attribute snn-quantize puts on the function.
constexpr const char *kQuantizedAttr = "snn.quantized";

} // namespace snnc::snn

#endif // SNNC_DIALECTS_SNN_SNNPASSES_H
