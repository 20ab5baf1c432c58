//===- Emulator.cpp - Cycle-accurate emulator of a configured chip --------===//
//
// Layout and the tick loop (docs/EMULATOR.md gives the semantics):
//
// - Delay buffers: every core has a ring of R = (largest neuron-target
//   delay) + 1 inboxes; inbox u % R lists the spikes that reach the core's
//   axons in tick u as codes (axon << 1 | negative). Host spikes wait in a
//   queue of their own (chip.maxDelay + 1 ticks) and enter the current
//   inbox at the start of their tick.
// - Phases: a core's phase is the longest chain of delay-0 targets that
//   leads to it (0 without one), so every delay-0 spike goes to a later
//   phase and is integrated in the same tick. A phase runs in two parallel
//   passes over fixed chunks (functions of the phase size only): (1) each
//   chunk of consecutive cores integrates, evaluates and routes its
//   spikes into buckets by target block (64 consecutive cores); (2) each
//   target block appends its buckets, chunk by chunk, to its cores'
//   inboxes. Every task writes only its own cores, chunk or block, all
//   writes stay in cache-sized working sets, and the order of every inbox
//   is fixed: results are bit-identical for any thread count and equal to
//   processing the cores strictly level by level.
// - Integration: each spike of the inbox adds its axon's row into a
//   per-neuron accumulator: 32-bit when (spikes this tick) x (largest
//   |weight| of the prototype) < 2^31, else 64-bit (exact either way;
//   integer sums equal integration in increasing axon order). Rows with at
//   least 1/8 of the neurons connected are integrated densely: binary
//   crossbars as a bit mask over the neurons' weights for the axon's type
//   (an int32 [4][neurons] table), weighted crossbars as a dense row of 8-,
//   16- or 32-bit weights (as narrow as the prototype's weights allow,
//   within a memory budget); both loops vectorize (AVX2 where the CPU has
//   it). Sparser rows use the CSR lists.
// - Neurons: all of a core's neurons are evaluated when it received input
//   or has leaky neurons, branch-free and vectorized for potentials of at
//   most 48 bits (a variant for prototypes whose neurons all reset
//   linearly); otherwise only those that a tick without input would change
//   (tracked from the previous evaluation). Skipping any other neuron is
//   exact.
//
//===----------------------------------------------------------------------===//
#include "runtime/emulator/Emulator.h"

#include "runtime/support/Error.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <limits>

