//===- SnnSimBench.cpp - Spiking simulation speed on a YOLO-LITE shape ----===//
//
// Builds, in code, a spiking network with the shape of YOLO-LITE (224x224x3:
// conv3x3 16, max 2/2, conv 32, max, conv 64, max, conv 128, max, conv 128,
// max, conv 256, output conv 1x1 125, region head with 5 anchors and 20
// classes) with random He-initialized weights, converted as the compiler
// does: the float network (leaky 0.1) runs on the image and every layer is
// normalized by the given percentile of its activations (Spiking-YOLO
// layer-norm, Eq. 4), then simulated with IBT neurons (vthNeg = vth / 0.1)
// and membrane decoding. Prints the measured firing rates, then times one
// image for each thread count. A benchmark, not a test.
//
//   snnc-bench-snn [--image IMG] [--ticks 256] [--threads 1,2]
//                  [--repeat 3] [--percentile 99.9]
//
//===----------------------------------------------------------------------===//
#include "runtime/image/ImageIO.h"
#include "runtime/image/Resize.h"
#include "runtime/inference/Executor.h"
#include "runtime/snn/Simulator.h"
#include "runtime/support/Error.h"

#include <fmt/format.h>
#include <tbb/global_control.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <random>
#include <sstream>

using namespace snnc;

namespace {

struct Options {
  std::string image;
  int ticks = 256;
  std::vector<int> threads = {1, 2};
  int repeat = 3;
  double percentile = 99.9;
};

Options parse(int argc, char **argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc)
        fail("option {} needs a value", a);
      return argv[++i];
    };
    if (a == "--image") {
      o.image = value();
    } else if (a == "--ticks") {
      o.ticks = std::stoi(value());
    } else if (a == "--repeat") {
      o.repeat = std::stoi(value());
    } else if (a == "--percentile") {
      o.percentile = std::stod(value());
    } else if (a == "--threads") {
      o.threads.clear();
      std::stringstream ss(value());
      for (std::string t; std::getline(ss, t, ',');)
        o.threads.push_back(std::stoi(t));
    } else {
      fail("unknown option '{}' (see the header of SnnSimBench.cpp)", a);
    }
  }
  return o;
}

/// The float twin: conv (+ leaky) and max-pool nodes, output conv linear.
Graph floatYoloLite(std::mt19937 &rng) {
  Graph g;
  g.name = "yolo-lite-shape";
  Node input;
  input.kind = NodeKind::Input;
  input.name = "input";
  input.shape = {3, 224, 224};
  g.nodes.push_back(input);
  auto conv = [&](int64_t outC, int64_t k, bool leaky) {
    const Node &prev = g.nodes.back();
    Node n;
    n.kind = NodeKind::Conv2d;
    n.name = fmt::format("conv{}", g.nodes.size());
    n.inputs = {static_cast<int>(g.nodes.size()) - 1};
    n.kernel = {k, k};
    int64_t p = k / 2;
    n.padding = {p, p, p, p};
    n.shape = {outC, prev.shape.h, prev.shape.w};
    int64_t fanIn = prev.shape.c * k * k;
    std::normal_distribution<float> w(0.0f, std::sqrt(2.0f / fanIn));
    std::uniform_real_distribution<float> b(-0.2f, 0.0f);
    n.weights.resize(outC * fanIn);
    for (float &x : n.weights)
      x = w(rng);
    n.bias.resize(outC);
    for (float &x : n.bias)
      x = b(rng);
    g.nodes.push_back(n);
    if (leaky) {
      Node a;
      a.kind = NodeKind::LeakyRelu;
      a.name = n.name + "/leaky";
      a.inputs = {static_cast<int>(g.nodes.size()) - 1};
      a.shape = n.shape;
      a.slope = 0.1f;
      g.nodes.push_back(a);
    }
  };
  auto pool = [&] {
    const Node &prev = g.nodes.back();
    Node n;
    n.kind = NodeKind::MaxPool;
    n.name = fmt::format("max{}", g.nodes.size());
    n.inputs = {static_cast<int>(g.nodes.size()) - 1};
    n.kernel = {2, 2};
    n.strides = {2, 2};
    n.shape = {prev.shape.c, prev.shape.h / 2, prev.shape.w / 2};
    g.nodes.push_back(n);
  };
  for (int64_t c : {16, 32, 64, 128, 128}) {
    conv(c, 3, true);
    pool();
  }
  conv(256, 3, true);
  conv(125, 1, false);
  g.outputs = {static_cast<int>(g.nodes.size()) - 1};
  return g;
}

double percentileOf(std::vector<float> v, double p) {
  size_t k = std::min(v.size() - 1,
                      static_cast<size_t>(std::floor(p / 100.0 * v.size())));
  std::nth_element(v.begin(), v.begin() + k, v.end());
  return std::max(v[k], 1e-6f);
}

