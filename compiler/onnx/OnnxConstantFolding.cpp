//===- OnnxConstantFolding.cpp - Evaluate constant ONNX subgraphs ---------===//
#include "compiler/onnx/OnnxConstantFolding.h"

#include "runtime/support/Error.h"

#include <onnx/onnx_pb.h>

#include <algorithm>
#include <cmath>
#include <set>

namespace snnc::onnx {

namespace {

using ::onnx::NodeProto;
using ::onnx::TensorProto;

/// Folded constants are shape arithmetic: small. The bound keeps a hostile
/// ConstantOfShape from allocating gigabytes.
constexpr int64_t kMaxFolded = int64_t(1) << 20;

class Folder {
public:
  Folder(const NodeProto &node, const std::vector<const Constant *> &inputs,
         const std::string &where)
      : node(node), inputs(inputs), where(where) {}

  Constant run() {
    const std::string &op = node.op_type();
    if (op == "Identity")
      return in(0);
    if (op == "ConstantOfShape")
      return constantOfShape();
    if (op == "Concat")
      return concat();
    if (op == "Reshape")
      return reshape();
    if (op == "Slice")
      return slice();
    if (op == "Transpose")
      return transpose();
    if (op == "Cast")
      return cast();
    if (op == "Unsqueeze" || op == "Squeeze")
      return squeeze(op == "Unsqueeze");
    if (op == "Gather")
      return gather();
    return arithmetic(op);
  }

private:
  template <typename... Args>
  [[noreturn]] void error(fmt::format_string<Args...> format, Args &&...args) {
    fail("{}: {}", where, fmt::format(format, std::forward<Args>(args)...));
  }

  const Constant &in(size_t i) {
    if (i >= inputs.size() || !inputs[i])
      error("input {} is missing", i);
    return *inputs[i];
  }
  const Constant *optionalIn(size_t i) {
    return i < inputs.size() ? inputs[i] : nullptr;
  }

  const ::onnx::AttributeProto *attribute(const std::string &name) {
    for (const auto &a : node.attribute())
      if (a.name() == name)
        return &a;
    return nullptr;
  }
  int64_t intAttr(const std::string &name, int64_t fallback) {
    const auto *a = attribute(name);
    return a ? a->i() : fallback;
  }

  static int64_t count(const std::vector<int64_t> &dims) {
    int64_t n = 1;
    for (int64_t d : dims)
      if (d < 0 || __builtin_mul_overflow(n, d, &n) || n > kMaxFolded)
        return -1;
    return n;
  }

  Constant make(std::vector<int64_t> dims, bool isFloat) {
    int64_t n = count(dims);
    if (n < 0)
      error("a folded constant of dims [{}] exceeds {} values",
            fmt::join(dims, ", "), kMaxFolded);
    Constant c;
    c.dims = std::move(dims);
    c.isFloat = isFloat;
    c.values.assign(static_cast<size_t>(n), 0.0);
    return c;
  }

  int64_t normalizeAxis(int64_t axis, int64_t rank) {
    if (axis < -rank || axis >= rank)
      error("axis {} is outside a rank-{} tensor", axis, rank);
    return axis < 0 ? axis + rank : axis;
  }

  static std::vector<int64_t> strides(const std::vector<int64_t> &dims) {
    std::vector<int64_t> s(dims.size(), 1);
    for (int64_t i = static_cast<int64_t>(dims.size()) - 2; i >= 0; --i)
      s[i] = s[i + 1] * dims[i + 1];
    return s;
  }

  /// The multi-index of flat position `flat` in `dims`.
  static std::vector<int64_t> unflatten(int64_t flat,
                                        const std::vector<int64_t> &dims) {
    std::vector<int64_t> index(dims.size());
    for (int64_t i = static_cast<int64_t>(dims.size()) - 1; i >= 0; --i) {
      index[i] = dims[i] ? flat % dims[i] : 0;
      flat = dims[i] ? flat / dims[i] : 0;
    }
    return index;
  }

  Constant constantOfShape() {
    std::vector<int64_t> dims = in(0).ints(where);
    double fill = 0;
    bool isFloat = true;
    if (const auto *a = attribute("value")) {
      Constant v = readConstant(a->t(), where, "its value");
      if (v.size() != 1)
        error("value has {} elements, not 1", v.size());
      fill = v.values[0];
      isFloat = v.isFloat;
    }
    Constant c = make(dims, isFloat);
    std::fill(c.values.begin(), c.values.end(), fill);
    return c;
  }

