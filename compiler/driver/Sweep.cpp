//===- Sweep.cpp - Conversion sweeps: mAP vs time steps -------------------===//
#include "compiler/driver/Sweep.h"
#include "compiler/driver/Diagnostics.h"

#include "compiler/calibration/Calibrate.h"
#include "compiler/graph/SnnToSpikingGraph.h"
#include "dialects/conversion/Passes.h"
#include "dialects/snn/SnnPasses.h"
#include "runtime/eval/VocEval.h"
#include "runtime/image/ImageIO.h"
#include "runtime/inference/Detector.h"
#include "runtime/snn/SpikingDetector.h"
#include "runtime/support/Error.h"
#include "runtime/support/Files.h"
#include "runtime/support/Progress.h"

#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"

#include <fmt/format.h>
#include <tbb/parallel_for.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

using namespace mlir;

namespace snnc {

std::string ConversionConfig::passOptions() const {
  return fmt::format("norm={} neuron={} decode={} reset={} encoder={} "
                     "percentile={} v-init={} max-pool={} readout-delay={}",
                     norm, neuron, decode, reset, encoder, percentile, vInit,
                     maxPool, readoutDelay);
}

std::string ConversionConfig::label() const {
  std::string delay =
      readoutDelay ? fmt::format("/delay{}", readoutDelay) : std::string();
  return fmt::format("{}/{}/{}/p{}/v{}{}{}{}", norm, neuron, decode, percentile,
                     vInit, reset == "zero" ? "/reset0" : "",
                     maxPool == "max_count"    ? "/maxcount"
                     : maxPool == "comparator" ? "/comparator"
                                               : "",
                     delay) +
         (encoder == "spikes" ? "/spike-input" : "") +
         (chip.empty() ? "" : "/q:" + chip);
}

namespace {

double seconds(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}

std::vector<int> defaultCheckpoints(int ticks) {
  std::vector<int> cps;
  for (int t = 8; t < ticks; t *= 2)
    cps.push_back(t);
  cps.push_back(ticks);
  return cps;
}

/// Converts a copy of the calibrated module under `config` and exports it.
SpikingGraph convert(ModuleOp calibrated, const ConversionConfig &config) {
  OwningOpRef<ModuleOp> module(cast<ModuleOp>(calibrated->clone()));
  // parsePassPipeline(text, pm) takes the pipeline nested in pm's anchor
  // (the module): a "builtin.module(...)" wrapper would target modules
  // nested inside it, and silently run nothing.
  PassManager pm(module->getContext(), ModuleOp::getOperationName());
  std::string pipeline = "func.func(ann-to-snn{" + config.passOptions() + "}";
  if (!config.chip.empty())
    pipeline += fmt::format(", snn-quantize{{chip={} axon-copies={}}}",
                            config.chip, config.axonCopies);
  pipeline += ")";
  if (failed(parsePassPipeline(pipeline, pm)))
    fail("invalid conversion pipeline '{}'", pipeline);
  DiagnosticCapture diagnostics(module->getContext());
  if (failed(pm.run(*module)) || failed(verify(*module)))
    fail("{}: {}", config.label(),
         diagnostics.firstError("the conversion failed"));
  func::FuncOp func;
  for (auto f : module->getOps<func::FuncOp>())
    func = f;
  std::optional<SpikingGraph> graph = snnToSpikingGraph(func);
  if (!graph)
    fail("cannot export the converted network ({})", config.label());
  return std::move(*graph);
}

std::vector<double> evaluate07(const Dataset &set,
                               const std::vector<std::vector<Detections>> &d,
                               std::vector<double> &mapAll) {
  std::vector<double> map07;
  mapAll.clear();
  for (const std::vector<Detections> &dets : d) {
    VocResult r = evaluateVoc(set, dets);
    map07.push_back(r.map07);
    mapAll.push_back(r.mapAll);
  }
  return map07;
}

} // namespace

SweepResult runSweep(const SweepOptions &options) {
  if (options.evalSet.images.empty())
    fail("sweep: the evaluation set is empty");
  if (options.ticks < 1)
    fail("sweep: --ticks must be >= 1, got {}", options.ticks);
  SweepResult result;
  result.checkpoints = options.checkpoints.empty()
                           ? defaultCheckpoints(options.ticks)
                           : options.checkpoints;
  std::sort(result.checkpoints.begin(), result.checkpoints.end());
  for (int t : result.checkpoints)
    if (t < 1 || t > options.ticks)
      fail("sweep: checkpoint {} is outside [1, {}]", t, options.ticks);
  result.images = static_cast<int>(options.evalSet.images.size());

  ModelOptions modelOptions = options.model;
  modelOptions.foldBatchNorm = true;
  Model model = loadModel(modelOptions);
  registerConversionPasses();
  snn::registerSnnPasses();

  // Calibrate once; every configuration converts a copy.
  CalibrationOptions calib;
  calib.percentiles = options.calibrationPercentiles;
  calib.progress = options.progress;
  calibrate(*model.module, options.calibrationImages, calib);
  if (!options.qatPath.empty()) {
    // Trained ceilings replace the measured activation percentiles.
    std::vector<float> ps = options.calibrationPercentiles;
    for (const ConversionConfig &c : options.configs)
      ps.push_back(c.percentile);
    applyQat(*model.module, options.qatPath, ps);
  }

  const Dataset &set = options.evalSet;
  DetectorOptions detector;
  detector.threshold = 0.005f;

  // The DNN reference on the same images: for a QAT model the network it
  // was trained as (quantized activations and image), which its conversion
  // approaches; the float-activation network is reported beside it.
  auto evaluateDnn = [&](const Graph &g, const char *label) {
    Executor executor(g);
    std::vector<Detections> dets(set.images.size());
    Progress progress(label, set.images.size(), options.progress);
    tbb::parallel_for(size_t(0), set.images.size(), [&](size_t i) {
      dets[i] = detect(executor, loadImage(set.images[i].path), detector);
      progress.step();
    });
    return evaluateVoc(set, dets);
  };
  {
    VocResult r = evaluateDnn(model.graph, "dnn");
    result.dnnMap07 = r.map07;
    result.dnnMapAll = r.mapAll;
  }
  if (!options.qatPath.empty()) {
    result.dnnFloatMap07 = result.dnnMap07;
    // The module has the metadata applied: its graph is the network as
    // trained (model.graph, exported before, the float one).
    Graph quantized = exportGraph(*model.module);
    VocResult r = evaluateDnn(quantized, "dnn-quantized");
    result.dnnMap07 = r.map07;
    result.dnnMapAll = r.mapAll;
    result.dnnQuantized = true;
  }

  for (const ConversionConfig &config : options.configs) {
    auto start = std::chrono::steady_clock::now();
    SpikingGraph graph = convert(*model.module, config);
    Simulator simulator(graph);
    SimulationOptions sim;
    sim.ticks = options.ticks;
    sim.checkpoints = result.checkpoints;
    std::vector<std::vector<Detections>> dets(
        result.checkpoints.size(), std::vector<Detections>(set.images.size()));
    std::vector<SimulationResult> activity(set.images.size());
    Progress progress(config.label(), set.images.size(), options.progress);
    tbb::parallel_for(size_t(0), set.images.size(), [&](size_t i) {
      Image image = loadImage(set.images[i].path);
      SimulationResult r = simulator.run(preprocess(image, graph, false), sim);
      std::vector<Detections> perCheckpoint =
          decodeCheckpoints(graph, r, image.width, image.height, detector);
      for (size_t c = 0; c < perCheckpoint.size(); ++c)
        dets[c][i] = std::move(perCheckpoint[c]);
      r.heads.clear();
      activity[i] = std::move(r);
      progress.step();
    });
    ConfigResult cr;
    cr.config = config;
    cr.map07 = evaluate07(set, dets, cr.mapAll);
    // Activity summed over images, in image order (deterministic).
    double images = static_cast<double>(set.images.size());
    for (size_t n = 0; n < graph.nodes.size(); ++n) {
      const SpikingNode &node = graph.nodes[n];
      int64_t events = 0, spikes = 0;
      std::vector<int64_t> channel(node.shape.c, 0);
      for (const SimulationResult &r : activity) {
        const LayerActivity &a = r.layers[n];
        events += a.synapticEvents;
        spikes += a.positiveSpikes + a.negativeSpikes;
        for (size_t c = 0; c < a.channelSpikes.size() && c < channel.size();
             ++c)
          channel[c] += a.channelSpikes[c];
      }
      cr.synapticEventsPerImage += events / images;
      cr.spikesPerImage += spikes / images;
      if (node.kind == SpikingKind::SpikingConv) {
        ChannelRates rates;
        rates.layer = node.name;
        double perChannel = static_cast<double>(node.shape.h * node.shape.w) *
                            options.ticks * images;
        for (int64_t c : channel)
          rates.rates.push_back(c / perChannel);
        cr.channelRates.push_back(std::move(rates));
      }
    }
    cr.secondsPerImage = seconds(start) / images;
    if (options.progress)
      fmt::print(stderr, "{}: mAP07 at T={}: {:.2f} (DNN {:.2f})\n",
                 config.label(), result.checkpoints.back(),
                 100 * cr.map07.back(), 100 * result.dnnMap07);
    result.configs.push_back(std::move(cr));
  }
  return result;
}

void writeSweepReport(const SweepResult &result, const std::string &dir) {
  // Each file is written whole or not at all (writeFileAtomic).
  std::string csv =
      "norm,neuron,decode,reset,encoder,max_pool,percentile,v_init,"
      "readout_delay,ticks,map07,"
      "map_all,dnn_map07,dnn_map_all,ratio07,synaptic_events_per_image,"
      "spikes_per_image,seconds_per_image,model,dnn_kind\n";
  const char *dnnKind = result.dnnQuantized ? "qat" : "float";
  for (const ConfigResult &c : result.configs)
    for (size_t i = 0; i < result.checkpoints.size(); ++i)
      csv += fmt::format(
          "{},{},{},{},{},{},{},{},{},{},{:.6f},{:.6f},{:.6f},{:.6f},{:.6f},"
          "{:.0f},{:.0f},{:.3f},{},{}\n",
          c.config.norm, c.config.neuron, c.config.decode, c.config.reset,
          c.config.encoder, c.config.maxPool, c.config.percentile,
          c.config.vInit, c.config.readoutDelay, result.checkpoints[i],
          c.map07[i], c.mapAll[i], result.dnnMap07, result.dnnMapAll,
          result.dnnMap07 > 0 ? c.map07[i] / result.dnnMap07 : 0,
          c.synapticEventsPerImage, c.spikesPerImage, c.secondsPerImage,
          result.model, dnnKind);
  writeFileAtomic(dir + "/sweep.csv", csv);
  std::string rates = "config,layer,channel,rate\n";
  for (const ConfigResult &c : result.configs)
    for (const ChannelRates &r : c.channelRates)
      for (size_t ch = 0; ch < r.rates.size(); ++ch)
        rates += fmt::format("{},{},{},{:.6g}\n", c.config.label(), r.layer, ch,
                             r.rates[ch]);
  writeFileAtomic(dir + "/firing_rates.csv", rates);
  std::ostringstream md;
  md << fmt::format(
      "DNN{} VOC07 mAP {:.2f} on {} images",
      result.dnnQuantized ? " (quantized as trained, MODEL.qat.json)" : "",
      100 * result.dnnMap07, result.images);
  if (result.dnnQuantized)
    md << fmt::format(" ({:.2f} with float activations)",
                      100 * result.dnnFloatMap07);
  md << fmt::format(". SNN mAP (VOC07 11-point, %) at T = {}:\n\n",
                    result.checkpoints.back());
  // Table 1 of the paper: rows {w/out IBT, w/ IBT} x {layer, channel},
  // columns Vmem / spike count, for each percentile and v-init present.
  std::map<std::string, double> finalMap;
  std::vector<std::string> variants;
  for (const ConfigResult &c : result.configs) {
    std::string variant = fmt::format(
        "p{} v{} {} {} delay {}", c.config.percentile, c.config.vInit,
        c.config.reset, c.config.maxPool, c.config.readoutDelay);
    if (std::find(variants.begin(), variants.end(), variant) == variants.end())
      variants.push_back(variant);
    finalMap[variant + c.config.norm + c.config.neuron + c.config.decode] =
        c.map07.back();
  }
  for (const std::string &variant : variants) {
    md << "Conversion " << variant
       << ":\n\n| | Vmem | spike count |\n|---|---|---|\n";
    for (const char *neuron : {"if", "signed", "ibt"})
      for (const char *norm : {"layer", "channel"}) {
        std::string key = variant + norm + neuron;
        if (!finalMap.count(key + "vmem") && !finalMap.count(key + "count"))
          continue;
        auto cell = [&](const char *decode) {
          auto it = finalMap.find(key + decode);
          return it == finalMap.end() ? std::string("-")
                                      : fmt::format("{:.2f}", 100 * it->second);
        };
        std::string row = std::string(neuron) == "ibt" ? "w/ IBT"
                          : std::string(neuron) == "signed"
                              ? "w/out IBT (signed)"
                              : "w/out IBT (IF)";
        md << fmt::format("| {}, {} | {} | {} |\n", row, norm, cell("vmem"),
                          cell("count"));
      }
    md << "\n";
  }
  md << "mAP (%) by time steps:\n\n| config |";
  for (int t : result.checkpoints)
    md << " T=" << t << " |";
  md << "\n|---|";
  for (size_t i = 0; i < result.checkpoints.size(); ++i)
    md << "---|";
  md << "\n";
  for (const ConfigResult &c : result.configs) {
    md << "| " << c.config.label() << " |";
    for (double m : c.map07)
      md << fmt::format(" {:.2f} |", 100 * m);
    md << "\n";
  }
  writeFileAtomic(dir + "/table.md", md.str());
}

} // namespace snnc
