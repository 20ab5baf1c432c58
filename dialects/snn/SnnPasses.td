//===- SnnPasses.td - snn dialect passes -------------------*- tablegen -*-===//
#ifndef SNNC_DIALECTS_SNN_SNNPASSES_TD
#define SNNC_DIALECTS_SNN_SNNPASSES_TD

include "mlir/Pass/PassBase.td"

def SnnQuantize : Pass<"snn-quantize", "mlir::func::FuncOp"> {
  let summary = "Quantize spiking layers to a chip's integers";
  let description = [{
    Rewrites every `snn.conv` and `snn.output` with integer weights and bias
    (as f32 values) scaled per output channel, and per-channel integer
    thresholds and initial potentials (`channel_v_th`, `channel_v_th_neg`,
    `channel_v_init`); `output_scale` absorbs the scale, so the network's
    function is unchanged up to rounding. The integers respect the chip's
    weight, threshold, leak and potential widths (compiler/mapping/
    Quantize.h); on binary crossbars weights are `axon-copies`-bit levels
    times a per-neuron step. The graph-level simulator runs the result
    exactly (every tick's sum stays below 2^23). Marks the function with
    `snn.quantized` (chip, axon_copies, ticks), which `snn-to-tn` checks.
  }];
  let dependentDialects = ["::snnc::snn::SnnDialect"];
  let options = [
    Option<"chip", "chip", "std::string", /*default=*/"\"\"",
           "Chip profile (truenorth, truenorth-x, reference) or YAML file; "
           "empty: the module's tn.target, else truenorth-x">,
    Option<"axonCopies", "axon-copies", "int64_t", /*default=*/"4",
           "Binary crossbars: axon copies (types) per input, 2..4: the "
           "weight levels are k-bit two's complement">,
    Option<"ticks", "ticks", "int64_t", /*default=*/"256",
           "Longest run the membrane-read outputs must hold without "
           "overflowing the potential">,
  ];
}

#endif // SNNC_DIALECTS_SNN_SNNPASSES_TD
