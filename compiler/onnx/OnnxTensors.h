//===- OnnxTensors.h - Constant tensors of an ONNX graph --------*- C++ -*-===//
//
// Initializers and Constant-node values as plain vectors, with the checks a
// hostile file needs: the element count must match the dims, data must be
// inline (no external files), floats must be finite.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_COMPILER_ONNX_ONNXTENSORS_H
#define SNNC_COMPILER_ONNX_ONNXTENSORS_H

#include <cstdint>
#include <string>
#include <vector>

namespace onnx {
class TensorProto;
} // namespace onnx

namespace snnc::onnx {

/// Largest tensor snnc reads (2^32 values, as the darknet front end).
inline constexpr int64_t kMaxTensorElements = int64_t(1) << 32;

struct Constant {
  std::vector<int64_t> dims;
  std::vector<double> values; ///< Every element type, widened.
  bool isFloat = false;       ///< FLOAT/DOUBLE/FLOAT16 (else integers).

  int64_t size() const { return static_cast<int64_t>(values.size()); }
  std::vector<float> floats() const;
  /// The values as integers; throws snnc::Error naming `where` when one is
  /// not finite or outside int64 (a float constant used as pads, say).
  std::vector<int64_t> ints(const std::string &where) const;
};

/// Converts `tensor`. `what` names it in messages ("initializer 'w'" ...),
/// `path` is the model file. Throws snnc::Error on unsupported element types,
/// external data, a size mismatch or non-finite floats.
Constant readConstant(const ::onnx::TensorProto &tensor,
                      const std::string &path, const std::string &what);

} // namespace snnc::onnx

#endif // SNNC_COMPILER_ONNX_ONNXTENSORS_H
