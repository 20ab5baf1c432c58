//===- StatsCommand.cpp - snnc stats: layers, parameters, MACs ------------===//
#include "compiler/tools/snnc/Commands.h"
#include "compiler/tools/snnc/Provenance.h"
#include "runtime/tooling/Evaluation.h"

#include "backends/report/ModelStats.h"
#include "runtime/support/Files.h"

#include <iostream>
#include <memory>

namespace snnc::cli {

namespace {
nlohmann::ordered_json shapeJson(const TensorShape &s) {
  return {s.c, s.h, s.w};
}

nlohmann::ordered_json statsJson(const ModelStats &stats) {
  nlohmann::ordered_json j;
  j["nodes"] = nlohmann::ordered_json::array();
  for (const NodeStats &n : stats.nodes)
    j["nodes"].push_back({{"name", n.name},
                          {"kind", toString(n.kind)},
                          {"input", shapeJson(n.input)},
                          {"output", shapeJson(n.output)},
                          {"parameters", n.parameters},
                          {"macs", n.macs}});
  j["parameters"] = stats.parameters;
  j["macs"] = stats.macs;
  j["bflops"] = 2.0 * double(stats.macs) / 1e9;
  j["convNeurons"] = stats.neurons;
  return j;
}
} // namespace

Runner registerStats(CLI::App &app) {
  auto *command = app.add_subcommand(
      "stats", "Print layers, shapes, parameter and MAC counts of a model");
  auto options = std::make_shared<ModelOptions>();
  auto jsonOut = std::make_shared<std::string>();
  addModelOptions(*command, *options, /*foldOption=*/false);
  command->add_option("--json", *jsonOut, "Also write the counts as JSON");
  return [=]() {
    if (!jsonOut->empty())
      checkOutputFile(*jsonOut, "--json");
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
    ModelStats stats = computeStats(model.graph);
    std::cout << formatStats(
        stats, model.graph.name + " (" + options->cfgPath +
                   ", weights: " + model.weightsDescription + ")");
    if (!jsonOut->empty()) {
      nlohmann::ordered_json json = statsJson(stats);
      json["model"] = model.graph.name;
      nlohmann::ordered_json prov = provenance(*command);
      addModelProvenance(prov, unfolded);
      json["provenance"] = std::move(prov);
      writeJsonFile(*jsonOut, json);
    }
    return 0;
  };
}

} // namespace snnc::cli
