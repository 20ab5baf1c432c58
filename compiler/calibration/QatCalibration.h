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

#include <string>
#include <vector>

namespace snnc {

/// What applyQatCeilings did with the detection heads.
struct QatHeads {
  /// Head convolutions that took the range recorded in the metadata.
  int withRange = 0;
  /// Head convolutions that neither image calibration nor the metadata gave
  /// a range: they get 1, which only membrane decoding tolerates (a
  /// spike-count output clips at its threshold). Cfg locations, "file:line".
  std::vector<std::string> withoutRange;
};

/// Sets the calibration of every activation of `module` that `metadata`
/// covers: every recorded percentile of `percentiles` (and 100) equals the
/// ceiling. Head convolutions (no activation) take the metadata's range
/// where it records one (a "linear" entry), else keep what image
/// calibration measured, else get 1. Throws snnc::Error if the metadata
/// does not match the network.
QatHeads applyQatCeilings(mlir::ModuleOp module,
                          const darknet::Network &network,
                          const QatMetadata &metadata,
                          const std::vector<float> &percentiles);

} // namespace snnc

#endif // SNNC_COMPILER_CALIBRATION_QATCALIBRATION_H
