//===- GridChip.h - The data-parallel emulators behind ChipPort -*- C++ -*-===//
//
// makeGridChip: GridKernels.h run on the CPU (the CUDA back end's
// reference). makeCudaChip: the same kernels on an NVIDIA GPU, when snnc
// was built with CUDA (nvcc found at configure time) and a device is
// present; both give the bits the event-driven Emulator gives (no fault
// model: FaultModel is the local emulator's).
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_EMULATOR_GRID_GRIDCHIP_H
#define SNNC_RUNTIME_EMULATOR_GRID_GRIDCHIP_H

#include "runtime/emulator/ChipPort.h"
#include "runtime/emulator/grid/GridView.h"

#include <memory>
#include <string>

namespace snnc::emu::grid {

/// `listCap`: cores with at most this many input terms gather them as a
/// list first (kListCap, as the CUDA kernels do; 0: never).
std::unique_ptr<ChipPort> makeGridChip(uint32_t listCap = kListCap);

/// Whether this build has the CUDA back end.
bool cudaBuilt();
/// Why no CUDA device can run the emulator here (empty when one can):
/// built without CUDA, no driver, no device.
std::string cudaUnavailable();
/// The GPU emulator on device 0; throws snnc::Error with cudaUnavailable()'s
/// reason when there is none.
std::unique_ptr<ChipPort> makeCudaChip();

} // namespace snnc::emu::grid

#endif // SNNC_RUNTIME_EMULATOR_GRID_GRIDCHIP_H
