//===- Executor.cpp - Reference float32 inference -------------------------===//
#include "runtime/inference/Executor.h"

#include "runtime/detection/Activation.h"
#include "runtime/support/Error.h"

#include <cblas.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <mutex>

namespace snnc {

void configureBlasThreads() {
  static std::once_flag once;
  std::call_once(once, [] { openblas_set_num_threads(1); });
}

namespace {

// Fixed task sizes: the partition of the work, and so the order of every
// floating-point operation, never depends on the number of threads.
constexpr int64_t kGemmRows = 64;
constexpr int64_t kGemmCols = 1024;
constexpr int64_t kChannelGrain = 1;

template <typename F> void parallelFor(int64_t n, int64_t grain, F &&body) {
  tbb::parallel_for(
      tbb::blocked_range<int64_t>(0, n, grain),
      [&](const tbb::blocked_range<int64_t> &r) {
        for (int64_t i = r.begin(); i < r.end(); ++i)
          body(i);
      },
      tbb::simple_partitioner());
}

/// Unfolds input patches into rows of a [inC*kh*kw] x [outH*outW] matrix.
void im2col(const Tensor &in, const Node &n, std::vector<float> &col) {
  int64_t kh = n.kernel[0], kw = n.kernel[1];
  int64_t sh = n.strides[0], sw = n.strides[1];
  int64_t pt = n.padding[0], pl = n.padding[1];
  int64_t outH = n.shape.h, outW = n.shape.w;
  int64_t H = in.shape.h, W = in.shape.w;
  int64_t rows = in.shape.c * kh * kw;
  col.resize(rows * outH * outW);
  parallelFor(rows, 8, [&](int64_t r) {
    int64_t c = r / (kh * kw), ky = (r / kw) % kh, kx = r % kw;
    const float *src = in.data.data() + c * H * W;
    float *dst = col.data() + r * outH * outW;
    // Output columns whose input column is inside the image: x in [x0, x1).
    int64_t x0 = std::max<int64_t>(0, (pl - kx + sw - 1) / sw);
    int64_t x1 = std::min<int64_t>(outW, (W - 1 + pl - kx) / sw + 1);
    if (x1 < x0)
      x1 = x0;
    for (int64_t y = 0; y < outH; ++y) {
      float *row = dst + y * outW;
      int64_t iy = y * sh + ky - pt;
      if (iy < 0 || iy >= H) {
        std::fill(row, row + outW, 0.0f);
        continue;
      }
      std::fill(row, row + x0, 0.0f);
      std::fill(row + x1, row + outW, 0.0f);
      const float *line = src + iy * W + kx - pl;
      if (sw == 1) {
        std::copy(line + x0, line + x1, row + x0);
      } else {
        for (int64_t x = x0; x < x1; ++x)
          row[x] = line[x * sw];
      }
    }
  });
}

/// Per-node work fused into a convolution's output tiles while they are in
/// cache: a following batch norm and activation with no other user.
struct Epilogue {
  const Node *batchNorm = nullptr;
  NodeKind activation = NodeKind::Input; ///< Input: none.
  float slope = 0;
};

void applyEpilogue(float *tile, int64_t rows, int64_t cols, int64_t stride,
                   int64_t firstChannel, const Epilogue &e) {
  for (int64_t i = 0; i < rows; ++i) {
    float *p = tile + i * stride;
    if (e.batchNorm) {
      const Node &bn = *e.batchNorm;
      int64_t c = firstChannel + i;
      float g = bn.scale[c] / std::sqrt(bn.variance[c] + bn.epsilon);
      float mean = bn.mean[c], shift = bn.shift[c];
      for (int64_t j = 0; j < cols; ++j)
        p[j] = (p[j] - mean) * g + shift;
    }
    if (e.activation == NodeKind::LeakyRelu) {
      float slope = e.slope;
      for (int64_t j = 0; j < cols; ++j)
        p[j] = p[j] > 0 ? p[j] : p[j] * slope;
    } else if (e.activation == NodeKind::Relu) {
      for (int64_t j = 0; j < cols; ++j)
        p[j] = std::max(p[j], 0.0f);
    }
  }
}

/// The QAT activation quantizer (docs/QAT.md) over a CHW tensor.
void quantizeActivations(Tensor &t, const Node &n) {
  int64_t hw = t.shape.h * t.shape.w;
  for (int64_t c = 0; c < t.shape.c; ++c) {
    float *p = t.data.data() + c * hw;
    for (int64_t j = 0; j < hw; ++j)
      p[j] = quantizeActivation(p[j], n.ceilings[c], n.levels, n.slope);
  }
}

/// A pool of im2col buffers. Reusing them avoids the page faults of a fresh
/// multi-megabyte allocation per layer; a pool (not a thread_local) because
/// a TBB thread waiting in one convolution may run another image's.
class BufferPool {
public:
  std::vector<float> acquire() {
    std::lock_guard<std::mutex> lock(mutex);
    if (free.empty())
      return {};
    std::vector<float> b = std::move(free.back());
    free.pop_back();
    return b;
  }
  void release(std::vector<float> b) {
    std::lock_guard<std::mutex> lock(mutex);
    free.push_back(std::move(b));
  }

private:
  std::mutex mutex;
  std::vector<std::vector<float>> free;
};

class ScratchBuffer {
public:
  explicit ScratchBuffer(BufferPool &pool)
      : pool(pool), buffer(pool.acquire()) {}
  ~ScratchBuffer() { pool.release(std::move(buffer)); }
  std::vector<float> &get() { return buffer; }

private:
  BufferPool &pool;
  std::vector<float> buffer;
};

Tensor conv2d(const Tensor &in, const Node &n, BufferPool &pool,
              const Epilogue &epilogue = Epilogue()) {
  Tensor out{n.shape, std::vector<float>(n.shape.size())};
  int64_t M = n.shape.c, N = n.shape.h * n.shape.w;
  int64_t K = in.shape.c * n.kernel[0] * n.kernel[1];
  bool direct = n.kernel[0] == 1 && n.kernel[1] == 1 && n.strides[0] == 1 &&
                n.strides[1] == 1 && n.padding == std::array<int64_t, 4>{};
  // Reused across calls on the same thread: a fresh multi-megabyte buffer
  // per layer costs more in page faults than the copy itself.
  ScratchBuffer col(pool);
  if (!direct)
    im2col(in, n, col.get());
  const float *B = direct ? in.data.data() : col.get().data();
  int64_t rowTiles = (M + kGemmRows - 1) / kGemmRows;
  int64_t colTiles = (N + kGemmCols - 1) / kGemmCols;
  parallelFor(rowTiles * colTiles, 1, [&](int64_t t) {
    int64_t r0 = (t / colTiles) * kGemmRows, c0 = (t % colTiles) * kGemmCols;
    int64_t m = std::min(kGemmRows, M - r0),
            ncols = std::min(kGemmCols, N - c0);
    float *C = out.data.data() + r0 * N + c0;
    if (!n.bias.empty()) {
      for (int64_t i = 0; i < m; ++i)
        std::fill(C + i * N, C + i * N + ncols, n.bias[r0 + i]);
    } else {
      for (int64_t i = 0; i < m; ++i)
        std::fill(C + i * N, C + i * N + ncols, 0.0f);
    }
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, ncols, K, 1.0f,
                n.weights.data() + r0 * K, K, B + c0, N, 1.0f, C, N);
    applyEpilogue(C, m, ncols, N, r0, epilogue);
  });
  return out;
}

Tensor batchNorm(Tensor t, const Node &n) {
  int64_t hw = t.shape.h * t.shape.w;
  parallelFor(t.shape.c, kChannelGrain, [&](int64_t c) {
    float g = n.scale[c] / std::sqrt(n.variance[c] + n.epsilon);
    float *p = t.data.data() + c * hw;
    for (int64_t i = 0; i < hw; ++i)
      p[i] = (p[i] - n.mean[c]) * g + n.shift[c];
  });
  return t;
}

Tensor maxPool(const Tensor &in, const Node &n) {
  Tensor out{n.shape, std::vector<float>(n.shape.size())};
  int64_t H = in.shape.h, W = in.shape.w, outH = n.shape.h, outW = n.shape.w;
  parallelFor(n.shape.c, kChannelGrain, [&](int64_t c) {
    const float *src = in.data.data() + c * H * W;
    float *dst = out.data.data() + c * outH * outW;
    for (int64_t y = 0; y < outH; ++y)
      for (int64_t x = 0; x < outW; ++x) {
        float best = -std::numeric_limits<float>::infinity();
        for (int64_t ky = 0; ky < n.kernel[0]; ++ky) {
          int64_t iy = y * n.strides[0] + ky - n.padding[0];
          if (iy < 0 || iy >= H)
            continue;
          for (int64_t kx = 0; kx < n.kernel[1]; ++kx) {
            int64_t ix = x * n.strides[1] + kx - n.padding[1];
            if (ix >= 0 && ix < W)
              best = std::max(best, src[iy * W + ix]);
          }
        }
        dst[y * outW + x] = best;
      }
  });
  return out;
}

Tensor upsample(const Tensor &in, const Node &n) {
  Tensor out{n.shape, std::vector<float>(n.shape.size())};
  int64_t s = n.upsample, H = in.shape.h, W = in.shape.w;
  parallelFor(n.shape.c, kChannelGrain, [&](int64_t c) {
    for (int64_t y = 0; y < H * s; ++y)
      for (int64_t x = 0; x < W * s; ++x)
        out.data[(c * H * s + y) * W * s + x] =
            in.data[(c * H + y / s) * W + x / s];
  });
  return out;
}

Tensor concat(const std::vector<const Tensor *> &ins, const Node &n) {
  Tensor out{n.shape, {}};
  out.data.reserve(n.shape.size());
  for (const Tensor *t : ins)
    out.data.insert(out.data.end(), t->data.begin(), t->data.end());
  return out;
}

} // namespace

