//===- QatMetadata.h - Quantization-aware training metadata -----*- C++ -*-===//
//
// MODEL.qat.json, written by the quantization-aware trainer
// (compiler/train, docs/QAT.md) beside MODEL.cfg and MODEL.weights: the
// number of activation levels L (the spiking network runs T = L ticks), the
// weight precision and, per quantized convolution, the learned activation
// ceiling lambda (per output channel or per layer), which becomes the
// neuron threshold. Reading validates every field; errors throw snnc::Error
// naming the file, the field and the value.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_COMPILER_CALIBRATION_QATMETADATA_H
#define SNNC_COMPILER_CALIBRATION_QATMETADATA_H

#include <cstdint>
#include <string>
#include <vector>

namespace snnc {

/// One quantized convolution, or the range of a linear (head) convolution.
struct QatLayer {
  int64_t index = 0;      ///< darknet layer index (0-based, after [net])
  std::string type;       ///< "convolutional"
  std::string activation; ///< "leaky", "relu" or "linear"
  /// The ceilings: one per output channel when `perChannel`, else one. For
  /// a linear convolution (a detection head, which has no quantizer) the
  /// range of |output| measured on training images: spike-count readout
  /// needs it as the output neurons' threshold.
  std::vector<float> ceilings;
  bool perChannel = false;

  bool isLinear() const { return activation == "linear"; }

  /// Ceiling of output channel `channel` (the layer's one when per layer).
  float ceiling(int64_t channel) const {
    return perChannel ? ceilings.at(channel) : ceilings.at(0);
  }
};

struct QatMetadata {
  std::string path; ///< where it was read from (for messages)
  int64_t version = 1;
  int64_t levels = 0;      ///< L >= 1: activation levels, time steps T = L
  int64_t weightBits = 0;  ///< signed weight bits; 0 = weights not quantized
  int64_t inputLevels = 0; ///< image levels; 0 = image not quantized
  std::vector<QatLayer> layers; ///< ascending `index`, no duplicates

  /// The entry for darknet layer `index`, or nullptr.
  const QatLayer *find(int64_t index) const;
  /// Entries of quantized activations (all but the heads' ranges).
  size_t activationCount() const;
};

/// Parses MODEL.qat.json text; `path` names it in errors.
QatMetadata parseQatMetadata(const std::string &text, const std::string &path);

/// Reads and parses a MODEL.qat.json file.
QatMetadata readQatMetadata(const std::string &path);

/// MODEL.cfg -> MODEL.qat.json (the trainer's naming; existence not checked).
std::string qatMetadataPathFor(const std::string &cfgPath);

} // namespace snnc

#endif // SNNC_COMPILER_CALIBRATION_QATMETADATA_H
