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

#endif // SNNC_DIALECTS_ANN_ANNPASSES_TD
