//===- SpikingGraph.h - An executable spiking network -----------*- C++ -*-===//
//
// The runtime's plain, MLIR-free form of an `snn` network, exported from snn
// IR by the compiler (compiler/graph/SnnToSpikingGraph). The graph-level
// spiking simulator (Simulator.h) runs it tick by tick.
//
// Units: every layer is normalized (Spiking-YOLO Eq. 4/5), so a spike carries
// the value +-1 (in the units of the receiving layer's weights) and the
// thresholds are in the same units (vthPos = 1 after normalization).
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_SNN_SPIKINGGRAPH_H
#define SNNC_RUNTIME_SNN_SPIKINGGRAPH_H

#include "runtime/detection/Heads.h"
#include "runtime/inference/Graph.h" // TensorShape

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace snnc {

enum class SpikingKind {
  /// The image. With `analog` encoding the first layer receives the image as
  /// a constant current every tick (the paper's choice); with `spikes` each
  /// pixel is an IF neuron (threshold 1, reset by subtraction, V(0) = 0)
  /// driven by its intensity, emitting +1 spikes.
  Encoder,
  /// A convolution followed by integrate-and-fire neurons (one per output
  /// element). Each tick: V += W * s_in + bias (or W * x + bias for an analog
  /// input); then +1 spike if V >= vthPos, else -1 spike if negative spikes
  /// are enabled and V <= -vthNeg; reset per `reset`.
  SpikingConv,
  /// Spiking max-pool driven by per-input accumulated signed spike counts
  /// (this tick's input spikes included). PoolStrategy::Gate (Rueckauer et
  /// al. 2017): the output emits the current spike (possibly 0) of the
  /// window input with the largest count (ties: the first in row-major
  /// window order; padding never wins). PoolStrategy::MaxCount: the output
  /// emits +1 when the window's largest count rises above the number of
  /// spikes it has emitted (net), -1 when it falls below, so its own count
  /// equals the window's largest count at every tick.
  /// PoolStrategy::Comparator: the chip's neuron mapping
  /// (ComparatorTree.h): comparator neurons estimate the largest count by
  /// max(A, B) = B + relu(A - B) and an output neuron sums the result.
  SpikingMaxPool,
  /// Nearest-neighbour upsampling of spikes.
  Upsample,
  /// Channel concatenation of spike trains.
  Concat,
  /// The last convolution: non-spiking accumulator. Decoded value per
  /// element at tick t: Vmem decoding: (sum over ticks of W*s_in + bias) / t;
  /// spike-count decoding: the layer spikes like SpikingConv with
  /// vthPos = vthNeg = vth (symmetric, reset by subtraction) and the value
  /// is (positive - negative spikes) * vth / t. Then each channel c is
  /// multiplied by outputScale[c] (undoing the normalization) and the head
  /// (region/yolo activation) is applied before decoding detections.
  Output,
};

enum class ResetMode { Subtract, Zero };
enum class PoolStrategy { Gate, MaxCount, Comparator };
enum class Decoding { Membrane, SpikeCount };
enum class EncoderMode { Analog, Spikes };

const char *toString(SpikingKind kind);

struct SpikingNode {
  SpikingKind kind = SpikingKind::Encoder;
  std::string name;
  std::vector<int> inputs; ///< Indices of earlier nodes.
  TensorShape shape;       ///< Output shape (neurons).

  // Encoder.
  EncoderMode encoder = EncoderMode::Analog;

  // SpikingMaxPool.
  PoolStrategy pool = PoolStrategy::Gate;

  // Upsample: the integer scale factor.
  int64_t upsample = 1;

  // SpikingConv and Output: weights [outC][inC][kh][kw], bias [outC].
  std::vector<float> weights, bias;
  std::array<int64_t, 2> kernel{1, 1}, strides{1, 1};
  std::array<int64_t, 4> padding{0, 0, 0, 0}; ///< top, left, bottom, right

  // SpikingConv neurons (also Output with SpikeCount decoding: vthPos).
  float vthPos = 1.0f;
  bool negativeSpikes = false; ///< Signed neuron.
  float vthNeg = 1.0f;         ///< Magnitude of the negative threshold.
  ResetMode reset = ResetMode::Subtract;
  float vInit = 0.0f; ///< Initial membrane potential (e.g. vthPos / 2).
  /// Per output channel overrides of vthPos, vthNeg and vInit (empty: the
  /// scalars apply): a network quantized for a chip has integer weights
  /// scaled per channel, hence per-channel integer thresholds.
  std::vector<float> vthPosC, vthNegC, vInitC;

  // Output.
  Decoding decoding = Decoding::Membrane;
  std::vector<float> outputScale; ///< [outC]
  /// Ticks before the output starts integrating (0: from the first tick).
  /// A checkpoint t > readoutDelay decodes over ticks readoutDelay+1..t; a
  /// checkpoint at or before it over ticks 1..t.
  int readoutDelay = 0;
  bool isRegion = true; ///< Which head follows the output.
  RegionHead region;
  YoloHead yolo;
};

struct SpikingGraph {
  std::string name;
  std::vector<SpikingNode> nodes; ///< Topological order; nodes[0] encoder.
  std::vector<int> outputs;       ///< Output nodes, in head order.

  const SpikingNode &input() const { return nodes.front(); }

  /// Throws snnc::Error if malformed (order, parameter sizes, thresholds).
  void validate() const;
};

} // namespace snnc

#endif // SNNC_RUNTIME_SNN_SPIKINGGRAPH_H
