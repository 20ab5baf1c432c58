//===- CudaStub.cpp - The CUDA back end in a build without CUDA -----------===//
#include "runtime/emulator/grid/GridChip.h"

#include "runtime/support/Error.h"

namespace snnc::emu::grid {

bool cudaBuilt() { return false; }

std::string cudaUnavailable() {
  return "snnc was built without CUDA (no nvcc when cmake configured it; "
         "see docs/EMULATOR.md)";
}

std::unique_ptr<ChipPort> makeCudaChip() {
  fail("the GPU emulator cannot run here: {}", cudaUnavailable());
}

} // namespace snnc::emu::grid
