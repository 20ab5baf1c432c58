//===- Simulator.cpp - Event-driven, tick-by-tick SNN simulation ----------===//
//
// Layout: every node's neurons are stored channel-last (HWC): neuron
// (c, y, x) of a C x H x W node has index (y * W + x) * C + c. A spike is an
// int32 code (index << 1) | negative; every node's spike list of a tick is
// sorted by index, with the offset of each row, so that a band of output
// rows finds the input spikes that reach it by two lookups.
//
//===----------------------------------------------------------------------===//
#include "runtime/snn/Simulator.h"

#include "runtime/detection/Activation.h"
#include "runtime/snn/ComparatorTree.h"
#include "runtime/support/Error.h"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <climits>
#include <cstring>

namespace snnc {

namespace {

/// Neurons per band of output rows: the unit of parallel work. It depends
/// only on the layer's shape, never on the number of threads.
constexpr int64_t kBandNeurons = 8192;

/// Largest kernel height the simulator takes (a bound for stack arrays).
constexpr int64_t kMaxKernel = 64;

/// Largest comparator max-pool window (kh * kw).
constexpr int64_t kMaxPoolWindow = 64;

template <typename F> void parallelFor(int64_t n, F &&body) {
  tbb::parallel_for(
      tbb::blocked_range<int64_t>(0, n, 1),
      [&](const tbb::blocked_range<int64_t> &r) {
        for (int64_t i = r.begin(); i < r.end(); ++i)
          body(i);
      },
      tbb::simple_partitioner());
}

inline int32_t spikeCode(int64_t index, bool negative) {
  return static_cast<int32_t>((index << 1) | (negative ? 1 : 0));
}

// The hot loops. `__restrict` lets the compiler vectorize them without
// run-time alias checks; the functions that contain them (fire, deliver)
// are also compiled for AVX2 and picked at load time where the CPU has it.
// There is no multiply to contract into an FMA and no reduction, so both
// variants compute the same bits.
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) &&         \
    defined(__linux__)
#define SNNC_HOT __attribute__((target_clones("avx2", "default")))
#else
#define SNNC_HOT
#endif

#define SNNC_INLINE inline __attribute__((always_inline))

SNNC_INLINE void addInto(float *__restrict v, const float *__restrict w,
                         int64_t n) {
  for (int64_t i = 0; i < n; ++i)
    v[i] += w[i];
}

SNNC_INLINE void subtractFrom(float *__restrict v, const float *__restrict w,
                              int64_t n) {
  for (int64_t i = 0; i < n; ++i)
    v[i] -= w[i];
}

/// V += drive; then fire and reset. flags[i] = +1, -1 or 0. Branch-free so
/// that it vectorizes (the library is built with -fno-trapping-math, which
/// lets the compiler evaluate both comparisons; it changes no result).
template <bool Negative, bool Zero>
SNNC_INLINE void fireRow(float *__restrict v, const float *__restrict drive,
                         int8_t *__restrict flags, int64_t n,
                         const float *__restrict vthPos,
                         const float *__restrict vthNeg) {
  for (int64_t i = 0; i < n; ++i) {
    float u = v[i] + drive[i];
    bool p = u >= vthPos[i];
    bool q = Negative && u <= -vthNeg[i];
    float r;
    if (Zero) {
      r = (p || q) ? 0.0f : u;
    } else {
      // u - 0 + 0 == u and u - vthPos + 0 == u - vthPos exactly.
      float dp = p ? vthPos[i] : 0.0f;
      float dn = q ? vthNeg[i] : 0.0f;
      r = (u - dp) + dn;
    }
    v[i] = r;
    flags[i] =
        static_cast<int8_t>(static_cast<int8_t>(p) - static_cast<int8_t>(q));
  }
}

SNNC_HOT void fire(float *v, const float *drive, int8_t *flags, int64_t n,
                   const float *vthPos, bool negative, const float *vthNeg,
                   ResetMode reset) {
  bool zero = reset == ResetMode::Zero;
  if (negative)
    zero ? fireRow<true, true>(v, drive, flags, n, vthPos, vthNeg)
         : fireRow<true, false>(v, drive, flags, n, vthPos, vthNeg);
  else
    zero ? fireRow<false, true>(v, drive, flags, n, vthPos, vthNeg)
         : fireRow<false, false>(v, drive, flags, n, vthPos, vthNeg);
}

/// Calls f(i, flag) for every non-zero flag, in order.
template <typename F> void forEachFlag(const int8_t *flags, int64_t n, F &&f) {
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t word;
    std::memcpy(&word, flags + i, 8);
    if (!word)
      continue;
    for (int64_t k = 0; k < 8; ++k)
      if (flags[i + k])
        f(i + k, flags[i + k]);
  }
  for (; i < n; ++i)
    if (flags[i])
      f(i, flags[i]);
}

} // namespace