  Constant concat() {
    const Constant &first = in(0);
    int64_t rank = static_cast<int64_t>(first.dims.size());
    int64_t axis = normalizeAxis(intAttr("axis", 0), rank);
    std::vector<int64_t> dims = first.dims;
    dims[axis] = 0;
    for (size_t i = 0; i < inputs.size(); ++i) {
      const Constant &c = in(i);
      for (int64_t d = 0; d < rank; ++d)
        if (static_cast<int64_t>(c.dims.size()) != rank ||
            (d != axis && c.dims[d] != first.dims[d]))
          error("joins constants of dims [{}] and [{}]",
                fmt::join(first.dims, ", "), fmt::join(c.dims, ", "));
      dims[axis] += c.dims[axis];
    }
    Constant out = make(dims, first.isFloat);
    // Outer index over the axes before `axis`; each input contributes a
    // contiguous block per outer index.
    int64_t outer = 1;
    for (int64_t d = 0; d < axis; ++d)
      outer *= dims[d];
    size_t pos = 0;
    for (int64_t o = 0; o < outer; ++o)
      for (size_t i = 0; i < inputs.size(); ++i) {
        const Constant &c = in(i);
        int64_t block = c.size() / std::max<int64_t>(outer, 1);
        for (int64_t k = 0; k < block; ++k)
          out.values[pos++] = c.values[o * block + k];
      }
    return out;
  }

  Constant reshape() {
    const Constant &data = in(0);
    std::vector<int64_t> shape = in(1).ints(where);
    bool allowZero = intAttr("allowzero", 0) != 0;
    int64_t known = 1, unknown = -1;
    for (size_t i = 0; i < shape.size(); ++i) {
      if (shape[i] == 0 && !allowZero) {
        if (i >= data.dims.size())
          error("shape entry {} copies a dimension the input lacks", i);
        shape[i] = data.dims[i];
      }
      if (shape[i] == -1) {
        if (unknown >= 0)
          error("shape has two -1 entries");
        unknown = static_cast<int64_t>(i);
      } else if (shape[i] < 0 || count({known, shape[i]}) < 0) {
        error("shape entry {} is invalid", shape[i]);
      } else {
        known *= shape[i];
      }
    }
    if (unknown >= 0)
      shape[unknown] = known ? data.size() / known : 0;
    if (count(shape) != data.size())
      error("cannot reshape {} values to [{}]", data.size(),
            fmt::join(shape, ", "));
    Constant out = data;
    out.dims = shape;
    return out;
  }

  Constant slice() {
    const Constant &data = in(0);
    int64_t rank = static_cast<int64_t>(data.dims.size());
    std::vector<int64_t> starts, ends, axes, steps;
    if (inputs.size() > 1) {
      starts = in(1).ints(where);
      ends = in(2).ints(where);
      if (const Constant *a = optionalIn(3))
        axes = a->ints(where);
      if (const Constant *s = optionalIn(4))
        steps = s->ints(where);
    } else {
      const auto *s = attribute("starts");
      const auto *e = attribute("ends");
      if (!s || !e)
        error("has no starts/ends");
      starts.assign(s->ints().begin(), s->ints().end());
      ends.assign(e->ints().begin(), e->ints().end());
      if (const auto *a = attribute("axes"))
        axes.assign(a->ints().begin(), a->ints().end());
    }
    if (axes.empty())
      for (size_t i = 0; i < starts.size(); ++i)
        axes.push_back(static_cast<int64_t>(i));
    if (steps.empty())
      steps.assign(starts.size(), 1);
    if (ends.size() != starts.size() || axes.size() != starts.size() ||
        steps.size() != starts.size())
      error("starts, ends, axes and steps differ in length");
    std::vector<int64_t> begin(rank, 0), step(rank, 1), dims = data.dims;
    for (size_t i = 0; i < starts.size(); ++i) {
      int64_t axis = normalizeAxis(axes[i], rank);
      int64_t size = data.dims[axis];
      if (steps[i] == 0)
        error("step 0");
      // A step longer than the axis takes one element: clamping it keeps
      // the arithmetic below from overflowing.
      steps[i] = std::clamp<int64_t>(steps[i], -(size + 1), size + 1);
      auto clampIndex = [&](int64_t v) {
        if (v < 0)
          v = v < -size ? -1 : v + size; // ONNX: negative counts from the end
        int64_t low = steps[i] > 0 ? 0 : -1;
        int64_t high = steps[i] > 0 ? size : size - 1;
        return std::clamp<int64_t>(v, low, high);
      };
      int64_t s = clampIndex(starts[i]), e = clampIndex(ends[i]);
      if (steps[i] > 0)
        s = std::clamp<int64_t>(s, 0, size);
      else
        s = std::clamp<int64_t>(s, 0, size - 1);
      int64_t n = steps[i] > 0 ? (e - s + steps[i] - 1) / steps[i]
                               : (s - e + (-steps[i]) - 1) / (-steps[i]);
      begin[axis] = s;
      step[axis] = steps[i];
      dims[axis] = std::max<int64_t>(0, n);
    }
    Constant out = make(dims, data.isFloat);
    std::vector<int64_t> srcStrides = strides(data.dims);
    for (int64_t flat = 0; flat < out.size(); ++flat) {
      std::vector<int64_t> index = unflatten(flat, dims);
      int64_t src = 0;
      for (int64_t d = 0; d < rank; ++d)
        src += (begin[d] + index[d] * step[d]) * srcStrides[d];
      out.values[flat] = data.values[src];
    }
    return out;
  }

