//===- ChipConfig.h - A network mapped onto TrueNorth-style cores -*- C++ -*-=//
//
// The configuration of a chip (or board of chips) after mapping: core
// prototypes (crossbar, axon types, neuron types; shared by identical cores
// as the IBM model file's crossbarTypes are), core instances with mesh
// coordinates and per-neuron spike targets, plus the host-side maps that say
// which axons receive the input image's spikes and which neurons hold the
// outputs. The compiler's `tn` dialect lowers to it (backends/config), the
// configuration files serialize it (runtime/chip/ConfigIO.h) and the
// emulator runs it (runtime/emulator). docs/FORMATS.md and docs/EMULATOR.md
// give the file format and the tick semantics.
//
// Neuron model (TrueNorth's, Cassidy et al. 2013, without stochastic modes),
// all integers, evaluated each tick after the tick's spikes have reached
// their axons:
//   V += sum over axons a that received a spike s_a (+1 or -1) and are
//        connected to the neuron of s_a * w(a, n)
//        (binary crossbar: w = weights[axonType[a]] of the neuron's type;
//         weighted crossbar: the synapse's own weight)
//   V += leak
//   if V >= alpha:           emit +1; reset (Absolute: V = resetValue;
//                            Linear: V -= alpha; None: unchanged)
//   else if V <= -beta:      Saturate: V = -beta
//                            Reset:    V = -resetValue (Absolute),
//                                      V += beta (Linear), unchanged (None)
//                            Spike:    emit -1 (signed-spike chips), then
//                                      reset as Reset does
//   V is then clamped to the potential range of the chip.
// The negative test is V <= -beta (TrueNorth writes V < -beta): with it a
// linear negative reset adds exactly the threshold it tested, so a signed
// neuron is symmetric and the graph-level simulator's IF neurons map onto
// it exactly. The IBM and RANC exporters account for the difference.
// Output neurons read by membrane potential use `fires = false`: they
// integrate and never emit.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_CHIP_CHIPCONFIG_H
#define SNNC_RUNTIME_CHIP_CHIPCONFIG_H

#include "runtime/detection/Heads.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace snnc::chipcfg {

enum class CrossbarKind : uint8_t { Binary = 0, Weighted = 1 };
enum class ResetMode : uint8_t { Absolute = 0, Linear = 1, None = 2 };
enum class NegativeMode : uint8_t { Reset = 0, Saturate = 1, Spike = 2 };

/// The parameters one or more neurons of a prototype share.
struct NeuronType {
  /// Per axon type; binary crossbars only (weighted: all zero).
  std::array<int32_t, 4> weights{0, 0, 0, 0};
  int32_t leak = 0;
  int32_t alpha = 1; ///< Positive threshold (> 0).
  int32_t beta = 0;  ///< Negative threshold magnitude (>= 0): V <= -beta.
  ResetMode reset = ResetMode::Linear;
  NegativeMode negative = NegativeMode::Saturate;
  int32_t resetValue = 0;
  int32_t vInit = 0;
  bool fires = true;

  // Spelled out: defaulted comparisons are C++20 and snnc builds as C++17.
  bool operator==(const NeuronType &o) const {
    return weights == o.weights && leak == o.leak && alpha == o.alpha &&
           beta == o.beta && reset == o.reset && negative == o.negative &&
           resetValue == o.resetValue && vInit == o.vInit && fires == o.fires;
  }
  bool operator!=(const NeuronType &o) const { return !(*this == o); }
};

/// A crossbar with its axon types and neuron types; cores of identical
/// structure share one.
struct CorePrototype {
  std::string name;
  uint32_t axons = 0, neurons = 0;
  CrossbarKind kind = CrossbarKind::Binary;
  /// [axons] values 0..3; binary crossbars only (empty when weighted).
  std::vector<uint8_t> axonTypes;
  /// Connectivity in CSR by axon: the neurons axon a reaches are
  /// column[rowStart[a] .. rowStart[a+1]) in increasing order.
  std::vector<uint32_t> rowStart; ///< [axons + 1]
  std::vector<uint32_t> column;   ///< neuron indices
  std::vector<int32_t> weight;    ///< [column.size()]; weighted only
  std::vector<NeuronType> neuronTypes;
  std::vector<uint16_t> neuronType; ///< [neurons] index into neuronTypes

  uint64_t synapses() const { return column.size(); }
};

/// Where a spike goes: an axon of a core, `delay` ticks after the tick it
/// was emitted in (0 only on chips that allow it: delivered within the same
/// tick, to a core of a higher level).
struct Target {
  uint32_t core = 0;
  uint32_t axon = 0;
  uint32_t delay = 1;

  bool operator==(const Target &o) const {
    return core == o.core && axon == o.axon && delay == o.delay;
  }
  bool operator!=(const Target &o) const { return !(*this == o); }
};

struct Core {
  uint32_t prototype = 0;
  int32_t x = 0, y = 0; ///< Board-wide mesh coordinates.
  uint32_t level = 0;   ///< Topological depth; delay-0 targets go deeper.
  uint32_t layer = 0;   ///< Index into ChipConfig::layers (counters).
  /// Targets of neuron n: targets[targetStart[n] .. targetStart[n+1]).
  std::vector<uint32_t> targetStart; ///< [neurons + 1]
  std::vector<Target> targets;
};

/// One compiled layer, for per-layer counters and reports.
struct LayerInfo {
  std::string name;
  std::string kind; ///< conv, relay, max_pool, output, ...
  /// Multiply-accumulates of the DNN layer this part implements, per image
  /// (0 for parts with no DNN counterpart: relays, splitters); the energy
  /// report's operation-count comparison uses them.
  uint64_t macs = 0;
};

