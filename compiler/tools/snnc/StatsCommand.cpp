//===- StatsCommand.cpp - snnc stats: layers, parameters, MACs ------------===//
#include "compiler/tools/snnc/Commands.h"

#include "backends/report/ModelStats.h"

#include <iostream>
#include <memory>

namespace snnc::cli {

Runner registerStats(CLI::App &app) {
  auto *command = app.add_subcommand(
      "stats", "Print layers, shapes, parameter and MAC counts of a model");
  auto options = std::make_shared<ModelOptions>();
  addModelOptions(*command, *options, /*foldOption=*/false);
  return [=]() {
    // Batch norm stays unfolded: the counts are those of the darknet model.
    ModelOptions unfolded = *options;
    unfolded.foldBatchNorm = false;
    if (unfolded.weightsPath.empty() && !unfolded.randomWeights) {
      std::string guess = unfolded.cfgPath;
      auto dot = guess.rfind(".cfg");
      if (dot != std::string::npos)
        guess = guess.substr(0, dot);
      if (!std::filesystem::exists(guess + ".weights"))
        unfolded.randomWeights = true; // Shapes and counts need no weights.
    }
    Model model = loadModel(unfolded);
    std::cout << formatStats(computeStats(model.graph),
                             model.graph.name + " (" + options->cfgPath +
                                 ", weights: " + model.weightsDescription +
                                 ")");
    return 0;
  };
}

} // namespace snnc::cli
