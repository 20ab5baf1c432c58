//===- TnOps.td - tn dialect operations --------------------*- tablegen -*-===//
#ifndef SNNC_DIALECTS_TN_TNOPS_TD
#define SNNC_DIALECTS_TN_TNOPS_TD

include "dialects/tn/TnDialect.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/IR/CommonAttrConstraints.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

def Tn_TargetAttr : AttrDef<Tn_Dialect, "Target"> {
  let mnemonic = "target";
  let summary = "the chip a module is compiled for";
  let description = [{
    A chip description (docs/CHIP.md) as an attribute, set once on the module
    as `tn.target` (`tn-set-target{chip=...}`, the first chip-dependent pass
    of `snnc-compile-pipeline`); `snn-quantize` and `snn-to-tn` read the chip
    from it. The parameters are the description's fields; the verifier checks
    them as a chip description file is checked (ranges, a weighted crossbar
    with one axon type, portable neurons only where IBM's and RANC's formats
    hold them), naming the field.
  }];
  let parameters = (ins
    StringRefParameter<"profile name">:$name,
    StringRefParameter<"what the chip is", "\"\"">:$description,
    "int64_t":$axons,
    "int64_t":$neurons,
    StringRefParameter<"binary or weighted">:$crossbar,
    "int64_t":$axon_types,
    "int64_t":$weight_bits,
    "int64_t":$threshold_bits,
    "int64_t":$potential_bits,
    "int64_t":$leak_bits,
    "::mlir::BoolAttr":$signed_spikes,
    "int64_t":$targets,
    "int64_t":$min_delay,
    "int64_t":$max_delay,
    "::mlir::BoolAttr":$portable,
    "int64_t":$cores_x,
    "int64_t":$cores_y,
    "int64_t":$chips,
    StringRefParameter<"spikes or membrane">:$readout,
    "::mlir::FloatAttr":$tick_hz,
    "::mlir::FloatAttr":$synaptic_event_pj,
    "::mlir::FloatAttr":$hop_pj,
    "::mlir::FloatAttr":$static_power_mw,
    StringRefParameter<"where the energy figures come from", "\"\"">:$energy_sources
  );
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// The attribute of a chip description.
    static TargetAttr get(::mlir::MLIRContext *context,
                          const ::snnc::chip::ChipDescription &chip);
    /// The chip description it holds.
    ::snnc::chip::ChipDescription getChip() const;
  }];
}

def Tn_ResetMode : I32EnumAttr<"ResetMode",
    "what a spike does to the potential", [
      I32EnumAttrCase<"Absolute", 0, "absolute">,
      I32EnumAttrCase<"Linear", 1, "linear">,
      I32EnumAttrCase<"None", 2, "none">]> {
  let cppNamespace = "::snnc::tn";
  let genSpecializedAttr = 0;
}

def Tn_NegativeMode : I32EnumAttr<"NegativeMode",
    "what crossing the negative threshold does", [
      I32EnumAttrCase<"Reset", 0, "reset">,
      I32EnumAttrCase<"Saturate", 1, "saturate">,
      I32EnumAttrCase<"Spike", 2, "spike">]> {
  let cppNamespace = "::snnc::tn";
  let genSpecializedAttr = 0;
}