struct NodePlan {
  TensorShape shape, in; ///< Output and (first) input shape.
  int64_t rowSize = 0;   ///< shape.w * shape.c
  int64_t bandRows = 1, bands = 1;
  // Convolutions.
  bool conv = false;
  bool analog = false; ///< Reads the analog encoder.
  int64_t kh = 1, kw = 1, sh = 1, sw = 1, pt = 0, pl = 0;
  /// Weights [inC][kh][kw][outC] with kx reversed (index kw - 1 - kx), so
  /// that for stride 1 the kernel row of one input spike is one contiguous
  /// run over consecutive output columns.
  std::vector<float> weights;
  std::vector<float> biasRow; ///< Bias tiled over one output row (HWC).
  /// The analog current W*x + b, computed by the reference executor.
  std::unique_ptr<Graph> currentGraph;
  std::unique_ptr<Executor> currentExecutor;
  // Neurons.
  bool fires = false; ///< SpikingConv, spike-count Output, spike encoder.
  float vthPos = 1, vthNeg = 1, vInit = 0;
  /// Thresholds of one row's neurons (HWC: per channel, tiled), and the
  /// initial potential per channel.
  std::vector<float> vthPosRow, vthNegRow, vInitC;
  bool negative = false;
  ResetMode reset = ResetMode::Subtract;
  bool maxCount = false; ///< SpikingMaxPool with PoolStrategy::MaxCount.
  /// SpikingMaxPool with PoolStrategy::Comparator: the tree of a window of
  /// n in-image inputs is trees[n].
  bool comparator = false;
  std::vector<ComparatorTree> trees;
  int maxComparators = 0;
  /// Column and channel of each neuron of an input row (the spike codes of
  /// one row decode without division).
  std::vector<int32_t> inCol, inChan;
  /// Channel of each neuron of one of this node's rows.
  std::vector<int32_t> rowChan;
  /// Max-pool: the output columns whose windows hold input column ix.
  std::vector<int32_t> poolFirst, poolLast;
  // Upsample factor; concat channel offsets.
  int64_t scale = 1;
  std::vector<int64_t> channelOffsets;
};

struct Simulator::Plan {
  std::vector<NodePlan> nodes;
};

