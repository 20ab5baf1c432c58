//===- SnnOps.td - snn dialect operations ------------------*- tablegen -*-===//
#ifndef SNNC_DIALECTS_SNN_SNNOPS_TD
#define SNNC_DIALECTS_SNN_SNNOPS_TD

include "dialects/snn/SnnDialect.td"
include "dialects/snn/SnnEnums.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/IR/CommonAttrConstraints.td"
include "mlir/IR/CommonTypeConstraints.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

// The conversion's choices as attributes: `#snn.reset<subtract>`.
def Snn_EncodingAttr : EnumAttr<Snn_Dialect, Snn_Encoding, "encoding"> {
  let assemblyFormat = "`<` $value `>`";
}
def Snn_ResetAttr : EnumAttr<Snn_Dialect, Snn_Reset, "reset"> {
  let assemblyFormat = "`<` $value `>`";
}
def Snn_MaxPoolAttr : EnumAttr<Snn_Dialect, Snn_MaxPool, "max_pool"> {
  let assemblyFormat = "`<` $value `>`";
}
def Snn_DecodingAttr : EnumAttr<Snn_Dialect, Snn_Decoding, "decoding"> {
  let assemblyFormat = "`<` $value `>`";
}

class Snn_Op<string mnemonic, list<Trait> traits = []>
    : Op<Snn_Dialect, mnemonic, !listconcat(traits, [Pure])>;

def Snn_Train : 4DTensorOf<[F32]>;

def Snn_EncoderOp : Snn_Op<"encoder"> {
  let summary = "the input image as a current or as spikes";
  let description = [{
    `mode = #snn.encoding<analog>`: the first layer receives the image as a constant
    input current every tick (Spiking-YOLO). `mode = #snn.encoding<spikes>`: each pixel is
    an integrate-and-fire neuron (threshold 1, reset by subtraction) driven
    by its intensity.
  }];
  let arguments = (ins Snn_EncodingAttr:$mode);
  let results = (outs Snn_Train:$output);
  let assemblyFormat = "attr-dict `:` type($output)";
  let hasVerifier = 1;
}

def Snn_ConvOp : Snn_Op<"conv"> {
  let summary = "convolution into integrate-and-fire neurons";
  let description = [{
    Each tick: `V += W * s_in + bias`; a +1 spike and reset when
    `V >= v_th`; when `v_th_neg` is present, a -1 spike and reset when
    `V <= -v_th_neg` (signed neuron: `v_th_neg = v_th` symmetric, or
    `v_th / alpha` with imbalanced threshold). `reset` is `#snn.reset<subtract>` (by the
    threshold crossed) or `#snn.reset<zero>`. `V(0) = v_init`.

    After chip quantization (`snn-quantize`) the weights and bias are
    integers scaled per output channel and `channel_v_th`,
    `channel_v_th_neg` and `channel_v_init` give each channel's integer
    thresholds and initial potential, replacing the scalars.
  }];
  let arguments = (ins Snn_Train:$input, ElementsAttr:$weight,
                   ElementsAttr:$bias, DenseI64ArrayAttr:$strides,
                   DenseI64ArrayAttr:$padding, F32Attr:$v_th,
                   OptionalAttr<F32Attr>:$v_th_neg, Snn_ResetAttr:$reset,
                   F32Attr:$v_init,
                   OptionalAttr<DenseF32ArrayAttr>:$channel_v_th,
                   OptionalAttr<DenseF32ArrayAttr>:$channel_v_th_neg,
                   OptionalAttr<DenseF32ArrayAttr>:$channel_v_init);
  let results = (outs Snn_Train:$output);
  let assemblyFormat = [{
    $input attr-dict `:` type($input) `->` type($output)
  }];
  let hasVerifier = 1;
}

def Snn_MaxPoolOp : Snn_Op<"max_pool"> {
  let summary = "spiking max-pool gated by accumulated spike counts";
  let description = [{
    Inputs keep accumulated (signed) spike counts, this tick included.
    `strategy = #snn.max_pool<spike_count>` (Rueckauer et al. 2017): each tick every output
    passes on the current spike of the window input with the largest count.
    `strategy = #snn.max_pool<max_count>`: each output emits +1 when the window's largest
    count rises above its own net spike count and -1 when it falls below, so
    its count equals the largest input count at every tick (no error from
    winners changing places). `strategy = #snn.max_pool<comparator>`: what the chip
    computes (runtime/snn/ComparatorTree.h): comparator neurons estimate
    the largest count by max(A, B) = B + relu(A - B) and an output neuron
    with thresholds +-1 sums the estimate into one train.
  }];
  let arguments = (ins Snn_Train:$input, DenseI64ArrayAttr:$kernel,
                   DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$padding,
                   Snn_MaxPoolAttr:$strategy);
  let results = (outs Snn_Train:$output);
  let assemblyFormat = [{
    $input attr-dict `:` type($input) `->` type($output)
  }];
  let hasVerifier = 1;
}

def Snn_UpsampleOp : Snn_Op<"upsample"> {
  let summary = "nearest-neighbour upsampling of spike trains";
  let arguments = (ins Snn_Train:$input,
                   ConfinedAttr<I64Attr, [IntPositive]>:$scale);
  let results = (outs Snn_Train:$output);
  let assemblyFormat = [{
    $input attr-dict `:` type($input) `->` type($output)
  }];
  let hasVerifier = 1;
}

def Snn_ConcatOp : Snn_Op<"concat"> {
  let summary = "channel concatenation of spike trains";
  let arguments = (ins Variadic<Snn_Train>:$inputs);
  let results = (outs Snn_Train:$output);
  let assemblyFormat = [{
    $inputs attr-dict `:` functional-type($inputs, $output)
  }];
  let hasVerifier = 1;
}

def Snn_OutputOp : Snn_Op<"output"> {
  let summary = "last layer: decodes spikes back to analog values";
  let description = [{
    `decode = #snn.decoding<vmem>`: accumulates `W * s_in + bias` without firing; the
    value after t ticks is `V / t`. `decode = #snn.decoding<count>`: signed neurons with
    symmetric threshold `v_th` (reset by subtraction); the value is
    `(positive - negative spikes) * v_th / t`. Either is multiplied per
    channel by `output_scale`, undoing the normalization. With
    `readout_delay = D` the output integrates only ticks D+1..t (the
    transient while the layers below fill up is left out). The result is an
    analog tensor for the `ann` detection heads. After chip quantization
    `channel_v_th` gives each channel's integer threshold (spike-count
    decoding).
  }];
  let arguments = (ins Snn_Train:$input, ElementsAttr:$weight,
                   ElementsAttr:$bias, DenseI64ArrayAttr:$strides,
                   DenseI64ArrayAttr:$padding, Snn_DecodingAttr:$decode,
                   F32Attr:$v_th, DenseF32ArrayAttr:$output_scale,
                   DefaultValuedAttr<I64Attr, "0">:$readout_delay,
                   OptionalAttr<DenseF32ArrayAttr>:$channel_v_th);
  let results = (outs Snn_Train:$output);
  let assemblyFormat = [{
    $input attr-dict `:` type($input) `->` type($output)
  }];
  let hasVerifier = 1;
}

#endif // SNNC_DIALECTS_SNN_SNNOPS_TD
