//===- HostSession.cpp - The host's detection loop over a chip ------------===//
#include "runtime/emulator/HostSession.h"

#include "runtime/detection/Activation.h"
#include "runtime/image/Resize.h"
#include "runtime/support/Error.h"

#include <algorithm>
#include <filesystem>
#include <tuple>

namespace fs = std::filesystem;

namespace snnc::emu {

using namespace chipcfg;

std::string findConfigFile(const std::string &outDir) {
  fs::path binary = fs::path(outDir) / kConfigFileName;
  fs::path text = fs::path(outDir) / kConfigTextFileName;
  std::error_code ec;
  if (fs::is_regular_file(binary, ec))
    return binary.string();
  if (fs::is_regular_file(text, ec))
    return text.string();
  fail("{}: no configuration file: neither {} nor {} exists (snnc compile "
       "writes one)",
       outDir, binary.string(), text.string());
}

namespace {

uint32_t neuronsOf(const ChipConfig &cfg, uint32_t core) {
  return cfg.prototypes.at(cfg.cores.at(core).prototype).neurons;
}

void checkRef(const ChipConfig &cfg, const NeuronRef &r,
              const std::string &what) {
  if (r.core >= cfg.cores.size() ||
      cfg.cores[r.core].prototype >= cfg.prototypes.size())
    fail("{}: core {} of {}", what, r.core, cfg.cores.size());
  if (r.neuron >= neuronsOf(cfg, r.core))
    fail("{}: neuron {} of core {}, which has {} neurons", what, r.neuron,
         r.core, neuronsOf(cfg, r.core));
}

/// One watched neuron's contribution to an output element.
struct CountEntry {
  uint64_t key; ///< core << 32 | neuron
  uint32_t output, element;
  int32_t sign; ///< +1: positive neuron, -1: negative neuron.
  bool operator<(const CountEntry &o) const {
    return std::tie(key, output, element) <
           std::tie(o.key, o.output, o.element);
  }
};

inline uint64_t keyOf(uint32_t core, uint32_t neuron) {
  return (uint64_t(core) << 32) | neuron;
}

} // namespace

HostSession::HostSession(const ChipConfig &config, ChipPort &port)
    : cfg(config), port(port) {
  const InputMap &in = cfg.input;
  const size_t pixels = size_t(in.channels) * in.height * in.width;
  if (pixels == 0)
    fail("configuration '{}': the input map is empty ({}x{}x{})", cfg.network,
         in.channels, in.height, in.width);
  if (in.targetStart.size() != pixels + 1 || in.targetStart.front() != 0 ||
      in.targetStart.back() != in.targets.size())
    fail("configuration '{}': input map target starts do not match {} "
         "pixels and {} targets",
         cfg.network, pixels, in.targets.size());
  for (size_t p = 0; p < pixels; ++p)
    if (in.targetStart[p] > in.targetStart[p + 1])
      fail("configuration '{}': input map target starts decrease at pixel {}",
           cfg.network, p);
  for (const Target &t : in.targets)
    if (t.core >= cfg.cores.size())
      fail("configuration '{}': input target core {} of {}", cfg.network,
           t.core, cfg.cores.size());
  if (cfg.outputs.empty())
    fail("configuration '{}' has no outputs", cfg.network);
  for (const OutputMap &o : cfg.outputs) {
    const size_t n = size_t(o.channels) * o.height * o.width;
    if (n == 0 || o.positive.size() != n)
      fail("output '{}': {} neurons for {}x{}x{} elements", o.name,
           o.positive.size(), o.channels, o.height, o.width);
    if (!o.negative.empty() && o.negative.size() != n)
      fail("output '{}': {} negative neurons for {} elements", o.name,
           o.negative.size(), n);
    if (o.scale.size() != o.channels)
      fail("output '{}': {} scales for {} channels", o.name, o.scale.size(),
           o.channels);
    int expected = o.isRegion ? regionChannels(o.region) : yoloChannels(o.yolo);
    if (static_cast<int>(o.channels) != expected)
      fail("output '{}' has {} channels; its {} head needs {}", o.name,
           o.channels, o.isRegion ? "region" : "yolo", expected);
    for (const NeuronRef &r : o.positive)
      checkRef(cfg, r, "output '" + o.name + "'");
    for (const NeuronRef &r : o.negative)
      checkRef(cfg, r, "output '" + o.name + "'");
  }
}

Tensor HostSession::preprocess(const Image &image, bool letterbox) const {
  const InputMap &in = cfg.input;
  if (image.channels != static_cast<int>(in.channels))
    fail("configuration '{}' expects {} channels, the image has {}",
         cfg.network, in.channels, image.channels);
  int w = static_cast<int>(in.width), h = static_cast<int>(in.height);
  Image sized =
      letterbox ? letterboxImage(image, w, h).image : resizeImage(image, w, h);
  return Tensor{TensorShape{in.channels, in.height, in.width},
                std::move(sized.data)};
}

PixelEncoder::PixelEncoder(const InputMap &map, const Tensor &image)
    : map(map), image(image), potential(image.data.size(), 0.0f) {}

uint64_t PixelEncoder::next(std::vector<std::pair<AxonSpike, uint32_t>> &out) {
  out.clear();
  uint64_t fired = 0;
  const float *x = image.data.data();
  for (size_t p = 0; p < potential.size(); ++p) {
    float u = potential[p] + x[p];
    if (u >= 1.0f) {
      u = u - 1.0f;
      ++fired;
      for (uint32_t j = map.targetStart[p]; j < map.targetStart[p + 1]; ++j) {
        const Target &tg = map.targets[j];
        out.push_back({AxonSpike{tg.core, tg.axon, 1}, tg.delay});
      }
    }
    potential[p] = u;
  }
  return fired;
}

std::vector<TimedAxonSpike> encodeInput(const ChipConfig &config,
                                        const Tensor &image, int ticks) {
  const InputMap &in = config.input;
  if (image.data.size() != size_t(in.channels) * in.height * in.width)
    fail("configuration '{}' expects a {}x{}x{} input, got {} values",
         config.network, in.channels, in.height, in.width, image.data.size());
  PixelEncoder encoder(in, image);
  std::vector<TimedAxonSpike> out;
  std::vector<std::pair<AxonSpike, uint32_t>> tick;
  for (int t = 1; t <= ticks; ++t) {
    encoder.next(tick);
    for (const auto &[spike, delay] : tick)
      out.push_back({uint32_t(t) + delay - 1, spike.core, spike.axon});
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const TimedAxonSpike &a, const TimedAxonSpike &b) {
                     return a.tick < b.tick;
                   });
  return out;
}

