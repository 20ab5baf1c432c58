//===- ModelLoader.cpp - From darknet files to executable graphs ----------===//
#include "compiler/driver/ModelLoader.h"
#include "compiler/driver/Diagnostics.h"
#include "dialects/common/ModuleAttributes.h"

#include "compiler/darknet/CfgParser.h"
#include "compiler/darknet/Weights.h"
#include "compiler/graph/AnnToGraph.h"
#include "compiler/import/DarknetToAnn.h"
#include "compiler/nir/NirImport.h"
#include "compiler/onnx/OnnxReader.h"
#include "dialects/ann/AnnPasses.h"
#include "runtime/eval/ClassNames.h"
#include "runtime/support/Error.h"
#include "runtime/support/MemoryBudget.h"

#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"

#include <filesystem>

namespace fs = std::filesystem;
using namespace mlir;

namespace snnc {

namespace {

/// A valid MLIR symbol from a file stem ("yolo-lite-voc" -> "yolo_lite_voc").
std::string symbolName(const std::string &cfgPath) {
  std::string name = fs::path(cfgPath).stem().string();
  for (char &c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_')
      c = '_';
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0])))
    name = "net_" + name;
  return name;
}

int headClasses(const darknet::Network &net) {
  for (const darknet::Layer &l : net.layers)
    if (l.kind == darknet::LayerKind::Region ||
        l.kind == darknet::LayerKind::Yolo)
      return static_cast<int>(l.classes);
  return 0;
}

} // namespace

namespace {
/// Weights and values (the input and every layer output) of a network.
struct ModelSize {
  uint64_t weights = 0, values = 0;
};
ModelSize sizeOf(const darknet::Network &net) {
  ModelSize s;
  s.values =
      uint64_t(net.channels) * uint64_t(net.width) * uint64_t(net.height);
  for (const darknet::Layer &l : net.layers) {
    s.weights += uint64_t(darknet::Network::storedFloats(l));
    s.values += uint64_t(l.output.size());
  }
  return s;
}
} // namespace

uint64_t estimateModelBytes(const darknet::Network &net) {
  const ModelSize s = sizeOf(net);
  return 4 * (2 * s.weights + s.values);
}

void checkModelMemory(const darknet::Network &net) {
  const ModelSize s = sizeOf(net);
  checkMemory(estimateModelBytes(net),
              fmt::format("{}: the network ({}x{}x{} input)", net.cfgPath,
                          net.channels, net.height, net.width),
              fmt::format("{} weights twice and {} layer output values, 4 "
                          "bytes each",
                          s.weights, s.values));
}

namespace {
/// DNN commands get a NIR file by mistake: say which commands take it.
void refuseNir(const ModelOptions &options) {
  if (nir::isNirPath(options.cfgPath))
    fail("{} is a NIR spiking network: `snnc compile` and `snnc simulate` "
         "take NIR files; this command needs a DNN (a darknet .cfg or an "
         ".onnx model)",
         options.cfgPath);
}
} // namespace

darknet::Network readNetwork(const ModelOptions &options) {
  refuseNir(options);
  if (onnx::isOnnxPath(options.cfgPath))
    return onnx::readOnnxFile(options.cfgPath, options.headPath).network;
  if (!options.headPath.empty())
    fail("--head {} applies to ONNX models; {} is a darknet cfg, whose "
         "[region]/[yolo] sections describe its heads",
         options.headPath, options.cfgPath);
  return darknet::buildNetwork(darknet::readCfgFile(options.cfgPath));
}

