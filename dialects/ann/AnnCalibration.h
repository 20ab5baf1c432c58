//===- AnnCalibration.h - Activation statistics on ann ops ------*- C++ -*-===//
//
// Calibration (compiler/calibration) runs the reference network over images
// and records, on each op whose result is a layer's output, the maximum and
// a set of percentiles of its activations, per channel and for the whole
// layer. They live in the discardable attribute `snnc.calibration`, so the
// conversion passes are pure IR transformations:
//
//   snnc.calibration = {images = 64 : i64,
//                       percentiles = array<f32: 99.0, 99.9, 99.99, 100.0>,
//                       layer = array<f32: P values>,
//                       channel = array<f32: C x P values, channel-major>}
//
// Percentile 100 is the maximum. A percentile p is the nearest-rank value:
// the ceil(p/100 * n)-th smallest of the n activations.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_DIALECTS_ANN_ANNCALIBRATION_H
#define SNNC_DIALECTS_ANN_ANNCALIBRATION_H

#include "mlir/IR/Operation.h"

#include <optional>
#include <vector>

namespace snnc::ann {

constexpr const char *kCalibrationAttr = "snnc.calibration";

struct Calibration {
  int64_t images = 0;
  std::vector<float> percentiles; ///< Ascending, in (0, 100].
  std::vector<float> layer;       ///< One value per percentile.
  std::vector<float> channel;     ///< [channel][percentile].

  int64_t channels() const {
    return percentiles.empty() ? 0 : channel.size() / percentiles.size();
  }
  /// Index of percentile `p` (exact match within 1e-4), or -1.
  int indexOf(float p) const;
};

void setCalibration(mlir::Operation *op, const Calibration &calibration);

/// The calibration of `op`, or nullopt if absent. Emits an error on `op` and
/// returns nullopt if the attribute is malformed.
std::optional<Calibration> getCalibration(mlir::Operation *op);

} // namespace snnc::ann

#endif // SNNC_DIALECTS_ANN_ANNCALIBRATION_H
