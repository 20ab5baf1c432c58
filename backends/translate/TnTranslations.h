//===- TnTranslations.h - tn IR to the chip's files, as translations -*- C++
//-*-===//
//
// Emission is a translation, as CIRCT's ExportVerilog is: the tn IR of a
// mapped network (snn-to-tn, or snnc-opt --snnc-compile-pipeline) becomes
// the configuration file (binary or text, runtime/chip/ConfigIO.h) or the
// IBM and RANC inputs (backends/config). `snnc-translate` registers them;
// `snnc compile` emits through configFromTn and the same serializers, so
// both write the same bytes.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_BACKENDS_TRANSLATE_TNTRANSLATIONS_H
#define SNNC_BACKENDS_TRANSLATE_TNTRANSLATIONS_H

#include "runtime/chip/ChipConfig.h"

#include "mlir/IR/BuiltinOps.h"

#include <optional>

namespace snnc::tn {

/// The configuration `module`'s tn ops describe, validated (limits, maps,
/// class names against the heads). Emits an error on the module and
/// returns nullopt when it is not a valid configuration.
std::optional<chipcfg::ChipConfig> configFromTn(mlir::ModuleOp module);

/// Registers tn-to-snncfg, tn-to-snncfg-text, tn-to-ibm-model,
/// tn-to-ranc-input and tn-to-ranc-config (snnc-translate).
void registerTnTranslations();

} // namespace snnc::tn

#endif // SNNC_BACKENDS_TRANSLATE_TNTRANSLATIONS_H
