//===- QatCalibration.h - Thresholds from quantization-aware training -*- C++
//-*-=//
//
// A network trained with activations clipped at a learned ceiling lambda
// and quantized to L levels (docs/QAT.md) converts without calibration:
// lambda is the normalization scale of its layer (the neuron threshold
// after normalization, QCFS). This writes the ceilings of MODEL.qat.json as
// the `snnc.calibration` of each activation, so ann-to-snn reads them like
// measured percentiles.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_COMPILER_CALIBRATION_QATCALIBRATION_H
#define SNNC_COMPILER_CALIBRATION_QATCALIBRATION_H

#include "compiler/calibration/QatMetadata.h"
#include "compiler/darknet/Network.h"

#include "mlir/IR/BuiltinOps.h"

namespace snnc {

/// Sets the calibration of every activation of `module` that `metadata`
/// covers: every recorded percentile of `percentiles` (and 100) equals the
/// ceiling. Layers without an activation (the detection head) keep what
/// image calibration measured; without it they get 1 (only membrane
/// decoding is then exact). Throws snnc::Error if the metadata does not
/// match the network.
void applyQatCeilings(mlir::ModuleOp module, const darknet::Network &network,
                      const QatMetadata &metadata,
                      const std::vector<float> &percentiles);

} // namespace snnc

#endif // SNNC_COMPILER_CALIBRATION_QATCALIBRATION_H
