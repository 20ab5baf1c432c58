//===- ChipConfig.cpp - Counting and validating a chip configuration ------===//
//
// validate() runs in time linear in the size of the configuration (every
// vector is visited once; targets look their core's prototype up by index),
// so that it can check configurations of 10^6 cores and 10^8 synapses after
// every load.
//
//===----------------------------------------------------------------------===//
#include "runtime/chip/ChipConfig.h"

#include "runtime/chip/Limits.h"
#include <algorithm>

#include <cmath>
#include <limits>

#include "runtime/support/Error.h"

namespace snnc::chipcfg {

std::vector<uint32_t> boardParts(const ChipConfig &config, int parts) {
  // The chips the cores sit on, in increasing index, in contiguous blocks
  // of (nearly) equal counts: part p runs the cores of block p.
  const ChipInfo &chip = config.chip;
  const size_t cores = config.cores.size();
  std::vector<uint64_t> chipOf(cores, 0);
  for (size_t c = 0; c < cores; ++c) {
    const Core &core = config.cores[c];
    if (core.x < 0 || core.y < 0)
      fail("core {}: position ({}, {}) is off the board", c, core.x, core.y);
    if (chip.coresX && chip.coresY)
      chipOf[c] = uint64_t(uint32_t(core.y) / chip.coresY) * chip.chipsX +
                  uint32_t(core.x) / chip.coresX;
  }
  std::vector<uint64_t> used = chipOf;
  std::sort(used.begin(), used.end());
  used.erase(std::unique(used.begin(), used.end()), used.end());
  if (parts < 1 || used.size() < size_t(parts))
    fail("chip configuration '{}': its cores sit on {} chip{}, which cannot "
         "be spread over {} parts of a board",
         config.network, used.size(), used.size() == 1 ? "" : "s", parts);
  std::vector<uint32_t> blockOf(used.size());
  for (int p = 0; p < parts; ++p)
    for (size_t i = used.size() * p / parts; i < used.size() * (p + 1) / parts;
         ++i)
      blockOf[i] = static_cast<uint32_t>(p);
  std::vector<uint32_t> partOf(cores);
  for (size_t c = 0; c < cores; ++c)
    partOf[c] = blockOf[std::lower_bound(used.begin(), used.end(), chipOf[c]) -
                        used.begin()];
  return partOf;
}

std::vector<uint32_t> corePhases(const ChipConfig &config) {
  // Delay-0 edges go to strictly higher levels, so visiting cores by
  // increasing level settles each phase before it is propagated.
  const size_t cores = config.cores.size();
  std::vector<uint32_t> order(cores), phase(cores, 0);
  for (size_t c = 0; c < cores; ++c)
    order[c] = static_cast<uint32_t>(c);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return config.cores[a].level < config.cores[b].level;
  });
  for (uint32_t c : order)
    for (const Target &t : config.cores[c].targets)
      if (t.delay == 0 && t.core < cores)
        phase[t.core] = std::max(phase[t.core], phase[c] + 1);
  return phase;
}

void releaseTargets(ChipConfig &config) {
  for (Core &core : config.cores) {
    std::vector<uint32_t>().swap(core.targetStart);
    std::vector<Target>().swap(core.targets);
  }
}

uint64_t ChipConfig::neuronCount() const {
  uint64_t n = 0;
  for (const Core &core : cores)
    if (core.prototype < prototypes.size())
      n += prototypes[core.prototype].neurons;
  return n;
}

uint64_t ChipConfig::synapseCount() const {
  uint64_t n = 0;
  for (const Core &core : cores)
    if (core.prototype < prototypes.size())
      n += prototypes[core.prototype].synapses();
  return n;
}

