//===- Compile.cpp - The whole pipeline: darknet to chip config -----------===//
#include "compiler/driver/Compile.h"
#include "compiler/driver/Diagnostics.h"

#include "backends/config/ConfigExport.h"
#include "backends/report/PlacementJson.h"
#include "backends/translate/TnTranslations.h"
#include "compiler/calibration/Calibrate.h"
#include "compiler/chip/ChipDescription.h"
#include "compiler/darknet/Network.h"
#include "compiler/driver/ModelLoader.h"
#include "compiler/graph/SnnToSpikingGraph.h"
#include "compiler/import/SpikingToSnn.h"
#include "compiler/nir/NirExport.h"
#include "compiler/nir/NirImport.h"
#include "compiler/pipeline/CompilePipeline.h"
#include "dialects/common/ModuleAttributes.h"
#include "dialects/conversion/Passes.h"
#include "dialects/snn/SnnPasses.h"
#include "dialects/tn/TnConfig.h"
#include "dialects/tn/transforms/MappedNetworkIR.h"
#include "runtime/chip/ConfigIO.h"
#include "runtime/emulator/HostSession.h"
#include "runtime/image/ImageIO.h"
#include "runtime/image/Resize.h"
#include "runtime/support/Error.h"
#include "runtime/support/Files.h"
#include "runtime/support/MemoryBudget.h"
#include "runtime/support/Sha256.h"

#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sys/resource.h>

using namespace mlir;

namespace snnc {

double peakRssMb() {
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0; // KiB on Linux
}

namespace {

/// The registered pipeline's options for `o` (snnc-opt
/// --snnc-compile-pipeline takes the same).
void setPipelineOptions(const CompileOptions &o, CompilePipelineOptions &p);

/// Networks up to this many cores also get the text configuration (auto).
constexpr size_t kTextCores = 4096;

class Pipeline {
public:
  Pipeline(const CompileOptions &o, CompileResult &r) : o(o), r(r) {
    start = std::chrono::steady_clock::now();
  }

  void note(const std::string &text) { r.notes.push_back(text); }

  void stage(const std::string &name) {
    auto now = std::chrono::steady_clock::now();
    double s = std::chrono::duration<double>(now - start).count();
    r.stageSeconds.push_back({name, s});
    if (o.progress)
      fmt::print(stderr, "compile: {:<14} {:7.2f} s  (peak RSS {:.0f} MiB)\n",
                 name, s, peakRssMb());
    start = now;
  }

  void dump(ModuleOp module, const std::string &name) {
    if (!o.dumpIr)
      return;
    makeDirs(o.outDir + "/ir");
    std::string rel = "ir/" + name + ".mlir";
    std::error_code ec;
    llvm::raw_fd_ostream os(o.outDir + "/" + rel, ec);
    if (ec)
      fail("cannot write '{}/{}': {}", o.outDir, rel, ec.message());
    // With locations: layer names come from them (cfg file:line), so the
    // dumped IR run through snnc-opt and snnc-translate names its layers,
    // and writes its files, as this compile does.
    module.print(os, OpPrintingFlags().enableDebugInfo());
    r.files.push_back(rel);
  }