struct Executor::Plan {
  std::vector<Epilogue> epilogue; ///< Per conv node.
  /// For a node absorbed into a convolution: that convolution's index
  /// (its tensor already holds this node's value); -1 otherwise.
  std::vector<int> absorbedInto;
  /// Index of the last node reading each node's value (graph outputs: end).
  std::vector<size_t> lastUse;
  BufferPool pool;
};

Executor::Executor(const Graph &graph)
    : g(graph), plan(std::make_shared<Plan>()) {
  g.validate();
  configureBlasThreads();
  size_t n = g.nodes.size();
  std::vector<std::vector<int>> users(n);
  plan->lastUse.assign(n, 0);
  for (size_t i = 0; i < n; ++i)
    for (int in : g.nodes[i].inputs) {
      users[in].push_back(static_cast<int>(i));
      plan->lastUse[in] = i;
    }
  for (int out : g.outputs)
    plan->lastUse[out] = n;
  auto isOutput = [&](int i) {
    return std::find(g.outputs.begin(), g.outputs.end(), i) != g.outputs.end();
  };
  // The single user of `i`, if it has exactly one and `i` is not an output.
  auto soleUser = [&](int i) -> int {
    return users[i].size() == 1 && !isOutput(i) ? users[i][0] : -1;
  };
  plan->epilogue.resize(n);
  plan->absorbedInto.assign(n, -1);
  for (size_t i = 0; i < n; ++i) {
    if (g.nodes[i].kind != NodeKind::Conv2d)
      continue;
    int conv = static_cast<int>(i), tail = conv;
    int next = soleUser(tail);
    if (next >= 0 && g.nodes[next].kind == NodeKind::BatchNorm) {
      plan->epilogue[i].batchNorm = &g.nodes[next];
      plan->absorbedInto[next] = conv;
      tail = next;
      next = soleUser(tail);
    }
    if (next >= 0 && (g.nodes[next].kind == NodeKind::LeakyRelu ||
                      g.nodes[next].kind == NodeKind::Relu)) {
      plan->epilogue[i].activation = g.nodes[next].kind;
      plan->epilogue[i].slope = g.nodes[next].slope;
      plan->absorbedInto[next] = conv;
    }
  }
}