namespace snnc::emu {

using namespace chipcfg;

namespace {

/// Rows with at least neurons / kDenseDivisor synapses are integrated
/// densely.
constexpr uint32_t kDenseDivisor = 8;
/// Dense rows of weighted crossbars, all prototypes together (bytes).
constexpr size_t kDenseBudget = size_t(1) << 30;
/// Target cores per routing block.
constexpr uint32_t kBlockShift = 6;
/// Most chunks a phase is split into.
constexpr size_t kMaxChunks = 256;

// Hot loops, compiled for AVX2 and baseline and picked at load time (as in
// runtime/snn/Simulator.cpp); integer arithmetic, so both give the same
// bits.
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) &&         \
    defined(__linux__)
#define SNNC_HOT __attribute__((target_clones("avx2", "default")))
#else
#define SNNC_HOT
#endif

/// kByte[m][k] = all ones if bit k of m is set.
struct ByteTable {
  alignas(32) int32_t mask[256][8];
  constexpr ByteTable() : mask{} {
    for (int m = 0; m < 256; ++m)
      for (int k = 0; k < 8; ++k)
        mask[m][k] = (m >> k) & 1 ? -1 : 0;
  }
};
constexpr ByteTable kByte;

/// acc[n] +-= w[n] for every set bit n of `bits` (groups of 8 neurons).
SNNC_HOT void addMasked(int32_t *__restrict acc, const int32_t *__restrict w,
                        const uint8_t *__restrict bits, uint32_t groups,
                        bool negative) {
  for (uint32_t g = 0; g < groups; ++g) {
    const uint8_t m = bits[g];
    if (!m)
      continue;
    const int32_t *mask = kByte.mask[m];
    int32_t *a = acc + 8 * g;
    const int32_t *x = w + 8 * g;
    if (negative)
      for (int k = 0; k < 8; ++k)
        a[k] -= x[k] & mask[k];
    else
      for (int k = 0; k < 8; ++k)
        a[k] += x[k] & mask[k];
  }
}

template <typename W>
inline void addRowImpl(int32_t *__restrict acc, const W *__restrict w,
                       uint32_t n, bool negative) {
  if (negative)
    for (uint32_t i = 0; i < n; ++i)
      acc[i] -= w[i];
  else
    for (uint32_t i = 0; i < n; ++i)
      acc[i] += w[i];
}
SNNC_HOT void addRow8(int32_t *acc, const int8_t *w, uint32_t n, bool neg) {
  addRowImpl(acc, w, n, neg);
}
SNNC_HOT void addRow16(int32_t *acc, const int16_t *w, uint32_t n, bool neg) {
  addRowImpl(acc, w, n, neg);
}
SNNC_HOT void addRow32(int32_t *acc, const int32_t *w, uint32_t n, bool neg) {
  addRowImpl(acc, w, n, neg);
}

/// The parameters of a neuron type, widened.
struct NeuronParams {
  int64_t leak = 0, alpha = 1, beta = 0, resetValue = 0, vInit = 0;
  ResetMode reset = ResetMode::Linear;
  NegativeMode negative = NegativeMode::Saturate;
  bool fires = true;
};

struct PrototypePlan {
  const CorePrototype *proto = nullptr;
  uint32_t axons = 0, neurons = 0;
  uint32_t padded = 0; ///< neurons rounded up to a multiple of 8
  bool binary = true;
  std::vector<NeuronParams> types;
  bool anyLeak = false;
  /// Binary: weight of neuron n for axon type t at [t * padded + n].
  std::vector<int32_t> typeWeight;
  /// Largest |weight| of any synapse (bounds a tick's input).
  int64_t maxAbsWeight = 0;
  /// Dense rows: denseIndex[a] = row number, or kSparse.
  static constexpr uint32_t kSparse = ~0u;
  std::vector<uint32_t> denseIndex;
  /// Binary dense rows: [row][padded / 8] bit masks.
  std::vector<uint8_t> bits;
  /// Weighted dense rows: [row][padded], in the narrowest type that holds
  /// every weight of the prototype.
  int weightBytes = 0;
  std::vector<int8_t> w8;
  std::vector<int16_t> w16;
  std::vector<int32_t> w32;
  /// Per-neuron parameters for the vectorized update ([padded]; padding
  /// neurons never fire): see NeuronArrays.
  bool vectorNeurons = false;
  bool allLinear = true; ///< Every firing neuron resets linearly.
  std::vector<int64_t> leak, alpha, negBeta, posReset, negReset;
  std::vector<int64_t> posAbs, posLin, negSat, negAbs, negLin, negSpike;
};

/// Pointers into a PrototypePlan's per-neuron arrays. Masks are 0 or -1.
struct NeuronArrays {
  const int64_t *leak, *alpha, *negBeta, *posReset, *negReset;
  const int64_t *posAbs, *posLin, *negSat, *negAbs, *negLin, *negSpike;
};

/// The neuron model of fireLogic and the clamp, branch-free over
/// neurons [0, n): V += acc + wide + leak, acc = wide = 0, flags = +1 / -1
/// / 0 spikes.
/// Returns the number of potentials clamped. Needs |V| well below 2^62
/// (potentialBits <= 48).
template <bool AllLinear, typename VT, bool Wide>
inline uint64_t updateNeuronsImpl(VT *__restrict V, int32_t *__restrict acc,
                                  int64_t *__restrict wide,
                                  int8_t *__restrict flags, NeuronArrays a,
                                  uint32_t n, int64_t vMin, int64_t vMax) {
  uint64_t saturations = 0;
  for (uint32_t i = 0; i < n; ++i) {
    int64_t v = int64_t(V[i]) + acc[i] + a.leak[i];
    acc[i] = 0;
    if (Wide) {
      v += wide[i];
      wide[i] = 0;
    }
    const int64_t p = -static_cast<int64_t>(v >= a.alpha[i]);
    const int64_t q = ~p & -static_cast<int64_t>(v <= a.negBeta[i]);
    int64_t vp, vr;
    if (AllLinear) {
      // Every firing neuron resets linearly (the usual case).
      vp = v - a.alpha[i];
      vr = v - a.negBeta[i];
    } else {
      vp = (a.posAbs[i] & a.posReset[i]) |
           (~a.posAbs[i] & (v - (a.posLin[i] & a.alpha[i])));
      vr = (a.negAbs[i] & a.negReset[i]) |
           (~a.negAbs[i] & (v - (a.negLin[i] & a.negBeta[i])));
    }
    const int64_t vn = (a.negSat[i] & a.negBeta[i]) | (~a.negSat[i] & vr);
    int64_t x = (p & vp) | (q & vn) | (~(p | q) & v);
    const int64_t hi = -static_cast<int64_t>(x > vMax);
    const int64_t lo = -static_cast<int64_t>(x < vMin);
    saturations += static_cast<uint64_t>((hi | lo) & 1);
    x = (hi & vMax) | (lo & vMin) | (~(hi | lo) & x);
    V[i] = static_cast<VT>(x);
    flags[i] = static_cast<int8_t>((p & 1) - (q & a.negSpike[i] & 1));
  }
  return saturations;
}

// One compiled (and AVX2-cloned) variant per combination: all resets
// linear or not, 32- or 64-bit potentials, 64-bit input used or not.
#define SNNC_UPDATE(NAME, LINEAR, VT, WIDE)                                    \
  SNNC_HOT uint64_t NAME(VT *V, int32_t *acc, int64_t *wide, int8_t *flags,    \
                         NeuronArrays a, uint32_t n, int64_t vMin,             \
                         int64_t vMax) {                                       \
    return updateNeuronsImpl<LINEAR, VT, WIDE>(V, acc, wide, flags, a, n,      \
                                               vMin, vMax);                    \
  }
SNNC_UPDATE(update32, false, int32_t, false)
SNNC_UPDATE(update32Wide, false, int32_t, true)
SNNC_UPDATE(update32Linear, true, int32_t, false)
SNNC_UPDATE(update32LinearWide, true, int32_t, true)
SNNC_UPDATE(update64, false, int64_t, false)
SNNC_UPDATE(update64Wide, false, int64_t, true)
SNNC_UPDATE(update64Linear, true, int64_t, false)
SNNC_UPDATE(update64LinearWide, true, int64_t, true)
#undef SNNC_UPDATE

/// Calls f(i, flag) for every non-zero flag, in order.
template <typename F> void forEachFlag(const int8_t *flags, uint32_t n, F &&f) {
  uint32_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t word;
    std::memcpy(&word, flags + i, 8);
    if (!word)
      continue;
    for (uint32_t k = 0; k < 8; ++k)
      if (flags[i + k])
        f(i + k, flags[i + k]);
  }
  for (; i < n; ++i)
    if (flags[i])
      f(i, flags[i]);
}

