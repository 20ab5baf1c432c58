//===- InferenceBench.cpp - Reference inference time per image ------------===//
//
// Times Executor::run (network only: preprocessing excluded) on one image
// for each requested thread count and prints min / median / mean over the
// repetitions. A benchmark, not a test: the figures go to docs/RESULTS.md.
//
//   snnc-bench-inference MODEL.cfg [--random-weights] [--image IMG]
//                        [--repeat N] [--threads 1,2]
//
//===----------------------------------------------------------------------===//
#include "compiler/driver/ModelLoader.h"
#include "runtime/image/ImageIO.h"
#include "runtime/inference/Detector.h"
#include "runtime/support/Error.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <tbb/global_control.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <numeric>
#include <random>

using namespace snnc;

int main(int argc, char **argv) {
  CLI::App app{"Benchmark of snnc's reference float32 inference"};
  ModelOptions options;
  std::string imagePath;
  int repeat = 20;
  std::vector<int> threads = {1, 2};
  app.add_option("model", options.cfgPath, "Darknet cfg")->required();
  app.add_option("-w,--weights", options.weightsPath, "Weights file");
  app.add_flag("--random-weights", options.randomWeights,
               "Generated weights (seeded)");
  app.add_option("--image", imagePath, "Input image (default: random input)");
  app.add_option("--repeat", repeat, "Timed runs per thread count");
  app.add_option("--threads", threads, "Thread counts to time")->delimiter(',');
  CLI11_PARSE(app, argc, argv);
  try {
    Model model = loadModel(options);
    Executor exec(model.graph);
    Tensor input;
    if (!imagePath.empty()) {
      input = preprocess(loadImage(imagePath), model.graph, false);
    } else {
      input.shape = model.graph.input().shape;
      input.data.resize(input.shape.size());
      std::mt19937 rng(1);
      std::uniform_real_distribution<float> dist(0, 1);
      for (float &v : input.data)
        v = dist(rng);
    }
    std::cout << fmt::format("model {} ({}), input {}x{}x{}, {} runs\n",
                             options.cfgPath, model.weightsDescription,
                             input.shape.c, input.shape.h, input.shape.w,
                             repeat);
    for (int t : threads) {
      tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                                t);
      exec.run(input); // warm-up: page in weights, spin up workers
      std::vector<double> ms;
      for (int i = 0; i < repeat; ++i) {
        auto start = std::chrono::steady_clock::now();
        exec.run(input);
        ms.push_back(std::chrono::duration<double, std::milli>(
                         std::chrono::steady_clock::now() - start)
                         .count());
      }
      std::sort(ms.begin(), ms.end());
      double mean = std::accumulate(ms.begin(), ms.end(), 0.0) / ms.size();
      std::cout << fmt::format(
          "threads {}: min {:.2f} ms, median {:.2f} ms, mean {:.2f} ms per "
          "image ({:.1f} images/s at the median)\n",
          t, ms.front(), ms[ms.size() / 2], mean, 1000.0 / ms[ms.size() / 2]);
    }
  } catch (const Error &e) {
    std::cerr << "snnc-bench-inference: error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