namespace {

/// Checks a CSR offset vector: `size` entries + 1, starting at 0,
/// non-decreasing, ending at `total`. An empty vector is accepted for an
/// empty range (size and total 0: a default-constructed map). `describe`
/// names the owner in errors.
template <typename Describe>
void checkOffsets(const std::vector<uint32_t> &start, uint64_t size,
                  uint64_t total, const char *field, const char *element,
                  Describe describe) {
  if (start.empty() && size == 0 && total == 0)
    return;
  if (start.size() != size + 1)
    fail("{}: {} has {} entries, expected {} ({} {}s + 1)", describe(), field,
         start.size(), size + 1, size, element);
  if (start[0] != 0)
    fail("{}: {}[0] is {}, expected 0", describe(), field, start[0]);
  for (uint64_t i = 0; i < size; ++i)
    if (start[i + 1] < start[i])
      fail("{}: {} decreases at {} {}: {} then {}", describe(), field, element,
           i, start[i], start[i + 1]);
  if (start[size] != total)
    fail("{}: {} ends at {}, expected {} (the number of entries)", describe(),
         field, start[size], total);
}

void checkPrototype(const ChipInfo &chip, const CorePrototype &p, size_t pi) {
  auto describe = [&] {
    return fmt::format("prototype {} ('{}')", pi, p.name);
  };
  if (p.kind != CrossbarKind::Binary && p.kind != CrossbarKind::Weighted)
    fail("{}: unknown crossbar kind {}", describe(), int(p.kind));
  if (chip.axonsPerCore != 0 && p.axons > chip.axonsPerCore)
    fail("{}: {} axons exceed the chip's {} axons per core", describe(),
         p.axons, chip.axonsPerCore);
  if (chip.neuronsPerCore != 0 && p.neurons > chip.neuronsPerCore)
    fail("{}: {} neurons exceed the chip's {} neurons per core", describe(),
         p.neurons, chip.neuronsPerCore);

  // Connectivity.
  checkOffsets(p.rowStart, p.axons, p.column.size(), "rowStart", "axon",
               describe);
  for (uint32_t a = 0; a < p.axons; ++a) {
    uint32_t begin = p.rowStart[a], end = p.rowStart[a + 1];
    for (uint32_t s = begin; s < end; ++s) {
      if (p.column[s] >= p.neurons)
        fail("{}: axon {} connects to neuron {}, but the prototype has {} "
             "neurons",
             describe(), a, p.column[s], p.neurons);
      if (s > begin && p.column[s] <= p.column[s - 1])
        fail("{}: axon {}: neurons not strictly increasing ({} then {})",
             describe(), a, p.column[s - 1], p.column[s]);
    }
  }
  if (p.kind == CrossbarKind::Weighted) {
    if (p.weight.size() != p.column.size())
      fail("{}: weighted crossbar has {} weights for {} synapses", describe(),
           p.weight.size(), p.column.size());
    if (!p.axonTypes.empty())
      fail("{}: weighted crossbar has {} axon types, expected none", describe(),
           p.axonTypes.size());
  } else {
    if (!p.weight.empty())
      fail("{}: binary crossbar has {} per-synapse weights, expected none",
           describe(), p.weight.size());
    if (p.axonTypes.size() != p.axons)
      fail("{}: {} axon types for {} axons", describe(), p.axonTypes.size(),
           p.axons);
    for (uint32_t a = 0; a < p.axons; ++a)
      if (p.axonTypes[a] >= kMaxAxonTypes)
        fail("{}: axon {} has type {}, expected 0..{}", describe(), a,
             p.axonTypes[a], kMaxAxonTypes - 1);
  }

  // Neurons and their types.
  for (size_t t = 0; t < p.neuronTypes.size(); ++t) {
    const NeuronType &nt = p.neuronTypes[t];
    if (nt.alpha <= 0)
      fail("{}: neuron type {}: threshold alpha {} must be > 0", describe(), t,
           nt.alpha);
    if (nt.beta < 0)
      fail("{}: neuron type {}: negative threshold beta {} must be >= 0",
           describe(), t, nt.beta);
    if (nt.reset != ResetMode::Absolute && nt.reset != ResetMode::Linear &&
        nt.reset != ResetMode::None)
      fail("{}: neuron type {}: unknown reset mode {}", describe(), t,
           int(nt.reset));
    if (nt.negative != NegativeMode::Reset &&
        nt.negative != NegativeMode::Saturate &&
        nt.negative != NegativeMode::Spike)
      fail("{}: neuron type {}: unknown negative mode {}", describe(), t,
           int(nt.negative));
    if (p.kind == CrossbarKind::Weighted)
      for (int k = 0; k < 4; ++k)
        if (nt.weights[k] != 0)
          fail("{}: neuron type {}: weighted crossbar, but type weight {} is "
               "{} (must be 0: the synapses carry the weights)",
               describe(), t, k, nt.weights[k]);
  }
  if (p.neuronType.size() != p.neurons)
    fail("{}: {} neuron type indices for {} neurons", describe(),
         p.neuronType.size(), p.neurons);
  for (uint32_t n = 0; n < p.neurons; ++n)
    if (p.neuronType[n] >= p.neuronTypes.size())
      fail("{}: neuron {} has type {}, but the prototype has {} neuron types",
           describe(), n, p.neuronType[n], p.neuronTypes.size());
}

/// Checks one spike target. `level` is the sender's level, or -1 for the
/// host (no level rule).
template <typename Describe>
void checkTarget(const ChipConfig &config, const Target &t, int64_t level,
                 bool scheduled, Describe describe) {
  if (t.core >= config.cores.size())
    fail("{}: target core {} out of range ({} cores)", describe(), t.core,
         config.cores.size());
  const Core &dest = config.cores[t.core];
  // The destination core's prototype index was checked before any target.
  const CorePrototype &p = config.prototypes[dest.prototype];
  if (t.axon >= p.axons)
    fail("{}: target axon {} of core {} out of range (its prototype {} has {} "
         "axons)",
         describe(), t.axon, t.core, dest.prototype, p.axons);
  if (!scheduled)
    return;
  if (t.delay > config.chip.maxDelay)
    fail("{}: delay {} to core {} axon {} exceeds the chip's maximum delay {}",
         describe(), t.delay, t.core, t.axon, config.chip.maxDelay);
  if (t.delay == 0 && level >= 0 && int64_t(dest.level) <= level)
    fail("{}: delay-0 target core {} has level {}, which is not above the "
         "sender's level {}",
         describe(), t.core, dest.level, level);
}

/// channels * height * width; an error when it exceeds 2^32 - 1 (the
/// offsets and indices are 32-bit), so that no product ever wraps.
template <typename Describe>
uint64_t volume(uint32_t channels, uint32_t height, uint32_t width,
                const char *element, Describe describe) {
  uint64_t plane = uint64_t(channels) * height; // < 2^64
  constexpr uint64_t limit = 0xffffffffu;
  if (plane > limit || (plane != 0 && width > limit / plane))
    fail("{}: {}x{}x{} {}s exceed 2^32 - 1", describe(), channels, height,
         width, element);
  return plane * width;
}

template <typename Describe>
void checkRef(const ChipConfig &config, const NeuronRef &r, Describe describe) {
  if (r.core >= config.cores.size())
    fail("{}: core {} out of range ({} cores)", describe(), r.core,
         config.cores.size());
  const Core &core = config.cores[r.core];
  uint32_t neurons = config.prototypes[core.prototype].neurons;
  if (r.neuron >= neurons)
    fail("{}: neuron {} of core {} out of range (its prototype {} has {} "
         "neurons)",
         describe(), r.neuron, r.core, core.prototype, neurons);
}

} // namespace

