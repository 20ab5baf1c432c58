//===- CudaChip.cpp - The data-parallel emulator on an NVIDIA GPU ---------===//
//
// The host side of the CUDA back end (built only with CUDA): the flat
// network uploaded once per configuration, the state kept on the device,
// per tick the host spikes uploaded and the phases launched
// (CudaKernels.cu); only the watched spikes, read-out potentials and
// counters come back.
//
//===----------------------------------------------------------------------===//
#include "runtime/emulator/grid/CudaKernels.h"
#include "runtime/emulator/grid/GridChip.h"
#include "runtime/emulator/grid/GridPort.h"

#include "runtime/support/Error.h"

#include <algorithm>

namespace snnc::emu::grid {

namespace {

void check(const char *error, const char *what) {
  if (error)
    fail("CUDA: {}: {}", what, error);
}

/// One device array, freed with its owner.
template <typename T> class DeviceArray {
public:
  DeviceArray() = default;
  DeviceArray(const DeviceArray &) = delete;
  DeviceArray &operator=(const DeviceArray &) = delete;
  ~DeviceArray() { cuda::release(ptr); }

  T *data() const { return ptr; }
  size_t size() const { return count; }
  /// Room for n elements (reallocated only to grow: buffers refilled every
  /// tick keep theirs).
  void allocate(size_t n, const char *what) {
    if (n > capacity) {
      cuda::release(ptr);
      ptr = nullptr;
      capacity = 0;
      void *p = nullptr;
      check(cuda::allocate(&p, n * sizeof(T)), what);
      ptr = static_cast<T *>(p);
      capacity = n;
    }
    count = n;
  }
  void upload(const std::vector<T> &v, const char *what) {
    allocate(v.size(), what);
    if (!v.empty())
      check(cuda::toDevice(ptr, v.data(), v.size() * sizeof(T)), what);
  }
  std::vector<T> download(const char *what) const {
    std::vector<T> v(count);
    if (count)
      check(cuda::toHost(v.data(), ptr, count * sizeof(T)), what);
    return v;
  }
  void zero(const char *what) {
    if (count)
      check(cuda::zero(ptr, count * sizeof(T)), what);
  }

private:
  T *ptr = nullptr;
  size_t count = 0, capacity = 0;
};

/// A configuration on the device and its state: built whole before it
/// replaces the previous one, so a configure that fails (out of device
/// memory) leaves the previous network as it was.
struct DeviceNetwork {
  GridView view{};
  uint32_t threads = 256;
  std::vector<size_t> phaseStart;
  DeviceArray<uint32_t> coreProto, protoAxons, protoNeurons, rowLength,
      neuronType, edgeAxon, routeDelay, hops, phaseCores;
  DeviceArray<uint64_t> coreNeuron, coreEdge, protoWeight, protoNeuronType,
      protoRow, routeStart, routeEdge;
  DeviceArray<int32_t> weight, hostPos, hostNeg;
  DeviceArray<GridNeuronType> types;
  DeviceArray<int64_t> vInit, potential;
  DeviceArray<uint8_t> arrival;
  DeviceArray<int8_t> spike;
  DeviceArray<GridCounters> counts;

