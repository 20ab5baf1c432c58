//===- Emulator.cpp - Cycle-accurate emulator of a configured chip --------===//
//
// Layout and the tick loop (docs/EMULATOR.md gives the semantics):
//
// - Arrivals: every neuron target is an in-edge of its target core, and the
//   in-edges of a core are numbered consecutively (in the order of their
//   source cores and targets). For each ring slot (R = largest
//   neuron-target delay + 1) an array of one byte per in-edge says whether
//   a spike (1: +1, 2: -1) reaches that in-edge in tick u (slot u % R),
//   and a byte per core says whether any did. A neuron spike is delivered
//   with two stores: no buckets, no per-core vectors, no second pass. An
//   in-edge has one source neuron, which spikes at most once a tick, and
//   its delay is fixed, so one byte per slot holds everything that can
//   arrive on it; different in-edges are different bytes, so concurrent
//   tasks never write the same byte (the per-core marks are relaxed
//   atomics, all storing 1). Host spikes, of which an axon may get any
//   number, are sorted by core at the start of their tick (counting sort).
//   A neuron's first target is stored inline with its total hops (one read
//   per spike for most neurons); each core keeps the (core, delay) pairs
//   its targets reach and marks them once per tick in which it spikes.
// - Phases: a core's phase is the longest chain of delay-0 targets that
//   leads to it (0 without one), so every delay-0 spike goes to a later
//   phase and is integrated in the same tick; a delayed spike goes to
//   another slot than the one being read. A phase runs as one parallel
//   pass over fixed chunks of consecutive cores (a function of the phase
//   size only); each core is integrated, evaluated and routed by the one
//   task of its chunk. Integer sums make the order in which a core's
//   spikes are integrated irrelevant, so results are bit-identical for any
//   thread count and equal to processing the cores strictly level by level.
// - Integration: each arriving spike adds its axon's row into a per-neuron
//   accumulator (per worker thread, left zero after use): 32-bit when
//   (spikes this tick) x (largest |weight| of the prototype) < 2^31, else
//   64-bit (exact either way). A prototype keeps one descriptor per axon
//   (where its row is, how many synapses). Rows with at least 1/8 of the
//   neurons connected are integrated densely: binary crossbars as a bit
//   mask over the neurons' weights for the axon's type (an int32
//   [4][neurons] table), weighted crossbars as a dense row of 8-, 16- or
//   32-bit weights (as narrow as the prototype's weights allow, within a
//   memory budget); both loops vectorize (AVX2 where the CPU has it).
//   Sparser rows are contiguous (neuron, weight) lists.
// - Neurons: all of a core's neurons are evaluated when it received input
//   or has leaky neurons, branch-free and vectorized for potentials of at
//   most 48 bits: in 32-bit arithmetic when the potentials have at most 31
//   bits and the tick's input cannot overflow it, else in 64-bit. The same
//   pass flags the spikes and, for prototypes without leak, the neurons a
//   tick without input would change; only those are evaluated while the
//   core gets no input (skipping any other neuron is exact), and a core
//   with none of them and no input is skipped.
//
//===----------------------------------------------------------------------===//
#include "runtime/emulator/Emulator.h"
#include "runtime/chip/Limits.h"
#include "runtime/emulator/grid/GridKernels.h"

#include "runtime/support/Error.h"

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <type_traits>

