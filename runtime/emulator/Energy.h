//===- Energy.h - Energy per image from the emulator's counters -*- C++ -*-===//
//
// Three estimates of the energy of one image, from the per-core counters of
// a run and constants of the chip description (docs/EMULATOR.md):
//
// (a) the chip model, the leading figure: synaptic events x E_event + hops
//     x E_hop + static power x every chip the network occupies x (ticks /
//     tick rate), beside the GPU running the DNN by (c)'s GPU row;
// (b) the paper's operation count (Spiking-YOLO, Fig. 9): the DNN's MACs x
//     E_MAC against the SNN's synaptic events (accumulates) x E_AC, for FP32
//     (4.6 pJ MAC, 0.9 pJ add) and INT32 (3.2 pJ, 0.1 pJ), Horowitz 2014;
// (c) the paper's Table 2 formula, labelled as the paper's: GPU energy = FLOPs
// / GFLOPS x power with FLOPs =
//     2 x MACs (Titan V100: 14,000 GFLOPS, 250 W), against TrueNorth at 400
//     GFLOPS/W: power = SNN FLOPs per time step / (GFLOPS/W), energy =
//     power x time steps x (1 / tick rate), SNN FLOPs per time step =
//     synaptic events per image / ticks. (Read this way, the paper's inputs
//     give its numbers: 5.28e7 / 400e9 = 1.32e-4 W, x 8,000 x 1 ms =
//     1.06e-3 J.)
//
// Plus per-layer rows (cores grouped by Core::layer): spikes, synaptic
// events, hops, active cores.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_EMULATOR_ENERGY_H
#define SNNC_RUNTIME_EMULATOR_ENERGY_H

#include "runtime/chip/ChipConfig.h"
#include "runtime/emulator/Emulator.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace snnc::emu {

struct EnergyConstants {
  /// Horowitz (ISSCC 2014, 45 nm), as the paper uses them.
  double fp32MacPj = 4.6, fp32AddPj = 0.9;
  double int32MacPj = 3.2, int32AddPj = 0.1;
  /// The paper's Table 2: Titan V100 and TrueNorth.
  double gpuPowerW = 250, gpuGflops = 14000;
  double chipGflopsPerW = 400;
};

/// Table 2, GPU row: flops / (gflops * 1e9) * powerW joules.
double gpuEnergyJ(double flops, double gflops, double powerW);
/// Table 2, TrueNorth rows: "power" = flopsPerStep / (gflopsPerW * 1e9).
double truenorthPowerW(double flopsPerStep, double gflopsPerW);
/// ... and energy = power * steps * stepSeconds.
double truenorthEnergyJ(double flopsPerStep, double gflopsPerW, double steps,
                        double stepSeconds);

/// One compiled layer's activity, per image.
struct LayerEnergyRow {
  std::string name, kind;
  uint64_t cores = 0;
  uint64_t activeCores = 0; ///< Cores with at least one active tick.
  double spikesIn = 0, spikesOut = 0, synapticEvents = 0, hops = 0;
  double activeCoreTicks = 0;
  uint64_t macs = 0; ///< LayerInfo::macs (DNN, per image).
};

struct EnergyReport {
  std::string network, profile;
  uint64_t images = 0;
  uint64_t ticks = 0; ///< Per image.
  double tickHz = 1000;
  EnergyConstants constants;
  double synapticEventPj = 0, hopPj = 0, staticPowerMw = 0;

  // Activity per image.
  uint64_t cores = 0, activeCores = 0;
  uint64_t chips = 0; ///< Chips with at least one of the network's cores.
  double spikesIn = 0, spikesOut = 0, synapticEvents = 0, hops = 0;
  double activeCoreTicks = 0, saturations = 0;

  // (a) Chip-style, joules per image.
  double seconds = 0; ///< ticks / tickHz
  double chipSynapticJ = 0, chipHopJ = 0, chipStaticJ = 0, chipTotalJ = 0;

  // (b) Operation count, joules per image.
  uint64_t dnnMacs = 0;
  double dnnFp32J = 0, snnFp32J = 0, dnnInt32J = 0, snnInt32J = 0;

  // (c) Table 2.
  double gpuFlops = 0, gpuJ = 0;
  double snnFlopsPerTick = 0, truenorthPowerW = 0, truenorthJ = 0;

  std::vector<LayerEnergyRow> layers; ///< Per ChipConfig::layers entry.
};

/// Adds `add` into `total` element by element (resizing an empty total).
void accumulateCounters(std::vector<CoreCounters> &total,
                        const std::vector<CoreCounters> &add);

/// The report for `images` images of `ticksPerImage` ticks each, from
/// counters summed over those images. Throws snnc::Error when the counters
/// do not match the cores, or images or ticks is 0.
EnergyReport computeEnergy(const chipcfg::ChipConfig &config,
                           const std::vector<CoreCounters> &totals,
                           uint64_t images, uint64_t ticksPerImage,
                           const EnergyConstants &constants = {});

/// Text tables: per-layer activity, then (a), (b) and (c).
std::string formatEnergyReport(const EnergyReport &report);

nlohmann::json energyJson(const EnergyReport &report);

} // namespace snnc::emu

#endif // SNNC_RUNTIME_EMULATOR_ENERGY_H
