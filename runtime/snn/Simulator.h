//===- Simulator.h - Event-driven, tick-by-tick SNN simulation --*- C++ -*-===//
//
// Runs a SpikingGraph on one preprocessed image for a number of ticks with
// the per-tick semantics documented in SpikingGraph.h, and decodes the
// output layers at chosen ticks (checkpoints).
//
// Timing: within a tick the nodes are processed in topological order and a
// node's spikes at tick t reach its readers in the same tick t: there is no
// synaptic delay at graph level (a hardware mapping with per-hop delays
// shifts every layer's train by its depth, which the decoder can undo).
//
// Cost: event-driven. A spike delivered to a convolution adds one
// contiguous weight vector W[c][ky][kx][0..outC) per kernel position into
// the channel-last (HWC) membrane array, so the synaptic work is
// proportional to the number of spikes. The threshold/fire/reset pass is
// dense (every neuron with a bias changes every tick) but vectorized; its
// spikes come out as a sorted sparse list (index, sign). An analog first
// layer gets its input current W*x + b computed once per image (im2col +
// sgemm, via Executor) and added every tick.
//
// Determinism: every layer's work is split into bands of output rows whose
// size depends only on the layer's shape; each membrane is updated by
// exactly one band, in spike-list order, and the spike lists are
// concatenated in band order. Results (heads and statistics) are
// bit-identical for any number of threads.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_SNN_SIMULATOR_H
#define SNNC_RUNTIME_SNN_SIMULATOR_H

#include "runtime/inference/Executor.h" // Tensor
#include "runtime/snn/SpikingGraph.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace snnc {

struct SimulationOptions {
  int ticks = 256;
  /// Ticks (1..ticks) at which to decode the outputs, in any order
  /// (duplicates are merged); empty: {ticks}.
  std::vector<int> checkpoints;
  /// Count spikes per output channel (LayerActivity::channelSpikes).
  bool channelStats = true;
  /// Apply the region/yolo activation to the decoded heads (as
  /// Executor::run does). False returns the decoded, un-normalized but
  /// un-activated values (for calibration and rate tests).
  bool activateHeads = true;
};

/// Activity of one node over the whole simulation (all `ticks` ticks).
struct LayerActivity {
  std::string name;
  SpikingKind kind = SpikingKind::Encoder;
  int64_t neurons = 0; ///< Output elements.
  /// Spikes emitted. Output nodes: the decoding layer's own spikes with
  /// spike-count decoding, 0 with membrane decoding. Analog encoder: 0.
  int64_t positiveSpikes = 0, negativeSpikes = 0;
  /// Synaptic events performed by this node (SpikingConv and Output only;
  /// 0 for the others): each delivered input spike times the number of
  /// (output element, weight) updates it caused, i.e. outC for every kernel
  /// position that falls inside the output. The dense W*x of an analog
  /// input is computed once and not counted.
  int64_t synapticEvents = 0;
  /// |spikes| per output channel (empty when SimulationOptions::channelStats
  /// is false).
  std::vector<int64_t> channelSpikes;
};

struct SimulationResult {
  std::vector<int> checkpoints; ///< Sorted, unique.
  /// [checkpoint][output]: CHW tensors, decoded at that tick, multiplied by
  /// outputScale (un-normalized) and head-activated, like Executor::run.
  std::vector<std::vector<Tensor>> heads;
  std::vector<LayerActivity> layers; ///< Per node, in graph order.
  int64_t totalSynapticEvents = 0;
};

class Simulator {
public:
  /// Validates the graph and prepares transposed weights; throws
  /// snnc::Error if malformed. The graph must outlive the simulator.
  explicit Simulator(const SpikingGraph &graph);
  ~Simulator();

  /// Simulates `image` (the preprocessed input, CHW with the encoder's
  /// shape). Thread-safe: several images may run concurrently.
  SimulationResult run(const Tensor &image,
                       const SimulationOptions &options) const;

  const SpikingGraph &graph() const { return g; }

  struct Plan;

private:
  const SpikingGraph &g;
  std::shared_ptr<const Plan> plan;
};

} // namespace snnc

#endif // SNNC_RUNTIME_SNN_SIMULATOR_H