namespace snnc::emu {

using namespace chipcfg;

namespace {

/// Rows with at least neurons / kDenseDivisor synapses are integrated
/// densely.
constexpr uint32_t kDenseDivisor = 8;
/// Dense rows of weighted crossbars, all prototypes together (bytes).
constexpr size_t kDenseBudget = size_t(1) << 30;
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

/// Where an axon's row lies and how many synapses it has.
struct AxonRow {
  /// Dense rows: offset of the row in PrototypePlan::bits or w8/w16/w32;
  /// sparse rows: first synapse in PrototypePlan::sparse.
  uint32_t start = 0;
  uint32_t length = 0; ///< Synapses (the row's synaptic events).
  uint32_t type = 0;   ///< Axon type (binary crossbars).
  bool dense = false;
};

/// A synapse of a sparse row, with its weight resolved (binary crossbars:
/// the neuron type's weight for the axon's type).
struct Synapse {
  uint32_t neuron = 0;
  int32_t weight = 0;
};

/// Pointers into a NeuronTable. Masks are 0 or -1.
template <typename T> struct NeuronArrays {
  const T *leak, *alpha, *negBeta, *posReset, *negReset;
  const T *posAbs, *posLin, *negSat, *negAbs, *negLin, *negSpike;
  /// Tracking: below alpha a neuron without leak is changed by a tick
  /// without input iff V <= trackLow and V != keep.
  const T *trackLow, *keep;
};

/// Per-neuron parameters of a prototype for the vectorized update, in
/// 32- or 64-bit integers ([padded]; padding neurons never fire).
template <typename T> struct NeuronTable {
  std::vector<T> leak, alpha, negBeta, posReset, negReset;
  std::vector<T> posAbs, posLin, negSat, negAbs, negLin, negSpike;
  std::vector<T> trackLow, keep;

  NeuronArrays<T> view() const {
    return {leak.data(),     alpha.data(),  negBeta.data(),  posReset.data(),
            negReset.data(), posAbs.data(), posLin.data(),   negSat.data(),
            negAbs.data(),   negLin.data(), negSpike.data(), trackLow.data(),
            keep.data()};
  }
  bool empty() const { return leak.empty(); }
};

/// Fills `t` for the neurons [0, types.size()) with n's parameters
/// params[n]; false (and `t` left empty) when a value does not fit T.
template <typename T>
bool fillNeuronTable(NeuronTable<T> &t, const std::vector<NeuronParams> &params,
                     size_t padded, bool signedSpikes) {
  // "Never": beyond any potential the update can see (|V| < 2^62 in 64
  // bits; in 32 bits the caller keeps |V| below 2^31 - 1).
  const T never = std::is_same_v<T, int32_t>
                      ? std::numeric_limits<int32_t>::max()
                      : static_cast<T>(int64_t(1) << 62);
  t.leak.assign(padded, 0);
  t.alpha.assign(padded, never);
  t.negBeta.assign(padded, -never);
  t.trackLow.assign(padded, -never);
  t.keep.assign(padded, never);
  for (auto *v : {&t.posReset, &t.negReset, &t.posAbs, &t.posLin, &t.negSat,
                  &t.negAbs, &t.negLin, &t.negSpike})
    v->assign(padded, 0);
  bool fits = true;
  auto put = [&](std::vector<T> &v, size_t n, int64_t x) {
    if (x < std::numeric_limits<T>::min() || x > std::numeric_limits<T>::max())
      fits = false;
    v[n] = static_cast<T>(x);
  };
  for (size_t n = 0; n < params.size(); ++n) {
    const NeuronParams &q = params[n];
    put(t.leak, n, q.leak);
    if (!q.fires)
      continue;
    put(t.alpha, n, q.alpha);
    put(t.negBeta, n, -q.beta);
    put(t.posReset, n, q.resetValue);
    put(t.negReset, n, -q.resetValue);
    t.posAbs[n] = q.reset == ResetMode::Absolute ? -1 : 0;
    t.posLin[n] = q.reset == ResetMode::Linear ? -1 : 0;
    t.negSat[n] = q.negative == NegativeMode::Saturate ? -1 : 0;
    t.negAbs[n] = q.reset == ResetMode::Absolute ? -1 : 0;
    t.negLin[n] = q.reset == ResetMode::Linear ? -1 : 0;
    const bool negSpike = q.negative == NegativeMode::Spike && signedSpikes;
    t.negSpike[n] = negSpike ? -1 : 0;
    // At V <= -beta without input: Saturate keeps only V = -beta, a signed
    // negative spike changes every V, an absolute reset keeps only
    // V = -resetValue, a linear one every V when beta = 0 and none
    // otherwise, None every V.
    if (q.negative == NegativeMode::Saturate) {
      put(t.trackLow, n, -q.beta);
      put(t.keep, n, -q.beta);
    } else if (negSpike) {
      put(t.trackLow, n, -q.beta);
    } else if (q.reset == ResetMode::Absolute) {
      put(t.trackLow, n, -q.beta);
      put(t.keep, n, -q.resetValue);
    } else if (q.reset == ResetMode::Linear && q.beta != 0) {
      put(t.trackLow, n, -q.beta);
    }
  }
  if (!fits)
    t = NeuronTable<T>{};
  return fits;
}

/// Spike flags of the vectorized update: bit 0 +1, bit 1 -1, bit 2 the
/// neuron is not stable (a tick without input would change it; only
/// meaningful for neurons without leak).
constexpr uint8_t kPositive = 1, kNegative = 2, kUnstable = 4;

template <typename T> inline T wrapSub(T a, T b) {
  using U = std::make_unsigned_t<T>;
  return static_cast<T>(static_cast<U>(a) - static_cast<U>(b));
}

/// The neuron model of fireLogic and the clamp, branch-free over
/// neurons [0, n): V += acc (+ wide) + leak, acc = wide = 0, flags as
/// above. T is the arithmetic: int64 needs |V| well below 2^62
/// (potentialBits <= 48), int32 needs |V| + |input| + |leak| < 2^31 - 1
/// (the caller checks). Differences whose result is not selected may wrap
/// (computed unsigned). Returns the number of potentials clamped.
template <bool AllLinear, typename T, typename VT, bool Wide>
inline uint64_t updateNeuronsImpl(VT *__restrict V, int32_t *__restrict acc,
                                  int64_t *__restrict wide,
                                  uint8_t *__restrict flags, NeuronArrays<T> a,
                                  uint32_t n, T vMin, T vMax) {
  std::make_unsigned_t<T> saturations = 0;
  for (uint32_t i = 0; i < n; ++i) {
    T v = static_cast<T>(V[i]) + static_cast<T>(acc[i]) + a.leak[i];
    acc[i] = 0;
    if constexpr (Wide) {
      v += wide[i];
      wide[i] = 0;
    }
    const T p = -static_cast<T>(v >= a.alpha[i]);
    const T q = ~p & -static_cast<T>(v <= a.negBeta[i]);
    T vp, vr;
    if constexpr (AllLinear) {
      // Every firing neuron resets linearly (the usual case).
      vp = wrapSub(v, a.alpha[i]);
      vr = wrapSub(v, a.negBeta[i]);
    } else {
      vp = (a.posAbs[i] & a.posReset[i]) |
           (~a.posAbs[i] & wrapSub(v, a.posLin[i] & a.alpha[i]));
      vr = (a.negAbs[i] & a.negReset[i]) |
           (~a.negAbs[i] & wrapSub(v, a.negLin[i] & a.negBeta[i]));
    }
    const T vn = (a.negSat[i] & a.negBeta[i]) | (~a.negSat[i] & vr);
    T x = (p & vp) | (q & vn) | (~(p | q) & v);
    const T hi = -static_cast<T>(x > vMax);
    const T lo = -static_cast<T>(x < vMin);
    saturations += static_cast<decltype(saturations)>((hi | lo) & 1);
    x = (hi & vMax) | (lo & vMin) | (~(hi | lo) & x);
    V[i] = static_cast<VT>(x);
    const T unstable =
        -static_cast<T>(x >= a.alpha[i]) |
        (-static_cast<T>(x <= a.trackLow[i]) & -static_cast<T>(x != a.keep[i]));
    flags[i] =
        static_cast<uint8_t>((p & kPositive) | (q & a.negSpike[i] & kNegative) |
                             (unstable & kUnstable));
  }
  return saturations;
}

// One compiled (and AVX2-cloned) variant per combination: all resets
// linear or not; 32-bit arithmetic, or 64-bit on 32- or 64-bit potentials
// with the 64-bit input used or not.
#define SNNC_UPDATE(NAME, LINEAR, T, VT, WIDE)                                 \
  SNNC_HOT uint64_t NAME(VT *V, int32_t *acc, int64_t *wide, uint8_t *flags,   \
                         NeuronArrays<T> a, uint32_t n, T vMin, T vMax) {      \
    return updateNeuronsImpl<LINEAR, T, VT, WIDE>(V, acc, wide, flags, a, n,   \
                                                  vMin, vMax);                 \
  }
SNNC_UPDATE(update32, false, int32_t, int32_t, false)
SNNC_UPDATE(update32Linear, true, int32_t, int32_t, false)
SNNC_UPDATE(update64on32, false, int64_t, int32_t, false)
SNNC_UPDATE(update64on32Wide, false, int64_t, int32_t, true)
SNNC_UPDATE(update64on32Linear, true, int64_t, int32_t, false)
SNNC_UPDATE(update64on32LinearWide, true, int64_t, int32_t, true)
SNNC_UPDATE(update64, false, int64_t, int64_t, false)
SNNC_UPDATE(update64Wide, false, int64_t, int64_t, true)
SNNC_UPDATE(update64Linear, true, int64_t, int64_t, false)
SNNC_UPDATE(update64LinearWide, true, int64_t, int64_t, true)
#undef SNNC_UPDATE

/// Calls f(i, b) for every non-zero byte b = bytes[i], i < n, in order, a
/// word at a time (most are zero); Clear: zeroes them too.
template <bool Clear, typename Byte, typename F>
void forEachByte(Byte *bytes, uint32_t n, F &&f) {
  uint32_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t word;
    std::memcpy(&word, bytes + i, 8);
    if (!word)
      continue;
    if constexpr (Clear)
      std::memset(bytes + i, 0, 8);
    while (word) {
      const uint32_t k = static_cast<uint32_t>(__builtin_ctzll(word)) / 8;
      f(i + k, static_cast<uint8_t>(word >> (8 * k)));
      word &= ~(uint64_t(0xff) << (8 * k));
    }
  }
  for (; i < n; ++i)
    if (const uint8_t b = bytes[i]) {
      if constexpr (Clear)
        bytes[i] = 0;
      f(i, b);
    }
}

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
  /// The 32-bit neuron update is exact while (tick's spikes) x
  /// maxAbsWeight <= budget32 (negative: never).
  int64_t budget32 = -1;
  std::vector<AxonRow> rows; ///< [axons]
  std::vector<Synapse> sparse;
  /// Binary dense rows: [row][padded / 8] bit masks.
  std::vector<uint8_t> bits;
  /// Weighted dense rows: [row][padded], in the narrowest type that holds
  /// every weight of the prototype.
  int weightBytes = 0;
  std::vector<int8_t> w8;
  std::vector<int16_t> w16;
  std::vector<int32_t> w32;
  /// Vectorized update (potentials of at most 48 bits): 64-bit table, and
  /// the 32-bit one when every parameter fits and potentials have at most
  /// 31 bits.
  bool vectorNeurons = false;
  bool allLinear = true; ///< Every firing neuron resets linearly.
  NeuronTable<int64_t> table64;
  NeuronTable<int32_t> table32;
};

/// A neuron target: the in-edge of the target core it arrives on (global
/// numbering) and the delay.
struct Route {
  uint32_t edge = 0, delay = 0;
};

/// A neuron's targets and the mesh hops of one of its spikes (summed over
/// the targets). The first target is inline (head; delay kNoRoute when
/// there is none): most neurons have one, and reading it costs no second
/// cache miss. Further ones: routes[first .. next neuron's first).
struct NeuronRoutes {
  static constexpr uint32_t kNoRoute = ~0u;
  uint32_t first = 0, hops = 0;
  Route head{0, kNoRoute};
};

/// A target on another part of the board: the part, the core, the axon,
/// the delay, and the target's index among its neuron's targets (the
/// fault model's draws use it).
struct RemoteRoute {
  uint32_t part = 0, core = 0, axon = 0, delay = 0, index = 0;
};

/// A core that a core's spikes may reach, `delay` ticks later.
struct Fanout {
  uint32_t core = 0, delay = 0;
};

struct CoreState {
  /// Neurons a tick without input would change (increasing), for
  /// prototypes without leak.
  std::vector<uint32_t> unstable, scratch;
};

/// What one worker needs while processing a core: the accumulators (zero
/// between cores), the spike flags and the core's input codes.
struct Scratch {
  std::vector<int32_t> acc;
  std::vector<int64_t> wide;
  std::vector<uint8_t> flags;
  std::vector<uint32_t> codes;
  /// The core's spikes as neuron << 1 | negative ([spikeCount]; sized
  /// for the largest core).
  std::vector<uint32_t> spikes;
  uint32_t spikeCount = 0;
  /// The spikes after stuck-neuron faults (FaultModel), then swapped in.
  std::vector<uint32_t> faulted;

  void emit(uint32_t n, bool negative) {
    spikes[spikeCount++] = n << 1 | uint32_t(negative);
  }
};

// The neuron logic the data-parallel back ends share (GridKernels.h).
using grid::fireLogic;
static_assert(int(ResetMode::Absolute) == grid::kResetAbsolute &&
              int(ResetMode::Linear) == grid::kResetLinear &&
              int(NegativeMode::Saturate) == grid::kNegativeSaturate &&
              int(NegativeMode::Spike) == grid::kNegativeSpike);

} // namespace

