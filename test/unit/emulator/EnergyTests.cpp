//===- EnergyTests.cpp - Energy report formulas ---------------------------===//
#include "TestConfigs.h"

#include "runtime/emulator/Energy.h"
#include "runtime/support/Error.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace snnc;
using namespace snnc::emu;
using namespace snnc::emu::test;

TEST_CASE("the paper's Table 2 numbers from its inputs", "[energy]") {
  // Tiny YOLO on a Titan V100: 6.97e9 FLOPs / 14,000 GFLOPS x 250 W.
  CHECK(gpuEnergyJ(6.97e9, 14000, 250) == Approx(0.12).margin(0.005));
  CHECK(gpuEnergyJ(6.97e9, 14000, 250) == Approx(0.124464).epsilon(1e-5));
  // Spiking-YOLO on TrueNorth (400 GFLOPS/W, 1 ms per step).
  // Layer-norm: 5.28e7 FLOPs -> 1.320e-4 W, x 8,000 steps -> 1.06e-3 J.
  CHECK(truenorthPowerW(5.28e7, 400) == Approx(1.320e-4).epsilon(1e-9));
  CHECK(truenorthEnergyJ(5.28e7, 400, 8000, 1e-3) ==
        Approx(1.06e-3).epsilon(0.005));
  // Channel-norm: 4.90e7 FLOPs -> 1.225e-4 W, x 3,500 steps -> 4.29e-4 J.
  CHECK(truenorthPowerW(4.90e7, 400) == Approx(1.225e-4).epsilon(1e-9));
  CHECK(truenorthEnergyJ(4.90e7, 400, 3500, 1e-3) ==
        Approx(4.29e-4).epsilon(0.002));
  // The ratio the paper quotes for channel-norm: ~280x (0.12 / 4.29e-4);
  // unrounded 290x.
  CHECK(gpuEnergyJ(6.97e9, 14000, 250) /
            truenorthEnergyJ(4.90e7, 400, 3500, 1e-3) ==
        Approx(290).margin(15));
}

namespace {

ChipConfig twoLayerConfig() {
  ChipConfig c = chipConfig();
  c.chip.synapticEventPj = 26;
  c.chip.hopPj = 2;
  c.chip.staticPowerMw = 65;
  c.chip.tickHz = 1000;
  c.layers = {{"conv1", "conv", 1000000}, {"conv2", "conv", 2000000}};
  NeuronType t;
  c.prototypes.push_back(prototype(1, {}, CrossbarKind::Weighted, {t}));
  c.cores.push_back(core(0, 1, {}, 0, 0, 0, 0));
  c.cores.push_back(core(0, 1, {}, 0, 0, 0, 1));
  return c;
}

} // namespace