/// A neuron target with its mesh distance.
struct Route {
  uint32_t core = 0, axon = 0, delay = 0, hops = 0;
};

/// A routed spike waiting in a bucket: target core, ring slot, axon code.
struct Delivery {
  uint32_t core = 0, slot = 0, code = 0;
};

struct CoreState {
  /// Potentials [padded]: v32 when the chip's potentials have at most 32
  /// bits, else v64 (the other is empty).
  std::vector<int32_t> v32;
  std::vector<int64_t> v64;
  /// This tick's input: acc while it provably fits 32 bits, else wide.
  std::vector<int32_t> acc;
  std::vector<int64_t> wide;
  std::vector<int8_t> flags; ///< [padded] spikes of the vectorized update
  std::vector<Route> routes; ///< As Core::targets.
  std::vector<uint32_t> unstable, scratch;
  std::vector<NeuronSpike> emitted;
};

/// The threshold, reset and negative-threshold logic on the potential
/// after integration and leak (before clamping).
inline int64_t fireLogic(const NeuronParams &q, int64_t v, bool signedSpikes,
                         int8_t &spike) {
  spike = 0;
  if (!q.fires)
    return v;
  if (v >= q.alpha) {
    spike = 1;
    if (q.reset == ResetMode::Absolute)
      return q.resetValue;
    if (q.reset == ResetMode::Linear)
      return v - q.alpha;
    return v;
  }
  if (v <= -q.beta) {
    if (q.negative == NegativeMode::Saturate)
      return -q.beta;
    if (q.negative == NegativeMode::Spike && signedSpikes)
      spike = -1;
    if (q.reset == ResetMode::Absolute)
      return -q.resetValue;
    if (q.reset == ResetMode::Linear)
      return v + q.beta;
  }
  return v;
}

} // namespace

struct Emulator::Impl {
  const ChipConfig &config;
  EmulatorOptions options;
  std::unique_ptr<tbb::task_arena> arena;
  std::vector<PrototypePlan> prototypes;
  std::vector<CoreState> cores;
  std::vector<CoreCounters> counters;
  /// Inbox of core c for ring slot s at [c * R + s]: axon codes.
  std::vector<std::vector<uint32_t>> inbox;
  uint32_t ringSlots = 1;
  uint32_t blocks = 0; ///< Routing blocks of target cores.
  /// [chunk][block] buckets of the phase being run.
  std::vector<std::vector<Delivery>> buckets;
  /// slotOf[d]: the ring slot of tick currentTick + d (d <= R - 1).
  std::vector<uint32_t> slotOf;
  /// Cores of each phase, in increasing core index.
  std::vector<std::vector<uint32_t>> phases;
  int64_t vMin = 0, vMax = 0;
  bool narrowV = false; ///< Potentials stored in 32 bits.
  bool signedSpikes = false;
  uint64_t tick = 0;
  /// Host spikes for the next chip.maxDelay + 1 ticks: [tick % size].
  std::vector<std::vector<AxonSpike>> hostQueue;
  std::vector<NeuronSpike> emitted;

  Impl(const ChipConfig &c, EmulatorOptions o) : config(c), options(o) {}

  int64_t getV(const CoreState &s, uint32_t n) const {
    return narrowV ? s.v32[n] : s.v64[n];
  }
  void setV(CoreState &s, uint32_t n, int64_t v) const {
    if (narrowV)
      s.v32[n] = static_cast<int32_t>(v);
    else
      s.v64[n] = v;
  }
  const PrototypePlan &plan(uint32_t core) const {
    return prototypes[config.cores[core].prototype];
  }
  void build();
  void buildPrototype(size_t i, size_t &denseBytes);
  void resetState();
  void processCore(uint32_t c, uint32_t slot, std::vector<Delivery> *out);
  /// Adds axon a's row into the 32-bit accumulator (when the tick's
  /// input provably fits) or into the 64-bit one.
  void integrate(CoreState &s, const PrototypePlan &p, uint32_t a,
                 bool negative);
  void integrateWide(CoreState &s, const PrototypePlan &p, uint32_t a,
                     bool negative);
  void evaluate(uint32_t c, CoreState &s, const PrototypePlan &p, uint32_t n,
                int64_t input, bool trackUnstable, CoreCounters &k,
                uint64_t &hops, std::vector<Delivery> *out);
  void emit(uint32_t c, CoreState &s, uint32_t n, int8_t spike, CoreCounters &k,
            uint64_t &hops, std::vector<Delivery> *out);
  void route(uint32_t c, const CoreState &s, uint32_t n, int8_t spike,
             uint64_t &hops, std::vector<Delivery> *out);
  /// Appends the buckets of `chunks` chunks to the inboxes (pass 2).
  void deliver(size_t chunks);
  /// Whether a tick without input leaves a non-leaky neuron at potential v
  /// unchanged and silent (then it need not be evaluated).
  bool stable(const NeuronParams &q, int64_t v) const {
    // Unclamped: a neuron the clamp holds in place still counts
    // saturations.
    int8_t spike;
    return fireLogic(q, v + q.leak, signedSpikes, spike) == v && spike == 0;
  }
  void depositHost(uint32_t slot);
  template <typename F> void parallel(size_t n, F &&body) {
    if (n == 1) {
      body(0);
      return;
    }
    tbb::parallel_for(
        tbb::blocked_range<size_t>(0, n, 1),
        [&](const tbb::blocked_range<size_t> &r) {
          for (size_t i = r.begin(); i < r.end(); ++i)
            body(i);
        },
        tbb::simple_partitioner());
  }
  template <typename F> void run(F &&f) {
    if (arena)
      arena->execute(f);
    else
      f();
  }
};

