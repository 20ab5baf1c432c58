//===- AnnDialect.td - The ann dialect ---------------------*- tablegen -*-===//
//
// `ann` is the DNN graph snnc compiles: the Tiny-YOLO family's layers with
// darknet semantics, before conversion to spiking layers.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_DIALECTS_ANN_ANNDIALECT_TD
#define SNNC_DIALECTS_ANN_ANNDIALECT_TD

include "mlir/IR/OpBase.td"

def Ann_Dialect : Dialect {
  let name = "ann";
  let cppNamespace = "::snnc::ann";
  let summary = "DNN graphs of the Tiny-YOLO family (darknet semantics)";
  let description = [{
    Values are ranked f32 tensors in NCHW layout. Parameters (convolution
    weights, biases, batch-norm statistics) are attributes, normally
    `dense_resource` blobs so that large models stay compact in textual IR.
    A network is a `func.func` without arguments: `ann.input` produces the
    image (RGB in [0,1], resized to the network size) and the function
    returns the outputs of its detection heads.
  }];
}

#endif // SNNC_DIALECTS_ANN_ANNDIALECT_TD
