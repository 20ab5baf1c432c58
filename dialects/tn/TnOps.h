//===- TnOps.h - tn dialect operations --------------------------*- C++ -*-===//
#ifndef SNNC_DIALECTS_TN_TNOPS_H
#define SNNC_DIALECTS_TN_TNOPS_H

#include "compiler/chip/ChipDescription.h"
#include "dialects/tn/TnDialect.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/SymbolTable.h"

#include "dialects/tn/TnEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "dialects/tn/TnAttrDefs.h.inc"

namespace snnc::tn {
/// The module attribute that holds the chip (a TargetAttr).
inline constexpr llvm::StringLiteral kTargetAttr = "tn.target";
/// Set on the module once tn-finish has made the potentials odd (portable
/// chips need it before a configuration is written).
inline constexpr llvm::StringLiteral kOddPotentialsAttr = "tn.odd_potentials";
/// The chip of `module` (its `tn.target`), if it has one.
TargetAttr getTarget(mlir::ModuleOp module);
} // namespace snnc::tn

#define GET_OP_CLASSES
#include "dialects/tn/TnOps.h.inc"

#endif // SNNC_DIALECTS_TN_TNOPS_H