void Emulator::Impl::buildPrototype(size_t i, size_t &denseBytes) {
  // Checked here as well as by ChipConfig::validate, so that a
  // configuration that bypassed validation can never make the emulator
  // read or write out of bounds.
  const CorePrototype &pr = config.prototypes[i];
  PrototypePlan &p = prototypes[i];
  p.proto = &pr;
  p.axons = pr.axons;
  p.neurons = pr.neurons;
  p.padded = (pr.neurons + 7) / 8 * 8;
  p.binary = pr.kind == CrossbarKind::Binary;
  if (pr.rowStart.size() != size_t(pr.axons) + 1 || pr.rowStart.front() != 0 ||
      pr.rowStart.back() != pr.column.size())
    fail("prototype {} ({}): row starts do not match {} axons and {} "
         "synapses",
         i, pr.name, pr.axons, pr.column.size());
  for (uint32_t a = 0; a < pr.axons; ++a) {
    if (pr.rowStart[a] > pr.rowStart[a + 1])
      fail("prototype {} ({}): row starts decrease at axon {}", i, pr.name, a);
    for (uint32_t j = pr.rowStart[a]; j < pr.rowStart[a + 1]; ++j)
      if (pr.column[j] >= pr.neurons ||
          (j > pr.rowStart[a] && pr.column[j] <= pr.column[j - 1]))
        fail("prototype {} ({}): axon {} reaches neuron {} (of {}) out of "
             "increasing order",
             i, pr.name, a, pr.column[j], pr.neurons);
  }
  if (pr.neuronType.size() != pr.neurons)
    fail("prototype {} ({}): {} neuron types for {} neurons", i, pr.name,
         pr.neuronType.size(), pr.neurons);
  for (uint16_t t : pr.neuronType)
    if (t >= pr.neuronTypes.size())
      fail("prototype {} ({}): neuron type {} of {}", i, pr.name, t,
           pr.neuronTypes.size());
  if (p.binary) {
    if (pr.axonTypes.size() != pr.axons)
      fail("prototype {} ({}): {} axon types for {} axons", i, pr.name,
           pr.axonTypes.size(), pr.axons);
    for (uint8_t t : pr.axonTypes)
      if (t > 3)
        fail("prototype {} ({}): axon type {} (0..3)", i, pr.name, t);
  } else if (pr.weight.size() != pr.column.size()) {
    fail("prototype {} ({}): {} weights for {} synapses", i, pr.name,
         pr.weight.size(), pr.column.size());
  }

  for (const NeuronType &t : pr.neuronTypes) {
    NeuronParams q;
    q.leak = t.leak;
    q.alpha = t.alpha;
    q.beta = t.beta;
    q.resetValue = t.resetValue;
    q.vInit = std::clamp<int64_t>(t.vInit, vMin, vMax);
    q.reset = t.reset;
    q.negative = t.negative;
    q.fires = t.fires;
    p.types.push_back(q);
  }
  for (uint16_t t : pr.neuronType)
    if (p.types[t].leak != 0)
      p.anyLeak = true;

  // Vectorized neuron update: potentials of at most 48 bits.
  p.vectorNeurons = config.chip.potentialBits <= 48;
  if (p.vectorNeurons) {
    const size_t m = p.padded;
    const int64_t never = int64_t(1) << 62;
    p.leak.assign(m, 0);
    p.alpha.assign(m, never);
    p.negBeta.assign(m, -never);
    p.posReset.assign(m, 0);
    p.negReset.assign(m, 0);
    for (auto *mask :
         {&p.posAbs, &p.posLin, &p.negSat, &p.negAbs, &p.negLin, &p.negSpike})
      mask->assign(m, 0);
    for (uint32_t n = 0; n < pr.neurons; ++n) {
      const NeuronParams &q = p.types[pr.neuronType[n]];
      p.leak[n] = q.leak;
      if (!q.fires)
        continue;
      p.alpha[n] = q.alpha;
      p.negBeta[n] = -q.beta;
      p.posReset[n] = q.resetValue;
      p.negReset[n] = -q.resetValue;
      p.posAbs[n] = q.reset == ResetMode::Absolute ? -1 : 0;
      p.posLin[n] = q.reset == ResetMode::Linear ? -1 : 0;
      p.negSat[n] = q.negative == NegativeMode::Saturate ? -1 : 0;
      p.negAbs[n] = q.reset == ResetMode::Absolute ? -1 : 0;
      p.negLin[n] = q.reset == ResetMode::Linear ? -1 : 0;
      p.negSpike[n] =
          q.negative == NegativeMode::Spike && signedSpikes ? -1 : 0;
      if (q.reset != ResetMode::Linear)
        p.allLinear = false;
    }
  }

  if (p.binary) {
    p.typeWeight.assign(size_t(4) * p.padded, 0);
    for (uint32_t n = 0; n < pr.neurons; ++n)
      for (int t = 0; t < 4; ++t)
        p.typeWeight[size_t(t) * p.padded + n] =
            pr.neuronTypes[pr.neuronType[n]].weights[t];
    for (int32_t w : p.typeWeight)
      p.maxAbsWeight = std::max(p.maxAbsWeight, std::abs(int64_t(w)));
  } else {
    for (int32_t w : pr.weight)
      p.maxAbsWeight = std::max(p.maxAbsWeight, std::abs(int64_t(w)));
  }

  // Dense rows.
  p.denseIndex.assign(pr.axons, PrototypePlan::kSparse);
  uint32_t rows = 0;
  for (uint32_t a = 0; a < pr.axons; ++a)
    if (size_t(pr.rowStart[a + 1] - pr.rowStart[a]) * kDenseDivisor >=
            pr.neurons &&
        pr.rowStart[a + 1] > pr.rowStart[a])
      ++rows;
  if (rows == 0)
    return;
  if (!p.binary) {
    int32_t maxAbs = 0;
    for (int32_t w : pr.weight)
      maxAbs =
          std::max<int32_t>(maxAbs, w == std::numeric_limits<int32_t>::min()
                                        ? std::numeric_limits<int32_t>::max()
                                        : std::abs(w));
    p.weightBytes = maxAbs <= 127 ? 1 : maxAbs <= 32767 ? 2 : 4;
    size_t bytes = size_t(rows) * p.padded * p.weightBytes;
    if (denseBytes + bytes > kDenseBudget)
      return;
    denseBytes += bytes;
  }
  uint32_t row = 0;
  for (uint32_t a = 0; a < pr.axons; ++a) {
    const uint32_t b = pr.rowStart[a], e = pr.rowStart[a + 1];
    if (e == b || size_t(e - b) * kDenseDivisor < pr.neurons)
      continue;
    p.denseIndex[a] = row++;
  }
  if (p.binary) {
    const size_t stride = p.padded / 8;
    p.bits.assign(size_t(rows) * stride, 0);
    for (uint32_t a = 0; a < pr.axons; ++a)
      if (p.denseIndex[a] != PrototypePlan::kSparse)
        for (uint32_t j = pr.rowStart[a]; j < pr.rowStart[a + 1]; ++j) {
          uint32_t n = pr.column[j];
          p.bits[p.denseIndex[a] * stride + n / 8] |=
              static_cast<uint8_t>(1u << (n % 8));
        }
    return;
  }
  const size_t total = size_t(rows) * p.padded;
  if (p.weightBytes == 1)
    p.w8.assign(total, 0);
  else if (p.weightBytes == 2)
    p.w16.assign(total, 0);
  else
    p.w32.assign(total, 0);
  for (uint32_t a = 0; a < pr.axons; ++a)
    if (p.denseIndex[a] != PrototypePlan::kSparse)
      for (uint32_t j = pr.rowStart[a]; j < pr.rowStart[a + 1]; ++j) {
        size_t at = size_t(p.denseIndex[a]) * p.padded + pr.column[j];
        if (p.weightBytes == 1)
          p.w8[at] = static_cast<int8_t>(pr.weight[j]);
        else if (p.weightBytes == 2)
          p.w16[at] = static_cast<int16_t>(pr.weight[j]);
        else
          p.w32[at] = pr.weight[j];
      }
}

