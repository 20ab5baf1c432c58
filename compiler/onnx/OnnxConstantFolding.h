//===- OnnxConstantFolding.h - Evaluate constant ONNX subgraphs -*- C++ -*-===//
//
// Exporters leave small computations on constants in the graph: PyTorch
// builds a Pad's pads with ConstantOfShape, Concat, Reshape, a reversing
// Slice, Transpose and Cast, which its own folder cannot fold. The reader
// needs those values, so it evaluates such nodes when every input is
// constant.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_COMPILER_ONNX_ONNXCONSTANTFOLDING_H
#define SNNC_COMPILER_ONNX_ONNXCONSTANTFOLDING_H

#include "compiler/onnx/OnnxTensors.h"

#include <optional>
#include <string>
#include <vector>

namespace onnx {
class NodeProto;
} // namespace onnx

namespace snnc::onnx {

/// True for the operators foldConstant evaluates.
bool isFoldable(const std::string &op);

/// Evaluates `node` (a foldable operator) on constant `inputs` (null for an
/// omitted optional input). `where` prefixes messages ("model.onnx: node
/// 'x' (Slice)"). Throws snnc::Error on malformed nodes.
Constant foldConstant(const ::onnx::NodeProto &node,
                      const std::vector<const Constant *> &inputs,
                      const std::string &where);

} // namespace snnc::onnx

#endif // SNNC_COMPILER_ONNX_ONNXCONSTANTFOLDING_H