TEST_CASE("energy report: chip-style and operation counts by hand",
          "[energy]") {
  ChipConfig c = twoLayerConfig();
  // Counters summed over 2 images of 64 ticks.
  std::vector<CoreCounters> k(2);
  k[0].spikesIn = 10;
  k[0].spikesOut = 6;
  k[0].synapticEvents = 1000;
  k[0].hops = 20;
  k[0].activeTicks = 3;
  k[1].synapticEvents = 3000;
  std::vector<CoreCounters> total;
  accumulateCounters(total, k);
  accumulateCounters(total, std::vector<CoreCounters>(2));
  EnergyReport r = computeEnergy(c, total, 2, 64);
  // Per image: 2,000 events, 10 hops, 3 spikes out, 0.064 s.
  CHECK(r.synapticEvents == 2000);
  CHECK(r.hops == 10);
  CHECK(r.spikesOut == 3);
  CHECK(r.seconds == Approx(0.064));
  // (a) 2000 x 26 pJ = 5.2e-8 J; 10 x 2 pJ = 2e-11 J; 65 mW x 0.064 s =
  // 4.16e-3 J.
  CHECK(r.chipSynapticJ == Approx(5.2e-8));
  CHECK(r.chipHopJ == Approx(2e-11));
  CHECK(r.chipStaticJ == Approx(4.16e-3));
  CHECK(r.chipTotalJ == Approx(4.16e-3 + 5.2e-8 + 2e-11));
  // (b) 3e6 MACs x 4.6 pJ = 1.38e-5 J vs 2000 x 0.9 pJ = 1.8e-9 J (FP32);
  // 3e6 x 3.2 pJ = 9.6e-6 J vs 2000 x 0.1 pJ = 2e-10 J (INT32).
  CHECK(r.dnnMacs == 3000000);
  CHECK(r.dnnFp32J == Approx(1.38e-5));
  CHECK(r.snnFp32J == Approx(1.8e-9));
  CHECK(r.dnnInt32J == Approx(9.6e-6));
  CHECK(r.snnInt32J == Approx(2e-10));
  // (c) GPU: 6e6 FLOPs / 14,000 GFLOPS x 250 W; chip: 2000 / 64 events per
  // step / 400 GFLOPS/W x 64 steps x 1 ms.
  CHECK(r.gpuFlops == 6e6);
  CHECK(r.gpuJ == Approx(6e6 / 14000e9 * 250));
  CHECK(r.snnFlopsPerTick == Approx(2000.0 / 64));
  CHECK(r.truenorthJ == Approx(2000.0 / 64 / 400e9 * 64 * 1e-3));
  // Layers.
  REQUIRE(r.layers.size() == 2);
  CHECK(r.layers[0].cores == 1);
  CHECK(r.layers[0].activeCores == 1);
  CHECK(r.layers[0].synapticEvents == 500);
  CHECK(r.layers[1].activeCores == 0);
  CHECK(r.layers[1].synapticEvents == 1500);
  CHECK(r.activeCores == 1);
  CHECK(r.cores == 2);

  nlohmann::json j = energyJson(r);
  CHECK(j["chip"]["totalJ"].get<double>() == Approx(r.chipTotalJ));
  CHECK(j["table2"]["gpuJ"].get<double>() == Approx(r.gpuJ));
  CHECK(j["layers"].size() == 2);
  std::string text = formatEnergyReport(r);
  CHECK(text.find("conv2") != std::string::npos);
  CHECK(text.find("(c) the paper's Table 2 formula") != std::string::npos);
  // The leading figure against the GPU's: 4.16e-3 J vs 6e6 / 14e12 x 250 =
  // 1.071e-4 J, 38.8 times more.
  CHECK(r.chips == 1);
  CHECK(j["chip"]["chips"] == 1);
  CHECK(text.find("65 mW x 1 chip(s) x 0.064 s") != std::string::npos);
  INFO(text);
  CHECK(text.find("the chip takes 38.8x more") != std::string::npos);
}

TEST_CASE("energy report: static power of every chip the network occupies",
          "[energy]") {
  // The same two cores, the second on the next chip of a 64x64-core mesh
  // (board-wide x = 64): both chips are powered for the run.
  ChipConfig c = twoLayerConfig();
  c.chip.coresX = c.chip.coresY = 64;
  c.chip.chipsX = 2;
  c.cores[1].x = 64;
  std::vector<CoreCounters> k(2);
  k[0].synapticEvents = 1000;
  EnergyReport r = computeEnergy(c, k, 1, 64);
  CHECK(r.chips == 2);
  // 2 x 65 mW x 0.064 s = 8.32e-3 J.
  CHECK(r.chipStaticJ == Approx(8.32e-3));
  CHECK(r.chipTotalJ == Approx(8.32e-3 + 1000 * 26e-12));
  CHECK(formatEnergyReport(r).find("65 mW x 2 chip(s) x 0.064 s") !=
        std::string::npos);
}

TEST_CASE("energy report: the paper's Table 2 through computeEnergy",
          "[energy]") {
  // Counters that give 4.90e7 synaptic events per step over 3,500 steps,
  // and a DNN of 3.485e9 MACs (6.97e9 FLOPs).
  ChipConfig c = twoLayerConfig();
  c.layers[0].macs = 3485000000ull;
  c.layers[1].macs = 0;
  std::vector<CoreCounters> k(2);
  k[0].synapticEvents = 49000000ull * 3500;
  EnergyReport r = computeEnergy(c, k, 1, 3500);
  CHECK(r.gpuJ == Approx(0.12).margin(0.005));
  CHECK(r.truenorthPowerW == Approx(1.225e-4));
  CHECK(r.truenorthJ == Approx(4.29e-4).epsilon(0.002));
}

TEST_CASE("energy report rejects mismatched counters", "[energy]") {
  ChipConfig c = twoLayerConfig();
  CHECK_THROWS_AS(computeEnergy(c, std::vector<CoreCounters>(3), 1, 1), Error);
  CHECK_THROWS_AS(computeEnergy(c, std::vector<CoreCounters>(2), 0, 1), Error);
  std::vector<CoreCounters> t(2);
  CHECK_THROWS_AS(accumulateCounters(t, std::vector<CoreCounters>(1)), Error);
}
