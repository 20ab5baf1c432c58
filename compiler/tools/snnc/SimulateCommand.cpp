//===- SimulateCommand.cpp - snnc simulate: a NIR network, graph level ----===//
//
// Imports a NIR file (compiler/nir) and runs snnc's graph-level spiking
// simulator on images: the decoded outputs (before the heads' activation)
// go to JSON, for comparison with other NIR simulators.
//
//===----------------------------------------------------------------------===//
#include "compiler/tools/snnc/Commands.h"

#include "compiler/nir/NirImport.h"
#include "compiler/tools/common/CliSupport.h"
#include "compiler/tools/snnc/Provenance.h"
#include "runtime/chip/Limits.h"
#include "runtime/image/ImageIO.h"
#include "runtime/image/ImageList.h"
#include "runtime/image/Resize.h"
#include "runtime/snn/Simulator.h"
#include "runtime/support/Error.h"
#include "runtime/support/Files.h"

#include <nlohmann/json.hpp>

#include <iostream>

namespace snnc::cli {

Runner registerSimulate(CLI::App &app) {
  auto *command = app.add_subcommand(
      "simulate", "Run a NIR network (e.g. from compile --export nir) in "
                  "snnc's graph-level simulator");
  auto nirPath = std::make_shared<std::string>();
  auto images = std::make_shared<std::vector<std::string>>();
  auto ticks = std::make_shared<int>(64);
  auto jsonOut = std::make_shared<std::string>();
  command->add_option("network", *nirPath, "NIR file (.nir)")
      ->required()
      ->check(CLI::ExistingFile);
  command->add_option("images", *images, "Images, folders or .txt lists")
      ->required();
  command->add_option("--ticks", *ticks, "Time steps per image")
      ->check(between(1, chipcfg::kMaxTicks))
      ->capture_default_str();
  command->add_option("--json", *jsonOut,
                      "Write each image's decoded outputs (CHW, before the "
                      "heads' activation) as JSON");
  return [=]() {
    std::vector<std::string> paths = expandImageArgs(*images, "IMAGE");
    if (!jsonOut->empty())
      checkOutputFile(*jsonOut, "--json");
    SpikingGraph graph = nir::readNir(*nirPath);
    Simulator simulator(graph);
    const TensorShape &in = graph.input().shape;
    SimulationOptions options;
    options.ticks = *ticks;
    options.activateHeads = false;
    nlohmann::ordered_json results = nlohmann::ordered_json::array();
    std::vector<std::string> failed;
    for (const std::string &path : paths) {
      std::optional<Image> loaded = loadImageOrSkip(path, failed, results);
      if (!loaded)
        continue;
      Image &image = *loaded;
      if (image.channels != int(in.c))
        fail("{}: {} channels; the network takes {}", path, image.channels,
             in.c);
      // Resized as snnc run resizes it (no letterbox).
      Tensor input{in, resizeImage(image, int(in.w), int(in.h)).data};
      SimulationResult r = simulator.run(input, options);
      nlohmann::ordered_json outputs = nlohmann::ordered_json::array();
      for (const Tensor &t : r.heads.back())
        outputs.push_back(
            {{"shape", {t.shape.c, t.shape.h, t.shape.w}}, {"values", t.data}});
      int64_t spikes = 0;
      nlohmann::ordered_json layers = nlohmann::ordered_json::object();
      for (const LayerActivity &a : r.layers) {
        spikes += a.positiveSpikes + a.negativeSpikes;
        layers[a.name] = a.positiveSpikes + a.negativeSpikes;
      }
      std::cout << fmt::format("{}: {} ticks, {} spikes, {} synaptic events\n",
                               path, *ticks, spikes, r.totalSynapticEvents);
      results.push_back({{"image", path},
                         {"ticks", *ticks},
                         {"spikes", spikes},
                         {"layer_spikes", std::move(layers)},
                         {"outputs", std::move(outputs)}});
    }
    if (!jsonOut->empty()) {
      nlohmann::ordered_json prov = provenance(*command);
      addFileProvenance(prov, "network", *nirPath);
      nlohmann::ordered_json j = {{"network", *nirPath},
                                  {"images", std::move(results)},
                                  {"failed", failed},
                                  {"provenance", std::move(prov)}};
      writeFileAtomic(*jsonOut, j.dump() + "\n");
    }
    return failed.empty() ? 0 : 1;
  };
}

} // namespace snnc::cli