Simulator::Simulator(const SpikingGraph &graph) : g(graph), plan(nullptr) {
  g.validate();
  auto p = std::make_shared<Plan>();
  p->nodes.resize(g.nodes.size());
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    const SpikingNode &n = g.nodes[i];
    NodePlan &np = p->nodes[i];
    np.shape = n.shape;
    np.in = n.inputs.empty() ? n.shape : g.nodes[n.inputs[0]].shape;
    np.rowSize = n.shape.w * n.shape.c;
    np.bandRows = std::clamp<int64_t>(
        (kBandNeurons + np.rowSize - 1) / np.rowSize, 1, n.shape.h);
    np.bands = (n.shape.h + np.bandRows - 1) / np.bandRows;
    np.kh = n.kernel[0];
    np.kw = n.kernel[1];
    np.sh = n.strides[0];
    np.sw = n.strides[1];
    np.pt = n.padding[0];
    np.pl = n.padding[1];
    if (n.kernel[0] > kMaxKernel)
      fail("spiking graph '{}': node {} has a {}x{} kernel; the simulator "
           "takes kernels up to {} rows",
           g.name, n.name, n.kernel[0], n.kernel[1], kMaxKernel);
    if (n.kind == SpikingKind::SpikingConv || n.kind == SpikingKind::Output ||
        n.kind == SpikingKind::SpikingMaxPool) {
      for (int64_t x = 0; x < np.in.w; ++x)
        for (int64_t c = 0; c < np.in.c; ++c) {
          np.inCol.push_back(static_cast<int32_t>(x));
          np.inChan.push_back(static_cast<int32_t>(c));
        }
    }
    for (int64_t k = 0; k < np.rowSize; ++k)
      np.rowChan.push_back(static_cast<int32_t>(k % n.shape.c));
    switch (n.kind) {
    case SpikingKind::Encoder:
      np.fires = n.encoder == EncoderMode::Spikes;
      np.vthPos = 1;
      break;
    case SpikingKind::SpikingConv:
    case SpikingKind::Output: {
      np.conv = true;
      const SpikingNode &src = g.nodes[n.inputs[0]];
      np.analog = src.kind == SpikingKind::Encoder &&
                  src.encoder == EncoderMode::Analog;
      int64_t outC = n.shape.c, inC = np.in.c;
      if (np.analog) {
        // The reference executor computes the constant current once per
        // image: the same im2col + sgemm as float inference.
        auto cg = std::make_unique<Graph>();
        cg->name = g.name + "/" + n.name + "/analog-current";
        Node input;
        input.kind = NodeKind::Input;
        input.name = "input";
        input.shape = np.in;
        Node conv;
        conv.kind = NodeKind::Conv2d;
        conv.name = n.name;
        conv.inputs = {0};
        conv.shape = n.shape;
        conv.weights = n.weights;
        conv.bias = n.bias;
        conv.kernel = n.kernel;
        conv.strides = n.strides;
        conv.padding = n.padding;
        cg->nodes = {std::move(input), std::move(conv)};
        cg->outputs = {1};
        np.currentExecutor = std::make_unique<Executor>(*cg);
        np.currentGraph = std::move(cg);
      } else {
        np.weights.resize(n.weights.size());
        for (int64_t o = 0; o < outC; ++o)
          for (int64_t c = 0; c < inC; ++c)
            for (int64_t ky = 0; ky < np.kh; ++ky)
              for (int64_t kx = 0; kx < np.kw; ++kx)
                np.weights[((c * np.kh + ky) * np.kw + (np.kw - 1 - kx)) *
                               outC +
                           o] =
                    n.weights[((o * inC + c) * np.kh + ky) * np.kw + kx];
        np.biasRow.resize(np.rowSize);
        for (int64_t x = 0; x < n.shape.w; ++x)
          for (int64_t o = 0; o < outC; ++o)
            np.biasRow[x * outC + o] = n.bias.empty() ? 0.0f : n.bias[o];
      }
      if (n.kind == SpikingKind::SpikingConv) {
        np.fires = true;
        np.vthPos = n.vthPos;
        np.negative = n.negativeSpikes;
        np.vthNeg = n.vthNeg;
        np.reset = n.reset;
        np.vInit = n.vInit;
      } else if (n.decoding == Decoding::SpikeCount) {
        np.fires = true;
        np.vthPos = n.vthPos;
        np.negative = true;
        np.vthNeg = n.vthPos;
        np.reset = ResetMode::Subtract;
        np.vInit = n.vInit;
      }
      break;
    }
    case SpikingKind::SpikingMaxPool:
      np.maxCount = n.pool == PoolStrategy::MaxCount;
      np.comparator = n.pool == PoolStrategy::Comparator;
      if (np.comparator) {
        if (np.kh * np.kw > kMaxPoolWindow)
          fail("spiking graph '{}': max-pool node {} has a {}x{} window; the "
               "comparator strategy takes windows of up to {} inputs",
               g.name, n.name, np.kh, np.kw, kMaxPoolWindow);
        for (int k = 0; k <= np.kh * np.kw; ++k)
          np.trees.push_back(buildComparatorTree(std::max(k, 1)));
        np.maxComparators = static_cast<int>(np.kh * np.kw) - 1;
      }
      for (int64_t ix = 0; ix < np.in.w; ++ix) {
        // Windows ox with ox*sw - pl <= ix <= ox*sw - pl + kw - 1.
        int64_t tx = ix + np.pl;
        np.poolFirst.push_back(static_cast<int32_t>(
            tx >= np.kw ? (tx - np.kw + np.sw) / np.sw : 0));
        np.poolLast.push_back(
            static_cast<int32_t>(std::min(n.shape.w - 1, tx / np.sw)));
      }
      break;
    case SpikingKind::Upsample:
      np.scale = n.shape.h / np.in.h;
      break;
    case SpikingKind::Concat: {
      int64_t offset = 0;
      for (int in : n.inputs) {
        np.channelOffsets.push_back(offset);
        offset += g.nodes[in].shape.c;
      }
      break;
    }
    }
    if (np.fires) {
      // Per-neuron threshold rows (HWC), from the per-channel values where
      // the node has them.
      int64_t C = n.shape.c;
      auto perChannel = [&](const std::vector<float> &values, float scalar,
                            int64_t c) {
        return values.empty() ? scalar : values[c];
      };
      bool countOutput = n.kind == SpikingKind::Output;
      np.vthPosRow.resize(np.rowSize);
      np.vthNegRow.resize(np.rowSize);
      for (int64_t k = 0; k < np.rowSize; ++k) {
        int64_t c = k % C;
        np.vthPosRow[k] = perChannel(n.vthPosC, np.vthPos, c);
        np.vthNegRow[k] =
            countOutput ? np.vthPosRow[k] : perChannel(n.vthNegC, np.vthNeg, c);
      }
      np.vInitC.resize(C);
      for (int64_t c = 0; c < C; ++c)
        np.vInitC[c] = perChannel(n.vInitC, np.vInit, c);
    }
  }
  plan = std::move(p);
}

Simulator::~Simulator() = default;

