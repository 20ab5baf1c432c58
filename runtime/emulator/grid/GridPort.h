//===- GridPort.h - The host side of the data-parallel emulators -*- C++
//-*-===//
//
// What GridChip (the CPU) and CudaChip (the GPU) share behind the ChipPort
// seam: the configuration parsed and flattened (GridNetwork), the input
// checked as Emulator::checkInput checks it and queued by delay, the
// watched neurons in (core, neuron) order. Each back end supplies the
// state and the tick.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_EMULATOR_GRID_GRIDPORT_H
#define SNNC_RUNTIME_EMULATOR_GRID_GRIDPORT_H

#include "runtime/emulator/ChipPort.h"
#include "runtime/emulator/grid/GridNetwork.h"

#include <memory>

namespace snnc::emu::grid {

class GridPort : public ChipPort {
public:
  void configure(const std::string &configBytes) override;
  void reset() override;
  std::vector<NeuronSpike>
  step(const std::vector<std::pair<AxonSpike, uint32_t>> &input) override;
  void watch(const std::vector<chipcfg::NeuronRef> &neurons) override;
  std::vector<int64_t>
  readout(const std::vector<chipcfg::NeuronRef> &neurons) override;
  std::vector<CoreCounters> counters() override;

protected:
  /// Allocates and initializes the state for `net` (kept alive by the
  /// port until the next configure).
  virtual void load(const GridNetwork &net) = 0;
  /// Whether the back end reads the host's flat network after load() (the
  /// CPU one does; the GPU keeps its own copy, and the host then keeps only
  /// what it needs to address cores and neurons).
  virtual bool keepsHostNetwork() const { return true; }
  /// Potentials to vInit; arrivals, host counts, spikes, counters to 0.
  virtual void clearState() = 0;
  /// One tick: the host spikes of this tick (in-edge << 1 | negative),
  /// then every phase; `slot` = tick mod R.
  virtual void runTick(const std::vector<uint64_t> &host, uint32_t slot) = 0;
  /// This tick's spikes / the potentials of the given neurons (global).
  virtual std::vector<int8_t>
  spikesOf(const std::vector<uint64_t> &neurons) = 0;
  virtual std::vector<int64_t>
  potentialsOf(const std::vector<uint64_t> &neurons) = 0;
  virtual std::vector<GridCounters> allCounters() = 0;

  std::unique_ptr<chipcfg::ChipConfig> config;
  std::unique_ptr<GridNetwork> net;

private:
  const chipcfg::ChipConfig &chip() const;
  uint64_t globalNeuron(const chipcfg::NeuronRef &r, const char *what) const;

  uint64_t tick = 0;
  std::vector<std::vector<AxonSpike>> hostQueue; ///< [tick % (maxDelay + 1)]
  std::vector<chipcfg::NeuronRef> watched;       ///< sorted by core, neuron
  std::vector<uint64_t> watchedIndex;
};

} // namespace snnc::emu::grid

#endif // SNNC_RUNTIME_EMULATOR_GRID_GRIDPORT_H
