//===- GenWeightsCommand.cpp - snnc gen-weights: seeded darknet weights ---===//
//
// Writes deterministic generated weights for a cfg in darknet's format, so
// models whose trained weights are unavailable can go through every tool
// (and through darknet itself) for tests and cost studies.
//
//===----------------------------------------------------------------------===//
#include "compiler/tools/snnc/Commands.h"

#include "compiler/darknet/CfgParser.h"
#include "compiler/darknet/Weights.h"

#include "runtime/support/Files.h"

#include <fmt/format.h>

#include <iostream>
#include <memory>

namespace snnc::cli {

Runner registerGenWeights(CLI::App &app) {
  auto *command = app.add_subcommand(
      "gen-weights", "Write deterministic generated weights for a darknet cfg");
  auto cfg = std::make_shared<std::string>();
  auto output = std::make_shared<std::string>();
  auto seed = std::make_shared<uint64_t>(1);
  command->add_option("model", *cfg, "Darknet .cfg file")
      ->required()
      ->check(CLI::ExistingFile);
  command->add_option("-o,--output", *output, "Output .weights file")
      ->required();
  command->add_option("--seed", *seed, "Generator seed");
  return [=]() {
    checkOutputFile(*output, "-o");
    darknet::Network net = darknet::buildNetwork(darknet::readCfgFile(*cfg));
    darknet::Weights weights = darknet::randomWeights(net, *seed);
    AtomicFile file(*output);
    darknet::writeWeightsFile(file.tempPath(), weights, net);
    file.commit();
    int64_t floats = 0;
    for (const darknet::Layer &layer : net.layers)
      floats += darknet::Network::storedFloats(layer);
    std::cout << fmt::format("wrote {} ({} floats, seed {})\n", *output, floats,
                             *seed);
    return 0;
  };
}

} // namespace snnc::cli
