//===- Passes.td - Conversions between snnc's dialects -----*- tablegen -*-===//
#ifndef SNNC_DIALECTS_CONVERSION_PASSES_TD
#define SNNC_DIALECTS_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def AnnToSnn : Pass<"ann-to-snn", "mlir::func::FuncOp"> {
  let summary = "Convert a calibrated ann network into spiking snn layers";
  let description = [{
    Spiking-YOLO conversion. Each conv2d (batch norm already folded) with its
    activation becomes an `snn.conv` of integrate-and-fire neurons with
    threshold 1, its weights and bias normalized by the calibrated activation
    scale lambda (Eq. 4 layer-wise or Eq. 5 / Algorithm 1 channel-wise:
    `w~_ij = w_ij * lambda_i^(l-1) / lambda_j^l`, `b~_j = b_j / lambda_j^l`);
    the convolution feeding a detection head becomes `snn.output`, whose
    `output_scale` undoes the normalization. Requires the
    `snnc.calibration` attribute on every layer output (snnc calibrate).
  }];
  let dependentDialects = ["::snnc::snn::SnnDialect"];
  let options = [
    Option<"norm", "norm", "::snnc::snn::Normalization",
           /*default=*/"::snnc::snn::Normalization::Channel",
           "Normalization: layer (Eq. 4) or channel (Eq. 5)",
           [{::snnc::snn::normalizationValues()}]>,
    Option<"percentile", "percentile", "float", /*default=*/"99.9",
           "Activation percentile used as lambda (100 = maximum); must "
           "have been calibrated">,
    Option<"neuron", "neuron", "::snnc::snn::NeuronKind",
           /*default=*/"::snnc::snn::NeuronKind::IBT",
           "Neurons of leaky layers",
           [{::snnc::snn::neuronKindValues()}]>,
    Option<"reset", "reset", "::snnc::snn::Reset",
           /*default=*/"::snnc::snn::Reset::Subtract",
           "Reset after a spike",
           [{::snnc::snn::resetValues()}]>,
    Option<"vInit", "v-init", "float", /*default=*/"0.0",
           "Initial membrane potential as a fraction of Vth (0.5: rounding "
           "instead of flooring)">,
    Option<"maxPool", "max-pool", "::snnc::snn::MaxPool",
           /*default=*/"::snnc::snn::MaxPool::SpikeCount",
           "Spiking max-pool",
           [{::snnc::snn::maxPoolValues()}]>,
    Option<"decode", "decode", "::snnc::snn::Decoding",
           /*default=*/"::snnc::snn::Decoding::Vmem",
           "Output decoding",
           [{::snnc::snn::decodingValues()}]>,
    Option<"readoutDelay", "readout-delay", "int64_t", /*default=*/"0",
           "Ticks before the output layer starts integrating">,
    Option<"encoder", "encoder", "::snnc::snn::Encoding",
           /*default=*/"::snnc::snn::Encoding::Analog",
           "Input encoding",
           [{::snnc::snn::encodingValues()}]>,
  ];
}

def SnnToTn : Pass<"snn-to-tn", "mlir::ModuleOp"> {
  let summary = "Tile a quantized snn network into a chip's cores";
  let description = [{
    The mapping's first step (compiler/mapping/Mapper.h, docs/MAPPING.md):
    replaces the module's function (quantized by `snn-quantize` for the same
    chip) by `tn` ops: a `tn.layer` per layer that owns cores, the core
    prototypes (`tn.core_type`), the core groups of each layer (convolution
    tiles sharing prototypes, partial-sum relays and sums where a fan-in
    exceeds a core's axons, signed neuron pairs on chips without signed
    spikes, comparator trees for max-pool) with their routes (delay 0
    until `tn-schedule`) and image `spots` (until `tn-place`), the input map
    and the outputs. Sets `tn.target` when the module has none, so that the
    passes after it (tn-split-fanout, tn-schedule, tn-place, tn-finish) map
    for the same chip. A constraint the network violates is an error naming
    the layer, the constraint and the numbers.
  }];
  let dependentDialects = ["::snnc::tn::TnDialect"];
  let options = [
    Option<"chip", "chip", "std::string", /*default=*/"\"\"",
           "Chip profile (truenorth, truenorth-x, reference) or YAML file, "
           "the one snn-quantize used; empty: the module's tn.target, else "
           "truenorth-x">,
    Option<"relayCopies", "relay-copies", "int64_t", /*default=*/"1",
           "Staggered copies of each partial-sum relay where a layer's "
           "fan-in is split (1..16): k copies pass a partial sum on with "
           "1/k of one relay's rounding error">,
    Option<"unlimitedTile", "unlimited-tile", "int64_t", /*default=*/"4096",
           "On chips without a core size limit: axons and neurons per core "
           "to aim for, so that tiles share prototypes">,
  ];
}

#endif // SNNC_DIALECTS_CONVERSION_PASSES_TD
