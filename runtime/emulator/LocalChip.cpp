//===- LocalChip.cpp - The in-process emulator behind a ChipPort ----------===//
//
// On a part of a board (EmulatorOptions::board) every part answers the
// host alike: the watched spikes, potentials and counters of all parts are
// gathered, so each part's host loop sees what one emulator would report.
//
//===----------------------------------------------------------------------===//
#include "runtime/emulator/ChipPort.h"

#include "runtime/chip/ConfigIO.h"
#include "runtime/support/Error.h"

#include <algorithm>

namespace snnc::emu {

namespace {

class LocalChip final : public ChipPort {
public:
  explicit LocalChip(EmulatorOptions options) : options(options) {}

  void configure(const std::string &configBytes) override {
    // Parse first: a bad configuration leaves the previous one in place.
    // A part of a board reads only its own cores' targets.
    auto parsed = std::make_unique<chipcfg::ChipConfig>(
        board() ? chipcfg::parseConfigPart(configBytes, "<configure>",
                                           options.board->part(),
                                           options.board->parts())
                : chipcfg::parseConfig(configBytes, "<configure>"));
    auto emulator = std::make_unique<Emulator>(*parsed, options);
    // The emulator has its own routes now (on a board, only its part's).
    chipcfg::releaseTargets(*parsed);
    emu = std::move(emulator);
    config = std::move(parsed);
    watchedCore.assign(config->cores.size(), {});
  }

  void reset() override { chip().reset(); }

  std::vector<NeuronSpike>
  step(const std::vector<std::pair<AxonSpike, uint32_t>> &input) override {
    Emulator &e = chip();
    // Checks the whole tick first: bad input changes nothing.
    e.injectAll(input);
    const std::vector<NeuronSpike> &all = e.tick();
    std::vector<NeuronSpike> out;
    for (const NeuronSpike &s : all) {
      const std::vector<uint8_t> &w = watchedCore[s.core];
      if (!w.empty() && w[s.neuron])
        out.push_back(s);
    }
    return board() ? gatherSpikes(out) : out;
  }

  void watch(const std::vector<chipcfg::NeuronRef> &neurons) override {
    chip();
    std::vector<std::vector<uint8_t>> w(config->cores.size());
    for (const chipcfg::NeuronRef &r : neurons) {
      check(r, "watch");
      std::vector<uint8_t> &bits = w[r.core];
      if (bits.empty())
        bits.assign(neuronCount(r.core), 0);
      bits[r.neuron] = 1;
    }
    watchedCore = std::move(w);
  }

  std::vector<int64_t>
  readout(const std::vector<chipcfg::NeuronRef> &neurons) override {
    Emulator &e = chip();
    std::vector<int64_t> out;
    out.reserve(neurons.size());
    for (const chipcfg::NeuronRef &r : neurons) {
      check(r, "readout");
      out.push_back(e.emulates(r.core) ? e.potential(r.core, r.neuron) : 0);
    }
    if (board()) { // each potential from the part that runs its core
      std::vector<uint64_t> sum(out.begin(), out.end());
      options.board->sum(sum);
      std::copy(sum.begin(), sum.end(), out.begin());
    }
    return out;
  }

  std::vector<CoreCounters> counters() override {
    const std::vector<CoreCounters> &mine = chip().counters();
    if (!board())
      return mine;
    // Each core's counters come from its part (zero on the others).
    constexpr size_t kFields = 6; // every field below, in order
    static_assert(sizeof(CoreCounters) == kFields * sizeof(uint64_t),
                  "a new CoreCounters field must be summed here too");
    std::vector<uint64_t> sum;
    sum.reserve(mine.size() * kFields);
    for (const CoreCounters &k : mine)
      sum.insert(sum.end(), {k.spikesIn, k.spikesOut, k.synapticEvents, k.hops,
                             k.activeTicks, k.saturations});
    options.board->sum(sum);
    std::vector<CoreCounters> all(mine.size());
    for (size_t c = 0; c < all.size(); ++c) {
      const uint64_t *f = sum.data() + kFields * c;
      all[c] = {f[0], f[1], f[2], f[3], f[4], f[5]};
    }
    return all;
  }

private:
  bool board() const { return options.board && options.board->parts() > 1; }
  /// Every part's spikes, sorted by core and neuron as one emulator's.
  std::vector<NeuronSpike> gatherSpikes(const std::vector<NeuronSpike> &mine) {
    std::vector<uint32_t> words;
    words.reserve(2 * mine.size());
    for (const NeuronSpike &s : mine) {
      words.push_back(s.core);
      words.push_back(s.neuron << 1 | (s.sign < 0 ? 1u : 0u));
    }
    const std::vector<uint32_t> all = options.board->gather(words);
    std::vector<NeuronSpike> out(all.size() / 2);
    for (size_t i = 0; i < out.size(); ++i)
      out[i] = {all[2 * i], all[2 * i + 1] >> 1,
                int8_t(all[2 * i + 1] & 1 ? -1 : 1)};
    std::sort(out.begin(), out.end(),
              [](const NeuronSpike &a, const NeuronSpike &b) {
                return a.core != b.core ? a.core < b.core : a.neuron < b.neuron;
              });
    return out;
  }
  Emulator &chip() {
    if (!emu)
      fail("the chip is not configured");
    return *emu;
  }
  uint32_t neuronCount(uint32_t core) const {
    return config->prototypes[config->cores[core].prototype].neurons;
  }
  void check(const chipcfg::NeuronRef &r, const char *what) const {
    if (r.core >= config->cores.size())
      fail("{}: core {}; the chip has {} cores", what, r.core,
           config->cores.size());
    if (r.neuron >= neuronCount(r.core))
      fail("{}: neuron {} of core {}, which has {} neurons", what, r.neuron,
           r.core, neuronCount(r.core));
  }

  EmulatorOptions options;
  std::unique_ptr<chipcfg::ChipConfig> config;
  std::unique_ptr<Emulator> emu;
  std::vector<std::vector<uint8_t>> watchedCore;
};

} // namespace

std::unique_ptr<ChipPort> makeLocalChip(EmulatorOptions options) {
  return std::make_unique<LocalChip>(options);
}

} // namespace snnc::emu
