//===- Calibrate.h - Record activation statistics on ann IR -----*- C++ -*-===//
//
// Runs the reference network over calibration images and writes, on every
// layer output (activations, and convolutions whose result is used
// directly), the per-channel and per-layer maximum and percentiles of the
// activations as the `snnc.calibration` attribute (AnnCalibration.h).
// Activation outputs are measured as they are (the positive side is what
// the threshold must cover); linear layer outputs (the detection-head
// convolution) over |x|, since both signs must be represented.
// Conversion passes then read the IR only.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_COMPILER_CALIBRATION_CALIBRATE_H
#define SNNC_COMPILER_CALIBRATION_CALIBRATE_H

#include "mlir/IR/BuiltinOps.h"

#include <string>
#include <vector>

namespace snnc {

struct CalibrationOptions {
  /// Percentiles to record (100 = max is always added). Each must be >= 50:
  /// only the top (100 - p)% of the values are kept in memory.
  std::vector<float> percentiles = {99.0f, 99.9f, 99.99f};
  bool letterbox = false;
  bool progress = true;
};

/// Calibrates the (batch-norm folded) ann network of `module` on `images`.
/// Throws snnc::Error on unreadable images or an unexportable network.
void calibrate(mlir::ModuleOp module, const std::vector<std::string> &images,
               const CalibrationOptions &options);

/// Percentile by nearest rank over `count` values, given the `top` largest of
/// them (any order, at least count - rank + 1 of them): the
/// ceil(p/100 * count)-th smallest value.
float percentileFromTop(std::vector<float> top, int64_t count, float p);

} // namespace snnc

#endif // SNNC_COMPILER_CALIBRATION_CALIBRATE_H