std::vector<uint8_t> HostSession::encodePixel(float v, int ticks) {
  std::vector<uint8_t> out(std::max(ticks, 0), 0);
  float u = 0.0f;
  for (int t = 0; t < ticks; ++t) {
    u = u + v;
    if (u >= 1.0f) {
      u = u - 1.0f;
      out[t] = 1;
    }
  }
  return out;
}

HostRunResult HostSession::run(const Tensor &image,
                               const HostRunOptions &options) {
  const InputMap &in = cfg.input;
  const TensorShape shape{in.channels, in.height, in.width};
  if (!(image.shape == shape) ||
      image.data.size() != static_cast<size_t>(shape.size()))
    fail("configuration '{}' expects a {}x{}x{} input, got {}x{}x{} ({} "
         "values)",
         cfg.network, shape.c, shape.h, shape.w, image.shape.c, image.shape.h,
         image.shape.w, image.data.size());
  if (options.ticks < 1)
    fail("{} ticks; at least 1 is needed", options.ticks);
  HostRunResult result;
  result.checkpoints = options.checkpoints;
  if (result.checkpoints.empty())
    result.checkpoints = {options.ticks};
  std::sort(result.checkpoints.begin(), result.checkpoints.end());
  result.checkpoints.erase(
      std::unique(result.checkpoints.begin(), result.checkpoints.end()),
      result.checkpoints.end());
  for (int t : result.checkpoints)
    if (t < 1 || t > options.ticks)
      fail("checkpoint {} is outside ticks 1..{}", t, options.ticks);

  // What to watch and what to read.
  std::vector<CountEntry> countMap;
  std::vector<NeuronRef> watched, membrane;
  std::vector<size_t> membraneOffset(cfg.outputs.size(), 0);
  for (uint32_t k = 0; k < cfg.outputs.size(); ++k) {
    const OutputMap &o = cfg.outputs[k];
    if (o.decoding == OutputDecoding::Membrane) {
      membraneOffset[k] = membrane.size();
      membrane.insert(membrane.end(), o.positive.begin(), o.positive.end());
      continue;
    }
    for (uint32_t e = 0; e < o.positive.size(); ++e) {
      countMap.push_back(
          {keyOf(o.positive[e].core, o.positive[e].neuron), k, e, 1});
      if (!o.negative.empty())
        countMap.push_back(
            {keyOf(o.negative[e].core, o.negative[e].neuron), k, e, -1});
    }
  }
  std::sort(countMap.begin(), countMap.end());
  for (size_t i = 0; i < countMap.size(); ++i)
    if (i == 0 || countMap[i].key != countMap[i - 1].key)
      watched.push_back({static_cast<uint32_t>(countMap[i].key >> 32),
                         static_cast<uint32_t>(countMap[i].key)});

  port.reset();
  port.watch(watched);
  // Membrane: V(0), then snapshots at the readout delays and checkpoints.
  // Count: cumulative signed counts, snapshots at the readout delays.
  std::vector<int64_t> v0;
  std::vector<std::vector<int64_t>> counts(cfg.outputs.size());
  for (uint32_t k = 0; k < cfg.outputs.size(); ++k)
    if (cfg.outputs[k].decoding == OutputDecoding::SpikeCount)
      counts[k].assign(cfg.outputs[k].positive.size(), 0);
  if (!membrane.empty()) {
    v0 = port.readout(membrane);
    if (v0.size() != membrane.size())
      fail("chip returned {} potentials for {} neurons", v0.size(),
           membrane.size());
  }
  // Snapshots per output at its latency and its readout delay (membrane
  // values or counts): a checkpoint after the delay decodes from the delay,
  // one after the latency only from the latency (the ticks before it hold
  // no input), an earlier one from tick 0.
  std::vector<std::vector<int64_t>> atDelay(cfg.outputs.size());
  std::vector<std::vector<int64_t>> atLatency(cfg.outputs.size());
  auto snapshotTick = [&](int t) {
    if (t >= options.ticks)
      return false;
    for (const OutputMap &o : cfg.outputs)
      if ((o.readoutDelay > 0 && static_cast<int>(o.readoutDelay) == t) ||
          (o.latency > 0 && static_cast<int>(o.latency) == t))
        return true;
    return false;
  };

  PixelEncoder encoder(in, image);
  std::vector<std::pair<AxonSpike, uint32_t>> input;
  size_t nextCheckpoint = 0;
  for (int t = 1; t <= options.ticks; ++t) {
    result.inputSpikes += encoder.next(input);
    result.inputAxonSpikes += input.size();
    std::vector<NeuronSpike> spikes = port.step(input);
    for (const NeuronSpike &s : spikes) {
      CountEntry probe{keyOf(s.core, s.neuron), 0, 0, 0};
      auto it = std::lower_bound(countMap.begin(), countMap.end(), probe,
                                 [](const CountEntry &a, const CountEntry &b) {
                                   return a.key < b.key;
                                 });
      for (; it != countMap.end() && it->key == probe.key; ++it)
        counts[it->output][it->element] += int64_t(it->sign) * s.sign;
    }

    const bool checkpoint = nextCheckpoint < result.checkpoints.size() &&
                            result.checkpoints[nextCheckpoint] == t;
    if (!checkpoint && !snapshotTick(t))
      continue;
    std::vector<int64_t> vNow;
    if (!membrane.empty()) {
      vNow = port.readout(membrane);
      if (vNow.size() != membrane.size())
        fail("chip returned {} potentials for {} neurons", vNow.size(),
             membrane.size());
    }
    auto valueNow = [&](uint32_t k) -> std::vector<int64_t> {
      const OutputMap &o = cfg.outputs[k];
      if (o.decoding == OutputDecoding::SpikeCount)
        return counts[k];
      auto b = vNow.begin() + static_cast<ptrdiff_t>(membraneOffset[k]);
      return std::vector<int64_t>(
          b, b + static_cast<ptrdiff_t>(o.positive.size()));
    };
    if (checkpoint) {
      ++nextCheckpoint;
      std::vector<Tensor> heads;
      for (uint32_t k = 0; k < cfg.outputs.size(); ++k) {
        const OutputMap &o = cfg.outputs[k];
        std::vector<int64_t> now = valueNow(k);
        std::vector<int64_t> base;
        int from = 0;
        if (t > static_cast<int>(o.readoutDelay) && !atDelay[k].empty()) {
          base = atDelay[k];
          from = static_cast<int>(o.readoutDelay);
        } else if (t > static_cast<int>(o.latency) && !atLatency[k].empty()) {
          base = atLatency[k];
          from = static_cast<int>(o.latency);
        } else if (o.decoding == OutputDecoding::Membrane)
          base.assign(v0.begin() + static_cast<ptrdiff_t>(membraneOffset[k]),
                      v0.begin() + static_cast<ptrdiff_t>(membraneOffset[k] +
                                                          o.positive.size()));
        else
          base.assign(now.size(), 0);
        const float ticks = static_cast<float>(t - from);
        Tensor head{TensorShape{o.channels, o.height, o.width},
                    std::vector<float>(now.size())};
        const size_t hw = size_t(o.height) * o.width;
        for (uint32_t c = 0; c < o.channels; ++c)
          for (size_t p = 0; p < hw; ++p) {
            size_t e = c * hw + p;
            head.data[e] =
                static_cast<float>(now[e] - base[e]) / ticks * o.scale[c];
          }
        if (options.activateHeads) {
          int h = static_cast<int>(o.height), w = static_cast<int>(o.width);
          if (o.isRegion)
            activateRegion(head.data.data(), h, w, o.region);
          else
            activateYolo(head.data.data(), h, w, o.yolo);
        }
        heads.push_back(std::move(head));
      }
      result.heads.push_back(std::move(heads));
      if (options.countersAtCheckpoints)
        result.checkpointCounters.push_back(port.counters());
    }
    for (uint32_t k = 0; k < cfg.outputs.size(); ++k) {
      const OutputMap &o = cfg.outputs[k];
      if (o.readoutDelay > 0 && static_cast<int>(o.readoutDelay) == t)
        atDelay[k] = valueNow(k);
      if (o.latency > 0 && static_cast<int>(o.latency) == t)
        atLatency[k] = valueNow(k);
    }
  }
  result.counters = port.counters();
  return result;
}

Detections HostSession::decode(const std::vector<Tensor> &heads, int imageW,
                               int imageH,
                               const DetectorOptions &options) const {
  if (heads.size() != cfg.outputs.size())
    fail("configuration '{}' has {} heads, got {} tensors", cfg.network,
         cfg.outputs.size(), heads.size());
  std::vector<HeadInfo> info;
  for (size_t i = 0; i < heads.size(); ++i) {
    const OutputMap &o = cfg.outputs[i];
    if (!(heads[i].shape == TensorShape{o.channels, o.height, o.width}) ||
        heads[i].data.size() != size_t(o.channels) * o.height * o.width)
      fail("configuration '{}': head {} ({}) is {}x{}x{}, got {}x{}x{}",
           cfg.network, i, o.name, o.channels, o.height, o.width,
           heads[i].shape.c, heads[i].shape.h, heads[i].shape.w);
    HeadInfo h;
    h.isRegion = o.isRegion;
    h.region = o.region;
    h.yolo = o.yolo;
    info.push_back(std::move(h));
  }
  return decodeHeadTensors(info, heads, static_cast<int>(cfg.input.width),
                           static_cast<int>(cfg.input.height), imageW, imageH,
                           options);
}

} // namespace snnc::emu