struct Emulator::Impl {
  const ChipConfig &config;
  EmulatorOptions options;
  std::unique_ptr<tbb::task_arena> arena;
  std::vector<PrototypePlan> prototypes;
  std::vector<CoreState> cores;
  std::vector<CoreCounters> counters;
  size_t coreCount = 0;
  /// Potentials of core c at vStart[c] .. + padded: v32 when the chip's
  /// potentials have at most 32 bits, else v64 (the other is empty).
  std::vector<size_t> vStart;
  std::vector<int32_t> v32;
  std::vector<int64_t> v64;
  /// Core c's neuron n: neuronRoutes[neuronStart[c] + n] (and a sentinel
  /// after its last neuron); routes holds the targets after the first.
  std::vector<Route> routes;
  std::vector<NeuronRoutes> neuronRoutes;
  std::vector<size_t> neuronStart;
  /// The (core, delay) pairs core c's targets reach:
  /// fanout[fanoutStart[c] .. fanoutStart[c + 1]). All are marked when c
  /// emits a spike (one mark per pair and tick rather than per target; a
  /// core marked in vain finds no arrival).
  std::vector<Fanout> fanout;
  std::vector<uint32_t> fanoutStart;
  /// In-edges of core c: [inStart[c], inStart[c + 1]). The first target
  /// to reach axon a of c arrives on in-edge inStart[c] + a (no lookup:
  /// the position is the axon); further targets to an axon already
  /// reached (rare: several sources on one axon) on inStart[c] + axons +
  /// m, with extraCode[extraStart[c] + m] = axon << 1.
  std::vector<uint32_t> inStart, extraStart, extraCode;
  size_t edges = 0;
  uint32_t ringSlots = 1;
  /// arrivals[slot * edges + e]: 0, or 1 / 2 for a +1 / -1 spike on
  /// in-edge e in the slot's tick; arrived[slot * cores + c]: any of c's.
  std::vector<uint8_t> arrivals;
  std::vector<std::atomic<uint8_t>> arrived;
  /// For delay d: offsets of the slot of tick currentTick + d in arrivals
  /// and arrived.
  std::vector<size_t> arrivalBase, arrivedBase;
  /// This tick's host spikes of core c: hostCodes[hostStart[c] ..
  /// hostStart[c + 1]) (hostStart all zero while hostActive is false).
  std::vector<uint32_t> hostStart, hostCodes, hostNext;
  bool hostActive = false;
  /// Cores of each phase, in increasing core index.
  std::vector<std::vector<uint32_t>> phases;
  int64_t vMin = 0, vMax = 0;
  bool narrowV = false; ///< Potentials stored in 32 bits.
  bool signedSpikes = false;
  uint64_t tick = 0;
  /// Host spikes for the next chip.maxDelay + 1 ticks: [tick % size].
  std::vector<std::vector<AxonSpike>> hostQueue;
  /// This tick's spikes, and those of each chunk of the phase being run
  /// (chunk buffers are written sequentially and stay warm; per-core
  /// lists would be cold).
  std::vector<NeuronSpike> emitted;
  std::vector<std::vector<NeuronSpike>> chunkSpikes;
  tbb::enumerable_thread_specific<Scratch> scratch;
  uint32_t maxPadded = 0, maxInEdges = 0;
  /// Injected faults (options.faults), drawn once at build: dead cores,
  /// and the stuck neurons of each core in increasing index.
  bool faulty = false;
  std::vector<uint8_t> deadCore;
  std::vector<std::vector<uint32_t>> stuckOff, stuckOn;
  /// A board spread over parts (options.board with several): this part,
  /// the part of every core (empty for one part), and the targets of this
  /// part's neurons on other parts: neuron neuronStart[c] + n's are
  /// remote[remoteStart[i] .. remoteStart[i + 1]), and stand in routes and
  /// heads as placeholders (delay kNoRoute) so the others keep their
  /// places.
  int part = 0, parts = 1;
  std::vector<uint32_t> partOf;
  std::vector<RemoteRoute> remote;
  std::vector<uint32_t> remoteStart;
  std::vector<uint8_t> crosses; ///< [cores]: a target on another part
  /// [phase]: a core of the phase, on any part, has a delay-0 target on
  /// another part, so the parts exchange before the next phase runs.
  std::vector<uint8_t> exchangeAfter;
  bool linked = false; ///< More than one part: exchanges every tick.
  std::vector<std::vector<uint32_t>> outbox; ///< [part]
  /// Spikes from other parts that reach core c's axons in this tick's later
  /// phases (delay 0), as axon << 1 | negative; delayed ones wait in the
  /// host queue like the host's spikes (they count alike: one spike, the
  /// row's synapses).
  std::vector<std::vector<uint32_t>> late;
  size_t sent = 0; ///< emitted[0 .. sent) went out already.
  LinkStats linkStats;

  Impl(const ChipConfig &c, EmulatorOptions o) : config(c), options(o) {}

  int64_t getV(uint32_t c, uint32_t n) const {
    return narrowV ? v32[vStart[c] + n] : v64[vStart[c] + n];
  }
  void setV(uint32_t c, uint32_t n, int64_t v) {
    if (narrowV)
      v32[vStart[c] + n] = static_cast<int32_t>(v);
    else
      v64[vStart[c] + n] = v;
  }
  /// Whether this part runs core c.
  bool mine(uint32_t c) const {
    return partOf.empty() || partOf[c] == uint32_t(part);
  }
  const PrototypePlan &plan(uint32_t core) const {
    return prototypes[config.cores[core].prototype];
  }
  void build();
  void buildPrototype(size_t i, size_t &denseBytes);
  void buildNeurons(PrototypePlan &p);
  void buildRows(size_t i, PrototypePlan &p, size_t &denseBytes);
  void checkCores();
  void buildParts();
  void buildPhases();
  void buildRoutes();
  void addFanout(const Core &core);
  void resetState();
  Scratch &localScratch();
  /// Integrates, evaluates and routes core c; appends its spikes to `out`.
  void processCore(uint32_t c, uint32_t slot, Scratch &x,
                   std::vector<NeuronSpike> &out);
  /// Writes the axon codes (axon << 1 | negative) of the spikes that reach
  /// core c in this tick (slot) to `codes` (grown as needed); returns how
  /// many.
  uint32_t gatherInput(uint32_t c, uint32_t slot, std::vector<uint32_t> &codes);
  /// Adds axon a's row into the 32-bit accumulator (when the tick's input
  /// provably fits) or into the 64-bit one.
  void integrate(int32_t *acc, const PrototypePlan &p, uint32_t code) const;
  void integrateWide(int64_t *wide, const PrototypePlan &p,
                     uint32_t code) const;
  /// Evaluates every neuron with the vectorized update; `narrow`: the
  /// input is in acc only, `budget`: the input bound for 32-bit arithmetic.
  uint64_t updateVector(uint32_t c, const PrototypePlan &p, Scratch &x,
                        bool narrow, bool fits32);
  void evaluate(uint32_t c, CoreState &s, const PrototypePlan &p, uint32_t n,
                int64_t input, bool trackUnstable, CoreCounters &k, Scratch &x);
  /// Delivers the core's emitted spikes to their targets; returns their
  /// hops.
  /// SkipRemote: the core has targets on other parts (placeholders).
  template <bool SkipRemote> uint64_t route(uint32_t c, const Scratch &x);
  /// Appends the core's spikes to `out` (field by field: building
  /// NeuronSpike temporaries stalls on store forwarding).
  void appendSpikes(uint32_t c, const Scratch &x,
                    std::vector<NeuronSpike> &out) const;
  /// Whether a tick without input leaves a non-leaky neuron at potential v
  /// unchanged and silent (then it need not be evaluated).
  bool stable(const NeuronParams &q, int64_t v) const {
    // Unclamped: a neuron the clamp holds in place still counts
    // saturations.
    int8_t spike;
    return fireLogic(q, v + q.leak, signedSpikes, spike) == v && spike == 0;
  }
  void depositHost();
  /// Draws the faults of options.faults (FaultModel: from the seed alone).
  void buildFaults();
  /// Removes the spikes of stuck-off neurons and adds those of stuck-on
  /// ones, keeping increasing neuron order.
  void applyStuck(uint32_t c, Scratch &x) const;
  /// Marks every (core, delay) core c's targets reach as having arrivals.
  void markFanout(uint32_t c) {
    for (uint32_t j = fanoutStart[c]; j < fanoutStart[c + 1]; ++j)
      arrived[arrivedBase[fanout[j].delay] + fanout[j].core].store(
          1, std::memory_order_relaxed);
  }
  /// Sends the spikes emitted since the last exchange to the parts their
  /// targets are on and delivers what the other parts sent here.
  void exchange();
  /// Whether the fault model drops core c neuron n's spike to its target
  /// `index` in this tick.
  bool dropped(uint32_t c, uint32_t n, uint64_t index) const {
    const FaultModel &f = options.faults;
    return faults::below(
        faults::hash(f.seed, faults::Drop, tick, uint64_t(c) << 32 | n, index),
        f.droppedSpikes);
  }
  /// route() with each neuron-to-axon delivery lost at the drop rate.
  uint64_t routeDropping(uint32_t c, const Scratch &x);
  /// Processes a phase's cores in fixed chunks and appends their spikes
  /// to `emitted`, in core order.
  void runPhase(const std::vector<uint32_t> &phase, uint32_t slot);
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
  maxPadded = std::max(maxPadded, p.padded);
  buildNeurons(p);
  buildRows(i, p, denseBytes);
}

