//===- CudaTests.cpp - The GPU emulator against the CPU emulator ----------===//
//
// Needs a CUDA device: without one (or in a build without CUDA) it prints
// why and exits 77, which ctest reports as skipped. With one, CudaChip must
// give the event-driven emulator's bits on random networks: many blocks per
// phase, and cores larger than a block (over 256 neurons, over kListCap
// input terms).
//
//===----------------------------------------------------------------------===//
#define CATCH_CONFIG_RUNNER
#include "PortComparison.h"
#include "runtime/emulator/grid/GridChip.h"

#include <catch2/catch.hpp>

#include <iostream>

using namespace snnc;
using namespace snnc::emu;
using namespace snnc::emu::test;

TEST_CASE("the GPU emulator gives the CPU emulator's bits", "[cuda]") {
  struct Variant {
    uint32_t cores;
    bool signedSpikes;
    uint32_t bits;
  };
  for (Variant v : {Variant{120, false, 12}, Variant{120, true, 32},
                    Variant{120, true, 24}, Variant{3000, true, 20}}) {
    INFO(v.cores << " cores, signed spikes " << v.signedSpikes << ", " << v.bits
                 << "-bit potentials");
    ChipConfig c = validRandomConfig(v.cores, 5, v.signedSpikes, v.bits);
    std::unique_ptr<ChipPort> local = makeLocalChip();
    std::unique_ptr<ChipPort> gpu = grid::makeCudaChip();
    CHECK(requireSamePorts(c, *local, *gpu, 40, 13) > 1000);
  }
}

TEST_CASE("the GPU emulator on cores larger than a block", "[cuda]") {
  // More than 256 neurons (threads stride) and more than kListCap input
  // terms (each neuron sums over every in-edge).
  ChipConfig c = bigCoreConfig(17, true);
  std::unique_ptr<ChipPort> local = makeLocalChip();
  std::unique_ptr<ChipPort> gpu = grid::makeCudaChip();
  CHECK(requireSamePorts(c, *local, *gpu, 30, 3) > 1000);
}

int main(int argc, char **argv) {
  // --probe: only say (exit 0 or 77) whether the GPU emulator can run.
  const bool probe = argc == 2 && std::string(argv[1]) == "--probe";
  const std::string why = grid::cudaUnavailable();
  if (!why.empty()) {
    std::cout << "snnc-cuda-tests: skipped: " << why << "\n";
    return 77;
  }
  if (probe)
    return 0;
  return Catch::Session().run(argc, argv);
}
