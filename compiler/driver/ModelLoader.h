//===- ModelLoader.h - From darknet files to executable graphs --*- C++ -*-===//
//
// The front half of every snnc command: parse the cfg, read (or generate)
// weights, import into ann IR, verify, run the ann passes, and export the
// runtime graph.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_COMPILER_DRIVER_MODELLOADER_H
#define SNNC_COMPILER_DRIVER_MODELLOADER_H

#include "compiler/darknet/Network.h"
#include "runtime/inference/Graph.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace snnc {

struct ModelOptions {
  /// The model: a darknet .cfg, or an .onnx file (weights inside).
  std::string cfgPath;
  /// ONNX only: a head description ([region]/[yolo] sections) overriding the
  /// model's "snnc.head" metadata. Empty: the metadata.
  std::string headPath;
  /// Empty: `<cfg without .cfg>.weights` if it exists.
  std::string weightsPath;
  bool randomWeights = false;
  uint64_t seed = 1;
  bool foldBatchNorm = true;
  /// Empty: the only *.names file next to the cfg, if there is exactly one.
  std::string namesPath;
};

/// A loaded model: its ann IR (what every command transforms) and the
/// runtime graph exported from it once (the float DNN).
struct Model {
  std::unique_ptr<mlir::MLIRContext> context;
  mlir::OwningOpRef<mlir::ModuleOp> module;
  Graph graph;
  std::vector<std::string> classNames;
  std::string weightsDescription; ///< The weights file, or "random (seed N)".
};

/// Loads a model; throws snnc::Error with a clear message on any failure
/// (MLIR diagnostics are printed to stderr as they occur).
Model loadModel(const ModelOptions &options);

/// The model's layer description: the parsed cfg, or the ONNX graph read
/// into the same form. Throws snnc::Error on bad input.
darknet::Network readNetwork(const ModelOptions &options);

/// Parses the cfg and imports it with weights into ann IR, without passes.
mlir::OwningOpRef<mlir::ModuleOp>
importModel(mlir::MLIRContext &context, const ModelOptions &options,
            darknet::Network *network = nullptr,
            std::string *weightsDescription = nullptr);

/// Runs the ann clean-up pipeline (batch-norm folding when `foldBatchNorm`).
void runAnnPipeline(mlir::ModuleOp module, bool foldBatchNorm);

/// Applies a quantization-aware model's metadata (MODEL.qat.json) to its
/// ann IR: the pass ann-apply-qat (trained ceilings as calibration, the
/// quantizers for exportGraph). Throws snnc::Error with the pass's message.
void applyQat(mlir::ModuleOp module, const std::string &qatPath,
              const std::vector<float> &percentiles = {});

/// Exports the network function of `module` to a runtime Graph.
Graph exportGraph(mlir::ModuleOp module);

/// The network a QAT model was trained as (quantized activations and image),
/// the DNN its conversion is measured against: applies `qatPath` to
/// `model.module` and exports it. `model.graph` stays the float network.
Graph trainedGraph(Model &model, const std::string &qatPath);

/// What importing and running a network needs at least, from its shapes:
/// the weights (as the file's floats, and again as IR constants) and every
/// layer's output (the executor keeps them all), 4 bytes each.
uint64_t estimateModelBytes(const darknet::Network &network);

/// Throws snnc::Error (naming the cfg and the numbers) when
/// estimateModelBytes exceeds the memory budget (--max-memory).
void checkModelMemory(const darknet::Network &network);

/// The number of classes of the model's detection heads (parses the cfg).
int modelClasses(const ModelOptions &options);

/// The names file of a model: `namesPath`, else the only *.names file
/// beside the cfg, else "".
std::string namesFileFor(const ModelOptions &options);

/// The class names of a model: from `namesPath`, else the single *.names file
/// beside the cfg, else "class0".."classN-1".
std::vector<std::string> resolveClassNames(const ModelOptions &options,
                                           int classes);

} // namespace snnc

#endif // SNNC_COMPILER_DRIVER_MODELLOADER_H
