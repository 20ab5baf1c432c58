//===- SnnEnums.td - Conversion choices of the snn dialect -*- tablegen -*-===//
//
// The choices of the Spiking-YOLO conversion (docs/SNN.md) as enums: the
// typed options of ann-to-snn and of snnc-compile-pipeline, parsed and
// printed by these names.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_DIALECTS_SNN_SNNENUMS_TD
#define SNNC_DIALECTS_SNN_SNNENUMS_TD

include "mlir/IR/EnumAttr.td"

def Snn_Normalization : I32EnumAttr<"Normalization",
    "how lambda is taken from the calibration", [
      I32EnumAttrCase<"Layer", 0, "layer">,
      I32EnumAttrCase<"Channel", 1, "channel">]> {
  let cppNamespace = "::snnc::snn";
  let genSpecializedAttr = 0;
}

def Snn_NeuronKind : I32EnumAttr<"NeuronKind",
    "neurons of the leaky layers", [
      I32EnumAttrCase<"IF", 0, "if">,
      I32EnumAttrCase<"Signed", 1, "signed">,
      I32EnumAttrCase<"IBT", 2, "ibt">]> {
  let cppNamespace = "::snnc::snn";
  let genSpecializedAttr = 0;
}

def Snn_Reset : I32EnumAttr<"Reset", "what a spike does to the potential", [
      I32EnumAttrCase<"Subtract", 0, "subtract">,
      I32EnumAttrCase<"Zero", 1, "zero">]> {
  let cppNamespace = "::snnc::snn";
  let genSpecializedAttr = 0;
}

def Snn_MaxPool : I32EnumAttr<"MaxPool", "spiking max-pool strategy", [
      I32EnumAttrCase<"SpikeCount", 0, "spike_count">,
      I32EnumAttrCase<"MaxCount", 1, "max_count">,
      I32EnumAttrCase<"Comparator", 2, "comparator">]> {
  let cppNamespace = "::snnc::snn";
  let genSpecializedAttr = 0;
}

def Snn_Decoding : I32EnumAttr<"Decoding", "how an output is read", [
      I32EnumAttrCase<"Vmem", 0, "vmem">,
      I32EnumAttrCase<"Count", 1, "count">]> {
  let cppNamespace = "::snnc::snn";
  let genSpecializedAttr = 0;
}

def Snn_Encoding : I32EnumAttr<"Encoding", "how the image enters", [
      I32EnumAttrCase<"Analog", 0, "analog">,
      I32EnumAttrCase<"Spikes", 1, "spikes">]> {
  let cppNamespace = "::snnc::snn";
  let genSpecializedAttr = 0;
}

#endif // SNNC_DIALECTS_SNN_SNNENUMS_TD
