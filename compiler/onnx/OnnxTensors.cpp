//===- OnnxTensors.cpp - Constant tensors of an ONNX graph ----------------===//
#include "compiler/onnx/OnnxTensors.h"

#include "runtime/support/Error.h"

#include <onnx/onnx_pb.h>

#include <cmath>
#include <cstring>

namespace snnc::onnx {

using ::onnx::TensorProto;

std::vector<float> Constant::floats() const {
  return std::vector<float>(values.begin(), values.end());
}

std::vector<int64_t> Constant::ints(const std::string &where) const {
  std::vector<int64_t> out;
  out.reserve(values.size());
  // 2^63 is the first double above int64's range.
  constexpr double kLimit = 9223372036854775808.0;
  for (double v : values) {
    if (!(v >= -kLimit && v < kLimit))
      fail("{}: the value {} is not an int64", where, v);
    out.push_back(static_cast<int64_t>(v));
  }
  return out;
}

namespace {

/// IEEE half to float (the raw_data form of FLOAT16 tensors).
float halfToFloat(uint16_t h) {
  int sign = (h >> 15) & 1, exponent = (h >> 10) & 31, mantissa = h & 1023;
  float value;
  if (exponent == 0)
    value = std::ldexp(static_cast<float>(mantissa), -24);
  else if (exponent == 31)
    value = mantissa ? NAN : INFINITY;
  else
    value = std::ldexp(static_cast<float>(mantissa + 1024), exponent - 25);
  return sign ? -value : value;
}

template <typename T>
void readRaw(const std::string &raw, int64_t count, std::vector<double> &out) {
  for (int64_t i = 0; i < count; ++i) {
    T value;
    std::memcpy(&value, raw.data() + i * sizeof(T), sizeof(T));
    if constexpr (std::is_same_v<T, uint16_t>)
      out.push_back(halfToFloat(value));
    else
      out.push_back(static_cast<double>(value));
  }
}

} // namespace

Constant readConstant(const TensorProto &tensor, const std::string &path,
                      const std::string &what) {
  Constant c;
  int64_t count = 1;
  for (int64_t d : tensor.dims()) {
    if (d < 0 || __builtin_mul_overflow(count, d, &count) ||
        count > kMaxTensorElements)
      fail("{}: {} has dims that are negative or exceed {} values", path, what,
           kMaxTensorElements);
    c.dims.push_back(d);
  }
  if (tensor.data_location() == TensorProto::EXTERNAL)
    fail("{}: {} keeps its data in an external file; snnc reads "
         "self-contained ONNX files (save with all tensors inside)",
         path, what);

  const std::string &raw = tensor.raw_data();
  int type = tensor.data_type();
  size_t width = 0;
  switch (type) {
  case TensorProto::FLOAT:
  case TensorProto::INT32:
    width = 4;
    break;
  case TensorProto::DOUBLE:
  case TensorProto::INT64:
    width = 8;
    break;
  case TensorProto::FLOAT16:
    width = 2;
    break;
  default:
    fail("{}: {} has element type {} ({}); snnc reads float, float16, "
         "double, int32 and int64 tensors",
         path, what, TensorProto::DataType_Name(type), type);
  }
  c.isFloat = type == TensorProto::FLOAT || type == TensorProto::DOUBLE ||
              type == TensorProto::FLOAT16;

  int64_t stored = 0;
  if (tensor.has_raw_data())
    stored = static_cast<int64_t>(raw.size() / width);
  else if (type == TensorProto::FLOAT)
    stored = tensor.float_data_size();
  else if (type == TensorProto::DOUBLE)
    stored = tensor.double_data_size();
  else if (type == TensorProto::INT64)
    stored = tensor.int64_data_size();
  else // INT32 and FLOAT16 live in int32_data
    stored = tensor.int32_data_size();
  if (stored != count || (tensor.has_raw_data() && raw.size() % width != 0))
    fail("{}: {} holds {} values but its dims ({}) need {}", path, what,
         tensor.has_raw_data()
             ? fmt::format("{} bytes = {}", raw.size(), stored)
             : std::to_string(stored),
         fmt::join(c.dims, "x"), count);

  c.values.reserve(static_cast<size_t>(count));
  if (tensor.has_raw_data()) {
    switch (type) {
    case TensorProto::FLOAT:
      readRaw<float>(raw, count, c.values);
      break;
    case TensorProto::DOUBLE:
      readRaw<double>(raw, count, c.values);
      break;
    case TensorProto::INT32:
      readRaw<int32_t>(raw, count, c.values);
      break;
    case TensorProto::INT64:
      readRaw<int64_t>(raw, count, c.values);
      break;
    default:
      readRaw<uint16_t>(raw, count, c.values);
    }
  } else if (type == TensorProto::FLOAT) {
    c.values.assign(tensor.float_data().begin(), tensor.float_data().end());
  } else if (type == TensorProto::DOUBLE) {
    c.values.assign(tensor.double_data().begin(), tensor.double_data().end());
  } else if (type == TensorProto::INT64) {
    for (int64_t v : tensor.int64_data())
      c.values.push_back(static_cast<double>(v));
  } else if (type == TensorProto::INT32) {
    c.values.assign(tensor.int32_data().begin(), tensor.int32_data().end());
  } else {
    for (int32_t v : tensor.int32_data())
      c.values.push_back(halfToFloat(static_cast<uint16_t>(v)));
  }
  if (c.isFloat)
    for (int64_t i = 0; i < count; ++i)
      // -inf is meaningful (a Pad value before a max-pool); NaN never is.
      if (std::isnan(c.values[i]) || (std::isinf(c.values[i]) && count > 1))
        fail("{}: {} holds a non-finite value ({}) at element {}", path, what,
             c.values[i], i);
  return c;
}

} // namespace snnc::onnx