  Constant transpose() {
    const Constant &data = in(0);
    int64_t rank = static_cast<int64_t>(data.dims.size());
    std::vector<int64_t> perm;
    if (const auto *a = attribute("perm"))
      perm.assign(a->ints().begin(), a->ints().end());
    else
      for (int64_t d = rank - 1; d >= 0; --d)
        perm.push_back(d);
    std::vector<bool> seen(rank, false);
    if (static_cast<int64_t>(perm.size()) != rank)
      error("perm has {} entries for rank {}", perm.size(), rank);
    for (int64_t p : perm) {
      if (p < 0 || p >= rank || seen[p])
        error("perm [{}] is not a permutation", fmt::join(perm, ", "));
      seen[p] = true;
    }
    std::vector<int64_t> dims(rank);
    for (int64_t d = 0; d < rank; ++d)
      dims[d] = data.dims[perm[d]];
    Constant out = make(dims, data.isFloat);
    std::vector<int64_t> srcStrides = strides(data.dims);
    for (int64_t flat = 0; flat < out.size(); ++flat) {
      std::vector<int64_t> index = unflatten(flat, dims);
      int64_t src = 0;
      for (int64_t d = 0; d < rank; ++d)
        src += index[d] * srcStrides[perm[d]];
      out.values[flat] = data.values[src];
    }
    return out;
  }

  Constant cast() {
    Constant out = in(0);
    int64_t to = intAttr("to", 0);
    bool toFloat = to == TensorProto::FLOAT || to == TensorProto::DOUBLE ||
                   to == TensorProto::FLOAT16;
    bool toInt = to == TensorProto::INT64 || to == TensorProto::INT32 ||
                 to == TensorProto::INT8 || to == TensorProto::INT16 ||
                 to == TensorProto::UINT8 || to == TensorProto::BOOL;
    if (!toFloat && !toInt)
      error("casts to element type {}", to);
    out.isFloat = toFloat;
    if (toInt)
      for (double &v : out.values) {
        if (!std::isfinite(v))
          error("casts {} to an integer", v);
        v = to == TensorProto::BOOL ? double(v != 0) : std::trunc(v);
      }
    return out;
  }

  Constant squeeze(bool unsqueeze) {
    Constant out = in(0);
    std::vector<int64_t> axes;
    if (const Constant *a = optionalIn(1))
      axes = a->ints(where);
    else if (const auto *attr = attribute("axes"))
      axes.assign(attr->ints().begin(), attr->ints().end());
    if (unsqueeze) {
      int64_t rank = static_cast<int64_t>(out.dims.size() + axes.size());
      std::vector<bool> inserted(rank, false);
      for (int64_t a : axes)
        inserted[normalizeAxis(a, rank)] = true;
      std::vector<int64_t> dims;
      size_t next = 0;
      for (int64_t d = 0; d < rank; ++d)
        dims.push_back(inserted[d] ? 1 : out.dims[next++]);
      if (next != out.dims.size())
        error("repeats an axis");
      out.dims = dims;
    } else {
      int64_t rank = static_cast<int64_t>(out.dims.size());
      std::vector<bool> removed(rank, axes.empty());
      for (int64_t a : axes)
        removed[normalizeAxis(a, rank)] = true;
      std::vector<int64_t> dims;
      for (int64_t d = 0; d < rank; ++d) {
        if (removed[d] && out.dims[d] != 1 && !axes.empty())
          error("squeezes axis {} of size {}", d, out.dims[d]);
        if (!(removed[d] && out.dims[d] == 1))
          dims.push_back(out.dims[d]);
      }
      out.dims = dims;
    }
    return out;
  }