void ChipConfig::validate(bool routesScheduled, bool checkPrototypes) const {
  // Chip.
  if (chip.crossbar != CrossbarKind::Binary &&
      chip.crossbar != CrossbarKind::Weighted)
    fail("chip: unknown crossbar kind {}", int(chip.crossbar));
  if (chip.potentialBits < kMinPotentialBits ||
      chip.potentialBits > kMaxPotentialBits)
    fail("chip: potential_bits={} is outside {}..{}", chip.potentialBits,
         kMinPotentialBits, kMaxPotentialBits);
  if (chip.maxDelay > kMaxDelay)
    fail("chip: max_delay={} exceeds snnc's longest delay of {} ticks",
         chip.maxDelay, kMaxDelay);
  if (chip.axonsPerCore > kMaxCoreSide || chip.neuronsPerCore > kMaxCoreSide)
    fail("chip: {} axons and {} neurons per core; at most {} each",
         chip.axonsPerCore, chip.neuronsPerCore, kMaxCoreSide);

  for (size_t pi = 0; pi < prototypes.size() && checkPrototypes; ++pi)
    checkPrototype(chip, prototypes[pi], pi);

  // Core headers first, so that targets can rely on every prototype index.
  for (size_t ci = 0; ci < cores.size(); ++ci) {
    const Core &core = cores[ci];
    if (core.prototype >= prototypes.size())
      fail("core {}: prototype {} out of range ({} prototypes)", ci,
           core.prototype, prototypes.size());
    if (core.layer >= layers.size())
      fail("core {}: layer {} out of range ({} layers)", ci, core.layer,
           layers.size());
  }
  for (size_t ci = 0; ci < cores.size(); ++ci) {
    const Core &core = cores[ci];
    const CorePrototype &p = prototypes[core.prototype];
    if (partialTargets && core.targetStart.empty()) {
      // Another part's core: its kept (delay-0) targets, by index only.
      for (size_t k = 0; k < core.targets.size(); ++k)
        checkTarget(*this, core.targets[k], core.level, routesScheduled, [&] {
          return fmt::format("core {} target {} (kept for a board part)", ci,
                             k);
        });
      continue;
    }
    checkOffsets(core.targetStart, p.neurons, core.targets.size(),
                 "targetStart", "neuron", [&] {
                   return fmt::format("core {} (prototype {})", ci,
                                      core.prototype);
                 });
    for (uint32_t n = 0; n < p.neurons; ++n)
      for (uint32_t k = core.targetStart[n]; k < core.targetStart[n + 1]; ++k)
        checkTarget(*this, core.targets[k], core.level, routesScheduled, [&] {
          return fmt::format("core {} neuron {} target {}", ci, n,
                             k - core.targetStart[n]);
        });
  }

  // Input map.
  auto describeInput = [&] {
    return fmt::format("input map ({}x{}x{})", input.channels, input.height,
                       input.width);
  };
  uint64_t pixels =
      volume(input.channels, input.height, input.width, "pixel", describeInput);
  checkOffsets(input.targetStart, pixels, input.targets.size(), "targetStart",
               "pixel", describeInput);
  for (uint64_t px = 0; px < pixels; ++px)
    for (uint32_t k = input.targetStart[px]; k < input.targetStart[px + 1]; ++k)
      checkTarget(*this, input.targets[k], -1, routesScheduled, [&] {
        return fmt::format("input pixel {} target {}", px,
                           k - input.targetStart[px]);
      });

  // Outputs.
  for (size_t oi = 0; oi < outputs.size(); ++oi) {
    const OutputMap &o = outputs[oi];
    auto describe = [&] { return fmt::format("output {} ('{}')", oi, o.name); };
    if (o.decoding != OutputDecoding::Membrane &&
        o.decoding != OutputDecoding::SpikeCount)
      fail("{}: unknown decoding {}", describe(), int(o.decoding));
    uint64_t elements =
        volume(o.channels, o.height, o.width, "element", describe);
    if (o.scale.size() != o.channels)
      fail("{}: {} scales for {} channels", describe(), o.scale.size(),
           o.channels);
    // A NaN or infinite scale turns every decoded value into NaN: boxes at
    // "-nan" rather than an error.
    for (size_t c = 0; c < o.scale.size(); ++c)
      if (!std::isfinite(o.scale[c]))
        fail("{}: scale of channel {} is {}; scales must be finite", describe(),
             c, o.scale[c]);
    // A readout that starts after the longest run never reads anything (and
    // the host counts ticks in int, where 4e9 would wrap to a negative one).
    if (o.readoutDelay >= kMaxTicks)
      fail("{}: readout_delay={} is not below the longest run ({} ticks)",
           describe(), o.readoutDelay, kMaxTicks);
    if (o.latency > o.readoutDelay)
      fail("{}: latency={} is above readout_delay={} (an output integrates "
           "only after the input reaches it)",
           describe(), o.latency, o.readoutDelay);
    const int32_t classes = o.isRegion ? o.region.classes : o.yolo.classes;
    if (!classNames.empty() &&
        classes != static_cast<int64_t>(classNames.size()))
      fail("{}: the head has {} classes, the configuration names {}",
           describe(), classes, classNames.size());
    if (o.positive.size() != elements)
      fail("{}: {} positive neurons for {} elements ({}x{}x{})", describe(),
           o.positive.size(), elements, o.channels, o.height, o.width);
    if (!o.negative.empty() && o.negative.size() != elements)
      fail("{}: {} negative neurons, expected none or {} (one per element)",
           describe(), o.negative.size(), elements);
    for (uint64_t e = 0; e < o.positive.size(); ++e)
      checkRef(*this, o.positive[e], [&] {
        return fmt::format("{} element {} positive neuron", describe(), e);
      });
    for (uint64_t e = 0; e < o.negative.size(); ++e)
      checkRef(*this, o.negative[e], [&] {
        return fmt::format("{} element {} negative neuron", describe(), e);
      });
  }
}

} // namespace snnc::chipcfg
