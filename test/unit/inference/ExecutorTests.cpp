//===- ExecutorTests.cpp - Reference inference against naive loops --------===//
//
// The executor (im2col + OpenBLAS in fixed tasks) is checked against direct
// nested-loop implementations written here, and against hand-computed
// values for darknet's max-pool padding.
//
//===----------------------------------------------------------------------===//
#include "runtime/inference/Executor.h"

#include <catch2/catch.hpp>
#include <tbb/global_control.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>

using namespace snnc;

namespace {

std::vector<float> randomValues(size_t n, unsigned seed, float scale = 1) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(-scale, scale);
  std::vector<float> v(n);
  for (float &x : v)
    x = dist(rng);
  return v;
}

Node inputNode(TensorShape s) {
  Node n;
  n.kind = NodeKind::Input;
  n.name = "input";
  n.shape = s;
  return n;
}

Node convNode(int input, TensorShape in, int64_t outC, int64_t k, int64_t s,
              std::array<int64_t, 4> pad, unsigned seed, bool bias) {
  Node n;
  n.kind = NodeKind::Conv2d;
  n.name = "conv";
  n.inputs = {input};
  n.kernel = {k, k};
  n.strides = {s, s};
  n.padding = pad;
  int64_t outH = (in.h + pad[0] + pad[2] - k) / s + 1;
  int64_t outW = (in.w + pad[1] + pad[3] - k) / s + 1;
  n.shape = {outC, outH, outW};
  n.weights = randomValues(outC * in.c * k * k, seed);
  if (bias)
    n.bias = randomValues(outC, seed + 1);
  return n;
}

/// Direct convolution in double precision: the independent reference.
std::vector<double> naiveConv(const std::vector<float> &x, TensorShape in,
                              const Node &n) {
  std::vector<double> out(n.shape.size());
  for (int64_t o = 0; o < n.shape.c; ++o)
    for (int64_t y = 0; y < n.shape.h; ++y)
      for (int64_t xo = 0; xo < n.shape.w; ++xo) {
        double acc = n.bias.empty() ? 0 : n.bias[o];
        for (int64_t c = 0; c < in.c; ++c)
          for (int64_t ky = 0; ky < n.kernel[0]; ++ky)
            for (int64_t kx = 0; kx < n.kernel[1]; ++kx) {
              int64_t iy = y * n.strides[0] + ky - n.padding[0];
              int64_t ix = xo * n.strides[1] + kx - n.padding[1];
              if (iy < 0 || iy >= in.h || ix < 0 || ix >= in.w)
                continue;
              acc += double(n.weights[((o * in.c + c) * n.kernel[0] + ky) *
                                          n.kernel[1] +
                                      kx]) *
                     x[(c * in.h + iy) * in.w + ix];
            }
        out[(o * n.shape.h + y) * n.shape.w + xo] = acc;
      }
  return out;
}

/// A graph ending in a region head is required only for run(); runAll()
/// returns every node, which these tests use.
Graph single(Node input, Node op) {
  Graph g;
  g.name = "test";
  g.nodes = {std::move(input), std::move(op)};
  return g;
}

} // namespace

TEST_CASE("conv2d equals a direct convolution", "[executor][conv]") {
  struct Case {
    TensorShape in;
    int64_t outC, k, s;
    std::array<int64_t, 4> pad;
    bool bias;
  };
  // 3x3 same padding, strided, asymmetric padding, 1x1 (the direct GEMM
  // path), and a layer wider than one GEMM tile (kGemmRows = 64 rows,
  // kGemmCols = 1024 columns).
  std::vector<Case> cases = {
      {{3, 9, 7}, 5, 3, 1, {1, 1, 1, 1}, true},
      {{4, 10, 10}, 6, 3, 2, {1, 1, 1, 1}, false},
      {{2, 6, 5}, 3, 2, 1, {0, 0, 1, 1}, true},
      {{7, 5, 5}, 9, 1, 1, {0, 0, 0, 0}, true},
      {{3, 40, 40}, 70, 3, 1, {1, 1, 1, 1}, true},
  };
  unsigned seed = 10;
  for (const Case &c : cases) {
    Graph g = single(inputNode(c.in), convNode(0, c.in, c.outC, c.k, c.s, c.pad,
                                               seed++, c.bias));
    Executor exec(g);
    Tensor x{c.in, randomValues(c.in.size(), seed++)};
    std::vector<Tensor> all = exec.runAll(x);
    std::vector<double> ref = naiveConv(x.data, c.in, g.nodes[1]);
    REQUIRE(all[1].data.size() == ref.size());
    for (size_t i = 0; i < ref.size(); ++i)
      REQUIRE(all[1].data[i] == Approx(ref[i]).margin(1e-4));
  }
}

