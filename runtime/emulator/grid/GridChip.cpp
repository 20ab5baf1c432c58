//===- GridChip.cpp - The data-parallel emulator, run on the CPU ----------===//
//
// GridKernels.h's functions in loops, one core after another in each phase:
// what each CUDA block does (CudaChip.cu), with the CPU in the place of the
// threads. It is the CUDA back end's reference (the same functions, tested
// against the event-driven Emulator on every CI run) and an independent
// second emulator; it is not meant to be fast.
//
//===----------------------------------------------------------------------===//
#include "runtime/emulator/grid/GridChip.h"

#include "runtime/emulator/grid/GridKernels.h"
#include "runtime/emulator/grid/GridPort.h"

namespace snnc::emu::grid {

namespace {

class GridChip final : public GridPort {
public:
  explicit GridChip(uint32_t listCap) : listCap(listCap) {}

protected:
  void load(const GridNetwork &n) override {
    potential.assign(n.neurons, 0);
    arrival.assign(size_t(n.ringSlots) * n.edges, 0);
    hostPos.assign(n.edges, 0);
    hostNeg.assign(n.edges, 0);
    spike.assign(n.neurons, 0);
    counts.assign(n.cores(), {});
    view = n.view();
    attachState(view, potential.data(), arrival.data(), hostPos.data(),
                hostNeg.data(), spike.data(), counts.data());
  }

  void clearState() override {
    std::copy(net->vInit.begin(), net->vInit.end(), potential.begin());
    std::fill(arrival.begin(), arrival.end(), 0);
    std::fill(hostPos.begin(), hostPos.end(), 0);
    std::fill(hostNeg.begin(), hostNeg.end(), 0);
    std::fill(spike.begin(), spike.end(), 0);
    std::fill(counts.begin(), counts.end(), GridCounters{});
  }

  void runTick(const std::vector<uint64_t> &host, uint32_t slot) override {
    for (uint64_t code : host)
      ++(code & 1 ? hostNeg : hostPos)[code >> 1];
    for (const std::vector<uint32_t> &phase : net->phases)
      for (uint32_t c : phase)
        runCore(c, slot);
  }

  std::vector<int8_t> spikesOf(const std::vector<uint64_t> &neurons) override {
    std::vector<int8_t> out;
    for (uint64_t i : neurons)
      out.push_back(spike[i]);
    return out;
  }
  std::vector<int64_t>
  potentialsOf(const std::vector<uint64_t> &neurons) override {
    std::vector<int64_t> out;
    for (uint64_t i : neurons)
      out.push_back(potential[i]);
    return out;
  }
  std::vector<GridCounters> allCounters() override { return counts; }

private:
  /// What one CUDA block does for core c (CudaChip.cu's phaseKernel).
  void runCore(uint32_t c, uint32_t slot) {
    const GridView &g = view;
    const uint32_t p = g.coreProto[c];
    const uint32_t neurons = g.protoNeurons[p];
    const uint64_t inEdges = g.coreEdge[c + 1] - g.coreEdge[c];
    const bool useList = inEdges + g.protoAxons[p] <= listCap;
    list.clear();
    if (useList)
      for (uint64_t k = 0; k < inEdges; ++k) {
        ActiveInput terms[2];
        const int n = activeInput(g, c, k, slot, terms);
        list.insert(list.end(), terms, terms + n);
      }
    unsigned long long saturations = 0, out = 0, hops = 0, in = 0, events = 0;
    for (uint32_t n = 0; n < neurons; ++n) {
      const int64_t input = useList
                                ? listInput(g, c, n, list.data(),
                                            static_cast<uint32_t>(list.size()))
                                : neuronInput(g, c, n, slot);
      const int8_t s = stepNeuron(g, c, n, input, saturations);
      if (s) {
        ++out;
        hops += routeNeuron(g, c, n, s, slot);
      }
    }
    countInput(g, c, slot, in, events);
    for (uint64_t k = 0; k < inEdges; ++k)
      clearInput(g, c, k, slot);
    addCounters(g, c, in, out, events, hops, saturations);
  }

  const uint32_t listCap;
  GridView view{};
  std::vector<int64_t> potential;
  std::vector<uint8_t> arrival;
  std::vector<int32_t> hostPos, hostNeg;
  std::vector<int8_t> spike;
  std::vector<GridCounters> counts;
  std::vector<ActiveInput> list;
};

} // namespace

std::unique_ptr<ChipPort> makeGridChip(uint32_t listCap) {
  return std::make_unique<GridChip>(listCap);
}

} // namespace snnc::emu::grid