void Emulator::Impl::build() {
  const ChipInfo &chip = config.chip;
  if (chip.potentialBits < 2 || chip.potentialBits > 64)
    fail("chip configuration '{}': potential width {} bits is outside 2..64",
         config.network, chip.potentialBits);
  if (chip.potentialBits < 64) {
    vMax = (int64_t(1) << (chip.potentialBits - 1)) - 1;
    vMin = -vMax - 1;
  } else {
    vMax = std::numeric_limits<int64_t>::max();
    vMin = std::numeric_limits<int64_t>::min();
  }
  signedSpikes = chip.signedSpikes;
  narrowV = chip.potentialBits <= 32;
  if (chip.maxDelay > 1u << 12)
    fail("chip configuration '{}': maximum delay {} is too large",
         config.network, chip.maxDelay);
  hostQueue.assign(chip.maxDelay + 1, {});

  prototypes.resize(config.prototypes.size());
  size_t denseBytes = 0;
  for (size_t i = 0; i < config.prototypes.size(); ++i)
    buildPrototype(i, denseBytes);

  // Cores and targets.
  const size_t count = config.cores.size();
  if (count >= std::numeric_limits<uint32_t>::max() / 2)
    fail("chip configuration '{}': {} cores is too many", config.network,
         count);
  for (size_t c = 0; c < count; ++c) {
    const Core &core = config.cores[c];
    if (core.prototype >= prototypes.size())
      fail("core {}: prototype {} of {}", c, core.prototype, prototypes.size());
    const PrototypePlan &p = prototypes[core.prototype];
    if (core.targetStart.size() != size_t(p.neurons) + 1 ||
        core.targetStart.front() != 0 ||
        core.targetStart.back() != core.targets.size())
      fail("core {}: target starts do not match {} neurons and {} targets", c,
           p.neurons, core.targets.size());
    for (uint32_t n = 0; n < p.neurons; ++n)
      if (core.targetStart[n] > core.targetStart[n + 1])
        fail("core {}: target starts decrease at neuron {}", c, n);
  }
  uint32_t maxDelay = 0;
  for (size_t c = 0; c < count; ++c) {
    const Core &core = config.cores[c];
    for (const Target &t : core.targets) {
      if (t.core >= count)
        fail("core {}: target core {} of {}", c, t.core, count);
      const Core &to = config.cores[t.core];
      const uint32_t axons = prototypes[to.prototype].axons;
      if (t.axon >= axons)
        fail("core {}: target axon {} of core {} ({} axons)", c, t.axon, t.core,
             axons);
      if (t.delay > chip.maxDelay)
        fail("core {}: target delay {} exceeds the chip's maximum {}", c,
             t.delay, chip.maxDelay);
      if (t.delay == 0 && to.level <= core.level)
        fail("core {} (level {}): delay-0 target core {} has level {}; it "
             "must be deeper",
             c, core.level, t.core, to.level);
      maxDelay = std::max(maxDelay, t.delay);
    }
  }
  ringSlots = maxDelay + 1;
  slotOf.assign(ringSlots, 0);

  // Phase = longest chain of delay-0 targets; edges go to strictly higher
  // levels, so visiting cores by increasing level settles each phase
  // before it is propagated.
  std::vector<uint32_t> order(count), phase(count, 0);
  for (size_t c = 0; c < count; ++c)
    order[c] = static_cast<uint32_t>(c);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return config.cores[a].level < config.cores[b].level;
  });
  uint32_t phaseCount = count ? 1 : 0;
  for (uint32_t c : order)
    for (const Target &t : config.cores[c].targets)
      if (t.delay == 0 && phase[t.core] < phase[c] + 1) {
        phase[t.core] = phase[c] + 1;
        phaseCount = std::max(phaseCount, phase[t.core] + 1);
      }
  phases.assign(phaseCount, {});
  for (size_t c = 0; c < count; ++c)
    phases[phase[c]].push_back(static_cast<uint32_t>(c));

  // Inboxes, buckets, state and routes.
  inbox.assign(count * ringSlots, {});
  blocks =
      static_cast<uint32_t>((count + (1u << kBlockShift) - 1) >> kBlockShift);
  buckets.assign(kMaxChunks * std::max<uint32_t>(blocks, 1), {});
  cores.resize(count);
  counters.assign(count, {});
  for (size_t c = 0; c < count; ++c) {
    const Core &core = config.cores[c];
    const PrototypePlan &p = plan(c);
    CoreState &s = cores[c];
    if (narrowV)
      s.v32.assign(p.padded, 0);
    else
      s.v64.assign(p.padded, 0);
    s.acc.assign(p.padded, 0);
    s.wide.assign(p.padded, 0);
    s.flags.assign(p.padded, 0);
    s.routes.reserve(core.targets.size());
    for (const Target &t : core.targets) {
      const Core &to = config.cores[t.core];
      Route r;
      r.core = t.core;
      r.axon = t.axon;
      r.delay = t.delay;
      r.hops = static_cast<uint32_t>(std::min<int64_t>(
          std::abs(int64_t(to.x) - core.x) + std::abs(int64_t(to.y) - core.y),
          std::numeric_limits<uint32_t>::max()));
      s.routes.push_back(r);
    }
  }
  if (options.threads > 0)
    arena = std::make_unique<tbb::task_arena>(options.threads);
}

