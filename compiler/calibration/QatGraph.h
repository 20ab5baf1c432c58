//===- QatGraph.h - The network a QAT model was trained as ------*- C++ -*-===//
//
// A quantization-aware model's darknet files hold its weights; the network
// it was trained as also clips and rounds every activation to L levels of
// its learned ceiling and quantizes the image (docs/QAT.md). That network,
// not the same weights with float activations, is the DNN its spiking
// conversion is measured against. quantizeGraph() turns the float graph
// into it: each (leaky) ReLU named in MODEL.qat.json becomes a
// QuantizedActivation and, when the metadata has input levels, the image
// goes through a QuantizedInput first.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_COMPILER_CALIBRATION_QATGRAPH_H
#define SNNC_COMPILER_CALIBRATION_QATGRAPH_H

#include "compiler/calibration/QatMetadata.h"
#include "compiler/darknet/Network.h"
#include "runtime/inference/Graph.h"

namespace snnc {

/// The quantized network of `graph` (exported from `network`'s cfg).
/// Throws snnc::Error if the metadata does not match the network, or if an
/// activation it names is not in the graph (by cfg line).
Graph quantizeGraph(const Graph &graph, const darknet::Network &network,
                    const QatMetadata &metadata);

} // namespace snnc

#endif // SNNC_COMPILER_CALIBRATION_QATGRAPH_H