namespace {

/// One tick's spikes of a node: sorted codes and the offset of each row.
struct SpikeList {
  std::vector<int32_t> codes;
  std::vector<int32_t> rowStart; ///< shape.h + 1 entries.
};

struct PoolHit {
  int32_t out;      ///< Window: index within the output row.
  int32_t index;    ///< Input neuron.
  int32_t negative; ///< Spike sign.
};

/// Spike codes of one band: room for every neuron of the band, so that
/// appending is a plain store.
struct CodeBuffer {
  std::vector<int32_t> data;
  size_t size = 0;
  void clear() { size = 0; }
  void push(int32_t code) { data[size++] = code; }
};

struct Band {
  CodeBuffer codes;
  std::vector<int8_t> flags; ///< One row of spike flags.
  std::vector<PoolHit> hits; ///< Max-pool scratch.
  // Statistics over the whole run, summed per node at the end.
  int64_t positive = 0, negative = 0, events = 0;
  std::vector<int64_t> channels; ///< Empty unless channel stats are on.
};

struct NodeState {
  std::vector<float> v;     ///< Membranes (HWC).
  std::vector<float> drive; ///< Analog current or encoder pixels (HWC).
  std::vector<int32_t> positiveCount, negativeCount; ///< Spike-count output.
  // Max-pool gating: accumulated signed spike count per input neuron and
  // the current winner of every window.
  std::vector<int32_t> inputCount;
  std::vector<int32_t> winner; ///< Per output: index of its winning input.
  /// MaxCount pooling: net spikes emitted per output so far.
  std::vector<int32_t> emitted;
  /// Comparator pooling: this tick's spike (+1, -1, 0) per input neuron,
  /// the comparators' potentials [output][comparator] and the output
  /// neurons' potentials.
  std::vector<int8_t> inputSpike;
  std::vector<int32_t> comparatorV, outputV;
  std::vector<int32_t> rowCount;
  SpikeList spikes;
  std::vector<Band> bands;
};

/// Builds the node's spike list from its bands' codes and rowCount.
void gatherBands(NodeState &st, int64_t rows) {
  st.spikes.rowStart.resize(rows + 1);
  st.spikes.rowStart[0] = 0;
  for (int64_t y = 0; y < rows; ++y)
    st.spikes.rowStart[y + 1] = st.spikes.rowStart[y] + st.rowCount[y];
  st.spikes.codes.clear();
  for (const Band &b : st.bands)
    st.spikes.codes.insert(st.spikes.codes.end(), b.codes.data.begin(),
                           b.codes.data.begin() + b.codes.size);
}

/// Sorts `codes` and builds the row offsets for rows of `rowSize` neurons.
void finishList(SpikeList &list, int64_t rows, int64_t rowSize) {
  std::sort(list.codes.begin(), list.codes.end());
  list.rowStart.assign(rows + 1, 0);
  for (int32_t code : list.codes)
    ++list.rowStart[(code >> 1) / rowSize + 1];
  for (int64_t y = 0; y < rows; ++y)
    list.rowStart[y + 1] += list.rowStart[y];
}

/// Adds the spikes of `in` that reach output rows [y0, y1) into v.
/// Returns the synaptic events performed.
SNNC_HOT int64_t deliver(const NodePlan &np, const SpikeList &in, float *v,
                         int64_t y0, int64_t y1) {
  const int64_t inRow = np.in.w * np.in.c;
  const int64_t outC = np.shape.c, outW = np.shape.w;
  const int64_t kh = np.kh, kw = np.kw, sh = np.sh, sw = np.sw;
  const int64_t iyLo = std::max<int64_t>(0, y0 * sh - np.pt);
  const int64_t iyHi =
      std::min<int64_t>(np.in.h - 1, (y1 - 1) * sh - np.pt + kh - 1);
  int64_t events = 0;
  for (int64_t iy = iyLo; iy <= iyHi; ++iy) {
    const int32_t *begin = in.codes.data() + in.rowStart[iy];
    const int32_t *end = in.codes.data() + in.rowStart[iy + 1];
    if (begin == end)
      continue;
    // The kernel rows through which input row iy reaches output rows in
    // [y0, y1).
    int64_t kys[kMaxKernel], oys[kMaxKernel], hits = 0;
    for (int64_t ky = 0; ky < kh; ++ky) {
      int64_t ty = iy + np.pt - ky;
      if (ty < 0)
        break;
      if (ty % sh == 0 && ty / sh >= y0 && ty / sh < y1) {
        kys[hits] = ky;
        oys[hits++] = ty / sh;
      }
    }
    if (!hits)
      continue;
    const int64_t rowBase = iy * inRow;
    for (const int32_t *s = begin; s != end; ++s) {
      int64_t rest = (*s >> 1) - rowBase;
      bool negative = *s & 1;
      int64_t ix = np.inCol[rest], c = np.inChan[rest];
      for (int64_t h = 0; h < hits; ++h) {
        const float *wrow = np.weights.data() + (c * kh + kys[h]) * kw * outC;
        float *vrow = v + oys[h] * outW * outC;
        if (sw == 1) {
          // Kernel column j = kw - 1 - kx lands on output column base + j.
          int64_t base = ix + np.pl - (kw - 1);
          int64_t j0 = std::max<int64_t>(0, -base);
          int64_t j1 = std::min<int64_t>(kw, outW - base);
          if (j1 <= j0)
            continue;
          int64_t n = (j1 - j0) * outC;
          float *dst = vrow + (base + j0) * outC;
          const float *w = wrow + j0 * outC;
          negative ? subtractFrom(dst, w, n) : addInto(dst, w, n);
          events += n;
        } else {
          for (int64_t kx = 0; kx < kw; ++kx) {
            int64_t tx = ix + np.pl - kx;
            if (tx < 0)
              break;
            if (tx % sw)
              continue;
            int64_t ox = tx / sw;
            if (ox >= outW)
              continue;
            float *dst = vrow + ox * outC;
            const float *w = wrow + (kw - 1 - kx) * outC;
            negative ? subtractFrom(dst, w, outC) : addInto(dst, w, outC);
            events += outC;
          }
        }
      }
    }
  }
  return events;
}

/// Fire pass over rows [y0, y1): spikes go to the band's codes, or, with
/// `counts`, into per-neuron spike counts (spike-count output).
void fireRows(const NodePlan &np, NodeState &st, Band &band, int64_t y0,
              int64_t y1) {
  band.flags.resize(np.rowSize);
  const bool count = !st.positiveCount.empty();
  int64_t *channels = band.channels.empty() ? nullptr : band.channels.data();
  for (int64_t y = y0; y < y1; ++y) {
    int64_t base = y * np.rowSize;
    const float *drive =
        st.drive.empty() ? np.biasRow.data() : st.drive.data() + base;
    fire(st.v.data() + base, drive, band.flags.data(), np.rowSize,
         np.vthPosRow.data(), np.negative, np.vthNegRow.data(), np.reset);
    int32_t emitted = 0;
    forEachFlag(band.flags.data(), np.rowSize, [&](int64_t i, int8_t f) {
      if (f > 0)
        ++band.positive;
      else
        ++band.negative;
      if (count)
        ++(f > 0 ? st.positiveCount : st.negativeCount)[base + i];
      else
        band.codes.push(spikeCode(base + i, f < 0));
      if (channels)
        ++channels[np.rowChan[i]];
      ++emitted;
    });
    st.rowCount[y] = emitted;
  }
}

void accumulateRows(const NodePlan &np, NodeState &st, int64_t y0, int64_t y1) {
  for (int64_t y = y0; y < y1; ++y) {
    int64_t base = y * np.rowSize;
    const float *drive =
        st.drive.empty() ? np.biasRow.data() : st.drive.data() + base;
    addInto(st.v.data() + base, drive, np.rowSize);
  }
}

/// Spiking max-pool, output rows [y0, y1), after this tick's input spikes
/// were added to the counts. Each window keeps its winner (the input with
/// the largest count, first in row-major order on ties): a positive input
/// spike can only make its own input the new winner, so it costs one
/// comparison; a window that received a negative spike is rescanned.
/// Then every output whose winner spiked this tick emits that spike.
void poolRows(const NodePlan &np, NodeState &st, const SpikeList &in,
              Band &band, int64_t y0, int64_t y1) {
  const int64_t C = np.shape.c, inW = np.in.w, inH = np.in.h;
  const int64_t rowSize = np.rowSize, inRow = inW * C;
  const int64_t kh = np.kh, kw = np.kw, sw = np.sw;
  const int32_t *count = st.inputCount.data();
  int32_t *winner = st.winner.data();
  band.flags.assign(rowSize, 0);
  // (window within the output row, input index, sign) of this row's hits.
  std::vector<PoolHit> &hits = band.hits;
  for (int64_t oy = y0; oy < y1; ++oy) {
    const int64_t iyLo = oy * np.sh - np.pt;
    hits.clear();
    for (int64_t iy = std::max<int64_t>(0, iyLo);
         iy <= std::min(inH - 1, iyLo + kh - 1); ++iy) {
      const int64_t rowBase = iy * inRow;
      for (int32_t k = in.rowStart[iy]; k < in.rowStart[iy + 1]; ++k) {
        int32_t code = in.codes[k];
        int64_t rest = (code >> 1) - rowBase;
        int64_t ix = np.inCol[rest], c = np.inChan[rest];
        for (int64_t ox = np.poolFirst[ix]; ox <= np.poolLast[ix]; ++ox)
          hits.push_back({static_cast<int32_t>(ox * C + c), code >> 1,
                          static_cast<int32_t>(code & 1)});
      }
    }
    st.rowCount[oy] = 0;
    if (hits.empty())
      continue;
    int32_t *rowWinner = winner + oy * rowSize;
    bool rescan = false;
    for (const PoolHit &h : hits) {
      int32_t &w = rowWinner[h.out];
      if (h.negative) {
        rescan = true;
        if (w >= 0)
          w = -1 - w; // Marked for a rescan (w >= 0 otherwise).
      } else if (w >= 0 && h.index != w &&
                 (count[h.index] > count[w] ||
                  (count[h.index] == count[w] && h.index < w))) {
        w = h.index;
      }
    }
    if (rescan)
      for (const PoolHit &h : hits) {
        int32_t &w = rowWinner[h.out];
        if (w >= 0)
          continue;
        int64_t ox = h.out / C, c = h.out - ox * C;
        int32_t best = INT32_MIN;
        for (int64_t ky = 0; ky < kh; ++ky) {
          int64_t iy = iyLo + ky;
          if (iy < 0 || iy >= inH)
            continue;
          for (int64_t kx = 0; kx < kw; ++kx) {
            int64_t ix = ox * sw - np.pl + kx;
            if (ix < 0 || ix >= inW)
              continue;
            int32_t i = static_cast<int32_t>((iy * inW + ix) * C + c);
            if (count[i] > best) {
              best = count[i];
              w = i;
            }
          }
        }
      }
    if (np.maxCount) {
      // Follow the window's largest count: it moves by at most one per
      // tick, so one spike (up or down) keeps the output's count equal.
      int32_t *rowEmitted = st.emitted.data() + oy * rowSize;
      for (const PoolHit &h : hits) {
        int32_t m = count[rowWinner[h.out]];
        int32_t &e = rowEmitted[h.out];
        if (m > e) {
          ++e;
          band.flags[h.out] = 1;
        } else if (m < e) {
          --e;
          band.flags[h.out] = -1;
        }
      }
    } else {
      for (const PoolHit &h : hits)
        if (rowWinner[h.out] == h.index)
          band.flags[h.out] = h.negative ? -1 : 1;
    }
    const int64_t base = oy * rowSize;
    int32_t emitted = 0;
    forEachFlag(band.flags.data(), rowSize, [&](int64_t i, int8_t f) {
      band.codes.push(spikeCode(base + i, f < 0));
      ++(f > 0 ? band.positive : band.negative);
      if (!band.channels.empty())
        ++band.channels[np.rowChan[i]];
      ++emitted;
      band.flags[i] = 0;
    });
    st.rowCount[oy] = emitted;
  }
}

/// Comparator max-pool (ComparatorTree.h), output rows [y0, y1): every
/// window's comparator neurons and output neuron integrate this tick's
/// input spikes (st.inputSpike), in the tree's order.
void comparatorRows(const NodePlan &np, NodeState &st, Band &band, int64_t y0,
                    int64_t y1) {
  const int64_t C = np.shape.c, W = np.shape.w, inW = np.in.w, inH = np.in.h;
  const int64_t maxComp = np.maxComparators;
  int32_t index[kMaxPoolWindow];
  int32_t value[2 * kMaxPoolWindow];
  for (int64_t oy = y0; oy < y1; ++oy) {
    int32_t emitted = 0;
    const int64_t iy0 = oy * np.sh - np.pt;
    for (int64_t ox = 0; ox < W; ++ox) {
      const int64_t ix0 = ox * np.sw - np.pl;
      for (int64_t c = 0; c < C; ++c) {
        int n = 0;
        for (int64_t ky = 0; ky < np.kh; ++ky) {
          int64_t iy = iy0 + ky;
          if (iy < 0 || iy >= inH)
            continue;
          for (int64_t kx = 0; kx < np.kw; ++kx) {
            int64_t ix = ix0 + kx;
            if (ix >= 0 && ix < inW)
              index[n++] = static_cast<int32_t>((iy * inW + ix) * C + c);
          }
        }
        if (n == 0)
          continue;
        const int64_t out = (oy * W + ox) * C + c;
        const ComparatorTree &tree = np.trees[n];
        for (int i = 0; i < n; ++i)
          value[i] = st.inputSpike[index[i]];
        int32_t *cv = st.comparatorV.data() + out * maxComp;
        for (size_t k = 0; k < tree.comparators.size(); ++k) {
          const ComparatorTree::Comparator &cmp = tree.comparators[k];
          int32_t v = cv[k];
          for (int t : cmp.plus)
            v += value[t];
          for (int t : cmp.minus)
            v -= value[t];
          int32_t spike = v >= 1;
          if (spike)
            v -= 1;
          cv[k] = v;
          value[n + k] = spike;
        }
        int32_t u = st.outputV[out];
        for (int t : tree.output)
          u += value[t];
        int8_t flag = 0;
        if (u >= 1) {
          u -= 1;
          flag = 1;
        } else if (u <= -1) {
          u += 1;
          flag = -1;
        }
        st.outputV[out] = u;
        if (!flag)
          continue;
        band.codes.push(spikeCode(out, flag < 0));
        ++(flag > 0 ? band.positive : band.negative);
        if (!band.channels.empty())
          ++band.channels[c];
        ++emitted;
      }
    }
    st.rowCount[oy] = emitted;
  }
}

} // namespace

