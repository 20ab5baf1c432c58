//===- MappedNetworkIR.h - tn IR <-> the mapper's network -------*- C++ -*-===//
//
// The mapping passes (snn-to-tn, tn-split-fanout, tn-schedule, tn-place,
// tn-finish) each read the module's tn ops into a mapping::MappedNetwork,
// run one phase of compiler/mapping on it and write it back. Between them
// the IR holds everything the next phase needs: the layers (tn.layer), the
// groups with the layer each implements, unscheduled groups without
// tau/level (routes with delay 0), unplaced groups with image `spots`
// instead of `coords`.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_DIALECTS_TN_TRANSFORMS_MAPPEDNETWORKIR_H
#define SNNC_DIALECTS_TN_TRANSFORMS_MAPPEDNETWORKIR_H

#include "compiler/chip/ChipDescription.h"
#include "compiler/mapping/Mapper.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LogicalResult.h"
#include "llvm/ADT/STLFunctionalExtras.h"

#include <optional>

namespace snnc::tn {

/// Writes `net`, at whatever stage it is, as the module's tn ops (the module
/// must hold none).
mlir::LogicalResult writeNetwork(mlir::ModuleOp module,
                                 const mapping::MappedNetwork &net);

/// Reads the module's tn ops back into a network (any stage) and checks
/// every index in it. Emits an error (prefixed by `pass`) and returns
/// nullopt if they are missing or inconsistent.
std::optional<mapping::MappedNetwork> readNetwork(mlir::ModuleOp module,
                                                  llvm::StringRef pass);

/// Runs one mapping phase as a pass: the chip from `tn.target`, the network
/// read, `phase` run (its snnc::Error becomes a diagnostic naming `pass`),
/// and on success the network written back in place of the old ops. With
/// `releaseArrays` the old ops and their arrays are freed before the phase
/// runs (memory; a failed pass then leaves no tn ops), without it the
/// module is left as it was when the pass fails.
mlir::LogicalResult
runMappingPhase(mlir::ModuleOp module, llvm::StringRef pass, bool releaseArrays,
                llvm::function_ref<void(mapping::MappedNetwork &,
                                        const chip::ChipDescription &)>
                    phase);

/// The resource report of a mapped module (all passes run), whose
/// configuration `config` is (readTn / configFromTn: read once, for both).
std::optional<mapping::MappingReport>
mappingReport(mlir::ModuleOp module, const chipcfg::ChipConfig &config);

} // namespace snnc::tn

#endif // SNNC_DIALECTS_TN_TRANSFORMS_MAPPEDNETWORKIR_H
