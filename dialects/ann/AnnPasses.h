//===- AnnPasses.h - ann dialect passes -------------------------*- C++ -*-===//
#ifndef SNNC_DIALECTS_ANN_ANNPASSES_H
#define SNNC_DIALECTS_ANN_ANNPASSES_H

#include "dialects/ann/AnnOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

namespace snnc::ann {

#define GEN_PASS_DECL
#include "dialects/ann/AnnPasses.h.inc"

#define GEN_PASS_REGISTRATION
#include "dialects/ann/AnnPasses.h.inc"

} // namespace snnc::ann

#endif // SNNC_DIALECTS_ANN_ANNPASSES_H
