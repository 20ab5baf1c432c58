//===- AnnOps.td - ann dialect operations ------------------*- tablegen -*-===//
#ifndef SNNC_DIALECTS_ANN_ANNOPS_TD
#define SNNC_DIALECTS_ANN_ANNOPS_TD

include "dialects/ann/AnnDialect.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/IR/CommonAttrConstraints.td"
include "mlir/IR/CommonTypeConstraints.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

class Ann_Op<string mnemonic, list<Trait> traits = []>
    : Op<Ann_Dialect, mnemonic, traits>;

// An NCHW activation tensor.
def Ann_Tensor : 4DTensorOf<[F32]>;

class Ann_UnaryOp<string mnemonic, list<Trait> traits = []>
    : Ann_Op<mnemonic, !listconcat(traits, [Pure])> {
  let results = (outs Ann_Tensor:$output);
  let assemblyFormat = [{
    $input attr-dict `:` type($input) `->` type($output)
  }];
  let hasVerifier = 1;
}

def Ann_InputOp : Ann_Op<"input", [Pure]> {
  let summary = "the network's input image";
  let description = [{
    Produces the image tensor `1 x channels x height x width`: RGB in [0, 1],
    resized to the network size by the host.
  }];
  let results = (outs Ann_Tensor:$output);
  let assemblyFormat = "attr-dict `:` type($output)";
  let hasVerifier = 1;
}

def Ann_Conv2dOp : Ann_UnaryOp<"conv2d"> {
  let summary = "2-D convolution (cross-correlation) with optional bias";
  let description = [{
    `weight` is `O x I x KH x KW`, `bias` (optional) is `O`. `strides` is
    `[sh, sw]`, `padding` is `[top, left, bottom, right]` with zeros. The
    output size is `(H + top + bottom - KH) / sh + 1` (floor).
  }];
  let arguments = (ins Ann_Tensor:$input, ElementsAttr:$weight,
                   OptionalAttr<ElementsAttr>:$bias,
                   DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$padding);
}

def Ann_BatchNormOp : Ann_UnaryOp<"batch_norm"> {
  let summary = "inference-time batch normalization";
  let description = [{
    Per channel c: `y = scale[c] * (x - mean[c]) / sqrt(variance[c] +
    epsilon) + shift[c]` (darknet's formula, epsilon 1e-6).
  }];
  let arguments = (ins Ann_Tensor:$input, ElementsAttr:$scale,
                   ElementsAttr:$shift, ElementsAttr:$mean,
                   ElementsAttr:$variance, F32Attr:$epsilon);
}

def Ann_LeakyReluOp : Ann_UnaryOp<"leaky_relu"> {
  let summary = "leaky rectifier: x if x > 0 else slope * x";
  let arguments = (ins Ann_Tensor:$input, F32Attr:$slope);
}

def Ann_ReluOp : Ann_UnaryOp<"relu"> {
  let summary = "rectifier: max(x, 0)";
  let arguments = (ins Ann_Tensor:$input);
}

def Ann_MaxPoolOp : Ann_UnaryOp<"max_pool"> {
  let summary = "max pooling with darknet's padding";
  let description = [{
    `kernel` is `[kh, kw]`, `strides` `[sh, sw]`, `padding` `[top, left,
    bottom, right]`; padded positions never win (they are -infinity). Darknet
    pads `size - 1` in total with `(size - 1) / 2` before, so size 2 / stride
    1 pads one row and column at the bottom and right and keeps the size.
    The output size is `(H + top + bottom - kh) / sh + 1` (floor).
  }];
  let arguments = (ins Ann_Tensor:$input, DenseI64ArrayAttr:$kernel,
                   DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$padding);
}

def Ann_UpsampleOp : Ann_UnaryOp<"upsample"> {
  let summary = "nearest-neighbour upsampling by an integer factor";
  let arguments = (ins Ann_Tensor:$input, ConfinedAttr<I64Attr, [IntPositive]>:$scale);
}

def Ann_ConcatOp : Ann_Op<"concat", [Pure]> {
  let summary = "channel concatenation (darknet's route)";
  let arguments = (ins Variadic<Ann_Tensor>:$inputs);
  let results = (outs Ann_Tensor:$output);
  let assemblyFormat = [{
    $inputs attr-dict `:` functional-type($inputs, $output)
  }];
  let hasVerifier = 1;
}

def Ann_RegionOp : Ann_UnaryOp<"region"> {
  let summary = "YOLOv2 detection head";
  let description = [{
    Applies darknet's region activations (logistic on x, y and objectness,
    softmax over class scores when `softmax` is set) and marks the tensor as
    a head to decode with `anchors` (pairs, in grid cells). Channel layout
    per anchor n: `n * (coords + 1 + classes) + [x, y, w, h, obj, classes]`.
  }];
  let arguments = (ins Ann_Tensor:$input,
                   ConfinedAttr<I64Attr, [IntPositive]>:$classes,
                   ConfinedAttr<I64Attr, [IntPositive]>:$coords,
                   ConfinedAttr<I64Attr, [IntPositive]>:$num,
                   BoolAttr:$softmax, DenseF32ArrayAttr:$anchors);
}

def Ann_YoloOp : Ann_UnaryOp<"yolo"> {
  let summary = "YOLOv3 detection head";
  let description = [{
    Applies logistic to x, y, objectness and class scores, and marks the
    tensor as a head to decode with the anchors selected by `mask` (anchors
    in pixels of the network input).
  }];
  let arguments = (ins Ann_Tensor:$input,
                   ConfinedAttr<I64Attr, [IntPositive]>:$classes,
                   DenseF32ArrayAttr:$anchors, DenseI64ArrayAttr:$mask);
}

#endif // SNNC_DIALECTS_ANN_ANNOPS_TD
