//===- SnnEnums.h - Conversion choices of the snn dialect -------*- C++ -*-===//
#ifndef SNNC_DIALECTS_SNN_SNNENUMS_H
#define SNNC_DIALECTS_SNN_SNNENUMS_H

#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/StringRef.h"

#include <optional>

#include "dialects/snn/SnnEnums.h.inc"

#include "llvm/Support/CommandLine.h"

namespace snnc::snn {

// The choices as command-line values, for every pass or pipeline option of
// these types (ann-to-snn, snnc-compile-pipeline): one list each.
inline llvm::cl::ValuesClass normalizationValues() {
  return llvm::cl::values(
      clEnumValN(Normalization::Layer, "layer", "one lambda per layer (Eq. 4)"),
      clEnumValN(Normalization::Channel, "channel",
                 "one lambda per channel (Eq. 5)"));
}
inline llvm::cl::ValuesClass neuronKindValues() {
  return llvm::cl::values(
      clEnumValN(NeuronKind::IF, "if", "no negative spikes"),
      clEnumValN(NeuronKind::Signed, "signed",
                 "symmetric negative threshold -Vth"),
      clEnumValN(NeuronKind::IBT, "ibt",
                 "imbalanced negative threshold -Vth/alpha"));
}
inline llvm::cl::ValuesClass resetValues() {
  return llvm::cl::values(
      clEnumValN(Reset::Subtract, "subtract", "subtract the threshold crossed"),
      clEnumValN(Reset::Zero, "zero", "to zero"));
}
inline llvm::cl::ValuesClass maxPoolValues() {
  return llvm::cl::values(
      clEnumValN(MaxPool::SpikeCount, "spike_count",
                 "pass the spikes of the input with the largest count"),
      clEnumValN(MaxPool::MaxCount, "max_count", "follow the largest count"),
      clEnumValN(MaxPool::Comparator, "comparator",
                 "the chip's neuron mapping"));
}
inline llvm::cl::ValuesClass decodingValues() {
  return llvm::cl::values(
      clEnumValN(Decoding::Vmem, "vmem", "accumulated membrane potential"),
      clEnumValN(Decoding::Count, "count", "signed spike count"));
}
inline llvm::cl::ValuesClass encodingValues() {
  return llvm::cl::values(
      clEnumValN(Encoding::Analog, "analog", "a constant current"),
      clEnumValN(Encoding::Spikes, "spikes",
                 "an integrate-and-fire neuron per pixel"));
}

} // namespace snnc::snn

#endif // SNNC_DIALECTS_SNN_SNNENUMS_H
