//===- Mapper.h - A quantized spiking network onto chip cores ---*- C++ -*-===//
//
// Partitions, places and routes a quantized SpikingGraph (snn-quantize) on a
// chip description, producing the chip configuration (cores, crossbars,
// neuron types, routes, host maps) and a resource report, in phases over a
// MappedNetwork that the tn passes run one each (snn-to-tn, tn-split-fanout,
// tn-schedule, tn-place, tn-finish) and mapNetwork runs in one go.
// docs/MAPPING.md describes every scheme:
//   - convolutions are tiled: a core holds a tile of output positions times
//     a group of output channels, reading the tile's input window for a
//     group of input channels; identical tiles share one prototype;
//   - a fan-in beyond the axons of a core is split over input-channel
//     groups whose partial sums signed relay neurons carry to summing cores
//     (in as many levels as needed);
//   - signed neurons become neuron pairs on chips without signed spikes;
//   - binary crossbars encode the weight levels with axon copies and types;
//   - max-pool becomes comparator trees (runtime/snn/ComparatorTree.h);
//   - fan-out beyond the chip's targets per neuron goes through splitter
//     neurons;
//   - delays align every group's inputs; cores are placed along a Hilbert
//     curve over the mesh of as many chips as needed.
// Every constraint is checked; a violation throws snnc::Error naming the
// layer, the constraint and the numbers.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_COMPILER_MAPPING_MAPPER_H
#define SNNC_COMPILER_MAPPING_MAPPER_H

#include "compiler/chip/ChipDescription.h"
#include "compiler/mapping/CorePacker.h"
#include "runtime/chip/ChipConfig.h"
#include "runtime/snn/SpikingGraph.h"

#include <cstdint>
#include <string>
#include <vector>