OwningOpRef<ModuleOp> importModel(MLIRContext &context,
                                  const ModelOptions &options,
                                  darknet::Network *networkOut,
                                  std::string *weightsDescription) {
  bool isOnnx = onnx::isOnnxPath(options.cfgPath);
  refuseNir(options);
  darknet::Network net;
  darknet::Weights weights;
  std::string description;
  if (isOnnx) {
    if (!options.weightsPath.empty())
      fail("{} carries its own weights; --weights {} applies to darknet cfgs",
           options.cfgPath, options.weightsPath);
    onnx::OnnxModel onnxModel =
        onnx::readOnnxFile(options.cfgPath, options.headPath);
    net = std::move(onnxModel.network);
    weights = std::move(onnxModel.weights);
    description = options.cfgPath;
  } else {
    net = readNetwork(options);
  }
  checkModelMemory(net);
  if (options.randomWeights) {
    if (!options.weightsPath.empty())
      fail("both a weights file ({}) and --random-weights were given",
           options.weightsPath);
    weights = darknet::randomWeights(net, options.seed);
    description = "random (seed " + std::to_string(options.seed) + ")";
  } else if (!isOnnx) {
    std::string path = options.weightsPath;
    if (path.empty()) {
      fs::path guess = fs::path(options.cfgPath).replace_extension(".weights");
      if (!fs::exists(guess))
        fail("{}: no weights given and {} does not exist; pass --weights FILE "
             "or --random-weights",
             options.cfgPath, guess.string());
      path = guess.string();
    }
    weights = darknet::readWeightsFile(path, net);
    description = path;
  }
  loadSnncDialects(context);
  OwningOpRef<ModuleOp> module =
      importDarknet(context, net, weights, symbolName(options.cfgPath));
  if (failed(verify(*module)))
    fail("{}: the imported IR does not verify (see the diagnostics above)",
         options.cfgPath);
  // The names travel with the IR to the configuration (snn-to-tn).
  setClassNames(*module, resolveClassNames(options, headClasses(net)));
  if (networkOut)
    *networkOut = std::move(net);
  if (weightsDescription)
    *weightsDescription = description;
  return module;
}

void runAnnPipeline(ModuleOp module, bool foldBatchNorm) {
  PassManager pm(module->getContext());
  if (foldBatchNorm)
    pm.addNestedPass<func::FuncOp>(ann::createAnnFoldBatchNorm());
  DiagnosticCapture diagnostics(module->getContext());
  if (failed(pm.run(module)))
    fail("{}", diagnostics.firstError("the ann pass pipeline failed"));
}

void applyQat(ModuleOp module, const std::string &qatPath,
              const std::vector<float> &percentiles) {
  PassManager pm(module->getContext());
  ann::AnnApplyQatOptions options;
  options.metadata = qatPath;
  options.percentiles = percentiles;
  pm.addPass(ann::createAnnApplyQat(options));
  DiagnosticCapture diagnostics(module->getContext());
  if (failed(pm.run(module)))
    fail("{}", diagnostics.firstError("ann-apply-qat failed"));
}

Graph trainedGraph(Model &model, const std::string &qatPath) {
  applyQat(*model.module, qatPath);
  return exportGraph(*model.module);
}

Graph exportGraph(ModuleOp module) {
  func::FuncOp func;
  for (auto f : module.getOps<func::FuncOp>()) {
    if (func)
      fail("the module holds more than one network function");
    func = f;
  }
  if (!func)
    fail("the module holds no network function");
  std::optional<Graph> graph = annToGraph(func);
  if (!graph)
    fail("cannot export '{}' to the runtime (see the diagnostics above)",
         func.getSymName().str());
  return std::move(*graph);
}

int modelClasses(const ModelOptions &options) {
  return headClasses(readNetwork(options));
}

std::string namesFileFor(const ModelOptions &options) {
  if (!options.namesPath.empty())
    return options.namesPath;
  fs::path dir = fs::path(options.cfgPath).parent_path();
  if (dir.empty())
    dir = ".";
  std::vector<fs::path> found;
  std::error_code ec;
  for (const auto &entry : fs::directory_iterator(dir, ec))
    if (entry.path().extension() == ".names")
      found.push_back(entry.path());
  return found.size() == 1 ? found.front().string() : std::string();
}

std::vector<std::string> resolveClassNames(const ModelOptions &options,
                                           int classes) {
  std::string path = namesFileFor(options);
  std::vector<std::string> names;
  if (!path.empty()) {
    names = readClassNames(path);
    if (static_cast<int>(names.size()) != classes)
      fail("{}: has {} class names but the model has {} classes", path,
           names.size(), classes);
    return names;
  }
  for (int i = 0; i < classes; ++i)
    names.push_back("class" + std::to_string(i));
  return names;
}

Model loadModel(const ModelOptions &options) {
  Model model;
  model.context = std::make_unique<MLIRContext>();
  model.module = importModel(*model.context, options, /*network=*/nullptr,
                             &model.weightsDescription);
  runAnnPipeline(*model.module, options.foldBatchNorm);
  model.graph = exportGraph(*model.module);
  model.classNames = *readClassNames(*model.module, kClassNamesAttr);
  return model;
}

} // namespace snnc
