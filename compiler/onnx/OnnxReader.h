//===- OnnxReader.h - ONNX detectors as snnc's layer description -*- C++
//-*-===//
//
// Reads an ONNX model (ONNX 1.12's protobuf, opsets 7-18) of a Tiny-YOLO-
// family detector into the same typed layer list the darknet front end
// builds (darknet::Network + darknet::Weights), so that everything after the
// front end (import to ann IR, calibration, conversion, mapping) is shared.
//
// What a node becomes:
//   Conv [+ BatchNormalization] [+ Add of a per-channel constant]
//        [+ Relu | LeakyRelu]          one convolutional layer
//   MaxPool                            maxpool (darknet's padding rule)
//   Pad (constant) before Conv/MaxPool folded into their padding
//   Concat (channels)                  route over several layers
//   Resize / Upsample (nearest, integer scale)  upsample
//   Identity, Dropout                  nothing (the same tensor)
// When a node reads a tensor other than the previous layer's output, a
// one-layer route re-reads it (as darknet cfgs do).
//
// The detection head: ONNX graphs end either at the head's raw convolution
// output or in decoding arithmetic (Reshape, Transpose, Slice, Sigmoid, Exp,
// Softmax, ...). Decoding is dropped: the tensors it starts from are the
// head inputs, and snnc applies its own region/yolo decoding. What the heads
// are (anchors, classes) comes from a darknet-syntax description with one
// [region] or [yolo] section per head, optionally with `input = TENSOR` to
// say where it starts; it is read from the --head file or, failing that,
// from the model's metadata_props key "snnc.head" (snnc's trainer writes it).
//
// Layers keep the node they come from (Layer::origin, used as the name of
// their locations); their "line" is the 1-based layer number, so that QAT
// metadata (by layer index) applies to ONNX exports of snnc's trainer too.
//
// Every error is an snnc::Error naming the file, node, operator and values.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_COMPILER_ONNX_ONNXREADER_H
#define SNNC_COMPILER_ONNX_ONNXREADER_H

#include "compiler/darknet/Network.h"
#include "compiler/darknet/Weights.h"

#include <string>
#include <string_view>

namespace snnc::onnx {

/// The metadata_props key that holds the head description.
inline constexpr const char *kHeadMetadataKey = "snnc.head";

struct HeadDescription {
  std::string text; ///< darknet cfg syntax: [region] / [yolo] sections.
  std::string path; ///< For messages: a file, or "<model> metadata ...".
};

struct OnnxModel {
  darknet::Network network;
  darknet::Weights weights;
  /// Nodes dropped as detection decoding (0 when the graph ends at heads).
  int decodeNodesDropped = 0;
};

/// True when `path` names an ONNX file (by its extension, .onnx).
bool isOnnxPath(const std::string &path);

/// Parses `bytes` (an ONNX ModelProto) from file `path`. `head` overrides the
/// model's own "snnc.head" metadata when its text is not empty.
OnnxModel parseOnnx(std::string_view bytes, const std::string &path,
                    const HeadDescription &head = {});

/// Reads and parses an ONNX file; `headPath` ("" for none) is a head
/// description file.
OnnxModel readOnnxFile(const std::string &path, const std::string &headPath);

} // namespace snnc::onnx

#endif // SNNC_COMPILER_ONNX_ONNXREADER_H
