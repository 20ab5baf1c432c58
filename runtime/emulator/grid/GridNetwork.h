//===- GridNetwork.h - A configuration in the data-parallel layout -*- C++
//-*-===//
//
// Flattens a (validated) ChipConfig into the arrays GridView points to:
// dense [axons][neurons] weights per prototype (binary crossbars resolved
// through the axon and neuron types), per-neuron routes to global in-edges
// numbered as the event-driven emulator numbers them, and the cores of
// each phase (the longest chain of delay-0 targets leading to a core).
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_EMULATOR_GRID_GRIDNETWORK_H
#define SNNC_RUNTIME_EMULATOR_GRID_GRIDNETWORK_H

#include "runtime/chip/ChipConfig.h"
#include "runtime/emulator/grid/GridView.h"

#include <vector>

namespace snnc::emu::grid {

struct GridNetwork {
  int64_t vMin = 0, vMax = 0;
  bool signedSpikes = false;
  uint32_t ringSlots = 1;
  uint64_t edges = 0, neurons = 0;
  std::vector<uint32_t> coreProto;
  std::vector<uint64_t> coreNeuron, coreEdge; ///< [cores + 1]
  std::vector<uint32_t> protoAxons, protoNeurons;
  std::vector<uint64_t> protoWeight, protoNeuronType, protoRow;
  std::vector<int32_t> weight;
  std::vector<uint32_t> rowLength, neuronType;
  std::vector<GridNeuronType> types;
  std::vector<uint32_t> edgeAxon;
  std::vector<uint64_t> routeStart, routeEdge; ///< [neurons + 1], [targets]
  std::vector<uint32_t> routeDelay, hops;
  std::vector<int64_t> vInit; ///< [neurons]
  /// Cores of each phase, in increasing index.
  std::vector<std::vector<uint32_t>> phases;
  uint32_t maxNeurons = 0; ///< Largest core (threads per CUDA block).

  size_t cores() const { return coreProto.size(); }
  /// The read-only pointers into these vectors (state pointers null).
  GridView view() const;
  /// Frees the weights, types, routes and initial potentials, keeping what
  /// addresses cores and neurons (coreNeuron, coreEdge, phases, sizes).
  void releaseBulk();
};

/// Throws snnc::Error for what the layout cannot hold (a potential width
/// outside 2..64 bits, a spike of more than 2^32 - 1 hops).
GridNetwork buildGridNetwork(const chipcfg::ChipConfig &config);

} // namespace snnc::emu::grid

#endif // SNNC_RUNTIME_EMULATOR_GRID_GRIDNETWORK_H
