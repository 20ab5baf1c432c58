//===- GridPort.cpp - The host side of the data-parallel emulators --------===//
#include "runtime/emulator/grid/GridPort.h"

#include "runtime/chip/ConfigIO.h"
#include "runtime/support/Error.h"

#include <algorithm>
#include <limits>

namespace snnc::emu::grid {

using namespace chipcfg;

void GridPort::configure(const std::string &configBytes) {
  // Parse and flatten first: a bad configuration keeps the previous one.
  auto parsed =
      std::make_unique<ChipConfig>(parseConfig(configBytes, "<configure>"));
  auto flat = std::make_unique<GridNetwork>(buildGridNetwork(*parsed));
  releaseTargets(*parsed); // the routes are in the flat layout now
  load(*flat);
  if (!keepsHostNetwork())
    flat->releaseBulk();
  config = std::move(parsed);
  net = std::move(flat);
  watched.clear();
  watchedIndex.clear();
  reset();
}

const ChipConfig &GridPort::chip() const {
  if (!config)
    fail("the chip is not configured");
  return *config;
}

void GridPort::reset() {
  const ChipConfig &c = chip();
  tick = 0;
  hostQueue.assign(c.chip.maxDelay + 1, {});
  clearState();
}

std::vector<NeuronSpike>
GridPort::step(const std::vector<std::pair<AxonSpike, uint32_t>> &input) {
  chip();
  for (const auto &[spike, delay] : input)
    checkInputSpike(*config, spike, delay);
  for (const auto &[spike, delay] : input) {
    auto &queue = hostQueue[(tick + delay) % hostQueue.size()];
    if (queue.size() >= std::numeric_limits<uint32_t>::max() / 2)
      fail("too many input spikes queued for one tick ({})", queue.size());
    queue.push_back(spike);
  }
  std::vector<AxonSpike> &now = hostQueue[tick % hostQueue.size()];
  std::vector<uint64_t> host;
  host.reserve(now.size());
  for (const AxonSpike &s : now)
    host.push_back((net->coreEdge[s.core] + s.axon) << 1 |
                   (s.sign < 0 ? 1u : 0u));
  now.clear();
  runTick(host, static_cast<uint32_t>(tick % net->ringSlots));
  ++tick;
  std::vector<NeuronSpike> out;
  if (watchedIndex.empty())
    return out;
  const std::vector<int8_t> spikes = spikesOf(watchedIndex);
  for (size_t i = 0; i < spikes.size(); ++i)
    if (spikes[i])
      out.push_back({watched[i].core, watched[i].neuron, spikes[i]});
  return out;
}

uint64_t GridPort::globalNeuron(const NeuronRef &r, const char *what) const {
  const ChipConfig &c = chip();
  if (r.core >= c.cores.size())
    fail("{}: core {}; the chip has {} cores", what, r.core, c.cores.size());
  const uint32_t neurons = c.prototypes[c.cores[r.core].prototype].neurons;
  if (r.neuron >= neurons)
    fail("{}: neuron {} of core {}, which has {} neurons", what, r.neuron,
         r.core, neurons);
  return net->coreNeuron[r.core] + r.neuron;
}

void GridPort::watch(const std::vector<NeuronRef> &neurons) {
  std::vector<NeuronRef> sorted = neurons;
  for (const NeuronRef &r : sorted)
    globalNeuron(r, "watch");
  std::sort(sorted.begin(), sorted.end(),
            [](const NeuronRef &a, const NeuronRef &b) {
              return a.core != b.core ? a.core < b.core : a.neuron < b.neuron;
            });
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  std::vector<uint64_t> index;
  for (const NeuronRef &r : sorted)
    index.push_back(net->coreNeuron[r.core] + r.neuron);
  watched = std::move(sorted);
  watchedIndex = std::move(index);
}

std::vector<int64_t> GridPort::readout(const std::vector<NeuronRef> &neurons) {
  std::vector<uint64_t> index;
  index.reserve(neurons.size());
  for (const NeuronRef &r : neurons)
    index.push_back(globalNeuron(r, "readout"));
  return potentialsOf(index);
}

std::vector<CoreCounters> GridPort::counters() {
  chip();
  const std::vector<GridCounters> all = allCounters();
  std::vector<CoreCounters> out(all.size());
  for (size_t c = 0; c < all.size(); ++c)
    out[c] = {all[c].spikesIn, all[c].spikesOut,   all[c].synapticEvents,
              all[c].hops,     all[c].activeTicks, all[c].saturations};
  return out;
}

} // namespace snnc::emu::grid
