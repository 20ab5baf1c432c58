//===- CudaKernels.cu - The data-parallel emulator's kernels --------------===//
//
// GridKernels.h on the device. Per tick: depositKernel adds the host
// spikes (atomic counts per axon); then one launch per phase runs a block
// per core of the phase and a thread per neuron (strided for cores larger
// than the block): the block gathers its core's input terms into shared
// memory, each thread integrates, updates and routes its neurons, and after
// a barrier the block clears its input and adds its counters. Launches on
// the default stream run in order, so a phase sees the delay-0 spikes of
// the phases before it.
//
//===----------------------------------------------------------------------===//
#include "runtime/emulator/grid/CudaKernels.h"
#include "runtime/emulator/grid/GridKernels.h"

#include <cuda_runtime.h>

namespace snnc::emu::grid::cuda {

namespace {

const char *status(cudaError_t s) {
  return s == cudaSuccess ? nullptr : cudaGetErrorString(s);
}

unsigned blocksFor(size_t n, unsigned threads) {
  return static_cast<unsigned>((n + threads - 1) / threads);
}

__global__ void depositKernel(GridView g, const uint64_t *codes, size_t n) {
  const size_t i = size_t(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i < n) {
    const uint64_t code = codes[i];
    atomicAdd(code & 1 ? &g.hostNeg[code >> 1] : &g.hostPos[code >> 1], 1);
  }
}

__global__ void phaseKernel(GridView g, const uint32_t *cores, uint32_t slot) {
  __shared__ ActiveInput list[kListCap];
  __shared__ unsigned int terms;
  __shared__ unsigned long long saturations, out, hops;
  const uint32_t c = cores[blockIdx.x];
  const uint32_t p = g.coreProto[c];
  const uint32_t neurons = g.protoNeurons[p];
  const uint64_t inEdges = g.coreEdge[c + 1] - g.coreEdge[c];
  const bool useList = inEdges + g.protoAxons[p] <= kListCap;
  if (threadIdx.x == 0) {
    terms = 0;
    saturations = out = hops = 0;
  }
  __syncthreads();
  if (useList)
    for (uint64_t k = threadIdx.x; k < inEdges; k += blockDim.x) {
      ActiveInput found[2];
      const int n = activeInput(g, c, k, slot, found);
      for (int j = 0; j < n; ++j)
        list[atomicAdd(&terms, 1u)] = found[j];
    }
  __syncthreads();
  unsigned long long mySaturations = 0, myOut = 0, myHops = 0;
  for (uint32_t n = threadIdx.x; n < neurons; n += blockDim.x) {
    const int64_t input =
        useList ? listInput(g, c, n, list, terms) : neuronInput(g, c, n, slot);
    const int8_t s = stepNeuron(g, c, n, input, mySaturations);
    if (s) {
      ++myOut;
      myHops += routeNeuron(g, c, n, s, slot);
    }
  }
  if (mySaturations)
    atomicAdd(&saturations, mySaturations);
  if (myOut) {
    atomicAdd(&out, myOut);
    atomicAdd(&hops, myHops);
  }
  unsigned long long in = 0, events = 0;
  if (threadIdx.x == 0)
    countInput(g, c, slot, in, events);
  __syncthreads(); // every neuron has read the input
  for (uint64_t k = threadIdx.x; k < inEdges; k += blockDim.x)
    clearInput(g, c, k, slot);
  if (threadIdx.x == 0)
    addCounters(g, c, in, out, events, hops, saturations);
}

template <typename T>
__global__ void gatherKernel(const T *from, const uint64_t *index, T *to,
                             size_t n) {
  const size_t i = size_t(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i < n)
    to[i] = from[index[i]];
}

} // namespace

const char *deviceCount(int *count) {
  return status(cudaGetDeviceCount(count));
}
const char *allocate(void **pointer, size_t bytes) {
  return status(cudaMalloc(pointer, bytes));
}
void release(void *pointer) { cudaFree(pointer); }
const char *toDevice(void *to, const void *from, size_t bytes) {
  return status(cudaMemcpy(to, from, bytes, cudaMemcpyHostToDevice));
}
const char *toHost(void *to, const void *from, size_t bytes) {
  return status(cudaMemcpy(to, from, bytes, cudaMemcpyDeviceToHost));
}
const char *onDevice(void *to, const void *from, size_t bytes) {
  return status(cudaMemcpy(to, from, bytes, cudaMemcpyDeviceToDevice));
}
const char *zero(void *pointer, size_t bytes) {
  return status(cudaMemset(pointer, 0, bytes));
}

const char *deposit(const GridView &g, const uint64_t *codes, size_t count) {
  if (count == 0)
    return nullptr;
  depositKernel<<<blocksFor(count, 256), 256>>>(g, codes, count);
  return status(cudaGetLastError());
}

const char *runPhase(const GridView &g, const uint32_t *cores, size_t count,
                     uint32_t slot, uint32_t threads) {
  if (count == 0)
    return nullptr;
  phaseKernel<<<static_cast<unsigned>(count), threads>>>(g, cores, slot);
  return status(cudaGetLastError());
}

const char *gather(const int8_t *from, const uint64_t *index, int8_t *to,
                   size_t count) {
  if (count == 0)
    return nullptr;
  gatherKernel<int8_t><<<blocksFor(count, 256), 256>>>(from, index, to, count);
  return status(cudaGetLastError());
}
const char *gather(const int64_t *from, const uint64_t *index, int64_t *to,
                   size_t count) {
  if (count == 0)
    return nullptr;
  gatherKernel<int64_t><<<blocksFor(count, 256), 256>>>(from, index, to, count);
  return status(cudaGetLastError());
}

const char *finish() { return status(cudaDeviceSynchronize()); }

} // namespace snnc::emu::grid::cuda