void Emulator::Impl::resetState() {
  tick = 0;
  for (auto &q : hostQueue)
    q.clear();
  emitted.clear();
  std::fill(counters.begin(), counters.end(), CoreCounters{});
  for (auto &box : inbox)
    box.clear();
  for (auto &bucket : buckets)
    bucket.clear();
  for (size_t c = 0; c < cores.size(); ++c) {
    const PrototypePlan &p = plan(c);
    const uint16_t *typeOf = p.proto->neuronType.data();
    CoreState &s = cores[c];
    std::fill(s.acc.begin(), s.acc.end(), 0);
    std::fill(s.wide.begin(), s.wide.end(), 0);
    s.unstable.clear();
    s.emitted.clear();
    for (uint32_t n = 0; n < p.neurons; ++n) {
      const NeuronParams &q = p.types[typeOf[n]];
      setV(s, n, q.vInit);
      if (!p.anyLeak && !stable(q, q.vInit))
        s.unstable.push_back(n);
    }
  }
}

inline void Emulator::Impl::integrate(CoreState &s, const PrototypePlan &p,
                                      uint32_t a, bool negative) {
  const CorePrototype &pr = *p.proto;
  int32_t *acc = s.acc.data();
  const uint32_t row = p.denseIndex[a];
  if (row != PrototypePlan::kSparse) {
    if (p.binary)
      addMasked(acc, p.typeWeight.data() + size_t(pr.axonTypes[a]) * p.padded,
                p.bits.data() + size_t(row) * (p.padded / 8), p.padded / 8,
                negative);
    else if (p.weightBytes == 1)
      addRow8(acc, p.w8.data() + size_t(row) * p.padded, p.padded, negative);
    else if (p.weightBytes == 2)
      addRow16(acc, p.w16.data() + size_t(row) * p.padded, p.padded, negative);
    else
      addRow32(acc, p.w32.data() + size_t(row) * p.padded, p.padded, negative);
    return;
  }
  const uint32_t b = pr.rowStart[a], e = pr.rowStart[a + 1];
  const uint32_t *column = pr.column.data();
  const int32_t *w =
      p.binary ? p.typeWeight.data() + size_t(pr.axonTypes[a]) * p.padded
               : pr.weight.data();
  if (p.binary) {
    if (negative)
      for (uint32_t j = b; j < e; ++j)
        acc[column[j]] -= w[column[j]];
    else
      for (uint32_t j = b; j < e; ++j)
        acc[column[j]] += w[column[j]];
  } else {
    if (negative)
      for (uint32_t j = b; j < e; ++j)
        acc[column[j]] -= w[j];
    else
      for (uint32_t j = b; j < e; ++j)
        acc[column[j]] += w[j];
  }
}

inline void Emulator::Impl::integrateWide(CoreState &s, const PrototypePlan &p,
                                          uint32_t a, bool negative) {
  const CorePrototype &pr = *p.proto;
  int64_t *wide = s.wide.data();
  const int64_t sign = negative ? -1 : 1;
  const uint32_t *column = pr.column.data();
  for (uint32_t j = pr.rowStart[a]; j < pr.rowStart[a + 1]; ++j) {
    const uint32_t n = column[j];
    wide[n] +=
        sign * (p.binary ? p.typeWeight[size_t(pr.axonTypes[a]) * p.padded + n]
                         : pr.weight[j]);
  }
}

