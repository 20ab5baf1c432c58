//===- ModuleAttributes.h - What a module carries across dialects -*- C++
//-*-===//
//
// Facts about the whole detector that every stage keeps on the module, from
// the import (ann) through conversion (snn) to the mapping (tn), so that a
// pipeline run from IR alone (snnc-opt, then snnc-translate) writes what
// `snnc compile` writes.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_DIALECTS_COMMON_MODULEATTRIBUTES_H
#define SNNC_DIALECTS_COMMON_MODULEATTRIBUTES_H

#include "mlir/IR/BuiltinOps.h"

#include <optional>
#include <string>
#include <vector>

namespace snnc {

/// The detector's class names (an array of strings), set by the importer;
/// `snn-to-tn` moves them into the configuration (`tn.class_names`).
inline constexpr llvm::StringLiteral kClassNamesAttr = "snnc.class_names";
/// On the ops the darknet importer makes of layer i (its convolution,
/// batch norm and activation): i, the index QAT metadata names layers by.
inline constexpr llvm::StringLiteral kDarknetLayerAttr = "snnc.darknet_layer";
/// Set by ann-apply-qat on a QAT model's activations: `{levels = L,
/// ceilings = array<f32: ...>}`, the quantizer the network was trained with
/// (the runtime graph exported from the IR runs it).
inline constexpr llvm::StringLiteral kQatAttr = "snnc.qat";
/// On the module: the image levels of a QAT model (its input quantizer).
inline constexpr llvm::StringLiteral kQatInputLevelsAttr =
    "snnc.qat_input_levels";
/// On a head convolution that neither the QAT metadata nor image
/// calibration gave a range (it got 1; spike-count readout refuses it).
inline constexpr llvm::StringLiteral kQatNoRangeAttr = "snnc.qat_no_range";

/// Sets `kClassNamesAttr` on `module` (removes it when `names` is empty).
void setClassNames(mlir::ModuleOp module,
                   const std::vector<std::string> &names);

/// The names of `attrName` on `module`: empty when it is absent, nullopt
/// (after an error on the module) when it is not an array of strings.
std::optional<std::vector<std::string>>
readClassNames(mlir::ModuleOp module, llvm::StringRef attrName);

} // namespace snnc

#endif // SNNC_DIALECTS_COMMON_MODULEATTRIBUTES_H