  Constant gather() {
    const Constant &data = in(0);
    const Constant &indices = in(1);
    int64_t rank = static_cast<int64_t>(data.dims.size());
    int64_t axis = normalizeAxis(intAttr("axis", 0), rank);
    std::vector<int64_t> dims(data.dims.begin(), data.dims.begin() + axis);
    dims.insert(dims.end(), indices.dims.begin(), indices.dims.end());
    dims.insert(dims.end(), data.dims.begin() + axis + 1, data.dims.end());
    Constant out = make(dims, data.isFloat);
    int64_t outer = 1, inner = 1;
    for (int64_t d = 0; d < axis; ++d)
      outer *= data.dims[d];
    for (int64_t d = axis + 1; d < rank; ++d)
      inner *= data.dims[d];
    int64_t size = data.dims[axis];
    size_t pos = 0;
    const std::vector<int64_t> picks = indices.ints(where);
    for (int64_t o = 0; o < outer; ++o)
      for (int64_t i : picks) {
        if (i < -size || i >= size)
          error("index {} is outside an axis of size {}", i, size);
        if (i < 0)
          i += size;
        for (int64_t k = 0; k < inner; ++k)
          out.values[pos++] = data.values[(o * size + i) * inner + k];
      }
    return out;
  }

  /// Element-wise arithmetic with ONNX (numpy) broadcasting.
  Constant arithmetic(const std::string &op) {
    const Constant &a = in(0);
    const Constant *b = op == "Neg" ? nullptr : &in(1);
    std::vector<int64_t> dims = a.dims;
    if (b) {
      size_t rank = std::max(a.dims.size(), b->dims.size());
      dims.assign(rank, 1);
      for (size_t i = 0; i < rank; ++i) {
        int64_t da =
            i + a.dims.size() >= rank ? a.dims[i + a.dims.size() - rank] : 1;
        int64_t db =
            i + b->dims.size() >= rank ? b->dims[i + b->dims.size() - rank] : 1;
        if (da != db && da != 1 && db != 1)
          error("cannot broadcast [{}] with [{}]", fmt::join(a.dims, ", "),
                fmt::join(b->dims, ", "));
        dims[i] = std::max(da, db);
      }
    }
    bool isFloat = a.isFloat || (b && b->isFloat);
    Constant out = make(dims, isFloat);
    auto at = [&](const Constant &c, const std::vector<int64_t> &index) {
      int64_t offset = static_cast<int64_t>(index.size() - c.dims.size());
      int64_t flat = 0;
      for (size_t d = 0; d < c.dims.size(); ++d)
        flat = flat * c.dims[d] + (c.dims[d] == 1 ? 0 : index[d + offset]);
      return c.values[flat];
    };
    for (int64_t flat = 0; flat < out.size(); ++flat) {
      std::vector<int64_t> index = unflatten(flat, dims);
      double x = at(a, index);
      if (!b) {
        out.values[flat] = -x;
        continue;
      }
      double y = at(*b, index);
      if (op == "Add")
        out.values[flat] = x + y;
      else if (op == "Sub")
        out.values[flat] = x - y;
      else if (op == "Mul")
        out.values[flat] = x * y;
      else {
        if (y == 0)
          error("divides by zero");
        // ONNX integer division truncates (as C does).
        out.values[flat] = isFloat ? x / y : std::trunc(x / y);
      }
    }
    return out;
  }

  const NodeProto &node;
  const std::vector<const Constant *> &inputs;
  const std::string &where;
};

} // namespace

bool isFoldable(const std::string &op) {
  static const std::set<std::string> ops = {"Identity", "ConstantOfShape",
                                            "Concat",   "Reshape",
                                            "Slice",    "Transpose",
                                            "Cast",     "Unsqueeze",
                                            "Squeeze",  "Gather",
                                            "Add",      "Sub",
                                            "Mul",      "Div",
                                            "Neg"};
  return ops.count(op) != 0;
}

Constant foldConstant(const NodeProto &node,
                      const std::vector<const Constant *> &inputs,
                      const std::string &where) {
  return Folder(node, inputs, where).run();
}

} // namespace snnc::onnx