  /// Runs the passes `add` puts into a module pass manager for the
  /// compile's options.
  void run(ModuleOp module,
           void (*add)(OpPassManager &, const CompilePipelineOptions &),
           const std::string &what) {
    PassManager pm(module->getContext(), ModuleOp::getOperationName());
    CompilePipelineOptions options;
    setPipelineOptions(o, options);
    add(pm, options);
    DiagnosticCapture diagnostics(module->getContext());
    if (failed(pm.run(module)) || failed(verify(module)))
      fail("{}", diagnostics.firstError(what + " failed"));
  }

private:
  const CompileOptions &o;
  CompileResult &r;
  std::chrono::steady_clock::time_point start;
};

} // namespace

namespace {

/// Bytes of compile's peak memory per chip neuron, a lower bound: the
/// compiles of docs/RESULTS.md ("Compile time and memory") peak at 50 to 58
/// bytes per mapped neuron (yolo-lite and yolov2-tiny, both chips).
constexpr uint64_t kCompileBytesPerNeuron = 40;

/// Refuses, before the import, a network whose mapping cannot fit the
/// memory budget. A lower bound of its chip neurons: per output value of a
/// convolution, one neuron, or, when its fan-in (times the axon copies of a
/// binary crossbar) exceeds a core's axons, one partial-sum relay per core
/// it is split over and the summing neuron; per max-pool output one; twice
/// that on an unsigned-spike chip (pairs).
void checkCompileMemory(const ModelOptions &model,
                        const chip::ChipDescription &chip, int axonCopies) {
  const std::string &cfgPath = model.cfgPath;
  const darknet::Network net = readNetwork(model);
  const uint64_t copies =
      chip.crossbar == chip::CrossbarKind::Binary ? uint64_t(axonCopies) : 1;
  const uint64_t axons = chip.axonsPerCore > 0 ? chip.axonsPerCore : 0;
  uint64_t neurons = 0;
  for (const darknet::Layer &l : net.layers) {
    uint64_t perOutput = 0;
    if (l.kind == darknet::LayerKind::Convolutional) {
      const uint64_t fanIn = uint64_t(l.size * l.size * l.input.c) * copies;
      const uint64_t parts = axons ? (fanIn + axons - 1) / axons : 1;
      perOutput = parts > 1 ? parts + 1 : 1;
    } else if (l.kind == darknet::LayerKind::MaxPool) {
      perOutput = 1;
    }
    neurons += perOutput * uint64_t(l.output.size());
  }
  if (!chip.signedSpikes)
    neurons *= 2;
  checkMemory(neurons * kCompileBytesPerNeuron + estimateModelBytes(net),
              fmt::format("{}: compiling for chip '{}'", cfgPath, chip.name),
              fmt::format("{} chip neurons or more at {} bytes each, and the "
                          "network itself",
                          neurons, kCompileBytesPerNeuron));
}

void setPipelineOptions(const CompileOptions &o, CompilePipelineOptions &p) {
  p.chip = o.chip;
  // The CLI and Python check the names; a library caller that gets one
  // wrong learns which.
  auto choice = [](auto value, const std::string &name, const char *what) {
    if (!value)
      fail("compile: {} '{}' is not one of the conversion's choices", what,
           name);
    return *value;
  };
  p.norm = choice(snn::symbolizeNormalization(o.conversion.norm),
                  o.conversion.norm, "normalization");
  p.neuron = choice(snn::symbolizeNeuronKind(o.conversion.neuron),
                    o.conversion.neuron, "neuron");
  p.reset = choice(snn::symbolizeReset(o.conversion.reset), o.conversion.reset,
                   "reset");
  p.percentile = o.conversion.percentile;
  p.vInit = o.conversion.vInit;
  if (o.conversion.decode.empty())
    p.decode = PipelineDecoding::Auto;
  else
    p.decode = choice(snn::symbolizeDecoding(o.conversion.decode),
                      o.conversion.decode, "decoding") == snn::Decoding::Vmem
                   ? PipelineDecoding::Vmem
                   : PipelineDecoding::Count;
  p.readoutDelay = o.conversion.readoutDelay;
  p.axonCopies = o.axonCopies;
  p.ticks = o.ticks;
  p.maxChips = o.maxChips;
  p.relayCopies = o.relayCopies;
  p.readoutAfterFill = o.readoutAfterFill;
}

/// snn-quantize: the converted network's integers for the chip.
void quantizeForChip(Pipeline &p, ModuleOp module, const CompileOptions &o) {
  p.run(module, addQuantizePasses, "snn-quantize");
  p.stage("snn-quantize");
  p.dump(module, "3-snn-quantized");
}

/// A NIR spiking network: snn IR built from it -> snn-quantize (no
/// calibration or conversion: it spikes already).
void nirFrontEnd(Pipeline &p, Model &model, const CompileOptions &o,
                 const chip::ChipDescription &chip) {
  const std::string &path = o.model.cfgPath;
  if (chip.readout != chip::Readout::Membrane)
    fail("{}: chip '{}' reads spikes only, but a NIR network's outputs are "
         "potentials (spike-count readout needs each output's range, which "
         "NIR does not carry): compile for a chip that reads membrane "
         "potentials (truenorth-x, reference)",
         path, chip.name);
  if (!o.calibrationImages.empty() || !o.qatPath.empty())
    fail("{} is a spiking network (NIR): calibration images and QAT "
         "metadata do not apply",
         path);
  SpikingGraph graph = nir::readNir(path);
  // A lower bound, as for DNNs: one chip neuron per output value, the
  // weights twice (graph and IR).
  uint64_t neurons = 0, weights = 0;
  for (const SpikingNode &n : graph.nodes) {
    if (n.kind != SpikingKind::Encoder)
      neurons += uint64_t(n.shape.size());
    weights += n.weights.size();
  }
  checkMemory(neurons * kCompileBytesPerNeuron + weights * 8,
              fmt::format("{}: compiling for chip '{}'", path, chip.name),
              fmt::format("{} chip neurons or more at {} bytes each, and "
                          "the weights",
                          neurons, kCompileBytesPerNeuron));
  if (graph.nodes.front().encoder == EncoderMode::Analog) {
    // Chips take spikes: the image drives the encoder's pixel neurons, whose
    // rates approximate the analog input (as ann-to-snn encoder=spikes).
    graph.nodes.front().encoder = EncoderMode::Spikes;
    p.note(fmt::format("{}: the analog input becomes spikes on the chip "
                       "(each pixel an integrate-and-fire neuron, rate "
                       "coding); snnc simulate runs it as NIR defines it",
                       path));
  }
  model.context = std::make_unique<MLIRContext>();
  model.module = spikingGraphToSnn(*model.context, graph, path);
  if (failed(verify(*model.module)))
    fail("{}: the snn IR built from it does not verify (see the "
         "diagnostics above)",
         path);
  const SpikingNode &head = graph.nodes[size_t(graph.outputs.front())];
  model.classNames = resolveClassNames(
      o.model, head.isRegion ? head.region.classes : head.yolo.classes);
  setClassNames(*model.module, model.classNames);
  registerConversionPasses();
  snn::registerSnnPasses();
  ModuleOp module = *model.module;
  p.stage("import");
  p.dump(module, "2-snn");
  quantizeForChip(p, module, o);
}

/// import -> calibration (or QAT ceilings) -> ann-to-snn -> snn-quantize,
/// on `model`'s module.
void frontEnd(Pipeline &p, Model &model, const CompileOptions &o,
              const chip::ChipDescription &chip) {
  if (nir::isNirPath(o.model.cfgPath))
    return nirFrontEnd(p, model, o, chip);
  if (o.calibrationImages.empty() && o.qatPath.empty())
    fail("compile needs calibration images (--calib-images or --calib-voc) "
         "or QAT metadata (--qat)");
  checkCompileMemory(o.model, chip, o.axonCopies);
  ModelOptions modelOptions = o.model;
  modelOptions.foldBatchNorm = true;
  model = loadModel(modelOptions);
  registerConversionPasses();
  snn::registerSnnPasses();
  ModuleOp module = *model.module;
  p.stage("import");
  p.dump(module, "0-ann");

  if (!o.calibrationImages.empty()) {
    CalibrationOptions calib;
    calib.percentiles = o.percentiles;
    calib.progress = o.progress;
    calibrate(module, o.calibrationImages, calib);
  }
  // Head convolutions without a range (cfg locations, "file:line").
  std::vector<std::string> headsWithoutRange;
  if (!o.qatPath.empty()) {
    // Trained ceilings replace the measured activation percentiles.
    std::vector<float> ps = o.percentiles;
    ps.push_back(o.conversion.percentile);
    applyQat(module, o.qatPath, ps);
    module.walk([&](Operation *op) {
      if (!op->hasAttr(kQatNoRangeAttr))
        return;
      auto loc = op->getLoc()->findInstanceOf<FileLineColLoc>();
      headsWithoutRange.push_back(
          loc ? fmt::format("{}:{}", loc.getFilename().str(), loc.getLine())
              : std::string("?"));
    });
  }
  p.stage("calibrate");
  p.dump(module, "1-ann-calibrated");

  // A spike-count output fires at most once a tick: its threshold must be
  // the head's range, or every value beyond it is clipped. Membrane
  // decoding has no such limit.
  const bool countDecoding = o.conversion.decode.empty()
                                 ? chipDecoding(chip) == snn::Decoding::Count
                                 : o.conversion.decode == "count";
  if (countDecoding && !headsWithoutRange.empty())
    fail("{}: the detection head at {} has no recorded range, which "
         "spike-count decoding{} needs as its threshold: add its 'linear' "
         "entry to the QAT metadata (compiler/train/head_ranges.py), or "
         "give calibration images (--calib-images or --calib-voc) along "
         "with --qat",
         o.qatPath, headsWithoutRange.front(),
         o.conversion.decode.empty()
             ? fmt::format(" (chip '{}' reads spikes only)", chip.name)
             : std::string());
  p.run(module, addConversionPasses, "ann-to-snn");
  p.stage("ann-to-snn");
  p.dump(module, "2-snn");

  quantizeForChip(p, module, o);
}

} // namespace

SpikingGraph quantizedGraph(const CompileOptions &o) {
  CompileResult r;
  Pipeline p(o, r);
  chip::ChipDescription chip = chip::loadChip(o.chip);
  Model model;
  frontEnd(p, model, o, chip);
  func::FuncOp func;
  for (auto f : model.module->getOps<func::FuncOp>())
    func = f;
  std::optional<SpikingGraph> graph = snnToSpikingGraph(func);
  if (!graph)
    fail("cannot export the quantized network");
  return std::move(*graph);
}

CompileResult compileModel(const CompileOptions &o) {
  CompileResult r;
  Pipeline p(o, r);
  chip::ChipDescription chip = chip::loadChip(o.chip);
  makeDirs(o.outDir);
  Model model;
  frontEnd(p, model, o, chip);
  ModuleOp module = *model.module;
  if (std::find(o.exports.begin(), o.exports.end(), "nir") != o.exports.end()) {
    // The network as the graph-level simulator runs it (after chip
    // quantization), before the mapping rewrites the module.
    std::optional<SpikingGraph> graph;
    for (auto f : module.getOps<func::FuncOp>())
      graph = snnToSpikingGraph(f);
    if (!graph)
      fail("cannot export the quantized network to NIR");
    nir::writeNir(*graph, o.outDir + "/" + kNirName);
    r.files.push_back(kNirName);
  }

  p.run(module, addMappingPasses, "the mapping (snn-to-tn .. tn-finish)");
  p.stage("snn-to-tn"); // the whole mapping, under its first pass's name
  p.dump(module, "4-tn");
  // What snnc-translate --tn-to-snncfg emits from the same IR.
  std::optional<chipcfg::ChipConfig> config;
  {
    DiagnosticCapture diagnostics(module.getContext());
    config = tn::configFromTn(module);
    if (!config)
      fail("{}", diagnostics.firstError(
                     "cannot read the mapped configuration from the tn IR"));
  }
  // The report from the same configuration (read once) and the groups.
  {
    DiagnosticCapture diagnostics(module.getContext());
    std::optional<mapping::MappingReport> report =
        tn::mappingReport(module, *config);
    if (!report)
      fail("{}", diagnostics.firstError(
                     "cannot read the mapping report from the tn IR"));
    r.reportJson = mapping::reportJson(*report);
    r.reportText = mapping::formatReport(*report);
  }
  // The host decodes detections by class: keep the names with the chip's
  // configuration (snnc run reads the one *.names file in OUTDIR).
  {
    std::string names;
    for (const std::string &n : model.classNames)
      names += n + "\n";
    writeFileAtomic(o.outDir + "/classes.names", names);
    r.files.push_back("classes.names");
  }
  writeFileAtomic(o.outDir + "/report.txt", r.reportText);
  r.files.push_back("report.txt");

  if (chip.portableNeurons) {
    // The profile promises neurons IBM's tools and RANC run bit for bit.
    try {
      chipcfg::checkIbmExportable(*config);
      chipcfg::checkRancExportable(*config);
    } catch (const Error &e) {
      fail("internal: chip '{}' has portable neurons but the mapping is not "
           "exportable: {}",
           chip.name, e.what());
    }
  }
  std::vector<chipcfg::InputSpike> exportSpikes;
  if (!o.exportImage.empty()) {
    Image image = loadImage(o.exportImage);
    if (image.channels != int(config->input.channels))
      fail("{}: {} channels; the network takes {}", o.exportImage,
           image.channels, config->input.channels);
    // Resized as `snnc run` resizes it (no letterbox).
    Tensor input{
        {config->input.channels, config->input.height, config->input.width},
        resizeImage(image, int(config->input.width), int(config->input.height))
            .data};
    for (const emu::TimedAxonSpike &s :
         emu::encodeInput(*config, input, o.exportTicks))
      exportSpikes.push_back({s.tick, s.core, s.axon});
  }
  bool text = o.format == "text" || o.format == "both" ||
              (o.format == "auto" && config->cores.size() <= kTextCores);
  bool binary = o.format != "text";
  if (binary) {
    chipcfg::writeConfig(*config, o.outDir + "/" + kConfigBinaryName,
                         chipcfg::ConfigFormat::Binary);
    r.files.push_back(kConfigBinaryName);
  }
  if (text) {
    chipcfg::writeConfig(*config, o.outDir + "/" + kConfigTextName,
                         chipcfg::ConfigFormat::Text);
    r.files.push_back(kConfigTextName);
  }
  for (const char *name : {"ibm", "ranc"}) {
    bool asked =
        std::find(o.exports.begin(), o.exports.end(), name) != o.exports.end();
    bool automatic = std::find(o.exports.begin(), o.exports.end(), "auto") !=
                     o.exports.end();
    if (!asked && !automatic)
      continue;
    bool ibm = std::string(name) == "ibm";
    try {
      if (ibm)
        chipcfg::checkIbmExportable(*config);
      else
        chipcfg::checkRancExportable(*config);
    } catch (const Error &e) {
      if (asked)
        throw;
      r.notes.push_back(fmt::format("{} export skipped: {}", name, e.what()));
      continue;
    }
    if (!asked && config->cores.size() > kTextCores) {
      r.notes.push_back(fmt::format(
          "{} export skipped: {} cores (automatic exports stop at {}; ask "
          "with --export {})",
          name, config->cores.size(), kTextCores, name));
      continue;
    }
    std::string dir = o.outDir + "/" + name;
    makeDirs(dir);
    if (ibm)
      chipcfg::exportIbm(*config, exportSpikes, dir);
    else
      chipcfg::exportRanc(*config, exportSpikes, dir);
    r.files.push_back(std::string(name) + "/");
  }
  writeFileAtomic(o.outDir + "/placement.json",
                  placementJson(*config).dump() + "\n");
  r.files.push_back("placement.json");

  // report.json last: it names the configuration files by content, so
  // `snnc run` can refuse a folder whose files come from two compilations.
  nlohmann::ordered_json report = nlohmann::ordered_json::parse(r.reportJson);
  if (!o.provenanceJson.empty())
    report["provenance"] = nlohmann::ordered_json::parse(o.provenanceJson);
  nlohmann::ordered_json hashes = nlohmann::ordered_json::object();
  // classes.names too: the host labels (and evaluates) detections by it.
  for (const char *name : {kConfigBinaryName, kConfigTextName, "classes.names"})
    if (std::filesystem::exists(o.outDir + "/" + name))
      hashes[name] = sha256OfFile(o.outDir + "/" + name);
  report["configuration"] = std::move(hashes);
  if (!nir::isNirPath(o.model.cfgPath)) {
    // What reproduces the mapping from the calibrated ann IR (ir/ with
    // --dump-ir, or snnc calibrate): snnc-opt with this pipeline, then
    // snnc-translate --tn-to-snncfg.
    CompilePipelineOptions options;
    setPipelineOptions(o, options);
    std::string text;
    llvm::raw_string_ostream os(text);
    options.print(os);
    report["pipeline"] = "snnc-compile-pipeline" + os.str();
  }
  r.reportJson = report.dump(2) + "\n";
  writeFileAtomic(o.outDir + "/report.json", r.reportJson);
  r.files.push_back("report.json");
  p.stage("emit");
  return r;
}

const std::vector<std::string> &compileOutputNames() {
  static const std::vector<std::string> names = {"classes.names",
                                                 "report.json",
                                                 "report.txt",
                                                 kConfigBinaryName,
                                                 kConfigTextName,
                                                 "placement.json",
                                                 "placement.png",
                                                 "layers.png",
                                                 "ir",
                                                 "ibm",
                                                 "ranc",
                                                 kNirName};
  return names;
}

std::string resolveCompileOutputDir(const std::string &outDir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  // A link to a folder: the folder is the output (replacing the link would
  // leave the old files where it points).
  // "DIR/" names DIR (and a link "LINK/" the link, not what it points to).
  fs::path p = fs::path(outDir).lexically_normal();
  if (!p.has_filename() && p.has_parent_path() && p != p.root_path())
    p = p.parent_path();
  if (fs::is_symlink(p, ec)) {
    p = fs::canonical(p, ec);
    if (ec)
      fail("{} (-o): cannot resolve the link: {}", outDir, ec.message());
  }
  // "DIR/" is DIR; "." or a folder above the current one cannot be
  // replaced.
  p = fs::absolute(p, ec).lexically_normal();
  if (!p.has_filename())
    p = p.parent_path();
  fs::path cwd = fs::current_path(ec);
  auto [end, _] = std::mismatch(p.begin(), p.end(), cwd.begin(), cwd.end());
  if (p == p.root_path() || end == p.end())
    fail("{} (-o): compile replaces its output folder whole, so it cannot "
         "be the current folder, one above it or the root; give a new "
         "folder",
         outDir);
  return p.string();
}

void checkCompileOutputDir(const std::string &outDir) {
  checkOutputDir(outDir, "-o");
  // The new folder is built beside OUTDIR and renamed into place: its
  // parent must be writable too.
  checkOutputDir(std::filesystem::path(outDir).parent_path().string(), "-o");
  // A compile that was killed left its unfinished folder hidden beside
  // OUTDIR; it is never used, only removed here.
  removeStaleTemporaries(outDir);
  std::error_code ec;
  if (!std::filesystem::is_directory(outDir, ec))
    return;
  std::vector<std::string> foreign;
  const std::vector<std::string> &ours = compileOutputNames();
  for (const auto &entry : std::filesystem::directory_iterator(outDir, ec)) {
    std::string name = entry.path().filename().string();
    if (std::find(ours.begin(), ours.end(), name) == ours.end())
      foreign.push_back(name);
  }
  if (ec)
    fail("{} (-o): cannot list the folder: {}", outDir, ec.message());
  if (foreign.empty())
    return;
  std::sort(foreign.begin(), foreign.end());
  std::string list;
  for (size_t i = 0; i < foreign.size() && i < 3; ++i)
    list += (i ? ", " : "") + foreign[i];
  if (foreign.size() > 3)
    list += fmt::format(" and {} more", foreign.size() - 3);
  fail("{} (-o): the folder holds files snnc compile did not write ({}); "
       "compile replaces its output folder: give an empty or new folder",
       outDir, list);
}

void replaceCompileOutputDir(const std::string &staging,
                             const std::string &outDir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::string old;
  if (fs::exists(outDir, ec)) {
    old = temporarySibling(outDir);
    fs::rename(outDir, old, ec);
    if (ec)
      fail("{}: cannot replace the previous output: {}", outDir, ec.message());
  }
  fs::rename(staging, outDir, ec);
  if (ec) {
    std::error_code ignored;
    if (!old.empty())
      fs::rename(old, outDir, ignored);
    fail("{}: cannot move the new output into place: {}", outDir, ec.message());
  }
  if (!old.empty())
    fs::remove_all(old, ec);
}

} // namespace snnc