namespace snnc::mapping {

struct MappingOptions {
  /// Binary crossbars: axon copies per input (must match snn-quantize).
  int axonCopies = 4;
  /// Staggered copies of each partial-sum relay (fan-in split): k copies
  /// pass a partial sum on with 1/k of one relay's residue at the same
  /// spike rate, for k times the relay neurons and summing axons.
  int relayCopies = 1;
  /// How partial-sum relays start (mapConv explains both): Rounded starts
  /// each at +theta/2 (positive sums rounded, negative ones shrunk by a
  /// whole theta), Centred at 0 (both shrunk by theta/2). Auto: Rounded
  /// with signed spikes, Centred with pairs, as measured (docs/MAPPING.md).
  enum class RelayStart { Auto, Rounded, Centred };
  RelayStart relayStart = RelayStart::Auto;
  /// A relay's threshold is relayShare / m of its layer's (m partial
  /// sums); 0: 2 with signed spikes, 4 with pairs (docs/MAPPING.md).
  int relayShare = 0;
  /// Largest number of chips the network may use (0: as many as needed).
  int64_t maxChips = 0;
  /// Tile limit on chips without a core size limit (the `reference`
  /// profile): axons and neurons per core the mapper aims for, so that
  /// identical tiles still share a prototype. Fan-in is never split there.
  int64_t unlimitedTile = 4096;
  /// Outputs integrate only after twice their pipeline latency tau (plus
  /// the network's readout delay): tau ticks for the first spikes to reach
  /// them, tau more while the layers below still charge up and fire below
  /// their rates (docs/MAPPING.md, "Readout delay").
  bool readoutAfterFill = false;
};

/// Resources of one layer of the spiking graph (all its core groups).
struct LayerResources {
  std::string name, kind;
  std::string
      tiling; ///< e.g. "4x4 outputs x 32 ch, 16 in-ch/core, 2 relay levels"
  int64_t cores = 0;
  int64_t neurons = 0; ///< Neurons used (all roles).
  int64_t relays = 0;  ///< Partial-sum relay neurons (included above).
  int64_t splitters = 0;
  int64_t pairNeurons = 0; ///< Second neurons of signed pairs.
  int64_t comparators = 0;
  int64_t synapses = 0;
  int64_t axonsUsed = 0; ///< Axons that receive spikes.
  int64_t latency = 0;   ///< Tick offset of the layer's last group.
  uint64_t macs = 0;
};

/// One group of cores (a layer part: tiles, relays, sums, comparator
/// levels, splitters) with its tick offset.
struct GroupSummary {
  std::string name, role;
  int64_t cores = 0, tau = 0, level = 0;
};

struct MappingReport {
  std::string network, chip;
  std::vector<GroupSummary> groups; ///< In core order.
  std::vector<LayerResources> layers;
  LayerResources total;
  int64_t prototypes = 0;
  int64_t chips = 0, boards = 0, chipsX = 0, chipsY = 0;
  int64_t coreCapacityAxons = 0, coreCapacityNeurons = 0; ///< 0: unlimited
  double axonUtilization = 0, neuronUtilization = 0;      ///< Of used cores.
  uint64_t routes = 0;    ///< Targets (spike routes) in total.
  uint64_t hopsTotal = 0; ///< Sum over routes of mesh hops.
  int64_t hopsMax = 0;
  double hopsMean = 0;
  int64_t latency = 0; ///< Ticks from input to the outputs.
  /// The outputs' longest readout delay: they integrate after it.
  int64_t readoutDelay = 0;
};

/// Which chip neurons carry each graph node's elements (verification and
/// tests): for node i, `neurons[e]` is the (core, neuron) of element e (HWC
/// index) that emits its positive (or signed) spikes; with `pairs` the
/// next neuron of the same core emits its negative spikes. Empty for the
/// encoder (host pixels) and for upsample and concat (routing only).
struct MappingTrace {
  struct Node {
    bool pairs = false;
    std::vector<chipcfg::NeuronRef> neurons;
  };
  std::vector<Node> nodes;
};

/// The mapping's phases, in order; each is one pass of the tn pipeline
/// (docs/MAPPING.md) and throws snnc::Error on a constraint violation.
///
/// 1. snn-to-tn: every layer of `graph` (quantized for `chip`) into core
///    groups: tiles, partial-sum relays and sums, signed pairs, comparator
///    trees; routes without delays, unplaced cores.
MappedNetwork tileNetwork(const SpikingGraph &graph,
                          const chip::ChipDescription &chip,
                          const MappingOptions &options,
                          MappingTrace *trace = nullptr);
/// 2. tn-split-fanout: splitter neurons for every neuron with more targets
///    than the chip allows (in rounds until none has).
void splitFanout(MappedNetwork &net, const chip::ChipDescription &chip,
                 const MappingOptions &options);
/// 3. tn-schedule: each group's tick offset tau = max(tau of its producers)
///    + minimum delay, levels, route delays (the offsets' differences,
///    within the chip's range), leaky neurons started tau * leak lower, the
///    outputs' latency and readout delay.
void scheduleNetwork(MappedNetwork &net, const chip::ChipDescription &chip,
                     const MappingOptions &options);
/// 4. tn-place: as many chips as the cores need (at most options.maxChips),
///    cores along a Hilbert curve in the order of the image region they
///    work on.
void placeNetwork(MappedNetwork &net, const chip::ChipDescription &chip,
                  const MappingOptions &options);
/// 5. tn-finish: odd potentials on portable chips (OddPotentials.h).
void finishNetwork(MappedNetwork &net, const chip::ChipDescription &chip);
/// The resource report of a mapped network (all phases done).
MappingReport reportOf(const MappedNetwork &net,
                       const chip::ChipDescription &chip);
/// The same from a mapped configuration and its groups and layers (what
/// the tn IR holds beside the configuration).
MappingReport reportOf(const chipcfg::ChipConfig &config,
                       const std::vector<CoreGroup> &groups,
                       const std::vector<LayerStats> &layers,
                       const chip::ChipDescription &chip);

/// All phases: maps `graph` (quantized for `chip`) onto cores. Throws
/// snnc::Error on a constraint violation.
chipcfg::ChipConfig mapNetwork(const SpikingGraph &graph,
                               const chip::ChipDescription &chip,
                               const MappingOptions &options,
                               MappingReport &report,
                               MappingTrace *trace = nullptr);

/// The report as an aligned text table and as JSON.
std::string formatReport(const MappingReport &report);
std::string reportJson(const MappingReport &report);

} // namespace snnc::mapping

#endif // SNNC_COMPILER_MAPPING_MAPPER_H
