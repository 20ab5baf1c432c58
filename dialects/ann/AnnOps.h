//===- AnnOps.h - ann dialect operations ------------------------*- C++ -*-===//
#ifndef SNNC_DIALECTS_ANN_ANNOPS_H
#define SNNC_DIALECTS_ANN_ANNOPS_H

#include "dialects/ann/AnnDialect.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "dialects/ann/AnnOps.h.inc"

#endif // SNNC_DIALECTS_ANN_ANNOPS_H
