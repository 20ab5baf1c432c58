//===- TnOps.h - tn dialect operations --------------------------*- C++ -*-===//
#ifndef SNNC_DIALECTS_TN_TNOPS_H
#define SNNC_DIALECTS_TN_TNOPS_H

#include "dialects/tn/TnDialect.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/SymbolTable.h"

#define GET_OP_CLASSES
#include "dialects/tn/TnOps.h.inc"

#endif // SNNC_DIALECTS_TN_TNOPS_H
