//===- CompilePipeline.cpp - ann IR to tn IR, as one registered pipeline --===//
#include "compiler/pipeline/CompilePipeline.h"

#include "compiler/chip/ChipDescription.h"
#include "dialects/conversion/Passes.h"
#include "dialects/snn/SnnPasses.h"
#include "dialects/tn/TnPasses.h"
#include "runtime/support/Error.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassRegistry.h"

namespace snnc {

namespace {

/// decode=auto: what the chip reads. A chip that does not load falls back
/// to vmem; snn-quantize then reports why it does not load.
snn::Decoding decodeFor(const CompilePipelineOptions &o) {
  if (o.decode != PipelineDecoding::Auto)
    return o.decode == PipelineDecoding::Vmem ? snn::Decoding::Vmem
                                              : snn::Decoding::Count;
  try {
    return chipDecoding(chip::loadChip(o.chip));
  } catch (const Error &) {
    return snn::Decoding::Vmem;
  }
}

} // namespace

snn::Decoding chipDecoding(const chip::ChipDescription &chip) {
  return chip.readout == chip::Readout::Membrane ? snn::Decoding::Vmem
                                                 : snn::Decoding::Count;
}

void addConversionPasses(mlir::OpPassManager &pm,
                         const CompilePipelineOptions &o) {
  AnnToSnnOptions conversion;
  conversion.norm = o.norm;
  conversion.percentile = o.percentile;
  conversion.neuron = o.neuron;
  conversion.reset = o.reset;
  conversion.vInit = o.vInit;
  conversion.maxPool = snn::MaxPool::Comparator;
  conversion.decode = decodeFor(o);
  conversion.readoutDelay = o.readoutDelay;
  conversion.encoder = snn::Encoding::Spikes;
  pm.addNestedPass<mlir::func::FuncOp>(createAnnToSnn(conversion));
}

void addQuantizePasses(mlir::OpPassManager &pm,
                       const CompilePipelineOptions &o) {
  // The chip, loaded once and set on the module: the passes below read it
  // from there.
  tn::TnSetTargetOptions target;
  target.chip = o.chip;
  pm.addPass(tn::createTnSetTarget(target));
  // chip left empty: snn-quantize and snn-to-tn read the module's target.
  snn::SnnQuantizeOptions quantize;
  quantize.axonCopies = o.axonCopies;
  quantize.ticks = o.ticks;
  pm.addNestedPass<mlir::func::FuncOp>(snn::createSnnQuantize(quantize));
}

void addMappingPasses(mlir::OpPassManager &pm,
                      const CompilePipelineOptions &o) {
  SnnToTnOptions tiling;
  tiling.relayCopies = o.relayCopies;
  pm.addPass(createSnnToTn(tiling));
  pm.addPass(tn::createTnSplitFanout());
  tn::TnScheduleOptions schedule;
  schedule.readoutAfterFill = o.readoutAfterFill;
  pm.addPass(tn::createTnSchedule(schedule));
  tn::TnPlaceOptions place;
  place.maxChips = o.maxChips;
  pm.addPass(tn::createTnPlace(place));
  pm.addPass(tn::createTnFinish());
}

void buildCompilePipeline(mlir::OpPassManager &pm,
                          const CompilePipelineOptions &o) {
  addConversionPasses(pm, o);
  addQuantizePasses(pm, o);
  addMappingPasses(pm, o);
}

void registerCompilePipeline() {
  mlir::PassPipelineRegistration<CompilePipelineOptions>(
      "snnc-compile-pipeline",
      "Calibrated ann IR to the tn IR of the mapped chip: ann-to-snn, "
      "tn-set-target, snn-quantize, snn-to-tn, tn-split-fanout, tn-schedule, "
      "tn-place, tn-finish, as snnc compile runs them",
      buildCompilePipeline);
}

} // namespace snnc