TEST_CASE("darknet max-pool 2/1 pads only bottom and right",
          "[executor][maxpool]") {
  // 2x2 input [[1, 5], [3, 2]]; size 2 stride 1 with padding [0,0,1,1]:
  // out(0,0) = max(1,5,3,2) = 5; out(0,1) = max(5, 2) = 5 (right column is
  // padding); out(1,0) = max(3, 2) = 3; out(1,1) = 2 (only itself).
  Node pool;
  pool.kind = NodeKind::MaxPool;
  pool.inputs = {0};
  pool.kernel = {2, 2};
  pool.strides = {1, 1};
  pool.padding = {0, 0, 1, 1};
  pool.shape = {1, 2, 2};
  Graph g = single(inputNode({1, 2, 2}), pool);
  Executor exec(g);
  std::vector<Tensor> all = exec.runAll(Tensor{{1, 2, 2}, {1, 5, 3, 2}});
  CHECK(all[1].data == std::vector<float>{5, 5, 3, 2});

  // Negative inputs: padding must never win (it is -inf, not 0).
  all = exec.runAll(Tensor{{1, 2, 2}, {-1, -5, -3, -2}});
  CHECK(all[1].data == std::vector<float>{-1, -2, -2, -2});
}

TEST_CASE("max-pool 2/2 on an odd size keeps the last column",
          "[executor][maxpool]") {
  // darknet: 3x3 input, size 2 stride 2, padding 1 -> (3+1-2)/2+1 = 2.
  // Windows rows/cols {0,1} and {2,pad}: [[1,2,3],[4,5,6],[7,8,9]] ->
  // [[5, 6], [8, 9]].
  Node pool;
  pool.kind = NodeKind::MaxPool;
  pool.inputs = {0};
  pool.kernel = {2, 2};
  pool.strides = {2, 2};
  pool.padding = {0, 0, 1, 1};
  pool.shape = {1, 2, 2};
  Graph g = single(inputNode({1, 3, 3}), pool);
  Executor exec(g);
  auto all = exec.runAll(Tensor{{1, 3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9}});
  CHECK(all[1].data == std::vector<float>{5, 6, 8, 9});
}

TEST_CASE("activations, batch norm, upsample and concat", "[executor]") {
  Graph g;
  g.name = "ops";
  g.nodes.push_back(inputNode({2, 1, 2}));
  Node leaky;
  leaky.kind = NodeKind::LeakyRelu;
  leaky.inputs = {0};
  leaky.slope = 0.1f;
  leaky.shape = {2, 1, 2};
  g.nodes.push_back(leaky);
  Node bn;
  bn.kind = NodeKind::BatchNorm;
  bn.inputs = {1};
  bn.shape = {2, 1, 2};
  // Channel 0: (x - 1) * 2 / sqrt(3 + 1) + 0.5 = x - 0.5
  // Channel 1: (x - 0) * 1 / sqrt(0 + 1) - 1 = x - 1
  bn.scale = {2, 1};
  bn.shift = {0.5f, -1};
  bn.mean = {1, 0};
  bn.variance = {3, 0};
  bn.epsilon = 1;
  g.nodes.push_back(bn);
  Node up;
  up.kind = NodeKind::Upsample;
  up.inputs = {2};
  up.upsample = 2;
  up.shape = {2, 2, 4};
  g.nodes.push_back(up);
  Node relu;
  relu.kind = NodeKind::Relu;
  relu.inputs = {0};
  relu.shape = {2, 1, 2};
  g.nodes.push_back(relu);
  Node cat;
  cat.kind = NodeKind::Concat;
  cat.inputs = {0, 4};
  cat.shape = {4, 1, 2};
  g.nodes.push_back(cat);
  Executor exec(g);
  auto all = exec.runAll(Tensor{{2, 1, 2}, {-10, 4, 2, -3}});
  CHECK(all[1].data == std::vector<float>{-1, 4, 2, -0.3f});
  // BN of the leaky output [-1, 4 | 2, -0.3]:
  // channel 0: -1.5, 3.5; channel 1: 1, -1.3.
  REQUIRE(all[2].data.size() == 4);
  CHECK(all[2].data[0] == Approx(-1.5));
  CHECK(all[2].data[1] == Approx(3.5));
  CHECK(all[2].data[2] == Approx(1.0));
  CHECK(all[2].data[3] == Approx(-1.3));
  // Nearest upsample x2 of row [a, b] -> rows [a a b b] twice.
  CHECK(all[3].data[0] == all[3].data[1]);
  CHECK(all[3].data[2] == Approx(3.5));
  CHECK(all[3].data[4] == Approx(-1.5));
  CHECK(all[3].data[8] == Approx(1.0));
  CHECK(all[4].data == std::vector<float>{0, 4, 2, 0});
  CHECK(all[5].data == std::vector<float>{-10, 4, 2, -3, 0, 4, 2, 0});
}