def Tn_NeuronAttr : AttrDef<Tn_Dialect, "Neuron"> {
  let mnemonic = "neuron";
  let summary = "the parameters a core's neurons share (a neuron type)";
  let description = [{
    TrueNorth's neuron without stochastic modes (runtime/chip/ChipConfig.h):
    each tick V += the weights of the active synapses (binary crossbars:
    `weights[axon type]`; weighted crossbars: the synapse's own, `weights`
    all 0) and `leak`; V >= `alpha` emits a spike and resets (`absolute`:
    to `reset_value`, `linear`: by alpha, `none`); V <= -`beta` saturates,
    resets or (chips with signed spikes) emits a negative spike (`negative`).
    V starts at `v_init`. A neuron that does not fire (`fires = false`) is
    read by its potential. Parameters at their defaults are not printed.
  }];
  let parameters = (ins
    "::mlir::DenseI32ArrayAttr":$weights,
    DefaultValuedParameter<"int32_t", "0">:$leak,
    "int32_t":$alpha,
    DefaultValuedParameter<"int32_t", "0">:$beta,
    EnumParameter<Tn_ResetMode>:$reset,
    EnumParameter<Tn_NegativeMode>:$negative,
    DefaultValuedParameter<"int32_t", "0">:$reset_value,
    DefaultValuedParameter<"int32_t", "0">:$v_init,
    DefaultValuedParameter<"bool", "true">:$fires
  );
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

class Tn_Op<string mnemonic, list<Trait> traits = []>
    : Op<Tn_Dialect, mnemonic, traits>;

def Tn_CoreTypeOp : Tn_Op<"core_type", [Symbol]> {
  let summary = "a core prototype: crossbar, axon types and neuron types";
  let description = [{
    `crossbar` is "binary" (each axon has a type in `axon_types`; a neuron
    weighs an active synapse by its type's weight) or "weighted" (`weights`
    per synapse). Connectivity is CSR by axon: the neurons axon a reaches
    are `columns[row_start[a] .. row_start[a+1])`. `neuron_types` lists the
    core's `#tn.neuron` parameter sets; `neuron_type_of` gives each neuron's
    entry. Semantics: runtime/chip/ChipConfig.h.

    The symbol is the prototype's name in the configuration; `name` holds
    the name instead where it cannot be the symbol (empty, or the name of
    an earlier prototype), so that configuration -> tn -> configuration
    gives the same file.
  }];
  let arguments = (ins SymbolNameAttr:$sym_name, I64Attr:$axons,
                   I64Attr:$neurons, StrAttr:$crossbar,
                   ElementsAttr:$axon_types, ElementsAttr:$row_start,
                   ElementsAttr:$columns, ElementsAttr:$weights,
                   TypedArrayAttrBase<Tn_NeuronAttr, "neuron types">:$neuron_types,
                   ElementsAttr:$neuron_type_of,
                   OptionalAttr<StrAttr>:$name);
  let assemblyFormat = "$sym_name attr-dict";
  let hasVerifier = 1;
}

def Tn_LayerOp : Tn_Op<"layer"> {
  let summary = "what one layer of the network became";
  let description = [{
    One per layer that owns cores (`kind` conv, output or max_pool), in the
    network's order: how it was tiled, its DNN multiply-accumulates, and the
    neurons of each role the mapping added for it (partial-sum relays,
    splitters, second neurons of signed pairs, comparators). `snn-to-tn`
    writes them, `tn-split-fanout` counts its splitters here; the mapping
    report is read from them and from the core groups that name them.
  }];
  let arguments = (ins StrAttr:$name, StrAttr:$kind, StrAttr:$tiling,
                   I64Attr:$macs, I64Attr:$relays, I64Attr:$splitters,
                   I64Attr:$pair_neurons, I64Attr:$comparators);
  let assemblyFormat = "$name attr-dict";
  let hasVerifier = 1;
}

def Tn_CoreGroupOp : Tn_Op<"core_group",
    [DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "core instances of one part of a layer";
  let description = [{
    `cores` instances; core k of the group has prototype
    `types[core_types[k]]`. Routes: neuron n of the group's k-th core sends
    its spikes to the triples `targets[3i .. 3i+3)` = (core, axon, delay)
    for i in `target_start[o_k + n] .. target_start[o_k + n + 1])`, where
    o_k is the sum of (neurons + 1) over the group's earlier cores. `macs`
    counts the DNN multiply-accumulates the group computes (reports);
    `layer` names the `tn.layer` it implements.

    The mapping passes fill in the rest, in this order (tn-split-fanout
    refuses a scheduled or placed network, tn-finish an unscheduled one):
    - `snn-to-tn` writes the cores, their routes with delay 0, and `spots`:
      where in the image core k works, (y, x) = `spots[2k], spots[2k+1]`
      in [0, 1);
    - `tn-split-fanout` adds splitter groups;
    - `tn-schedule` sets the group's tick offset `tau`, its `level`
      (delay-0 routes go to deeper levels) and the routes' delays;
    - `tn-place` replaces `spots` by mesh positions
      `(coords[2k], coords[2k+1])`.
    With the module's `tn.target` the verifier checks the chip's limits:
    axons and neurons of each core type, targets per neuron and delays once
    scheduled.
  }];
  let arguments = (ins StrAttr:$name, StrAttr:$role, I64Attr:$cores,
                   OptionalAttr<I64Attr>:$level, OptionalAttr<I64Attr>:$tau,
                   I64Attr:$macs, FlatSymbolRefArrayAttr:$types,
                   ElementsAttr:$core_types, OptionalAttr<ElementsAttr>:$coords,
                   ElementsAttr:$target_start, ElementsAttr:$targets,
                   OptionalAttr<StrAttr>:$layer,
                   OptionalAttr<DenseF32ArrayAttr>:$spots);
  let assemblyFormat = "$name attr-dict";
  let hasVerifier = 1;
}

def Tn_InputOp : Tn_Op<"input"> {
  let summary = "the axons the host's pixel spikes go to";
  let description = [{
    Pixel p = (c * height + y) * width + x sends its spikes to the triples
    `targets[3i .. 3i+3)` = (core, axon, delay) for i in
    `target_start[p] .. target_start[p+1])`.
  }];
  let arguments = (ins I64Attr:$channels, I64Attr:$height, I64Attr:$width,
                   ElementsAttr:$target_start, ElementsAttr:$targets);
  let assemblyFormat = "attr-dict";
  let hasVerifier = 1;
}

def Tn_OutputOp : Tn_Op<"output"> {
  let summary = "a detection head's tensor read from the chip";
  let description = [{
    Element (c, y, x) (CHW) is held by neuron `(positive[2e], positive[2e+1])`
    (core, neuron); with spike-count decoding on chips without signed spikes
    `negative` names the neuron of its negative spikes. `decoding` is
    "membrane" or "count"; value = (V(t) - V(d)) * scale[c] / (t - d) or
    (spikes) * scale[c] / (t - d), d = `readout_delay`; a checkpoint
    t <= d uses d = `latency` (the ticks before the input reaches the output).
    `head` holds the region or yolo parameters.
  }];
  let arguments = (ins StrAttr:$name, I64Attr:$channels, I64Attr:$height,
                   I64Attr:$width, StrAttr:$decoding,
                   DenseF32ArrayAttr:$scale, I64Attr:$readout_delay,
                   DefaultValuedAttr<I64Attr, "0">:$latency,
                   ElementsAttr:$positive, ElementsAttr:$negative,
                   DictionaryAttr:$head);
  let assemblyFormat = "$name attr-dict";
  let hasVerifier = 1;
}

#endif // SNNC_DIALECTS_TN_TNOPS_TD