void Emulator::Impl::buildNeurons(PrototypePlan &p) {
  const CorePrototype &pr = *p.proto;
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
  int64_t maxAbsLeak = 0;
  std::vector<NeuronParams> params(pr.neurons);
  for (uint32_t n = 0; n < pr.neurons; ++n) {
    const NeuronParams &q = p.types[pr.neuronType[n]];
    params[n] = q;
    p.anyLeak |= q.leak != 0;
    maxAbsLeak = std::max(maxAbsLeak, std::abs(q.leak));
    if (q.fires && q.reset != ResetMode::Linear)
      p.allLinear = false;
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

  // Vectorized neuron update: potentials of at most 48 bits; 32-bit
  // arithmetic where |V| <= 2^30 and the parameters fit, as long as
  // |V| + |input| + |leak| stays below 2^31 - 1.
  p.vectorNeurons = config.chip.potentialBits <= 48;
  if (!p.vectorNeurons)
    return;
  fillNeuronTable(p.table64, params, p.padded, signedSpikes);
  if (config.chip.potentialBits <= 31 &&
      fillNeuronTable(p.table32, params, p.padded, signedSpikes))
    p.budget32 = (int64_t(1) << 31) - 2 -
                 (int64_t(1) << (config.chip.potentialBits - 1)) - maxAbsLeak;
}

void Emulator::Impl::buildRows(size_t i, PrototypePlan &p, size_t &denseBytes) {
  const CorePrototype &pr = config.prototypes[i];
  p.rows.assign(pr.axons, AxonRow{});
  for (uint32_t a = 0; a < pr.axons; ++a) {
    AxonRow &r = p.rows[a];
    r.length = pr.rowStart[a + 1] - pr.rowStart[a];
    r.type = p.binary ? pr.axonTypes[a] : 0;
    r.dense = r.length > 0 && size_t(r.length) * kDenseDivisor >= pr.neurons;
  }
  const uint32_t rows = static_cast<uint32_t>(std::count_if(
      p.rows.begin(), p.rows.end(), [](const AxonRow &r) { return r.dense; }));
  if (!p.binary && rows > 0) {
    int32_t maxAbs = 0;
    for (int32_t w : pr.weight)
      maxAbs =
          std::max<int32_t>(maxAbs, w == std::numeric_limits<int32_t>::min()
                                        ? std::numeric_limits<int32_t>::max()
                                        : std::abs(w));
    p.weightBytes = maxAbs <= 127 ? 1 : maxAbs <= 32767 ? 2 : 4;
    const size_t bytes = size_t(rows) * p.padded * p.weightBytes;
    if (denseBytes + bytes > kDenseBudget)
      for (AxonRow &r : p.rows)
        r.dense = false;
    else
      denseBytes += bytes;
  }

  // Sparse rows: (neuron, weight) lists, one after the other.
  for (uint32_t a = 0; a < pr.axons; ++a) {
    AxonRow &r = p.rows[a];
    if (r.dense)
      continue;
    if (p.sparse.size() + r.length > std::numeric_limits<uint32_t>::max())
      fail("prototype {} ({}): too many synapses", i, pr.name);
    r.start = static_cast<uint32_t>(p.sparse.size());
    for (uint32_t j = pr.rowStart[a]; j < pr.rowStart[a + 1]; ++j) {
      const uint32_t n = pr.column[j];
      p.sparse.push_back({n, p.binary
                                 ? p.typeWeight[size_t(r.type) * p.padded + n]
                                 : pr.weight[j]});
    }
  }

  // Dense rows.
  const size_t stride = p.binary ? p.padded / 8 : p.padded;
  const size_t total = size_t(rows) * stride;
  if (total > std::numeric_limits<uint32_t>::max())
    fail("prototype {} ({}): dense rows too large", i, pr.name);
  uint32_t row = 0;
  for (AxonRow &r : p.rows)
    if (r.dense)
      r.start = static_cast<uint32_t>(row++ * stride);
  if (row == 0)
    return;
  if (p.binary)
    p.bits.assign(total, 0);
  else if (p.weightBytes == 1)
    p.w8.assign(total, 0);
  else if (p.weightBytes == 2)
    p.w16.assign(total, 0);
  else
    p.w32.assign(total, 0);
  for (uint32_t a = 0; a < pr.axons; ++a) {
    const AxonRow &r = p.rows[a];
    if (!r.dense)
      continue;
    for (uint32_t j = pr.rowStart[a]; j < pr.rowStart[a + 1]; ++j) {
      const uint32_t n = pr.column[j];
      if (p.binary)
        p.bits[r.start + n / 8] |= static_cast<uint8_t>(1u << (n % 8));
      else if (p.weightBytes == 1)
        p.w8[r.start + n] = static_cast<int8_t>(pr.weight[j]);
      else if (p.weightBytes == 2)
        p.w16[r.start + n] = static_cast<int16_t>(pr.weight[j]);
      else
        p.w32[r.start + n] = pr.weight[j];
    }
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
  if (chip.maxDelay > chipcfg::kMaxDelay)
    fail("chip configuration '{}': max_delay={} exceeds snnc's longest delay "
         "of {} ticks",
         config.network, chip.maxDelay, chipcfg::kMaxDelay);
  hostQueue.assign(chip.maxDelay + 1, {});

  prototypes.resize(config.prototypes.size());
  size_t denseBytes = 0;
  for (size_t i = 0; i < config.prototypes.size(); ++i)
    buildPrototype(i, denseBytes);
  coreCount = config.cores.size();
  buildParts();
  checkCores();
  buildPhases();
  buildRoutes();
  buildFaults();

  // State.
  cores.resize(coreCount);
  counters.assign(coreCount, {});
  vStart.assign(coreCount + 1, 0);
  for (size_t c = 0; c < coreCount; ++c)
    vStart[c + 1] = vStart[c] + (mine(static_cast<uint32_t>(c))
                                     ? plan(static_cast<uint32_t>(c)).padded
                                     : 0);
  if (narrowV)
    v32.assign(vStart[coreCount], 0);
  else
    v64.assign(vStart[coreCount], 0);
  hostStart.assign(coreCount + 1, 0);
  if (options.threads > 0)
    arena = std::make_unique<tbb::task_arena>(options.threads);
}

void Emulator::Impl::checkCores() {
  const ChipInfo &chip = config.chip;
  coreCount = config.cores.size();
  if (coreCount >= std::numeric_limits<uint32_t>::max() / 2)
    fail("chip configuration '{}': {} cores is too many", config.network,
         coreCount);
  uint32_t maxDelay = 0;
  for (size_t c = 0; c < coreCount; ++c) {
    const Core &core = config.cores[c];
    if (core.prototype >= prototypes.size())
      fail("core {}: prototype {} of {}", c, core.prototype, prototypes.size());
    const PrototypePlan &p = prototypes[core.prototype];
    // Another part's core: only the targets it kept (if any) are read.
    const bool here = mine(static_cast<uint32_t>(c));
    if (here && (core.targetStart.size() != size_t(p.neurons) + 1 ||
                 core.targetStart.front() != 0 ||
                 core.targetStart.back() != core.targets.size()))
      fail("core {}: target starts do not match {} neurons and {} targets", c,
           p.neurons, core.targets.size());
    for (uint32_t n = 0; here && n < p.neurons; ++n)
      if (core.targetStart[n] > core.targetStart[n + 1])
        fail("core {}: target starts decrease at neuron {}", c, n);
    for (const Target &t : core.targets) {
      if (t.core >= coreCount)
        fail("core {}: target core {} of {}", c, t.core, coreCount);
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
  arrivalBase.assign(ringSlots, 0);
  arrivedBase.assign(ringSlots, 0);
}

void Emulator::Impl::buildParts() {
  par::BoardLink *board = options.board;
  if (!board || board->parts() <= 1)
    return;
  part = board->part();
  parts = board->parts();
  partOf = boardParts(config, parts);
  outbox.assign(parts, {});
  late.assign(coreCount, {});
  linked = true;
}

void Emulator::Impl::buildPhases() {
  const std::vector<uint32_t> phase = corePhases(config);
  const uint32_t phaseCount =
      phase.empty() ? 0 : *std::max_element(phase.begin(), phase.end()) + 1;
  phases.assign(phaseCount, {});
  for (size_t c = 0; c < coreCount; ++c)
    if (mine(static_cast<uint32_t>(c)))
      phases[phase[c]].push_back(static_cast<uint32_t>(c));
  if (partOf.empty())
    return;
  // Which cores send across parts, and after which phases every part
  // must exchange (the same on all: computed from the whole board).
  crosses.assign(coreCount, 0);
  exchangeAfter.assign(phaseCount, 0);
  for (size_t c = 0; c < coreCount; ++c)
    for (const Target &t : config.cores[c].targets)
      if (partOf[t.core] != partOf[c]) {
        crosses[c] = 1;
        if (t.delay == 0)
          exchangeAfter[phase[c]] = 1;
      }
}

void Emulator::Impl::buildRoutes() {
  // In-edges numbered by target core, then source core and target index:
  // the spikes of one source core into one target core land on
  // neighbouring bytes.
  std::vector<size_t> axonStart(coreCount + 1, 0);
  for (size_t c = 0; c < coreCount; ++c)
    axonStart[c + 1] = axonStart[c] + plan(static_cast<uint32_t>(c)).axons;
  std::vector<uint8_t> reached(axonStart[coreCount], 0);
  std::vector<uint32_t> extra(coreCount, 0);
  // On a part of a board, only this part's targets into its own cores are
  // in-edges (spikes from other parts come with the exchange).
  size_t total = 0;
  for (size_t c = 0; c < coreCount; ++c) {
    if (!mine(static_cast<uint32_t>(c)))
      continue;
    const Core &core = config.cores[c];
    total += core.targets.size();
    for (const Target &t : core.targets) {
      if (!mine(t.core))
        continue;
      uint8_t &r = reached[axonStart[t.core] + t.axon];
      extra[t.core] += r;
      r = 1;
    }
  }
  inStart.assign(coreCount + 1, 0);
  extraStart.assign(coreCount + 1, 0);
  for (size_t c = 0; c < coreCount; ++c) {
    const bool here = mine(static_cast<uint32_t>(c));
    const size_t end =
        inStart[c] +
        (here ? plan(static_cast<uint32_t>(c)).axons + size_t(extra[c]) : 0);
    if (end >= std::numeric_limits<uint32_t>::max() ||
        total >= std::numeric_limits<uint32_t>::max())
      fail("chip configuration '{}': too many axons and neuron targets",
           config.network);
    inStart[c + 1] = static_cast<uint32_t>(end);
    extraStart[c + 1] = extraStart[c] + (here ? extra[c] : 0);
    maxInEdges = std::max(maxInEdges, inStart[c + 1] - inStart[c]);
  }
  edges = inStart[coreCount];
  extraCode.assign(extraStart[coreCount], 0);
  std::fill(reached.begin(), reached.end(), 0);
  std::fill(extra.begin(), extra.end(), 0);
  // The in-edge of a target within its core, in the order of the first
  // pass.
  auto offsetOf = [&](const Target &t) -> uint32_t {
    uint8_t &r = reached[axonStart[t.core] + t.axon];
    if (!r) {
      r = 1;
      return t.axon;
    }
    const uint32_t m = extra[t.core]++;
    extraCode[extraStart[t.core] + m] = t.axon << 1;
    return plan(t.core).axons + m;
  };
  routes.clear();
  neuronStart.assign(coreCount + 1, 0);
  for (size_t c = 0; c < coreCount; ++c)
    neuronStart[c + 1] =
        neuronStart[c] + (mine(static_cast<uint32_t>(c))
                              ? config.cores[c].targetStart.size()
                              : 0);
  neuronRoutes.resize(neuronStart[coreCount]);
  if (linked)
    remoteStart.assign(neuronStart[coreCount], 0);
  fanoutStart.assign(coreCount + 1, 0);
  for (size_t c = 0; c < coreCount; ++c) {
    const Core &core = config.cores[c];
    if (!mine(static_cast<uint32_t>(c))) {
      fanoutStart[c + 1] = static_cast<uint32_t>(fanout.size());
      continue;
    }
    for (size_t n = 0; n + 1 < core.targetStart.size(); ++n) {
      NeuronRoutes &o = neuronRoutes[neuronStart[c] + n];
      o.first = static_cast<uint32_t>(routes.size());
      if (linked)
        remoteStart[neuronStart[c] + n] = static_cast<uint32_t>(remote.size());
      uint64_t hops = 0;
      for (uint32_t j = core.targetStart[n]; j < core.targetStart[n + 1]; ++j) {
        const Target &t = core.targets[j];
        const Core &to = config.cores[t.core];
        hops += static_cast<uint64_t>(std::abs(int64_t(to.x) - core.x) +
                                      std::abs(int64_t(to.y) - core.y));
        Route r{0, NeuronRoutes::kNoRoute};
        if (mine(t.core))
          r = {inStart[t.core] + offsetOf(t), t.delay};
        else
          remote.push_back({partOf[t.core], t.core, t.axon, t.delay,
                            j - core.targetStart[n]});
        if (j == core.targetStart[n])
          o.head = r;
        else
          routes.push_back(r);
      }
      if (hops > std::numeric_limits<uint32_t>::max())
        fail("core {} neuron {}: a spike travels {} hops; at most 2^32 - 1 "
             "supported",
             c, n, hops);
      o.hops = static_cast<uint32_t>(hops);
    }
    neuronRoutes[neuronStart[c + 1] - 1].first =
        static_cast<uint32_t>(routes.size());
    if (linked)
      remoteStart[neuronStart[c + 1] - 1] =
          static_cast<uint32_t>(remote.size());
    addFanout(core);
    fanoutStart[c + 1] = static_cast<uint32_t>(fanout.size());
  }
  arrivals.assign(size_t(ringSlots) * edges, 0);
  arrived = std::vector<std::atomic<uint8_t>>(size_t(ringSlots) * coreCount);
}

void Emulator::Impl::addFanout(const Core &core) {
  const size_t begin = fanout.size();
  for (const Target &t : core.targets)
    if (mine(t.core)) // other parts mark their own cores
      fanout.push_back({t.core, t.delay});
  std::sort(fanout.begin() + begin, fanout.end(),
            [](const Fanout &a, const Fanout &b) {
              return a.core != b.core ? a.core < b.core : a.delay < b.delay;
            });
  fanout.erase(std::unique(fanout.begin() + begin, fanout.end(),
                           [](const Fanout &a, const Fanout &b) {
                             return a.core == b.core && a.delay == b.delay;
                           }),
               fanout.end());
}

void Emulator::Impl::resetState() {
  tick = 0;
  for (auto &q : hostQueue)
    q.clear();
  emitted.clear();
  std::fill(counters.begin(), counters.end(), CoreCounters{});
  std::fill(arrivals.begin(), arrivals.end(), 0);
  for (auto &a : arrived)
    a.store(0, std::memory_order_relaxed);
  std::fill(hostStart.begin(), hostStart.end(), 0);
  hostActive = false;
  sent = 0;
  for (auto &box : outbox)
    box.clear();
  for (auto &codes : late)
    codes.clear();
  for (uint32_t c = 0; c < coreCount; ++c) {
    if (!mine(c))
      continue;
    const PrototypePlan &p = plan(c);
    const uint16_t *typeOf = p.proto->neuronType.data();
    CoreState &s = cores[c];
    s.unstable.clear();
    for (uint32_t n = 0; n < p.neurons; ++n) {
      const NeuronParams &q = p.types[typeOf[n]];
      setV(c, n, q.vInit);
      if (!p.anyLeak && !stable(q, q.vInit))
        s.unstable.push_back(n);
    }
  }
}

Scratch &Emulator::Impl::localScratch() {
  Scratch &x = scratch.local();
  if (x.acc.size() < maxPadded) {
    // Grown with zeros: the accumulators are zero between cores.
    x.acc.resize(maxPadded, 0);
    x.wide.resize(maxPadded, 0);
    x.flags.resize(maxPadded, 0);
    x.spikes.resize(maxPadded);
  }
  return x;
}

uint32_t Emulator::Impl::gatherInput(uint32_t c, uint32_t slot,
                                     std::vector<uint32_t> &codes) {
  const uint32_t host = hostActive ? hostStart[c + 1] - hostStart[c] : 0;
  const size_t fromParts = late.empty() ? 0 : late[c].size();
  if (codes.size() < size_t(maxInEdges) + host + fromParts)
    codes.resize(size_t(maxInEdges) + host + fromParts);
  uint32_t *out = codes.data();
  std::atomic<uint8_t> &mark = arrived[size_t(slot) * coreCount + c];
  if (mark.load(std::memory_order_relaxed)) {
    mark.store(0, std::memory_order_relaxed);
    const uint32_t axons = plan(c).axons;
    uint8_t *box = arrivals.data() + size_t(slot) * edges + inStart[c];
    // Taken and cleared for the slot's next use.
    forEachByte<true>(box, axons,
                      [&](uint32_t a, uint8_t b) { *out++ = a << 1 | b >> 1; });
    const uint32_t *extra = extraCode.data() + extraStart[c];
    forEachByte<true>(
        box + axons, inStart[c + 1] - inStart[c] - axons,
        [&](uint32_t m, uint8_t b) { *out++ = extra[m] | b >> 1; });
  }
  if (host)
    out = std::copy(hostCodes.data() + hostStart[c],
                    hostCodes.data() + hostStart[c + 1], out);
  if (fromParts) {
    out = std::copy(late[c].begin(), late[c].end(), out);
    late[c].clear();
  }
  return static_cast<uint32_t>(out - codes.data());
}

inline void Emulator::Impl::integrate(int32_t *acc, const PrototypePlan &p,
                                      uint32_t code) const {
  const AxonRow &r = p.rows[code >> 1];
  const bool negative = code & 1;
  if (r.dense) {
    if (p.binary)
      addMasked(acc, p.typeWeight.data() + size_t(r.type) * p.padded,
                p.bits.data() + r.start, p.padded / 8, negative);
    else if (p.weightBytes == 1)
      addRow8(acc, p.w8.data() + r.start, p.padded, negative);
    else if (p.weightBytes == 2)
      addRow16(acc, p.w16.data() + r.start, p.padded, negative);
    else
      addRow32(acc, p.w32.data() + r.start, p.padded, negative);
    return;
  }
  const Synapse *syn = p.sparse.data() + r.start;
  if (negative)
    for (uint32_t j = 0; j < r.length; ++j)
      acc[syn[j].neuron] -= syn[j].weight;
  else
    for (uint32_t j = 0; j < r.length; ++j)
      acc[syn[j].neuron] += syn[j].weight;
}

inline void Emulator::Impl::integrateWide(int64_t *wide, const PrototypePlan &p,
                                          uint32_t code) const {
  const CorePrototype &pr = *p.proto;
  const uint32_t a = code >> 1;
  const int64_t sign = code & 1 ? -1 : 1;
  const uint32_t *column = pr.column.data();
  for (uint32_t j = pr.rowStart[a]; j < pr.rowStart[a + 1]; ++j) {
    const uint32_t n = column[j];
    wide[n] +=
        sign * (p.binary ? p.typeWeight[size_t(pr.axonTypes[a]) * p.padded + n]
                         : pr.weight[j]);
  }
}

uint64_t Emulator::Impl::updateVector(uint32_t c, const PrototypePlan &p,
                                      Scratch &x, bool narrow, bool fits32) {
  const bool lin = p.allLinear;
  int32_t *acc = x.acc.data();
  int64_t *wide = x.wide.data();
  uint8_t *flags = x.flags.data();
  const uint32_t m = p.padded;
  if (fits32) {
    int32_t *v = v32.data() + vStart[c];
    const auto lo = static_cast<int32_t>(vMin), hi = static_cast<int32_t>(vMax);
    return (lin ? update32Linear : update32)(v, acc, wide, flags,
                                             p.table32.view(), m, lo, hi);
  }
  const NeuronArrays<int64_t> a = p.table64.view();
  if (narrowV) {
    int32_t *v = v32.data() + vStart[c];
    return !narrow
               ? (lin ? update64on32LinearWide
                      : update64on32Wide)(v, acc, wide, flags, a, m, vMin, vMax)
               : (lin ? update64on32Linear : update64on32)(v, acc, wide, flags,
                                                           a, m, vMin, vMax);
  }
  int64_t *v = v64.data() + vStart[c];
  return !narrow ? (lin ? update64LinearWide
                        : update64Wide)(v, acc, wide, flags, a, m, vMin, vMax)
                 : (lin ? update64Linear : update64)(v, acc, wide, flags, a, m,
                                                     vMin, vMax);
}

inline void Emulator::Impl::evaluate(uint32_t c, CoreState &s,
                                     const PrototypePlan &p, uint32_t n,
                                     int64_t input, bool trackUnstable,
                                     CoreCounters &k, Scratch &x) {
  const NeuronParams &q = p.types[p.proto->neuronType[n]];
  int8_t spike;
  int64_t v = fireLogic(q, getV(c, n) + input + q.leak, signedSpikes, spike);
  if (v > vMax) {
    v = vMax;
    ++k.saturations;
  } else if (v < vMin) {
    v = vMin;
    ++k.saturations;
  }
  setV(c, n, v);
  if (trackUnstable && !stable(q, v))
    s.unstable.push_back(n);
  if (spike)
    x.emit(n, spike < 0);
}

template <bool SkipRemote>
uint64_t Emulator::Impl::route(uint32_t c, const Scratch &x) {
  const NeuronRoutes *out = neuronRoutes.data() + neuronStart[c];
  const Route *r = routes.data();
  uint8_t *box = arrivals.data();
  uint64_t hops = 0;
  for (uint32_t i = 0; i < x.spikeCount; ++i) {
    const uint32_t n = x.spikes[i] >> 1;
    const uint8_t value = 1 + (x.spikes[i] & 1);
    if (out[n].head.delay != NeuronRoutes::kNoRoute)
      box[arrivalBase[out[n].head.delay] + out[n].head.edge] = value;
    for (uint32_t j = out[n].first; j < out[n + 1].first; ++j)
      if (!SkipRemote || r[j].delay != NeuronRoutes::kNoRoute)
        box[arrivalBase[r[j].delay] + r[j].edge] = value;
    hops += out[n].hops;
  }
  markFanout(c);
  return hops;
}

void Emulator::Impl::exchange() {
  const bool dropping = faulty && options.faults.droppedSpikes > 0;
  for (auto &box : outbox)
    box.clear();
  for (size_t i = sent; i < emitted.size(); ++i) {
    const NeuronSpike &s = emitted[i];
    if (!crosses[s.core])
      continue;
    const size_t k = neuronStart[s.core] + s.neuron;
    for (uint32_t j = remoteStart[k]; j < remoteStart[k + 1]; ++j) {
      const RemoteRoute &r = remote[j];
      if (dropping && dropped(s.core, s.neuron, r.index))
        continue;
      std::vector<uint32_t> &box = outbox[r.part];
      box.push_back(r.core);
      box.push_back(r.axon);
      box.push_back(r.delay << 1 | (s.sign < 0 ? 1u : 0u));
    }
  }
  sent = emitted.size();
  for (const auto &box : outbox)
    linkStats.wordsSent += box.size();
  const auto start = std::chrono::steady_clock::now();
  const std::vector<std::vector<uint32_t>> in = options.board->exchange(outbox);
  linkStats.seconds +=
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  ++linkStats.exchanges;
  // As the host's spikes are: delayed ones into the queue of their tick,
  // delay-0 ones into this tick's late lists (their cores run in a later
  // phase); both count one spike and the row's synapses.
  for (size_t q = 0; q < in.size(); ++q) {
    const std::vector<uint32_t> &words = in[q];
    if (words.size() % 3)
      fail("board link: part {} sent {} words; spikes are 3 words each", q,
           words.size());
    for (size_t w = 0; w < words.size(); w += 3) {
      const uint32_t core = words[w], axon = words[w + 1],
                     delay = words[w + 2] >> 1;
      const bool negative = words[w + 2] & 1;
      if (core >= coreCount || !mine(core) || axon >= plan(core).axons ||
          delay > config.chip.maxDelay)
        fail("board link: part {} sent a spike to core {} axon {} (delay "
             "{}), which part {} of {} does not run",
             q, core, axon, delay, part, parts);
      if (delay == 0)
        late[core].push_back(axon << 1 | (negative ? 1u : 0u));
      else
        hostQueue[(tick + delay) % hostQueue.size()].push_back(
            {core, axon, int8_t(negative ? -1 : 1)});
    }
  }
}

void Emulator::Impl::buildFaults() {
  const FaultModel &f = options.faults;
  faulty = f.any();
  if (!faulty)
    return;
  deadCore.assign(coreCount, 0);
  stuckOff.assign(coreCount, {});
  stuckOn.assign(coreCount, {});
  // One uniform draw per neuron: stuck-off below stuckOff, stuck-on above
  // 1 - stuckOn, so both sets only grow with their rates.
  for (uint32_t c = 0; c < coreCount; ++c) {
    deadCore[c] =
        faults::below(faults::hash(f.seed, faults::DeadCore, c), f.deadCores);
    if (f.stuckOff <= 0 && f.stuckOn <= 0)
      continue;
    for (uint32_t n = 0; n < plan(c).neurons; ++n) {
      const uint64_t h = faults::hash(f.seed, faults::StuckOff, c, n);
      if (faults::below(h, f.stuckOff))
        stuckOff[c].push_back(n);
      else if (faults::below(~h, f.stuckOn))
        stuckOn[c].push_back(n);
    }
  }
}

void Emulator::Impl::applyStuck(uint32_t c, Scratch &x) const {
  const std::vector<uint32_t> &off = stuckOff[c], &on = stuckOn[c];
  x.faulted.resize(size_t(x.spikeCount) + on.size());
  uint32_t count = 0;
  size_t i = 0, a = 0, b = 0;
  while (i < x.spikeCount || b < on.size()) {
    const uint32_t n = i < x.spikeCount ? x.spikes[i] >> 1 : UINT32_MAX;
    const uint32_t m = b < on.size() ? on[b] : UINT32_MAX;
    if (m <= n) { // a stuck-on neuron fires +1, whatever it computed
      x.faulted[count++] = m << 1;
      ++b;
      if (m == n)
        ++i;
      continue;
    }
    while (a < off.size() && off[a] < n)
      ++a;
    if (a == off.size() || off[a] != n)
      x.faulted[count++] = x.spikes[i];
    ++i;
  }
  if (x.spikes.size() < count)
    x.spikes.resize(count);
  std::copy(x.faulted.begin(), x.faulted.begin() + count, x.spikes.begin());
  x.spikeCount = count;
}

uint64_t Emulator::Impl::routeDropping(uint32_t c, const Scratch &x) {
  const NeuronRoutes *out = neuronRoutes.data() + neuronStart[c];
  const Route *r = routes.data();
  uint8_t *box = arrivals.data();
  uint64_t hops = 0;
  for (uint32_t i = 0; i < x.spikeCount; ++i) {
    const uint32_t n = x.spikes[i] >> 1;
    const uint8_t value = 1 + (x.spikes[i] & 1);
    if (out[n].head.delay != NeuronRoutes::kNoRoute && !dropped(c, n, 0))
      box[arrivalBase[out[n].head.delay] + out[n].head.edge] = value;
    for (uint32_t j = out[n].first; j < out[n + 1].first; ++j)
      if (r[j].delay != NeuronRoutes::kNoRoute && // on another part
          !dropped(c, n, 1 + j - out[n].first))
        box[arrivalBase[r[j].delay] + r[j].edge] = value;
    hops += out[n].hops;
  }
  markFanout(c);
  return hops;
}

void Emulator::Impl::appendSpikes(uint32_t c, const Scratch &x,
                                  std::vector<NeuronSpike> &out) const {
  const size_t first = out.size();
  out.resize(first + x.spikeCount);
  NeuronSpike *to = out.data() + first;
  for (uint32_t i = 0; i < x.spikeCount; ++i) {
    to[i].core = c;
    to[i].neuron = x.spikes[i] >> 1;
    to[i].sign = x.spikes[i] & 1 ? -1 : 1;
  }
}

void Emulator::Impl::processCore(uint32_t c, uint32_t slot, Scratch &x,
                                 std::vector<NeuronSpike> &out) {
  CoreState &s = cores[c];
  const PrototypePlan &p = plan(c);
  const uint32_t spikesIn = gatherInput(c, slot, x.codes);
  const uint32_t *codes = x.codes.data();
  const bool input = spikesIn > 0;
  if (faulty && deadCore[c])
    return; // its input is taken (gatherInput clears it) and lost
  if (!input && !p.anyLeak && s.unstable.empty() &&
      !(faulty && !stuckOn[c].empty()))
    return;
  CoreCounters k = counters[c];
  x.spikeCount = 0;
  // |input| <= spikes x max |weight| per neuron: 32-bit sums below 2^31,
  // 32-bit neuron arithmetic within the prototype's budget.
  const auto bound = static_cast<int64_t>(spikesIn) * p.maxAbsWeight;
  const bool narrow = bound < std::numeric_limits<int32_t>::max();
  for (uint32_t i = 0; i < spikesIn; ++i) {
    const uint32_t code = codes[i];
    k.synapticEvents += p.rows[code >> 1].length;
    if (narrow)
      integrate(x.acc.data(), p, code);
    else
      integrateWide(x.wide.data(), p, code);
  }
  k.spikesIn += spikesIn;
  const bool track = !p.anyLeak;
  if ((input || p.anyLeak) && p.vectorNeurons) {
    // Dense pass, vectorized; then spikes and unstable neurons in
    // increasing index.
    k.saturations +=
        updateVector(c, p, x, narrow, narrow && bound <= p.budget32);
    if (track)
      s.unstable.clear();
    const uint16_t *typeOf = p.proto->neuronType.data();
    forEachByte<false>(x.flags.data(), p.neurons, [&](uint32_t n, uint8_t f) {
      if (f & (kPositive | kNegative))
        x.emit(n, !(f & kPositive));
      if (track && (f & kUnstable) && !stable(p.types[typeOf[n]], getV(c, n)))
        s.unstable.push_back(n);
    });
  } else if (input || p.anyLeak) {
    // Dense pass: every neuron, in increasing index.
    s.unstable.clear();
    int32_t *acc = x.acc.data();
    int64_t *wide = x.wide.data();
    for (uint32_t n = 0; n < p.neurons; ++n) {
      const int64_t in = acc[n] + wide[n];
      acc[n] = 0;
      wide[n] = 0;
      evaluate(c, s, p, n, in, track, k, x);
    }
  } else {
    // Only the neurons that change without input (increasing index).
    s.scratch.swap(s.unstable);
    s.unstable.clear();
    for (uint32_t n : s.scratch)
      evaluate(c, s, p, n, 0, true, k, x);
  }
  if (faulty && (!stuckOff[c].empty() || !stuckOn[c].empty()))
    applyStuck(c, x);
  if (x.spikeCount) {
    k.hops += faulty && options.faults.droppedSpikes > 0 ? routeDropping(c, x)
              : !crosses.empty() && crosses[c]           ? route<true>(c, x)
                                                         : route<false>(c, x);
    appendSpikes(c, x, out);
  }
  k.spikesOut += x.spikeCount;
  if (input || x.spikeCount)
    ++k.activeTicks;
  counters[c] = k;
}

void Emulator::Impl::depositHost() {
  if (hostActive) {
    std::fill(hostStart.begin(), hostStart.end(), 0);
    hostActive = false;
  }
  std::vector<AxonSpike> &queue = hostQueue[tick % hostQueue.size()];
  if (queue.empty())
    return;
  // Counting sort by core (the order within a core does not matter).
  hostActive = true;
  for (const AxonSpike &sp : queue)
    ++hostStart[sp.core + 1];
  for (size_t c = 0; c < coreCount; ++c)
    hostStart[c + 1] += hostStart[c];
  hostCodes.resize(queue.size());
  hostNext.assign(hostStart.begin(), hostStart.end() - 1);
  for (const AxonSpike &sp : queue)
    hostCodes[hostNext[sp.core]++] = (sp.axon << 1) | (sp.sign < 0 ? 1u : 0u);
  queue.clear();
}

void Emulator::Impl::runPhase(const std::vector<uint32_t> &phase,
                              uint32_t slot) {
  // Fixed chunks of consecutive cores (a function of the phase size).
  const size_t n = phase.size();
  if (n == 0) // a part of a board may have no core in a phase
    return;
  const size_t size = (n + kMaxChunks - 1) / kMaxChunks;
  const size_t chunks = (n + size - 1) / size;
  chunkSpikes.resize(std::max(chunkSpikes.size(), chunks));
  parallel(chunks, [&](size_t k) {
    Scratch &x = localScratch();
    std::vector<NeuronSpike> &out = chunkSpikes[k];
    out.clear();
    const size_t end = std::min(n, (k + 1) * size);
    for (size_t i = k * size; i < end; ++i)
      processCore(phase[i], slot, x, out);
  });
  for (size_t k = 0; k < chunks; ++k)
    emitted.insert(emitted.end(), chunkSpikes[k].begin(), chunkSpikes[k].end());
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
  if (!impl->mine(spike.core))
    return; // another part of the board delivers it
  auto &queue = impl->hostQueue[(impl->tick + delay) % impl->hostQueue.size()];
  if (queue.size() >= std::numeric_limits<uint32_t>::max() / 2)
    fail("too many input spikes queued for one tick ({})", queue.size());
  queue.push_back(spike);
}

void Emulator::injectAll(
    const std::vector<std::pair<AxonSpike, uint32_t>> &spikes) {
  for (const auto &[spike, delay] : spikes)
    checkInput(spike, delay);
  auto &queues = impl->hostQueue;
  for (const auto &[spike, delay] : spikes) {
    if (!impl->mine(spike.core))
      continue; // another part of the board delivers it
    auto &queue = queues[(impl->tick + delay) % queues.size()];
    if (queue.size() >= std::numeric_limits<uint32_t>::max() / 2)
      fail("too many input spikes queued for one tick ({})", queue.size());
    queue.push_back(spike);
  }
}

void checkInputSpike(const ChipConfig &config, const AxonSpike &spike,
                     uint32_t delay) {
  if (spike.core >= config.cores.size())
    fail("input spike to core {}; the chip has {} cores", spike.core,
         config.cores.size());
  const uint32_t prototype = config.cores[spike.core].prototype;
  const uint32_t axons = prototype < config.prototypes.size()
                             ? config.prototypes[prototype].axons
                             : 0;
  if (spike.axon >= axons)
    fail("input spike to axon {} of core {}, which has {} axons", spike.axon,
         spike.core, axons);
  if (spike.sign != 1 && spike.sign != -1)
    fail("input spike to core {} axon {} has sign {}; +1 or -1 expected",
         spike.core, spike.axon, int(spike.sign));
  if (spike.sign < 0 && !config.chip.signedSpikes)
    fail("negative input spike to core {} axon {}, but chip '{}' has "
         "unsigned spikes",
         spike.core, spike.axon, config.chip.profile);
  if (delay > config.chip.maxDelay)
    fail("input spike to core {} axon {} with delay {}; the chip's maximum "
         "is {}",
         spike.core, spike.axon, delay, config.chip.maxDelay);
}

void Emulator::checkInput(const AxonSpike &spike, uint32_t delay) const {
  checkInputSpike(impl->config, spike, delay);
}

const std::vector<NeuronSpike> &Emulator::tick() {
  Impl &m = *impl;
  const uint32_t slot = static_cast<uint32_t>(m.tick % m.ringSlots);
  for (uint32_t d = 0; d < m.ringSlots; ++d) {
    const size_t s = (m.tick + d) % m.ringSlots;
    m.arrivalBase[d] = s * m.edges;
    m.arrivedBase[d] = s * m.coreCount;
  }
  m.depositHost();
  m.emitted.clear();
  m.sent = 0;
  if (!m.linked) {
    m.run([&] {
      for (const std::vector<uint32_t> &phase : m.phases)
        m.runPhase(phase, slot);
    });
  } else {
    // Exchanges on this (the main) thread, between the parallel phases.
    for (size_t p = 0; p < m.phases.size(); ++p) {
      m.run([&] { m.runPhase(m.phases[p], slot); });
      if (m.exchangeAfter[p])
        m.exchange();
    }
    if (!m.exchangeAfter.back()) // the delayed spikes
      m.exchange();
  }
  if (m.phases.size() > 1)
    std::sort(m.emitted.begin(), m.emitted.end(),
              [](const NeuronSpike &a, const NeuronSpike &b) {
                return a.core != b.core ? a.core < b.core : a.neuron < b.neuron;
              });
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
  if (!impl->mine(core))
    fail("potential of core {}: part {} of the board runs it, not this part "
         "({})",
         core, impl->partOf[core], impl->part);
  return impl->getV(core, neuron);
}

bool Emulator::emulates(uint32_t core) const {
  return core < impl->coreCount && impl->mine(core);
}

LinkStats Emulator::linkStats() const { return impl->linkStats; }

const std::vector<CoreCounters> &Emulator::counters() const {
  return impl->counters;
}

uint64_t Emulator::estimateBytes(const ChipConfig &config, int part,
                                 int parts) {
  const std::vector<uint32_t> partOf =
      parts > 1 ? boardParts(config, parts) : std::vector<uint32_t>{};
  auto mine = [&](size_t c) {
    return partOf.empty() || partOf[c] == uint32_t(part);
  };
  // What build() allocates, structure by structure, from the configuration
  // alone (no allocation here), rounding up where build() decides at run
  // time (dense weighted rows counted at 4 bytes a weight).
  uint64_t bytes = 0;
  std::vector<uint64_t> padded(config.prototypes.size());
  for (size_t i = 0; i < config.prototypes.size(); ++i) {
    const CorePrototype &p = config.prototypes[i];
    const uint64_t pad = (uint64_t(p.neurons) + 7) / 8 * 8;
    const bool binary = p.kind == chipcfg::CrossbarKind::Binary;
    padded[i] = pad;
    bytes += sizeof(PrototypePlan) + p.axons * sizeof(AxonRow) +
             p.neuronTypes.size() * sizeof(NeuronParams) +
             // typeWeight (binary) and the two neuron tables (13 arrays)
             pad * ((binary ? 4 * sizeof(int32_t) : 0) +
                    13 * (sizeof(int64_t) + sizeof(int32_t)));
    for (uint32_t a = 0; a + 1 < p.rowStart.size(); ++a) {
      const uint64_t length = p.rowStart[a + 1] - p.rowStart[a];
      const bool dense = length > 0 && length * kDenseDivisor >= p.neurons;
      bytes += !dense   ? length * sizeof(Synapse)
               : binary ? pad / 8
                        : pad * sizeof(int32_t);
    }
  }
  // On a part of a board: the state of its own cores, the routes of its
  // own neurons (those to other parts as RemoteRoutes), in-edges of its
  // own cores; per-core starts and marks for every core.
  uint32_t maxDelay = 0;
  uint64_t targets = 0, remoteTargets = 0, inEdges = 0, arriving = 0;
  for (size_t c = 0; c < config.cores.size(); ++c) {
    const Core &core = config.cores[c];
    for (const Target &t : core.targets) {
      maxDelay = std::max(maxDelay, t.delay);
      const bool toMine = t.core < config.cores.size() && mine(t.core);
      arriving += toMine;
      if (mine(c))
        (toMine ? targets : remoteTargets) += 1;
    }
    bytes += sizeof(CoreState) + sizeof(CoreCounters) + 8 * sizeof(uint32_t) +
             4 * sizeof(size_t); // per-core starts
    if (!mine(c))
      continue;
    const bool known = core.prototype < config.prototypes.size();
    const uint64_t pad = known ? padded[core.prototype] : 0;
    const uint64_t neurons =
        known ? config.prototypes[core.prototype].neurons : 0;
    inEdges += known ? config.prototypes[core.prototype].axons : 0;
    bytes += pad * (config.chip.potentialBits <= 32 ? 4 : 8) + // potentials
             (neurons + 1) * sizeof(NeuronRoutes);
    if (!partOf.empty())
      bytes += (neurons + 1) * sizeof(uint32_t); // remoteStart
  }
  const uint64_t ringSlots = uint64_t(maxDelay) + 1;
  // Routes beyond each neuron's first, fanouts (at most one per target),
  // the arrival ring (a byte per in-edge and slot; a target to an axon
  // another target reaches adds an in-edge, so at most axons + targets)
  // and the host queue.
  bytes += (targets + remoteTargets) * (sizeof(Route) + sizeof(Fanout)) +
           remoteTargets * sizeof(RemoteRoute) +
           ringSlots * (inEdges + arriving + config.cores.size()) +
           (uint64_t(config.chip.maxDelay) + 1) * sizeof(std::vector<int>);
  return bytes;
}

} // namespace snnc::emu