TEST_CASE("results are bit-identical for 1 and 2 threads",
          "[executor][determinism]") {
  TensorShape in{16, 48, 48};
  Graph g =
      single(inputNode(in), convNode(0, in, 100, 3, 1, {1, 1, 1, 1}, 99, true));
  Executor exec(g);
  Tensor x{in, randomValues(in.size(), 5)};
  std::vector<float> one, two;
  {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 1);
    one = exec.runAll(x)[1].data;
  }
  {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 2);
    two = exec.runAll(x)[1].data;
  }
  REQUIRE(one.size() == two.size());
  CHECK(std::memcmp(one.data(), two.data(), one.size() * sizeof(float)) == 0);
}

TEST_CASE("malformed graphs and inputs are rejected", "[executor][errors]") {
  TensorShape in{3, 4, 4};
  Node conv = convNode(0, in, 2, 3, 1, {1, 1, 1, 1}, 1, true);
  conv.weights.pop_back();
  CHECK_THROWS_WITH(Executor(single(inputNode(in), conv)),
                    Catch::Contains("has 53 weights, expected 54"));
  Node ok = convNode(0, in, 2, 3, 1, {1, 1, 1, 1}, 1, true);
  Graph g = single(inputNode(in), ok);
  Executor exec(g);
  CHECK_THROWS_WITH(exec.run(Tensor{{3, 5, 4}, std::vector<float>(60)}),
                    Catch::Contains("expects a 3x4x4 input, got 3x5x4"));
  Node forward = ok;
  forward.inputs = {1};
  CHECK_THROWS_WITH(Executor(single(inputNode(in), forward)),
                    Catch::Contains("which is not earlier"));
}

TEST_CASE("fused run() equals the op-by-op runAll() bit for bit",
          "[executor][fusion]") {
  // conv -> batch_norm -> leaky -> conv -> region: run() folds the first
  // batch norm and leaky into the conv's tiles; runAll() runs each op alone.
  TensorShape in{3, 12, 12};
  Graph g;
  g.name = "fused";
  g.nodes.push_back(inputNode(in));
  g.nodes.push_back(convNode(0, in, 8, 3, 1, {1, 1, 1, 1}, 7, false));
  Node bn;
  bn.kind = NodeKind::BatchNorm;
  bn.inputs = {1};
  bn.shape = {8, 12, 12};
  bn.scale = randomValues(8, 1);
  bn.shift = randomValues(8, 2);
  bn.mean = randomValues(8, 3);
  bn.variance = std::vector<float>(8, 0.7f);
  g.nodes.push_back(bn);
  Node leaky;
  leaky.kind = NodeKind::LeakyRelu;
  leaky.inputs = {2};
  leaky.shape = bn.shape;
  g.nodes.push_back(leaky);
  g.nodes.push_back(convNode(3, bn.shape, 12, 1, 1, {0, 0, 0, 0}, 8, true));
  Node region;
  region.kind = NodeKind::Region;
  region.inputs = {4};
  region.shape = {12, 12, 12};
  region.region.classes = 1;
  region.region.num = 2;
  region.region.anchors = {1, 1, 2, 2};
  g.nodes.push_back(region);
  g.outputs = {5};
  Executor exec(g);
  Tensor x{in, randomValues(in.size(), 9)};
  std::vector<Tensor> heads = exec.run(x);
  std::vector<Tensor> all = exec.runAll(x);
  REQUIRE(heads.size() == 1);
  REQUIRE(heads[0].data.size() == all[5].data.size());
  CHECK(std::memcmp(heads[0].data.data(), all[5].data.data(),
                    all[5].data.size() * sizeof(float)) == 0);
}