std::vector<Tensor> Executor::execute(const Tensor &input, bool fuse) const {
  if (!(input.shape == g.input().shape) ||
      input.data.size() != static_cast<size_t>(input.shape.size()))
    fail("network '{}' expects a {}x{}x{} input, got {}x{}x{} ({} values)",
         g.name, g.input().shape.c, g.input().shape.h, g.input().shape.w,
         input.shape.c, input.shape.h, input.shape.w, input.data.size());
  std::vector<Tensor> values(g.nodes.size());
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    const Node &n = g.nodes[i];
    if (fuse && plan->absorbedInto[i] >= 0) {
      // The convolution computed this value: hand its tensor on.
      values[i] = std::move(values[n.inputs[0]]);
      continue;
    }
    // Elementwise ops take their input by move when this node is its last
    // reader, and work in place.
    auto take = [&](size_t k) -> Tensor {
      int src = n.inputs[k];
      if (fuse && plan->lastUse[src] == i)
        return std::move(values[src]);
      return values[src];
    };
    auto arg = [&](size_t k) -> const Tensor & { return values[n.inputs[k]]; };
    switch (n.kind) {
    case NodeKind::Input:
      values[i] = input;
      break;
    case NodeKind::Conv2d:
      values[i] = fuse ? conv2d(arg(0), n, plan->pool, plan->epilogue[i])
                       : conv2d(arg(0), n, plan->pool);
      break;
    case NodeKind::BatchNorm:
      values[i] = batchNorm(take(0), n);
      break;
    case NodeKind::LeakyRelu:
      values[i] = take(0);
      for (float &v : values[i].data)
        v = v > 0 ? v : v * n.slope;
      break;
    case NodeKind::Relu:
      values[i] = take(0);
      for (float &v : values[i].data)
        v = std::max(v, 0.0f);
      break;
    case NodeKind::QuantizedActivation:
      values[i] = take(0);
      quantizeActivations(values[i], n);
      break;
    case NodeKind::QuantizedInput:
      values[i] = take(0);
      for (float &v : values[i].data)
        v = quantizeInput(v, n.levels);
      break;
    case NodeKind::MaxPool:
      values[i] = maxPool(arg(0), n);
      break;
    case NodeKind::Upsample:
      values[i] = upsample(arg(0), n);
      break;
    case NodeKind::Concat: {
      std::vector<const Tensor *> ins;
      for (size_t k = 0; k < n.inputs.size(); ++k)
        ins.push_back(&arg(k));
      values[i] = concat(ins, n);
      break;
    }
    case NodeKind::Region:
      values[i] = take(0);
      activateRegion(values[i].data.data(), static_cast<int>(n.shape.h),
                     static_cast<int>(n.shape.w), n.region);
      break;
    case NodeKind::Yolo:
      values[i] = take(0);
      activateYolo(values[i].data.data(), static_cast<int>(n.shape.h),
                   static_cast<int>(n.shape.w), n.yolo);
      break;
    }
    if (fuse)
      for (int src : n.inputs)
        if (plan->lastUse[src] == i)
          values[src] = Tensor();
  }
  return values;
}

std::vector<Tensor> Executor::runAll(const Tensor &input) const {
  return execute(input, /*fuse=*/false);
}

std::vector<Tensor> Executor::run(const Tensor &input) const {
  std::vector<Tensor> all = execute(input, /*fuse=*/true);
  std::vector<Tensor> heads;
  for (int out : g.outputs)
    heads.push_back(all[out]);
  return heads;
}

} // namespace snnc
