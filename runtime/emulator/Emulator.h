//===- Emulator.h - Cycle-accurate emulator of a configured chip -*- C++ -*-=//
//
// Runs a ChipConfig tick by tick (one tick = 1 ms of chip time at 1 kHz)
// with the neuron semantics of runtime/chip/ChipConfig.h and the tick
// semantics of docs/EMULATOR.md. Event-driven over the crossbars,
// multithreaded over cores, bit-identical for any thread count.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_EMULATOR_EMULATOR_H
#define SNNC_RUNTIME_EMULATOR_EMULATOR_H

#include "runtime/chip/ChipConfig.h"
#include "runtime/emulator/Faults.h"
#include "runtime/parallel/BoardLink.h"

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace snnc::emu {

/// A spike arriving at an axon (from the host or from a neuron).
struct AxonSpike {
  uint32_t core = 0;
  uint32_t axon = 0;
  int8_t sign = 1; ///< +1, or -1 on signed-spike chips.
};

/// A spike emitted by a neuron in the current tick.
struct NeuronSpike {
  uint32_t core = 0;
  uint32_t neuron = 0;
  int8_t sign = 1;

  bool operator==(const NeuronSpike &o) const {
    return core == o.core && neuron == o.neuron && sign == o.sign;
  }
};

/// Counters accumulated since the last reset.
struct CoreCounters {
  uint64_t spikesIn = 0;       ///< Axon events delivered to the core.
  uint64_t spikesOut = 0;      ///< Spikes its neurons emitted.
  uint64_t synapticEvents = 0; ///< Crossbar synapses activated.
  uint64_t hops = 0;           ///< Mesh hops of the spikes it emitted.
  uint64_t activeTicks = 0;    ///< Ticks with at least one event.
  uint64_t saturations = 0;    ///< Potentials clamped to the range.

  bool operator==(const CoreCounters &o) const {
    return spikesIn == o.spikesIn && spikesOut == o.spikesOut &&
           synapticEvents == o.synapticEvents && hops == o.hops &&
           activeTicks == o.activeTicks && saturations == o.saturations;
  }
  bool operator!=(const CoreCounters &o) const { return !(*this == o); }
};

struct EmulatorOptions {
  int threads = 0;   ///< 0: oneTBB's default.
  FaultModel faults; ///< Injected hardware faults (none by default).
  /// A board spread over several parts (processes or threads): this
  /// emulator runs only the cores of its part's block of chips and
  /// exchanges the spikes that cross parts through the link, which must
  /// outlive it. Null (or one part): the whole board here.
  par::BoardLink *board = nullptr;
};

/// What a part of a board spent on exchanging spikes with the others.
struct LinkStats {
  uint64_t exchanges = 0; ///< Collective exchanges (per tick: 1 + phases
                          ///< with delay-0 targets on another part).
  uint64_t wordsSent = 0; ///< 32-bit words sent (3 per spike and target).
  double seconds = 0;     ///< Wall time inside the exchanges.
};

/// Throws snnc::Error when `spike` cannot enter `config`'s chip with
/// `delay`: core or axon out of range, sign not +-1 (-1 on an
/// unsigned-spike chip), delay beyond the chip's maximum. What every
/// ChipPort checks before a tick.
void checkInputSpike(const chipcfg::ChipConfig &config, const AxonSpike &spike,
                     uint32_t delay);

class Emulator {
public:
  /// Keeps a reference to `config`, which must outlive the emulator. The
  /// cores' targets are read only here: chipcfg::releaseTargets(config)
  /// may free them once the emulator is built.
  Emulator(const chipcfg::ChipConfig &config, EmulatorOptions options = {});
  ~Emulator();

  /// Potentials to vInit, delay buffers emptied, tick and counters to 0.
  void reset();
  /// Schedules a spike on an axon for delivery at tick currentTick() +
  /// delay (delay 0: within the next tick() call).
  void inject(const AxonSpike &spike, uint32_t delay);
  /// inject() for every (spike, delay), after checking them all: throws
  /// (and queues nothing) when any is invalid.
  void injectAll(const std::vector<std::pair<AxonSpike, uint32_t>> &spikes);
  /// Throws snnc::Error when inject(spike, delay) would: core or axon out of
  /// range, sign not +-1 (-1 on an unsigned-spike chip), delay beyond the
  /// chip's maximum. Lets a caller check a whole tick's input first.
  void checkInput(const AxonSpike &spike, uint32_t delay) const;
  /// Runs one tick; returns the spikes emitted in it (sorted by core, then
  /// neuron); on a part of a board, those of its own cores.
  const std::vector<NeuronSpike> &tick();
  uint64_t currentTick() const; ///< Ticks run since reset.

  /// Throws for a core another part of the board emulates.
  int64_t potential(uint32_t core, uint32_t neuron) const;
  /// [cores]; zero for the cores other parts of the board emulate.
  const std::vector<CoreCounters> &counters() const;
  /// Whether this emulator runs `core` (always, without a board).
  bool emulates(uint32_t core) const;
  /// Cost of the board's exchanges since construction.
  LinkStats linkStats() const;

  /// Bytes an emulator of `config` allocates (beside the configuration
  /// itself), estimated from the configuration without building it: what a
  /// server or a --max-memory check compares with its limit.
  /// With `parts` > 1: what part `part` of a board allocates.
  static uint64_t estimateBytes(const chipcfg::ChipConfig &config, int part = 0,
                                int parts = 1);

private:
  struct Impl;
  std::unique_ptr<Impl> impl;
};

} // namespace snnc::emu

#endif // SNNC_RUNTIME_EMULATOR_EMULATOR_H
