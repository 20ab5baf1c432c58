//===- AnnPasses.td - ann dialect passes -------------------*- tablegen -*-===//
#ifndef SNNC_DIALECTS_ANN_ANNPASSES_TD
#define SNNC_DIALECTS_ANN_ANNPASSES_TD

include "mlir/Pass/PassBase.td"

def AnnFoldBatchNorm : Pass<"ann-fold-batch-norm", "mlir::func::FuncOp"> {
  let summary = "Fold ann.batch_norm into the preceding ann.conv2d";
  let description = [{
    Rewrites `batch_norm(conv2d(x, W, b))` into `conv2d(x, W', b')` with
    `W'[o] = W[o] * g[o]` and `b'[o] = (b[o] - mean[o]) * g[o] + shift[o]`,
    `g = scale / sqrt(variance + epsilon)`, computed in double precision.
    The convolution must have no other user. Spiking conversion needs this:
    a spiking layer has weights and a bias, not a normalization.
  }];
  let dependentDialects = ["::snnc::ann::AnnDialect"];
  let options = [
    Option<"requireAll", "require-all", "bool", /*default=*/"false",
           "Fail if a batch_norm remains that cannot be folded (its input is "
           "not a single-use conv2d)">,
  ];
}

def AnnApplyQat : Pass<"ann-apply-qat", "mlir::ModuleOp"> {
  let summary = "Apply a quantization-aware model's metadata (MODEL.qat.json)";
  let description = [{
    A network trained with activations clipped at a learned ceiling and
    rounded to L levels (docs/QAT.md) converts without image calibration:
    each ceiling becomes the `snnc.calibration` of its activation (every
    requested percentile, and 100, equals it), which ann-to-snn reads like
    measured percentiles. Entries name darknet layers by index: the
    importer's `snnc.darknet_layer` on the layer's ops. Each entry must name
    a convolution with that activation and as many ceilings as filters, and
    every leaky/relu convolution needs an entry. A head convolution takes
    the range a `linear` entry records, else what image calibration
    measured, else 1 (marked `snnc.qat_no_range`: spike-count readout
    refuses it).

    The quantizers themselves travel in the IR for the runtime graph
    exported from it (the DNN the conversion is measured against): each
    activation gets `snnc.qat = {levels, ceilings}`, the module
    `snnc.qat_input_levels` when the image was quantized.
  }];
  let dependentDialects = ["::snnc::ann::AnnDialect"];
  let options = [
    Option<"metadata", "metadata", "std::string", /*default=*/"\"\"",
           "The MODEL.qat.json file">,
    ListOption<"percentiles", "percentiles", "float",
               "Percentiles the calibration records (100 is always added)">,
  ];
}

#endif // SNNC_DIALECTS_ANN_ANNPASSES_TD
