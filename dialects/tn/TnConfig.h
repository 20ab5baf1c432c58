//===- TnConfig.h - tn IR <-> chip configuration ----------------*- C++ -*-===//
//
// The tn dialect is the IR form of a chipcfg::ChipConfig: `snn-to-tn`
// materializes the mapper's configuration as tn ops, and the configuration
// emitter reads them back. The two functions are inverses.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_DIALECTS_TN_TNCONFIG_H
#define SNNC_DIALECTS_TN_TNCONFIG_H

#include "runtime/chip/ChipConfig.h"

#include "mlir/IR/BuiltinOps.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace snnc::tn {

/// Appends the tn ops of `config` to `module`'s body and sets its `tn.chip`
/// and `tn.network` attributes (and `tn.class_names` when it has names).
/// `groupTau[g]` is the tick offset of the cores of layer g (empty: 0).
void buildTn(mlir::ModuleOp module, const chipcfg::ChipConfig &config,
             const std::vector<int64_t> &groupTau);

/// Reads the tn ops of `module` back. Emits an error and returns nullopt if
/// they are missing or inconsistent, or, with `requireMapped`, if a core
/// group is not yet scheduled or placed (unplaced cores read as (0, 0)).
std::optional<chipcfg::ChipConfig> readTn(mlir::ModuleOp module,
                                          bool requireMapped = true);

} // namespace snnc::tn

#endif // SNNC_DIALECTS_TN_TNCONFIG_H
