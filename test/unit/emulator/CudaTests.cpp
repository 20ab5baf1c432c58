//===- CudaTests.cpp - The GPU emulator against the CPU emulator ----------===//
//
// Needs a CUDA device: without one (or in a build without CUDA) it prints
// why and exits 77, which ctest reports as skipped. With one, CudaChip must
// give the event-driven emulator's bits on random networks, small and
// large (cores larger than a block's list, many blocks per phase).
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

int main(int argc, char **argv) {
  const std::string why = grid::cudaUnavailable();
  if (!why.empty()) {
    std::cout << "snnc-cuda-tests: skipped: " << why << "\n";
    return 77;
  }
  return Catch::Session().run(argc, argv);
}