inline void Emulator::Impl::evaluate(uint32_t c, CoreState &s,
                                     const PrototypePlan &p, uint32_t n,
                                     int64_t input, bool trackUnstable,
                                     CoreCounters &k, uint64_t &hops,
                                     std::vector<Delivery> *out) {
  const NeuronParams &q = p.types[p.proto->neuronType[n]];
  int8_t spike;
  int64_t v = fireLogic(q, getV(s, n) + input + q.leak, signedSpikes, spike);
  if (v > vMax) {
    v = vMax;
    ++k.saturations;
  } else if (v < vMin) {
    v = vMin;
    ++k.saturations;
  }
  setV(s, n, v);
  if (trackUnstable && !stable(q, v))
    s.unstable.push_back(n);
  if (spike)
    emit(c, s, n, spike, k, hops, out);
}

inline void Emulator::Impl::emit(uint32_t c, CoreState &s, uint32_t n,
                                 int8_t spike, CoreCounters &k, uint64_t &hops,
                                 std::vector<Delivery> *out) {
  ++k.spikesOut;
  s.emitted.push_back({c, n, spike});
  route(c, s, n, spike, hops, out);
}

inline void Emulator::Impl::route(uint32_t c, const CoreState &s, uint32_t n,
                                  int8_t spike, uint64_t &hops,
                                  std::vector<Delivery> *out) {
  const uint32_t negative = spike < 0 ? 1 : 0;
  const uint32_t *targetStart = config.cores[c].targetStart.data();
  const Route *routes = s.routes.data();
  for (uint32_t j = targetStart[n]; j < targetStart[n + 1]; ++j) {
    const Route &r = routes[j];
    out[r.core >> kBlockShift].push_back(
        {r.core, slotOf[r.delay], (r.axon << 1) | negative});
    hops += r.hops;
  }
}

void Emulator::Impl::processCore(uint32_t c, uint32_t slot,
                                 std::vector<Delivery> *out) {
  CoreState &s = cores[c];
  const PrototypePlan &p = plan(c);
  s.emitted.clear();
  std::vector<uint32_t> &box = inbox[size_t(c) * ringSlots + slot];
  const bool input = !box.empty();
  if (!input && !p.anyLeak && s.unstable.empty())
    return;
  CoreCounters k = counters[c];
  uint64_t hops = 0;
  bool narrow = true;
  if (input) {
    const uint32_t *rowStart = p.proto->rowStart.data();
    // |input| <= spikes x max |weight| per neuron: 32 bits suffice below
    // 2^31.
    narrow =
        static_cast<double>(box.size()) * static_cast<double>(p.maxAbsWeight) <
        2147483647.0;
    for (uint32_t code : box) {
      const uint32_t a = code >> 1;
      k.synapticEvents += rowStart[a + 1] - rowStart[a];
      if (narrow)
        integrate(s, p, a, code & 1);
      else
        integrateWide(s, p, a, code & 1);
    }
    k.spikesIn += box.size();
    box.clear();
  }
  const uint64_t outBefore = k.spikesOut;
  const bool track = !p.anyLeak;
  const bool usedWide = !narrow;
  if ((input || p.anyLeak) && p.vectorNeurons) {
    // Dense pass, vectorized; then spikes and unstable neurons in
    // increasing index.
    const NeuronArrays arrays{
        p.leak.data(),     p.alpha.data(),  p.negBeta.data(), p.posReset.data(),
        p.negReset.data(), p.posAbs.data(), p.posLin.data(),  p.negSat.data(),
        p.negAbs.data(),   p.negLin.data(), p.negSpike.data()};
    const bool lin = p.allLinear;
    int32_t *acc = s.acc.data();
    int64_t *wide = s.wide.data();
    int8_t *flags = s.flags.data();
    const uint32_t m = p.padded;
    if (narrowV) {
      int32_t *v = s.v32.data();
      k.saturations +=
          usedWide ? (lin ? update32LinearWide : update32Wide)(
                         v, acc, wide, flags, arrays, m, vMin, vMax)
                   : (lin ? update32Linear : update32)(v, acc, wide, flags,
                                                       arrays, m, vMin, vMax);
    } else {
      int64_t *v = s.v64.data();
      k.saturations +=
          usedWide ? (lin ? update64LinearWide : update64Wide)(
                         v, acc, wide, flags, arrays, m, vMin, vMax)
                   : (lin ? update64Linear : update64)(v, acc, wide, flags,
                                                       arrays, m, vMin, vMax);
    }
    if (track) {
      s.unstable.clear();
      const uint16_t *typeOf = p.proto->neuronType.data();
      for (uint32_t n = 0; n < p.neurons; ++n)
        if (const int64_t v = getV(s, n);
            (v >= p.alpha[n] || v <= p.negBeta[n]) &&
            !stable(p.types[typeOf[n]], v))
          s.unstable.push_back(n);
    }
    // The spikes' target lists lie far apart: prefetch them all, then
    // route.
    const uint32_t *targetStart = config.cores[c].targetStart.data();
    const Route *routes = s.routes.data();
    forEachFlag(s.flags.data(), p.neurons, [&](uint32_t n, int8_t f) {
      s.emitted.push_back({c, n, f});
      __builtin_prefetch(routes + targetStart[n]);
    });
    k.spikesOut += s.emitted.size();
    for (const NeuronSpike &x : s.emitted)
      route(c, s, x.neuron, x.sign, hops, out);
  } else if (input || p.anyLeak) {
    // Dense pass: every neuron, in increasing index.
    s.unstable.clear();
    int32_t *acc = s.acc.data();
    int64_t *wide = s.wide.data();
    for (uint32_t n = 0; n < p.neurons; ++n) {
      const int64_t in = acc[n] + wide[n];
      acc[n] = 0;
      wide[n] = 0;
      evaluate(c, s, p, n, in, track, k, hops, out);
    }
  } else {
    // Only the neurons that change without input (increasing index).
    s.scratch.swap(s.unstable);
    s.unstable.clear();
    for (uint32_t n : s.scratch)
      evaluate(c, s, p, n, 0, true, k, hops, out);
  }
  k.hops += hops;
  if (input || k.spikesOut != outBefore)
    ++k.activeTicks;
  counters[c] = k;
}

