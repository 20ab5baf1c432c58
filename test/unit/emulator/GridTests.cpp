//===- GridTests.cpp - The data-parallel emulator on the CPU --------------===//
//
// GridChip runs the CUDA back end's kernels (GridKernels.h) in loops on the
// CPU; it must give the event-driven emulator's bits: spikes every tick,
// potentials, counters, on random networks of every neuron mode, potential
// widths from 12 to 32 bits (what configuration files allow), signed and
// unsigned spikes, delay-0 chains, cores of over 3,000 axons and 256
// neurons, with the input gathered as a list (what CUDA blocks do for cores of
// up to kListCap terms) and summed over every in-edge (larger cores).
//
//===----------------------------------------------------------------------===//
#include "PortComparison.h"
#include "runtime/emulator/grid/GridChip.h"
#include "runtime/support/Error.h"

#include <catch2/catch.hpp>

using namespace snnc;
using namespace snnc::emu;
using namespace snnc::emu::test;

TEST_CASE("the data-parallel emulator on the CPU gives the event-driven "
          "emulator's bits",
          "[grid]") {
  struct Variant {
    bool signedSpikes;
    uint32_t bits;
    bool linear;
  };
  for (Variant v : {Variant{false, 12, false}, Variant{true, 12, false},
                    Variant{true, 32, false}, Variant{false, 20, false},
                    Variant{true, 24, false}, Variant{true, 12, true}})
    for (uint32_t cap : {grid::kListCap, 0u}) {
      INFO("signed spikes " << v.signedSpikes << ", " << v.bits
                            << "-bit potentials, linear resets " << v.linear
                            << ", list cap " << cap);
      ChipConfig c = validRandomConfig(120, 7 + v.signedSpikes, v.signedSpikes,
                                       v.bits, v.linear);
      std::unique_ptr<ChipPort> local = makeLocalChip();
      std::unique_ptr<ChipPort> gridChip = grid::makeGridChip(cap);
      CHECK(requireSamePorts(c, *local, *gridChip, 40, 11) > 1000);
    }
}

TEST_CASE("the data-parallel emulator on cores larger than a CUDA block",
          "[grid]") {
  for (bool signedSpikes : {false, true}) {
    INFO("signed spikes " << signedSpikes);
    ChipConfig c = bigCoreConfig(17 + signedSpikes, signedSpikes);
    std::unique_ptr<ChipPort> local = makeLocalChip();
    std::unique_ptr<ChipPort> gridChip = grid::makeGridChip();
    CHECK(requireSamePorts(c, *local, *gridChip, 30, 3) > 1000);
  }
}

TEST_CASE("the data-parallel emulator checks input as the emulator does",
          "[grid]") {
  ChipConfig c = validRandomConfig(4, 3, false);
  std::unique_ptr<ChipPort> port = grid::makeGridChip();
  CHECK_THROWS_WITH(port->step({}), "the chip is not configured");
  port->configure(serializeConfig(c, ConfigFormat::Binary));
  CHECK_THROWS_WITH(port->step({{AxonSpike{9, 0, 1}, 0}}),
                    "input spike to core 9; the chip has 4 cores");
  CHECK_THROWS_WITH(
      port->step({{AxonSpike{0, 0, -1}, 0}}),
      "negative input spike to core 0 axon 0, but chip 'test' has unsigned "
      "spikes");
  CHECK_THROWS_WITH(port->step({{AxonSpike{0, 0, 1}, 4}}),
                    "input spike to core 0 axon 0 with delay 4; the chip's "
                    "maximum is 3");
  CHECK_THROWS_WITH(
      port->readout({{0, 999}}),
      Catch::Matchers::StartsWith("readout: neuron 999 of core 0"));
}

TEST_CASE("without a GPU the CUDA back end says why", "[grid]") {
  const std::string why = grid::cudaUnavailable();
  if (why.empty()) {
    WARN("a CUDA device is present: snnc-cuda-tests checks it");
    return;
  }
  try {
    grid::makeCudaChip();
    FAIL("no error");
  } catch (const Error &e) {
    CHECK(std::string(e.what()) == "the GPU emulator cannot run here: " + why);
  }
}