/// Which neuron holds an output element.
struct NeuronRef {
  uint32_t core = 0;
  uint32_t neuron = 0;

  bool operator==(const NeuronRef &o) const {
    return core == o.core && neuron == o.neuron;
  }
  bool operator!=(const NeuronRef &o) const { return !(*this == o); }
};

enum class OutputDecoding : uint8_t { Membrane = 0, SpikeCount = 1 };

/// One detection head's tensor [channels][height][width] and how to decode
/// it from the chip.
struct OutputMap {
  std::string name;
  uint32_t channels = 0, height = 0, width = 0;
  OutputDecoding decoding = OutputDecoding::Membrane;
  /// Membrane: element value after t ticks = (V(t) - V(d)) * scale[c] /
  /// (t - d), d = readoutDelay; a checkpoint t <= readoutDelay uses
  /// d = latency (the ticks before it hold no input), and t <= latency d = 0.
  /// SpikeCount: (positive - negative spikes in ticks d+1..t) * scale[c] /
  /// (t - d).
  std::vector<float> scale; ///< [channels]
  uint32_t readoutDelay = 0;
  /// Ticks before the first input spikes can reach this output (its
  /// pipeline latency); at most readoutDelay.
  uint32_t latency = 0;
  /// [channels * height * width] CHW: the neuron that holds the value
  /// (membrane) or emits its positive spikes (count).
  std::vector<NeuronRef> positive;
  /// SpikeCount on unsigned-spike chips: the neuron that emits the negative
  /// spikes (its spikes count -1); empty where the positive neuron's own
  /// spikes are signed.
  std::vector<NeuronRef> negative;
  bool isRegion = true;
  RegionHead region;
  YoloHead yolo;
};

/// The input image and the axons its pixels' spikes go to. Pixel (c, y, x)
/// with intensity v in [0, 1] is an integrate-and-fire encoder on the host
/// (threshold 1, reset by subtraction, V(0) = 0): each tick V += v and a
/// spike is sent to every target of the pixel when V >= 1.
struct InputMap {
  uint32_t channels = 0, height = 0, width = 0;
  /// Targets of pixel p = (c * height + y) * width + x:
  /// targets[targetStart[p] .. targetStart[p+1]).
  std::vector<uint32_t> targetStart;
  std::vector<Target> targets;
};

/// The chip the configuration was compiled for (copied from the chip
/// description so a configuration is self-contained).
struct ChipInfo {
  std::string profile;
  CrossbarKind crossbar = CrossbarKind::Binary;
  uint32_t axonsPerCore = 256, neuronsPerCore = 256; ///< 0: unlimited
  uint32_t potentialBits = 20;
  bool signedSpikes = false;
  uint32_t maxDelay = 15;
  uint32_t coresX = 64, coresY = 64; ///< One chip's mesh.
  uint32_t chipsX = 1, chipsY = 1;   ///< Chips on the board.
  double tickHz = 1000;
  double synapticEventPj = 26, hopPj = 0, staticPowerMw = 65;
};

struct ChipConfig {
  std::string network; ///< Name of the compiled model.
  /// The detector's class names, one per class of every head (empty in
  /// version 1 files, whose names came from a *.names file beside them).
  std::vector<std::string> classNames;
  ChipInfo chip;
  std::vector<LayerInfo> layers;
  std::vector<CorePrototype> prototypes;
  std::vector<Core> cores;
  InputMap input;
  std::vector<OutputMap> outputs;
  /// Read for one part of a board (parseConfigPart): a core with an empty
  /// targetStart belongs to another part and keeps only its delay-0
  /// targets (the emulators' phases need every one), not which neuron
  /// sends them. Such a configuration validates and emulates as that part,
  /// but is not written out.
  bool partialTargets = false;

  uint64_t neuronCount() const;
  uint64_t synapseCount() const;

  /// Throws snnc::Error naming the core, neuron or axon and the numbers on
  /// any inconsistency: sizes, indices out of range, types, thresholds,
  /// delays beyond the chip's range, delay-0 targets to a core of the same
  /// or a lower level.
  void validate() const {
    validate(/*routesScheduled=*/true, /*checkPrototypes=*/true);
  }
  /// The same for a network the mapping is still working on: without
  /// `routesScheduled` the routes' delays are not set yet (0), so the delay
  /// and level rules are not checked; without `checkPrototypes` the
  /// prototypes' own contents (crossbars, neuron types) are not either (the
  /// tn verifiers check them), only every index into them.
  void validate(bool routesScheduled, bool checkPrototypes) const;
};

/// Frees every core's neuron targets (targetStart and targets emptied):
/// what a host (HostSession, the energy report) never reads and an
/// emulator reads only while it is built. The configuration no longer
/// validates or serializes afterwards; the emulator's and the host's
/// copies of a large network drop most of their bytes.
void releaseTargets(ChipConfig &config);

/// The part of a board that runs each core when the board is spread over
/// `parts` parts (processes): the chips the cores use, in increasing index,
/// cut into `parts` contiguous blocks of nearly equal counts. Reads only
/// the chip and the cores' positions. Throws when fewer chips are used
/// than there are parts.
std::vector<uint32_t> boardParts(const ChipConfig &config, int parts);

/// The phase of each core within a tick: the longest chain of delay-0
/// targets that leads to it (0 without one). A delay-0 spike always goes to
/// a later phase, so running the phases in order integrates it in the same
/// tick (the emulators' schedule). Needs the targets.
std::vector<uint32_t> corePhases(const ChipConfig &config);

} // namespace snnc::chipcfg

#endif // SNNC_RUNTIME_CHIP_CHIPCONFIG_H
