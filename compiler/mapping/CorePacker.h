//===- CorePacker.h - Irregular neurons packed into cores -------*- C++ -*-===//
//
// The mapper's building blocks. MappedNetwork accumulates cores, prototypes
// (deduplicated by content within a group), spike routes (edges) and core
// groups; CorePacker fills cores in order with neurons that each list their
// inputs, opening a new core when the next neuron's new axons or its neurons
// would not fit. Used for partial-sum relays and sums, comparator trees and
// splitters; convolution tiles are built directly (Mapper.cpp) and share
// one prototype per tile shape.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_COMPILER_MAPPING_COREPACKER_H
#define SNNC_COMPILER_MAPPING_COREPACKER_H

#include "compiler/mapping/Quantize.h"
#include "runtime/chip/ChipConfig.h"

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace snnc::mapping {

/// A spike route before delays are known: from a neuron (global id: the
/// core's first neuron id plus its index) to an axon of a core.
struct Edge {
  uint32_t source;
  uint32_t core;
  uint32_t axon;
};

/// Cores of one kind of one layer; all share a tick offset (tau) and a
/// level.
struct CoreGroup {
  std::string name;
  /// The layer it implements: while tiling (mapper phase 1) the graph
  /// node, after it the row of MappedNetwork::layers.
  int node = -1;
  std::string role; ///< conv, relay, sum, comparator, pool, splitter, output
  int64_t tau = 0;
  uint32_t level = 0;
  uint32_t firstCore = 0, coreCount = 0; ///< Cores are contiguous.
  /// DNN multiply-accumulates of the layer, on the group that produces its
  /// output (reports and energy).
  uint64_t macs = 0;
};

/// What one layer of the network became (the mapping report's rows).
struct LayerStats {
  std::string name;
  std::string kind;   ///< conv, output or max_pool
  std::string tiling; ///< e.g. "1x2 outputs x 64 ch per core, ..."
  uint64_t macs = 0;
  int64_t relays = 0, splitters = 0, pairNeurons = 0, comparators = 0;
};

/// The chip-level network under construction. Between the mapping's
/// phases (and the tn passes that run them) the routes are the cores'
/// per-neuron targets (`config.cores[c].targets`, delays 0 until the
/// network is scheduled); within a phase that adds neurons they are the
/// flat `edges` (targetsToEdges / edgesToTargets).
struct MappedNetwork {
  chipcfg::ChipConfig config;
  std::vector<CoreGroup> groups;
  std::vector<LayerStats> layers;
  std::vector<uint64_t> neuronBase; ///< [cores + 1] global neuron ids
  std::vector<Edge> edges;
  /// Where in the image each core's neurons work: (y, x) in [0, 1), so
  /// that placement can keep an image region's cores of every layer close.
  std::vector<std::pair<float, float>> coreSpot;
  /// Host pixel -> (core, axon).
  std::vector<std::pair<uint32_t, std::pair<uint32_t, uint32_t>>> inputEdges;
  /// Potentials will be made odd (encodeOddPotentials): mirrored partners
  /// then start one lower so that the doubled pair stays exact negatives.
  bool oddPotentials = false;
  /// Stages done: tick offsets and delays (scheduleNetwork), mesh
  /// coordinates (placeNetwork), odd potentials (encodeOddPotentials).
  bool scheduled = false, placed = false, oddEncoded = false;

  int newGroup(std::string name, int node, std::string role);
  /// Appends a core of prototype `proto` to group `group` (which must be the
  /// last group created). Returns its index.
  uint32_t addCore(uint32_t proto, int group,
                   std::pair<float, float> spot = {0.5f, 0.5f});
  uint32_t addPrototype(chipcfg::CorePrototype proto);
  uint64_t totalNeurons() const { return neuronBase.back(); }
  /// The core holding global neuron `id`, and its index there.
  std::pair<uint32_t, uint32_t> locate(uint64_t id) const;
  uint32_t globalId(uint32_t core, uint32_t neuron) const;
  /// neuronBase from the cores' prototypes (a network read back from IR).
  void computeNeuronBase();
  /// The flat edges into the cores' per-neuron targets (delay 0), in edge
  /// order per neuron; and back (before scheduling only: delays are lost).
  void edgesToTargets();
  void targetsToEdges();
  /// config.layers (one per group: name, role, macs) from the groups.
  void syncLayerInfo();

private:
  /// Prototype content hash (with the group) -> candidates.
  std::unordered_map<uint64_t, std::vector<uint32_t>> protoIndex;
  friend class CorePacker;
};

/// A neuron with explicit inputs. On binary crossbars every input weight is
/// +unit or -unit (axon types 0 and 1 weigh +unit and -unit for the
/// neuron); on weighted crossbars any integer.
struct LogicalNeuron {
  std::vector<std::pair<uint32_t, int32_t>> inputs; ///< (source, weight)
  chipcfg::NeuronType type; ///< Weights filled in by the packer.
  int32_t unit = 1;         ///< Binary crossbars.
  /// Also place the mirrored neuron (negated inputs and leak, swapped
  /// thresholds) right after it: the negative half of a signed neuron on a
  /// chip without signed spikes.
  bool pair = false;
  /// The image region it works on (y, x) in [0, 1) (placement).
  std::pair<float, float> spot{0.5f, 0.5f};
};

/// A firing neuron's type on `chip`: threshold alpha, negative threshold
/// beta (none: a floor the neuron never reaches in practice, at
/// -potentialMax), reset to zero or by subtraction.
chipcfg::NeuronType firingType(const chip::ChipDescription &chip,
                               int64_t potentialMax, int64_t alpha,
                               std::optional<int64_t> beta, bool zeroReset,
                               int64_t leak, int64_t vInit);

/// The mirror of a signed neuron's type (its negative-spike partner). With
/// `oddPotentials` it starts at -V(0) - 1, which encodeOddPotentials turns
/// into exactly -(2 V(0) + 1).
chipcfg::NeuronType mirrorType(const chipcfg::NeuronType &type,
                               bool oddPotentials);

class CorePacker {
public:
  /// `axons`/`neurons`: the core's limits (already resolved from unlimited).
  CorePacker(MappedNetwork &net, int group, bool binary, int64_t axons,
             int64_t neurons);
  ~CorePacker();

  /// Places `n` (and its mirror); returns the global id of its first
  /// neuron (the mirror is id + 1).
  uint32_t add(const LogicalNeuron &n);
  void flush();

private:
  MappedNetwork &net;
  int group;
  bool binary;
  int64_t maxAxons, maxNeurons;
  // The open core.
  std::unordered_map<uint64_t, uint32_t> axonOf; ///< (source, type) -> axon
  std::vector<std::pair<uint32_t, uint8_t>> axonKeys; ///< axon -> key
  /// A neuron of the open core: its synapses are (axon, weight) at
  /// synapses[first .. first + count) (one pool per core, not a vector per
  /// neuron: tens of millions of neurons on large chips).
  struct Placed {
    uint32_t first = 0, count = 0;
    chipcfg::NeuronType type;
  };
  std::vector<Placed> neurons;
  std::vector<std::pair<uint32_t, int32_t>> synapses;
  /// flush()'s scratch, kept between cores.
  std::vector<uint32_t> rowFill;
  std::vector<std::pair<uint32_t, int32_t>> rowEntries;
  uint64_t pendingBase = 0;
  std::pair<float, float> pendingSpot{0.5f, 0.5f};
};

} // namespace snnc::mapping

#endif // SNNC_COMPILER_MAPPING_COREPACKER_H
