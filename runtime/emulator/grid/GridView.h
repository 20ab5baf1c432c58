//===- GridView.h - The emulator's data-parallel layout, as pointers -*- C++
//-*-===//
//
// The flat arrays one tick of the data-parallel emulator reads and writes
// (GridNetwork builds them; GridKernels.h runs a tick over them), as raw
// pointers into host memory (GridChip, the CPU) or device memory
// (CudaChip). Plain data: nvcc and the host compiler see the same struct.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_EMULATOR_GRID_GRIDVIEW_H
#define SNNC_RUNTIME_EMULATOR_GRID_GRIDVIEW_H

#include <cstdint>

namespace snnc::emu::grid {

/// Cores with at most this many input terms (in-edges plus axons) gather
/// their input as a list first (CUDA: in shared memory); larger ones sum
/// over every in-edge.
constexpr uint32_t kListCap = 3072;

/// A neuron type's parameters, widened (ChipConfig's NeuronType).
struct GridNeuronType {
  int64_t leak, alpha, beta, resetValue, vInit;
  uint8_t reset;    ///< chipcfg::ResetMode
  uint8_t negative; ///< chipcfg::NegativeMode
  uint8_t fires;
};

/// Per-core counters (CoreCounters' fields, in its order).
struct GridCounters {
  unsigned long long spikesIn, spikesOut, synapticEvents, hops, activeTicks,
      saturations;
};

struct GridView {
  // The chip.
  int64_t vMin, vMax;
  uint32_t signedSpikes;
  uint32_t ringSlots; ///< R: largest neuron-target delay + 1.
  uint64_t edges;     ///< In-edges of all cores (one ring slot).
  // Cores: prototype, first neuron (global index), first in-edge; a
  // core's in-edges are its axons (in-edge a = axon a) then the extra
  // in-edges of further targets to an axon already reached.
  const uint32_t *coreProto;
  const uint64_t *coreNeuron;
  const uint64_t *coreEdge;
  // Prototypes: axons, neurons, where its dense [axons][neurons] weights
  // and its per-neuron type indices start, its row lengths (synapses per
  // axon) and the start of its types.
  const uint32_t *protoAxons, *protoNeurons;
  const uint64_t *protoWeight;
  const uint64_t *protoNeuronType; ///< into neuronType
  const uint64_t *protoRow;        ///< into rowLength
  const int32_t *weight;
  const uint32_t *rowLength;
  const uint32_t *neuronType; ///< global type index (into types)
  const GridNeuronType *types;
  const uint32_t *edgeAxon; ///< [edges]: the axon an in-edge reaches
  // Routes of neuron i (global index): its targets' in-edges (global) and
  // delays at [routeStart[i], routeStart[i + 1]), and its spike's hops.
  const uint64_t *routeStart;
  const uint64_t *routeEdge;
  const uint32_t *routeDelay;
  const uint32_t *hops;
  // State.
  int64_t *potential; ///< [neurons]
  /// [R][edges]: 0, or 1 / 2 for a +1 / -1 spike arriving in the slot's
  /// tick.
  uint8_t *arrival;
  /// [edges] host spikes (+1 and -1 counted apart) this tick on an axon's
  /// in-edge.
  int32_t *hostPos, *hostNeg;
  int8_t *spike; ///< [neurons]: this tick's spike (0, +1, -1)
  GridCounters *counters;
};

/// Points `view` at a state's arrays (host or device memory alike).
inline void attachState(GridView &view, int64_t *potential, uint8_t *arrival,
                        int32_t *hostPos, int32_t *hostNeg, int8_t *spike,
                        GridCounters *counters) {
  view.potential = potential;
  view.arrival = arrival;
  view.hostPos = hostPos;
  view.hostNeg = hostNeg;
  view.spike = spike;
  view.counters = counters;
}

} // namespace snnc::emu::grid

#endif // SNNC_RUNTIME_EMULATOR_GRID_GRIDVIEW_H
