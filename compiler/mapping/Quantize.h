//===- Quantize.h - Chip integers for a spiking layer -----------*- C++ -*-===//
//
// Turns one normalized spiking layer (float weights, bias, thresholds) into
// the integers a chip holds: per output channel j a scale s_j, weights
// round(w * s_j), leak round(b * s_j), thresholds round(v_th * s_j). A
// spike still carries the value 1 in the receiving layer's units, so the
// network's function is unchanged up to rounding. docs/MAPPING.md gives the
// scheme and the precision per profile.
//
// Binary crossbars (TrueNorth) give each neuron one signed weight per axon
// type; a synapse picks a subset of the k copies of an input axon, whose
// types weigh g_j * {1, 2, ..., 2^(k-2), -2^(k-1)}: weights are k-bit two's
// complement levels m in [-(2^(k-1) - 1), 2^(k-1) - 1] times a per-neuron
// step g_j (symmetric, so that the negated copy of a signed input is
// representable too). Weighted crossbars hold round(w * s_j) directly.
//
// The scale is the largest that keeps every integer within its bit width,
// and keeps one tick's input below 2^23, so that the graph-level simulator
// (float) computes the same integers exactly; membrane-read outputs also
// keep `ticks` ticks of input within the potential's range, and layers
// whose fan-in will be split keep their threshold within one synapse
// weight (relays).
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_COMPILER_MAPPING_QUANTIZE_H
#define SNNC_COMPILER_MAPPING_QUANTIZE_H

#include "compiler/chip/ChipDescription.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace snnc::mapping {

/// The integer ranges of one chip, with the weight encoding.
struct ChipPrecision {
  bool binary = false;   ///< Levels through axon types and copies.
  int axonCopies = 1;    ///< k, binary crossbars only (2..4).
  int64_t levelMax = 0;  ///< Binary: largest |m|.
  int64_t stepMax = 0;   ///< Binary: largest g.
  int64_t weightMax = 0; ///< Largest |integer weight| of a synapse.
  /// Largest positive weight of one axon type (binary: one relay spike's
  /// weight; equals weightMax on weighted crossbars).
  int64_t typeMax = 0;
  int64_t thresholdMax = 0, leakMax = 0, potentialMax = 0;
};

/// Throws snnc::Error if the chip cannot encode weights with `axonCopies`
/// copies (binary crossbars need 2 <= k <= axon types).
ChipPrecision precisionOf(const chip::ChipDescription &chip, int axonCopies);

/// One layer before quantization: weights [outC][fanIn].
struct LayerParams {
  int64_t outC = 0, fanIn = 0;
  std::vector<float> weights, bias; ///< bias may be empty
  float vth = 1;
  std::optional<float> vthNeg; ///< Signed neurons.
  float vInit = 0;             ///< Absolute (not a fraction of vth).
  /// The layer is read by membrane potential over up to `ticks` ticks.
  bool membraneOutput = false;
  int ticks = 256;
  /// The layer's fan-in exceeds a core: its partial sums travel through
  /// relay neurons whose spikes weigh their threshold, which must then fit
  /// one synapse weight. Keeping the layer's threshold within `relayMax`
  /// lets a relay carry exactly one threshold per spike (a relay carrying
  /// less would be rate-limited to fractions of the sum). 0: no limit.
  int64_t relayMax = 0;
};

struct QuantizedLayer {
  std::vector<float> weights, bias;      ///< Integer-valued.
  std::vector<float> vth, vthNeg, vInit; ///< Per channel, integer-valued.
  std::vector<double> scale;             ///< s_j
  std::vector<int64_t> step;             ///< Binary: g_j (else 1).
  /// Channels whose weights all rounded to zero though the float weights
  /// were not all zero (precision lost), for the pass's warning.
  int64_t vanishedChannels = 0;
};

QuantizedLayer quantizeLayer(const LayerParams &layer,
                             const ChipPrecision &precision);

/// The binary encoding of a level m (|m| <= levelMax): bit q set means the
/// synapse to the axon copy of type q is on; the types weigh
/// typeWeights(k) * g.
unsigned levelBits(int64_t m, int axonCopies);
std::vector<int64_t> typeWeights(int axonCopies);

} // namespace snnc::mapping

#endif // SNNC_COMPILER_MAPPING_QUANTIZE_H
