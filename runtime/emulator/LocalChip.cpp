//===- LocalChip.cpp - The in-process emulator behind a ChipPort ----------===//
#include "runtime/emulator/ChipPort.h"

#include "runtime/chip/ConfigIO.h"
#include "runtime/support/Error.h"

namespace snnc::emu {

namespace {

class LocalChip final : public ChipPort {
public:
  explicit LocalChip(EmulatorOptions options) : options(options) {}

  void configure(const std::string &configBytes) override {
    // Parse first: a bad configuration leaves the previous one in place.
    auto parsed = std::make_unique<chipcfg::ChipConfig>(
        chipcfg::parseConfig(configBytes, "<configure>"));
    auto emulator = std::make_unique<Emulator>(*parsed, options);
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
    return out;
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
      out.push_back(e.potential(r.core, r.neuron));
    }
    return out;
  }

  std::vector<CoreCounters> counters() override { return chip().counters(); }

private:
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
