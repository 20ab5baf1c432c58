//===- SnnOps.h - snn dialect operations ------------------------*- C++ -*-===//
#ifndef SNNC_DIALECTS_SNN_SNNOPS_H
#define SNNC_DIALECTS_SNN_SNNOPS_H

#include "dialects/snn/SnnDialect.h"
#include "dialects/snn/SnnEnums.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_ATTRDEF_CLASSES
#include "dialects/snn/SnnAttrs.h.inc"

#define GET_OP_CLASSES
#include "dialects/snn/SnnOps.h.inc"

#endif // SNNC_DIALECTS_SNN_SNNOPS_H
