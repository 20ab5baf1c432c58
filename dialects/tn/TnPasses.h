//===- TnPasses.h - Passes of the tn dialect --------------------*- C++ -*-===//
#ifndef SNNC_DIALECTS_TN_TNPASSES_H
#define SNNC_DIALECTS_TN_TNPASSES_H

#include "dialects/tn/TnOps.h"

#include "mlir/Pass/Pass.h"

#include <string>

namespace snnc::tn {

#define GEN_PASS_DECL
#include "dialects/tn/TnPasses.h.inc"

#define GEN_PASS_REGISTRATION
#include "dialects/tn/TnPasses.h.inc"

/// The chip a pass maps or quantizes for: the module's `tn.target`, or,
/// without one, the profile or file `chipOption` names (empty: truenorth-x).
/// A given option that is not the module's chip (compared field by field)
/// is an error. Emits the error at `op` (prefixed by `pass`) and returns
/// nullopt on failure.
std::optional<chip::ChipDescription>
chipFor(mlir::Operation *op, llvm::StringRef pass, llvm::StringRef chipOption);

} // namespace snnc::tn

#endif // SNNC_DIALECTS_TN_TNPASSES_H
