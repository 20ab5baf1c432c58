//===- ChipPort.h - What the host needs from a chip -------------*- C++ -*-===//
//
// The host's detection loop (HostSession) drives a chip through this
// interface, so the same loop runs the in-process emulator (LocalChip) or
// an emulator in another process over the hardware-in-the-loop socket
// protocol (runtime/hil, SocketChip), as it would drive a board.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_EMULATOR_CHIPPORT_H
#define SNNC_RUNTIME_EMULATOR_CHIPPORT_H

#include "runtime/emulator/Emulator.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace snnc::emu {

class ChipPort {
public:
  virtual ~ChipPort() = default;
  /// Loads a configuration (the bytes of a configuration file). Throws when
  /// it cannot, and then keeps the previous configuration and state.
  virtual void configure(const std::string &configBytes) = 0;
  /// Potentials to their initial values, buffers and counters cleared.
  virtual void reset() = 0;
  /// Delivers `input` (with their delays) and runs one tick; returns the
  /// spikes the watched neurons emitted in it.
  virtual std::vector<NeuronSpike>
  step(const std::vector<std::pair<AxonSpike, uint32_t>> &input) = 0;
  /// Neurons whose spikes step() reports (the output neurons).
  virtual void watch(const std::vector<chipcfg::NeuronRef> &neurons) = 0;
  /// Membrane potentials of the given neurons now.
  virtual std::vector<int64_t>
  readout(const std::vector<chipcfg::NeuronRef> &neurons) = 0;
  /// Per-core counters since the last reset.
  virtual std::vector<CoreCounters> counters() = 0;
};

/// The in-process emulator behind a ChipPort.
std::unique_ptr<ChipPort> makeLocalChip(EmulatorOptions options = {});

} // namespace snnc::emu

#endif // SNNC_RUNTIME_EMULATOR_CHIPPORT_H