SimulationResult Simulator::run(const Tensor &image,
                                const SimulationOptions &options) const {
  const TensorShape &inShape = g.input().shape;
  if (!(image.shape == inShape) ||
      image.data.size() != static_cast<size_t>(inShape.size()))
    fail("spiking network '{}' expects a {}x{}x{} input, got {}x{}x{} ({} "
         "values)",
         g.name, inShape.c, inShape.h, inShape.w, image.shape.c, image.shape.h,
         image.shape.w, image.data.size());
  if (options.ticks < 1)
    fail("spiking network '{}': {} ticks; at least 1 is needed", g.name,
         options.ticks);
  SimulationResult result;
  result.checkpoints = options.checkpoints;
  if (result.checkpoints.empty())
    result.checkpoints = {options.ticks};
  std::sort(result.checkpoints.begin(), result.checkpoints.end());
  result.checkpoints.erase(
      std::unique(result.checkpoints.begin(), result.checkpoints.end()),
      result.checkpoints.end());
  for (int t : result.checkpoints)
    if (t < 1 || t > options.ticks)
      fail("spiking network '{}': checkpoint {} is outside ticks 1..{}", g.name,
           t, options.ticks);

  const size_t count = g.nodes.size();
  std::vector<NodeState> state(count);
  result.layers.resize(count);
  for (size_t i = 0; i < count; ++i) {
    const SpikingNode &n = g.nodes[i];
    const NodePlan &np = plan->nodes[i];
    NodeState &st = state[i];
    LayerActivity &act = result.layers[i];
    act.name = n.name;
    act.kind = n.kind;
    act.neurons = n.shape.size();
    if (options.channelStats)
      act.channelSpikes.assign(n.shape.c, 0);
    st.bands.resize(np.bands);
    if (options.channelStats)
      for (Band &band : st.bands)
        band.channels.assign(n.shape.c, 0);
    if (np.fires || n.kind == SpikingKind::SpikingMaxPool)
      for (Band &band : st.bands)
        band.codes.data.resize(np.bandRows * np.rowSize);
    st.rowCount.assign(n.shape.h, 0);
    st.spikes.rowStart.assign(n.shape.h + 1, 0);
    if (n.kind == SpikingKind::Encoder) {
      if (np.fires) {
        // Pixels as the constant drive of the encoding neurons (HWC).
        st.drive.resize(n.shape.size());
        for (int64_t c = 0; c < n.shape.c; ++c)
          for (int64_t p = 0; p < n.shape.h * n.shape.w; ++p)
            st.drive[p * n.shape.c + c] =
                image.data[c * n.shape.h * n.shape.w + p];
        st.v.assign(n.shape.size(), 0.0f);
      }
    } else if (np.conv) {
      st.v.assign(n.shape.size(), 0.0f);
      if (np.fires)
        for (size_t k = 0; k < st.v.size(); ++k)
          st.v[k] = np.vInitC[k % n.shape.c];
      if (np.analog) {
        Tensor current = np.currentExecutor->run(image).front();
        st.drive.resize(n.shape.size());
        int64_t hw = n.shape.h * n.shape.w;
        for (int64_t c = 0; c < n.shape.c; ++c)
          for (int64_t p = 0; p < hw; ++p)
            st.drive[p * n.shape.c + c] = current.data[c * hw + p];
      }
      if (n.kind == SpikingKind::Output && np.fires) {
        st.positiveCount.assign(n.shape.size(), 0);
        st.negativeCount.assign(n.shape.size(), 0);
      }
    } else if (n.kind == SpikingKind::SpikingMaxPool) {
      st.inputCount.assign(np.in.size(), 0);
      if (np.comparator) {
        st.inputSpike.assign(np.in.size(), 0);
        st.comparatorV.assign(n.shape.size() * np.maxComparators, 0);
        st.outputV.assign(n.shape.size(), 0);
      }
      if (np.maxCount)
        st.emitted.assign(n.shape.size(), 0);
      // All counts are 0: every window's winner is its first input inside
      // the image (row-major).
      st.winner.resize(n.shape.size());
      for (int64_t oy = 0; oy < n.shape.h; ++oy)
        for (int64_t ox = 0; ox < n.shape.w; ++ox) {
          int64_t iy = std::max<int64_t>(0, oy * np.sh - np.pt);
          int64_t ix = std::max<int64_t>(0, ox * np.sw - np.pl);
          for (int64_t c = 0; c < n.shape.c; ++c)
            st.winner[(oy * n.shape.w + ox) * n.shape.c + c] =
                static_cast<int32_t>((iy * np.in.w + ix) * n.shape.c + c);
        }
    }
  }

  size_t nextCheckpoint = 0;
  for (int t = 1; t <= options.ticks; ++t) {
    for (size_t i = 0; i < count; ++i) {
      const SpikingNode &n = g.nodes[i];
      const NodePlan &np = plan->nodes[i];
      NodeState &st = state[i];
      switch (n.kind) {
      case SpikingKind::Encoder:
        if (!np.fires)
          break;
        parallelFor(np.bands, [&](int64_t b) {
          Band &band = st.bands[b];
          band.codes.clear();
          int64_t y0 = b * np.bandRows;
          fireRows(np, st, band, y0, std::min(n.shape.h, y0 + np.bandRows));
        });
        gatherBands(st, n.shape.h);
        break;
      case SpikingKind::SpikingConv:
      case SpikingKind::Output: {
        const SpikeList *in = np.analog ? nullptr : &state[n.inputs[0]].spikes;
        parallelFor(np.bands, [&](int64_t b) {
          Band &band = st.bands[b];
          band.codes.clear();
          int64_t y0 = b * np.bandRows;
          int64_t y1 = std::min(n.shape.h, y0 + np.bandRows);
          if (in && !in->codes.empty())
            band.events += deliver(np, *in, st.v.data(), y0, y1);
          if (np.fires)
            fireRows(np, st, band, y0, y1);
          else
            accumulateRows(np, st, y0, y1);
        });
        if (n.kind == SpikingKind::SpikingConv)
          gatherBands(st, n.shape.h);
        break;
      }
      case SpikingKind::SpikingMaxPool: {
        const SpikeList &in = state[n.inputs[0]].spikes;
        if (np.comparator) {
          // Dense: comparators may fire without input spikes this tick.
          for (int32_t code : in.codes)
            st.inputSpike[code >> 1] = (code & 1) ? -1 : 1;
          parallelFor(np.bands, [&](int64_t b) {
            Band &band = st.bands[b];
            band.codes.clear();
            int64_t y0 = b * np.bandRows;
            comparatorRows(np, st, band, y0,
                           std::min(n.shape.h, y0 + np.bandRows));
          });
          gatherBands(st, n.shape.h);
          for (int32_t code : in.codes)
            st.inputSpike[code >> 1] = 0;
          break;
        }
        for (int32_t code : in.codes)
          st.inputCount[code >> 1] += (code & 1) ? -1 : 1;
        if (!in.codes.empty()) {
          parallelFor(np.bands, [&](int64_t b) {
            Band &band = st.bands[b];
            band.codes.clear();
            int64_t y0 = b * np.bandRows;
            poolRows(np, st, in, band, y0,
                     std::min(n.shape.h, y0 + np.bandRows));
          });
          gatherBands(st, n.shape.h);
        } else {
          st.spikes.codes.clear();
          std::fill(st.spikes.rowStart.begin(), st.spikes.rowStart.end(), 0);
        }
        break;
      }
      case SpikingKind::Upsample: {
        const SpikeList &in = state[n.inputs[0]].spikes;
        const int64_t s = np.scale, C = n.shape.c, inW = np.in.w;
        const int64_t outW = n.shape.w;
        Band &band = st.bands.front();
        st.spikes.codes.clear();
        for (int32_t code : in.codes) {
          int64_t index = code >> 1, c = index % C, pixel = index / C;
          int64_t y = pixel / inW, x = pixel % inW;
          for (int64_t dy = 0; dy < s; ++dy)
            for (int64_t dx = 0; dx < s; ++dx)
              st.spikes.codes.push_back(spikeCode(
                  ((y * s + dy) * outW + x * s + dx) * C + c, code & 1));
          ((code & 1) ? band.negative : band.positive) += s * s;
          if (!band.channels.empty())
            band.channels[c] += s * s;
        }
        finishList(st.spikes, n.shape.h, np.rowSize);
        break;
      }
      case SpikingKind::Concat: {
        const int64_t C = n.shape.c;
        Band &band = st.bands.front();
        st.spikes.codes.clear();
        for (size_t k = 0; k < n.inputs.size(); ++k) {
          int64_t inC = g.nodes[n.inputs[k]].shape.c;
          int64_t offset = np.channelOffsets[k];
          for (int32_t code : state[n.inputs[k]].spikes.codes) {
            int64_t index = code >> 1;
            st.spikes.codes.push_back(
                spikeCode((index / inC) * C + offset + index % inC, code & 1));
            ++((code & 1) ? band.negative : band.positive);
            if (!band.channels.empty())
              ++band.channels[offset + index % inC];
          }
        }
        finishList(st.spikes, n.shape.h, np.rowSize);
        break;
      }
      }
    }
    if (nextCheckpoint < result.checkpoints.size() &&
        result.checkpoints[nextCheckpoint] == t) {
      ++nextCheckpoint;
      std::vector<Tensor> heads;
      for (int out : g.outputs) {
        const SpikingNode &n = g.nodes[out];
        const NodeState &st = state[out];
        const int64_t C = n.shape.c, hw = n.shape.h * n.shape.w;
        Tensor head{n.shape, std::vector<float>(n.shape.size())};
        // With a readout delay the output integrates ticks delay+1..t only.
        const int counted =
            n.readoutDelay > 0 && t > n.readoutDelay ? t - n.readoutDelay : t;
        const float ticks = static_cast<float>(counted);
        for (int64_t c = 0; c < C; ++c) {
          float scale = n.outputScale[c];
          float vth = n.vthPosC.empty() ? n.vthPos : n.vthPosC[c];
          float *dst = head.data.data() + c * hw;
          if (n.decoding == Decoding::Membrane) {
            for (int64_t p = 0; p < hw; ++p)
              dst[p] = st.v[p * C + c] / ticks * scale;
          } else {
            for (int64_t p = 0; p < hw; ++p)
              dst[p] = static_cast<float>(st.positiveCount[p * C + c] -
                                          st.negativeCount[p * C + c]) *
                       vth / ticks * scale;
          }
        }
        if (options.activateHeads) {
          int h = static_cast<int>(n.shape.h), w = static_cast<int>(n.shape.w);
          if (n.isRegion)
            activateRegion(head.data.data(), h, w, n.region);
          else
            activateYolo(head.data.data(), h, w, n.yolo);
        }
        heads.push_back(std::move(head));
      }
      result.heads.push_back(std::move(heads));
    }
    // Readout delay: outputs start integrating after tick `readoutDelay`,
    // leaving out the transient while the layers below fill up.
    for (int out : g.outputs) {
      const SpikingNode &n = g.nodes[out];
      if (n.readoutDelay != t)
        continue;
      NodeState &st = state[out];
      if (n.decoding == Decoding::Membrane) {
        std::fill(st.v.begin(), st.v.end(), 0.0f);
      } else {
        std::fill(st.positiveCount.begin(), st.positiveCount.end(), 0);
        std::fill(st.negativeCount.begin(), st.negativeCount.end(), 0);
      }
    }
  }

  for (size_t i = 0; i < count; ++i) {
    LayerActivity &act = result.layers[i];
    for (const Band &b : state[i].bands) {
      act.positiveSpikes += b.positive;
      act.negativeSpikes += b.negative;
      act.synapticEvents += b.events;
      for (size_t c = 0; c < b.channels.size(); ++c)
        act.channelSpikes[c] += b.channels[c];
    }
    result.totalSynapticEvents += act.synapticEvents;
  }
  return result;
}

} // namespace snnc