  explicit DeviceNetwork(const GridNetwork &n) {
    coreProto.upload(n.coreProto, "core prototypes");
    coreNeuron.upload(n.coreNeuron, "core neurons");
    coreEdge.upload(n.coreEdge, "core in-edges");
    protoAxons.upload(n.protoAxons, "prototype axons");
    protoNeurons.upload(n.protoNeurons, "prototype neurons");
    protoWeight.upload(n.protoWeight, "prototype weights");
    protoNeuronType.upload(n.protoNeuronType, "prototype neuron types");
    protoRow.upload(n.protoRow, "prototype rows");
    weight.upload(n.weight, "weights");
    rowLength.upload(n.rowLength, "row lengths");
    neuronType.upload(n.neuronType, "neuron types");
    types.upload(n.types, "neuron type parameters");
    edgeAxon.upload(n.edgeAxon, "in-edge axons");
    routeStart.upload(n.routeStart, "route starts");
    routeEdge.upload(n.routeEdge, "routes");
    routeDelay.upload(n.routeDelay, "route delays");
    hops.upload(n.hops, "hops");
    vInit.upload(n.vInit, "initial potentials");
    potential.allocate(n.neurons, "potentials");
    arrival.allocate(size_t(n.ringSlots) * n.edges, "arrival ring");
    hostPos.allocate(n.edges, "host spikes");
    hostNeg.allocate(n.edges, "host spikes");
    spike.allocate(n.neurons, "spikes");
    counts.allocate(n.cores(), "counters");
    std::vector<uint32_t> order;
    phaseStart.assign(1, 0);
    for (const std::vector<uint32_t> &phase : n.phases) {
      order.insert(order.end(), phase.begin(), phase.end());
      phaseStart.push_back(order.size());
    }
    phaseCores.upload(order, "phase cores");
    // A warp at least, a thread per neuron up to 256 (larger cores stride).
    threads = std::max<uint32_t>(
        32, std::min<uint32_t>(256, (n.maxNeurons + 31) / 32 * 32));
    view = n.view();
    view.coreProto = coreProto.data();
    view.coreNeuron = coreNeuron.data();
    view.coreEdge = coreEdge.data();
    view.protoAxons = protoAxons.data();
    view.protoNeurons = protoNeurons.data();
    view.protoWeight = protoWeight.data();
    view.protoNeuronType = protoNeuronType.data();
    view.protoRow = protoRow.data();
    view.weight = weight.data();
    view.rowLength = rowLength.data();
    view.neuronType = neuronType.data();
    view.types = types.data();
    view.edgeAxon = edgeAxon.data();
    view.routeStart = routeStart.data();
    view.routeEdge = routeEdge.data();
    view.routeDelay = routeDelay.data();
    view.hops = hops.data();
    attachState(view, potential.data(), arrival.data(), hostPos.data(),
                hostNeg.data(), spike.data(), counts.data());
  }
};

class CudaChip final : public GridPort {
protected:
  void load(const GridNetwork &n) override {
    auto fresh = std::make_unique<DeviceNetwork>(n);
    check(cuda::finish(), "loading the network");
    dev = std::move(fresh);
    uploadedIndex.clear();
  }
  bool keepsHostNetwork() const override { return false; }

  void clearState() override {
    DeviceNetwork &d = *dev;
    if (d.potential.size())
      check(cuda::onDevice(d.potential.data(), d.vInit.data(),
                           d.potential.size() * sizeof(int64_t)),
            "initial potentials");
    d.arrival.zero("arrival ring");
    d.hostPos.zero("host spikes");
    d.hostNeg.zero("host spikes");
    d.spike.zero("spikes");
    d.counts.zero("counters");
  }

  void runTick(const std::vector<uint64_t> &host, uint32_t slot) override {
    DeviceNetwork &d = *dev;
    if (!host.empty()) {
      hostCodes.upload(host, "host spikes");
      check(cuda::deposit(d.view, hostCodes.data(), host.size()),
            "depositing the host spikes");
    }
    for (size_t p = 0; p + 1 < d.phaseStart.size(); ++p)
      check(cuda::runPhase(d.view, d.phaseCores.data() + d.phaseStart[p],
                           d.phaseStart[p + 1] - d.phaseStart[p], slot,
                           d.threads),
            "running a phase");
  }

  std::vector<int8_t> spikesOf(const std::vector<uint64_t> &neurons) override {
    return gather(dev->spike, spikeOut, neurons, "spikes");
  }
  std::vector<int64_t>
  potentialsOf(const std::vector<uint64_t> &neurons) override {
    return gather(dev->potential, potentialOut, neurons, "potentials");
  }
  std::vector<GridCounters> allCounters() override {
    check(cuda::finish(), "counters");
    return dev->counts.download("counters");
  }

private:
  /// from[neurons[i]] for every i; the index is uploaded again only when
  /// it changes (the watched neurons are asked for every tick).
  template <typename T>
  std::vector<T> gather(const DeviceArray<T> &from, DeviceArray<T> &to,
                        const std::vector<uint64_t> &neurons,
                        const char *what) {
    if (neurons.empty())
      return {};
    if (neurons != uploadedIndex) {
      index.upload(neurons, what);
      uploadedIndex = neurons;
    }
    to.allocate(neurons.size(), what);
    check(cuda::gather(from.data(), index.data(), to.data(), neurons.size()),
          what);
    return to.download(what);
  }

  std::unique_ptr<DeviceNetwork> dev;
  DeviceArray<uint64_t> hostCodes, index;
  std::vector<uint64_t> uploadedIndex;
  DeviceArray<int8_t> spikeOut;
  DeviceArray<int64_t> potentialOut;
};

} // namespace

bool cudaBuilt() { return true; }

std::string cudaUnavailable() {
  int devices = 0;
  if (const char *error = cuda::deviceCount(&devices))
    return std::string("no CUDA device (") + error + ")";
  if (devices == 0)
    return "no CUDA device";
  return "";
}

std::unique_ptr<ChipPort> makeCudaChip() {
  const std::string why = cudaUnavailable();
  if (!why.empty())
    fail("the GPU emulator cannot run here: {}", why);
  return std::make_unique<CudaChip>();
}

} // namespace snnc::emu::grid