/// Layer-norm conversion of the float twin, calibrated on `image`.
SpikingGraph convert(const Graph &g, const Tensor &image, double percentile) {
  Executor exec(g);
  std::vector<Tensor> values = exec.runAll(image);
  SpikingGraph s;
  s.name = g.name;
  SpikingNode enc;
  enc.kind = SpikingKind::Encoder;
  enc.name = "encoder";
  enc.shape = g.input().shape;
  s.nodes.push_back(enc);
  double lambdaIn = 1.0; // The analog image needs no input lambda.
  for (size_t i = 1; i < g.nodes.size(); ++i) {
    const Node &n = g.nodes[i];
    if (n.kind == NodeKind::MaxPool) {
      SpikingNode p;
      p.kind = SpikingKind::SpikingMaxPool;
      p.name = n.name;
      p.inputs = {static_cast<int>(s.nodes.size()) - 1};
      p.shape = n.shape;
      p.kernel = n.kernel;
      p.strides = n.strides;
      p.padding = n.padding;
      s.nodes.push_back(p);
      continue;
    }
    if (n.kind != NodeKind::Conv2d)
      continue;
    bool last = static_cast<int>(i) == g.outputs[0];
    SpikingNode c;
    c.kind = last ? SpikingKind::Output : SpikingKind::SpikingConv;
    c.name = n.name;
    c.inputs = {static_cast<int>(s.nodes.size()) - 1};
    c.shape = n.shape;
    c.kernel = n.kernel;
    c.strides = n.strides;
    c.padding = n.padding;
    // The activation after the conv (the leaky node) calibrates lambda.
    double lambda = last ? 1.0 : percentileOf(values[i + 1].data, percentile);
    c.weights = n.weights;
    for (float &w : c.weights)
      w = static_cast<float>(w * lambdaIn / lambda);
    c.bias = n.bias;
    for (float &b : c.bias)
      b = static_cast<float>(b / lambda);
    if (last) {
      c.outputScale.assign(n.shape.c, 1.0f);
      c.region.classes = 20;
      c.region.num = 5;
      c.region.anchors = {1.08f,  1.19f, 3.42f, 4.41f,  6.63f,
                          11.38f, 9.42f, 5.11f, 16.62f, 10.52f};
    } else {
      c.negativeSpikes = true;
      c.vthNeg = 1.0f / 0.1f;
    }
    s.nodes.push_back(c);
    lambdaIn = lambda;
  }
  s.outputs = {static_cast<int>(s.nodes.size()) - 1};
  return s;
}

} // namespace

int main(int argc, char **argv) {
  try {
    Options o = parse(argc, argv);
    std::mt19937 rng(2020);
    Graph g = floatYoloLite(rng);
    Tensor image{g.input().shape, {}};
    if (!o.image.empty()) {
      image.data = resizeImage(loadImage(o.image), 224, 224).data;
    } else {
      // A smooth synthetic image: a few random low-frequency waves.
      image.data.resize(image.shape.size());
      std::uniform_real_distribution<float> u(0, 1);
      float f[3][4];
      for (auto &row : f)
        for (float &x : row)
          x = u(rng);
      for (int64_t c = 0; c < 3; ++c)
        for (int64_t y = 0; y < 224; ++y)
          for (int64_t x = 0; x < 224; ++x)
            image.data[(c * 224 + y) * 224 + x] =
                0.5f + 0.25f * std::sin(0.05f * f[c][0] * x + 6 * f[c][1]) +
                0.25f * std::sin(0.07f * f[c][2] * y + 6 * f[c][3]);
    }
    SpikingGraph snn = convert(g, image, o.percentile);
    Simulator sim(snn);
    SimulationOptions options;
    options.ticks = o.ticks;
    std::cout << fmt::format(
        "YOLO-LITE-shaped SNN, 224x224x3, layer-norm at the {}th "
        "percentile, T = {}, image: {}\n",
        o.percentile, o.ticks, o.image.empty() ? "synthetic" : o.image);

    SimulationResult first;
    for (int t : o.threads) {
      tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                                t);
      std::vector<double> ms;
      SimulationResult r;
      for (int k = 0; k < o.repeat; ++k) {
        auto start = std::chrono::steady_clock::now();
        r = sim.run(image, options);
        ms.push_back(std::chrono::duration<double, std::milli>(
                         std::chrono::steady_clock::now() - start)
                         .count());
      }
      std::sort(ms.begin(), ms.end());
      if (first.layers.empty()) {
        first = r;
        std::cout << "layer                 neurons   rate(+)   rate(-)   "
                     "synaptic events\n";
        for (const LayerActivity &a : r.layers) {
          double n = double(a.neurons) * o.ticks;
          std::cout << fmt::format(
              "{:<16} {:>12} {:>8.2f}% {:>8.3f}% {:>17}\n", a.name, a.neurons,
              100.0 * a.positiveSpikes / n, 100.0 * a.negativeSpikes / n,
              a.synapticEvents);
        }
        std::cout << fmt::format("total synaptic events per image: {} "
                                 "({:.1f} M per tick)\n",
                                 r.totalSynapticEvents,
                                 r.totalSynapticEvents / 1e6 / o.ticks);
      } else if (r.heads[0][0].data != first.heads[0][0].data ||
                 r.totalSynapticEvents != first.totalSynapticEvents) {
        fail("results differ between thread counts");
      }
      double median = ms[ms.size() / 2];
      std::cout << fmt::format(
          "threads {}: min {:.1f} ms, median {:.1f} ms per image "
          "({:.2f} ms per tick); {:.2f} G synaptic events/s at the median\n",
          t, ms.front(), median, median / o.ticks,
          r.totalSynapticEvents / (median * 1e-3) / 1e9);
    }
  } catch (const std::exception &e) {
    std::cerr << "snnc-bench-snn: error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
