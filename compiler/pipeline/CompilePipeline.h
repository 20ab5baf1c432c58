//===- CompilePipeline.h - ann IR to tn IR, as one registered pipeline -*- C++
//-*-===//
//
// The pass pipeline `snnc compile` runs between the calibrated ann IR and
// the tn IR of the mapped chip: ann-to-snn (Spiking-YOLO conversion, spike
// input and the comparator max-pool the chips run), tn-set-target (the chip,
// set once on the module), snn-quantize (the chip's integers) and snn-to-tn
// (cores, routes, readout). Registered as
// `snnc-compile-pipeline` so that
//
//   snnc-opt MODEL-ann.mlir --snnc-compile-pipeline='chip=truenorth-x' |
//     snnc-translate --tn-to-snncfg -o network.snncfg
//
// writes the bytes `snnc compile` writes for the same options (the driver
// builds its passes with the functions below; lit test
// compiler/pipeline/pipeline-equals-compile.test). As CIRCT's firtool
// pipeline, the options are the driver's, typed.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_COMPILER_PIPELINE_COMPILEPIPELINE_H
#define SNNC_COMPILER_PIPELINE_COMPILEPIPELINE_H

#include "compiler/chip/ChipDescription.h"
#include "dialects/snn/SnnEnums.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

#include <string>

namespace snnc {

/// The pipeline's output decoding: what the chip reads (auto), or either.
enum class PipelineDecoding { Auto, Vmem, Count };

struct CompilePipelineOptions
    : public mlir::PassPipelineOptions<CompilePipelineOptions> {
  Option<std::string> chip{
      *this, "chip",
      llvm::cl::desc("Chip profile (truenorth, truenorth-x, reference) or a "
                     "chip description YAML file"),
      llvm::cl::init("truenorth-x")};
  // Conversion (ann-to-snn); the input is spikes and max-pools are
  // comparator trees on every chip.
  Option<snn::Normalization> norm{
      *this, "norm", llvm::cl::desc("Normalization"),
      llvm::cl::init(snn::Normalization::Channel), snn::normalizationValues()};
  Option<snn::NeuronKind> neuron{
      *this, "neuron", llvm::cl::desc("Neurons of leaky layers"),
      llvm::cl::init(snn::NeuronKind::IBT), snn::neuronKindValues()};
  Option<snn::Reset> reset{
      *this, "reset", llvm::cl::desc("Reset after a spike"),
      llvm::cl::init(snn::Reset::Subtract), snn::resetValues()};
  Option<float> percentile{
      *this, "percentile",
      llvm::cl::desc("Calibrated activation percentile used as lambda"),
      llvm::cl::init(99.9f)};
  Option<float> vInit{
      *this, "v-init",
      llvm::cl::desc("Initial potential as a fraction of the threshold"),
      llvm::cl::init(0.0f)};
  Option<PipelineDecoding> decode{
      *this, "decode", llvm::cl::desc("Output decoding"),
      llvm::cl::init(PipelineDecoding::Auto),
      llvm::cl::values(
          clEnumValN(PipelineDecoding::Auto, "auto",
                     "vmem where the chip reads membrane potentials, else "
                     "count"),
          clEnumValN(PipelineDecoding::Vmem, "vmem",
                     "accumulated membrane potential"),
          clEnumValN(PipelineDecoding::Count, "count", "signed spike count"))};
  Option<int64_t> readoutDelay{
      *this, "readout-delay",
      llvm::cl::desc("Ticks the outputs wait beyond their latency (or, with "
                     "readout-after-fill, beyond twice it)"),
      llvm::cl::init(0)};
  // Quantization (snn-quantize).
  Option<int64_t> axonCopies{
      *this, "axon-copies",
      llvm::cl::desc("Binary crossbars: axon copies (weight bits) per input"),
      llvm::cl::init(4)};
  Option<int64_t> ticks{
      *this, "ticks",
      llvm::cl::desc("Longest run the outputs' potentials must hold"),
      llvm::cl::init(256)};
  // Mapping (snn-to-tn).
  Option<int64_t> maxChips{
      *this, "max-chips",
      llvm::cl::desc("Largest number of chips (0: as many as needed)"),
      llvm::cl::init(0)};
  Option<int64_t> relayCopies{
      *this, "relay-copies",
      llvm::cl::desc("Staggered copies of each partial-sum relay (1..16)"),
      llvm::cl::init(1)};
  Option<bool> readoutAfterFill{
      *this, "readout-after-fill",
      llvm::cl::desc("Outputs integrate after twice their pipeline latency "
                     "(snnc compile's --readout-delay auto)"),
      llvm::cl::init(true)};
};

/// decode=auto: membrane potentials where the chip reads them, else spike
/// counts.
snn::Decoding chipDecoding(const chip::ChipDescription &chip);

/// ann-to-snn on each function, with the chip's input encoding, max-pool and
/// (for decode=auto) readout.
void addConversionPasses(mlir::OpPassManager &pm,
                         const CompilePipelineOptions &options);
/// snn-quantize on each function.
void addQuantizePasses(mlir::OpPassManager &pm,
                       const CompilePipelineOptions &options);
/// snn-to-tn on the module.
void addMappingPasses(mlir::OpPassManager &pm,
                      const CompilePipelineOptions &options);
/// The three in order: calibrated ann IR to tn IR.
void buildCompilePipeline(mlir::OpPassManager &pm,
                          const CompilePipelineOptions &options);

/// Registers `snnc-compile-pipeline` (snnc-opt).
void registerCompilePipeline();

} // namespace snnc

#endif // SNNC_COMPILER_PIPELINE_COMPILEPIPELINE_H
