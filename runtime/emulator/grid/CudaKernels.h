//===- CudaKernels.h - The GPU emulator's device side, plainly -*- C++ -*-===//
//
// What CudaKernels.cu (compiled by nvcc) offers the host code of CudaChip
// (compiled by the C++ compiler): device memory and the kernels, each
// call returning null on success or CUDA's error text. Nothing here needs
// fmt or the rest of snnc, so nvcc only ever sees GridView.h and
// GridKernels.h.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_EMULATOR_GRID_CUDAKERNELS_H
#define SNNC_RUNTIME_EMULATOR_GRID_CUDAKERNELS_H

#include "runtime/emulator/grid/GridView.h"

#include <cstddef>
#include <cstdint>

namespace snnc::emu::grid::cuda {

const char *deviceCount(int *count);
const char *allocate(void **pointer, size_t bytes);
void release(void *pointer);
const char *toDevice(void *to, const void *from, size_t bytes);
const char *toHost(void *to, const void *from, size_t bytes);
const char *onDevice(void *to, const void *from, size_t bytes);
const char *zero(void *pointer, size_t bytes);

/// Adds the host spikes `codes` (device; in-edge << 1 | negative) to the
/// host counts.
const char *deposit(const GridView &g, const uint64_t *codes, size_t count);
/// Runs the `count` cores at `cores` (device) of one phase: a block per
/// core, `threads` threads per block.
const char *runPhase(const GridView &g, const uint32_t *cores, size_t count,
                     uint32_t slot, uint32_t threads);
/// to[i] = from[index[i]] for i < count (all on the device).
const char *gather(const int8_t *from, const uint64_t *index, int8_t *to,
                   size_t count);
const char *gather(const int64_t *from, const uint64_t *index, int64_t *to,
                   size_t count);
/// Waits for the device (and reports an error of an earlier launch).
const char *finish();

} // namespace snnc::emu::grid::cuda

#endif // SNNC_RUNTIME_EMULATOR_GRID_CUDAKERNELS_H