void Emulator::Impl::deliver(size_t chunks) {
  parallel(blocks, [&](size_t b) {
    for (size_t k = 0; k < chunks; ++k) {
      std::vector<Delivery> &bucket = buckets[k * blocks + b];
      for (const Delivery &d : bucket)
        inbox[size_t(d.core) * ringSlots + d.slot].push_back(d.code);
      bucket.clear();
    }
  });
}

void Emulator::Impl::depositHost(uint32_t slot) {
  std::vector<AxonSpike> &queue = hostQueue[tick % hostQueue.size()];
  if (queue.empty())
    return;
  // The same two passes as neuron spikes, over fixed chunks of the queue.
  const size_t size =
      std::max<size_t>(4096, (queue.size() + kMaxChunks - 1) / kMaxChunks);
  const size_t chunks = (queue.size() + size - 1) / size;
  parallel(chunks, [&](size_t k) {
    std::vector<Delivery> *out = buckets.data() + k * blocks;
    const size_t end = std::min(queue.size(), (k + 1) * size);
    for (size_t j = k * size; j < end; ++j) {
      const AxonSpike &sp = queue[j];
      out[sp.core >> kBlockShift].push_back(
          {sp.core, slot, (sp.axon << 1) | (sp.sign < 0 ? 1u : 0u)});
    }
  });
  deliver(chunks);
  queue.clear();
}

Emulator::Emulator(const ChipConfig &config, EmulatorOptions options)
    : impl(std::make_unique<Impl>(config, options)) {
  impl->build();
  impl->resetState();
}

Emulator::~Emulator() = default;

void Emulator::reset() { impl->resetState(); }

void Emulator::inject(const AxonSpike &spike, uint32_t delay) {
  checkInput(spike, delay);
  auto &queue = impl->hostQueue[(impl->tick + delay) % impl->hostQueue.size()];
  if (queue.size() >= std::numeric_limits<uint32_t>::max() / 2)
    fail("too many input spikes queued for one tick ({})", queue.size());
  queue.push_back(spike);
}

void Emulator::checkInput(const AxonSpike &spike, uint32_t delay) const {
  const ChipConfig &config = impl->config;
  if (spike.core >= config.cores.size())
    fail("input spike to core {}; the chip has {} cores", spike.core,
         config.cores.size());
  const uint32_t axons = impl->plan(spike.core).axons;
  if (spike.axon >= axons)
    fail("input spike to axon {} of core {}, which has {} axons", spike.axon,
         spike.core, axons);
  if (spike.sign != 1 && spike.sign != -1)
    fail("input spike to core {} axon {} has sign {}; +1 or -1 expected",
         spike.core, spike.axon, int(spike.sign));
  if (spike.sign < 0 && !impl->signedSpikes)
    fail("negative input spike to core {} axon {}, but chip '{}' has "
         "unsigned spikes",
         spike.core, spike.axon, config.chip.profile);
  if (delay > config.chip.maxDelay)
    fail("input spike to core {} axon {} with delay {}; the chip's maximum "
         "is {}",
         spike.core, spike.axon, delay, config.chip.maxDelay);
}

const std::vector<NeuronSpike> &Emulator::tick() {
  Impl &m = *impl;
  const uint32_t slot = static_cast<uint32_t>(m.tick % m.ringSlots);
  for (uint32_t d = 0; d < m.ringSlots; ++d)
    m.slotOf[d] = static_cast<uint32_t>((m.tick + d) % m.ringSlots);
  m.run([&] {
    m.depositHost(slot);
    for (const std::vector<uint32_t> &phase : m.phases) {
      // Fixed chunks of consecutive cores (a function of the phase size).
      const size_t n = phase.size();
      const size_t size = (n + kMaxChunks - 1) / kMaxChunks;
      const size_t chunks = (n + size - 1) / size;
      m.parallel(chunks, [&](size_t k) {
        std::vector<Delivery> *out = m.buckets.data() + k * m.blocks;
        const size_t end = std::min(n, (k + 1) * size);
        for (size_t i = k * size; i < end; ++i)
          m.processCore(phase[i], slot, out);
      });
      m.deliver(chunks);
    }
  });
  m.emitted.clear();
  for (const CoreState &s : m.cores)
    m.emitted.insert(m.emitted.end(), s.emitted.begin(), s.emitted.end());
  ++m.tick;
  return m.emitted;
}

uint64_t Emulator::currentTick() const { return impl->tick; }

int64_t Emulator::potential(uint32_t core, uint32_t neuron) const {
  if (core >= impl->cores.size())
    fail("potential of core {}; the chip has {} cores", core,
         impl->cores.size());
  const uint32_t neurons = impl->plan(core).neurons;
  if (neuron >= neurons)
    fail("potential of neuron {} of core {}, which has {} neurons", neuron,
         core, neurons);
  return impl->getV(impl->cores[core], neuron);
}

const std::vector<CoreCounters> &Emulator::counters() const {
  return impl->counters;
}

} // namespace snnc::emu
