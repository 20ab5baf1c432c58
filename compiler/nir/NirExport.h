//===- NirExport.h - snnc's spiking network as a NIR graph ------*- C++ -*-===//
//
// Writes a SpikingGraph (the network the graph-level simulator runs, e.g.
// after chip quantization) as NIR: Input -> (Conv2d -> IF)* -> Conv2d ->
// Output, with snnc's decoding and detection heads in the graph's metadata
// group "snnc" (NIR has no detection heads).
//
// What NIR can express, and what snnc does otherwise (docs/FORMATS.md):
// - IF neurons that fire at V >= v_th and reset to zero: exactly, as NIR's
//   IF (dv/dt = r I, a spike when v > v_threshold, then v = v_reset) with
//   v_threshold = the largest float32 below v_th (v > that <=> v >= v_th
//   in float32) and v_reset = 0.
// - The analog input (the image as a current every step): NIR's Input.
// - The spike-encoded input (pixel neurons that reset by subtraction): the
//   Input carries the encoder's spikes, as a chip's input does; the
//   metadata says how the host makes them ("input_encoding").
// Refused, each with a one-line reason naming the layer:
// - signed neurons (a -1 spike at V <= -v_th_neg, Spiking-YOLO's imbalanced
//   threshold): NIR has no negative threshold (compile with --neuron if);
// - reset by subtraction: NIR 1.0.6+ resets to v_reset (--reset zero);
// - an initial potential (--v-init): NIR neurons start at 0;
// - max-pool, upsample and concatenation: NIR has no such nodes (a NIR
//   edge into a node sums, it does not concatenate);
// - spike-count decoding (signed output neurons): only membrane decoding.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_COMPILER_NIR_NIREXPORT_H
#define SNNC_COMPILER_NIR_NIREXPORT_H

#include "compiler/nir/NirTree.h"
#include "runtime/snn/SpikingGraph.h"

#include <string>

namespace snnc::nir {

/// The NIR version whose layout and semantics the export follows.
inline constexpr const char *kNirVersion = "1.0.6";

/// Builds the NIR tree of `graph`; throws snnc::Error (naming the layer)
/// for what NIR cannot express.
Group exportNir(const SpikingGraph &graph);

/// exportNir, written to `path`.
void writeNir(const SpikingGraph &graph, const std::string &path);

} // namespace snnc::nir

#endif // SNNC_COMPILER_NIR_NIREXPORT_H
