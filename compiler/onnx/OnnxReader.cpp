//===- OnnxReader.cpp - ONNX detectors as snnc's layer description --------===//
#include "compiler/onnx/OnnxReader.h"

#include "compiler/darknet/CfgParser.h"
#include "compiler/onnx/OnnxConstantFolding.h"
#include "compiler/onnx/OnnxTensors.h"
#include "runtime/support/Error.h"
#include "runtime/support/Files.h"

#include <onnx/onnx_pb.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <optional>
#include <set>

namespace snnc::onnx {

using darknet::Activation;
using darknet::Layer;
using darknet::LayerKind;
using darknet::Shape;
using ::onnx::AttributeProto;
using ::onnx::GraphProto;
using ::onnx::ModelProto;
using ::onnx::NodeProto;

bool isOnnxPath(const std::string &path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return ext == ".onnx";
}

namespace {

// The darknet front end's bounds, so that both formats admit the same nets.
constexpr int64_t kMaxDim = 1 << 16;
constexpr int64_t kMaxKernel = 64;
constexpr int64_t kMaxFilters = 1 << 20;

/// Operators that only decode detections after the heads: dropped.
const std::set<std::string> &decodeOperators() {
  static const std::set<std::string> ops = {"Reshape",
                                            "Transpose",
                                            "Slice",
                                            "Sigmoid",
                                            "Exp",
                                            "Softmax",
                                            "Split",
                                            "Gather",
                                            "GatherElements",
                                            "Flatten",
                                            "Squeeze",
                                            "Unsqueeze",
                                            "Mul",
                                            "Sub",
                                            "Div",
                                            "Pow",
                                            "Cast",
                                            "Shape",
                                            "ConstantOfShape",
                                            "Range",
                                            "Expand",
                                            "Tile",
                                            "Where",
                                            "Equal",
                                            "Less",
                                            "Greater",
                                            "Floor",
                                            "Ceil",
                                            "Log",
                                            "Sqrt",
                                            "ArgMax",
                                            "ReduceMax",
                                            "TopK",
                                            "NonMaxSuppression",
                                            "NonZero",
                                            "Min",
                                            "Max",
                                            "Not",
                                            "And",
                                            "Or",
                                            "ScatterND",
                                            "Clip",
                                            "Neg",
                                            "Abs",
                                            "Round"};
  return ops;
}

const char *kSupported =
    "snnc imports Conv, BatchNormalization, Relu, LeakyRelu, MaxPool, Pad, "
    "Add (a per-channel constant after a convolution), Concat, Resize and "
    "Upsample (nearest, integer scale), Identity and Dropout, and drops "
    "detection decoding (Reshape, Transpose, Slice, Sigmoid, Exp, ...) "
    "after the heads";

/// What a tensor name stands for while the graph is walked.
struct Tensor {
  enum Kind { Input, Layer, Constant, Padded, Decode } kind = Input;
  int layer = -1; ///< Layer: the darknet layer that produces it.
  /// Layer: 0 convolution, 1 after batch norm, 2 after the activation,
  /// 3 not a convolution. Later nodes fuse into a convolution only while its
  /// output is at an earlier stage.
  int stage = 3;
  Shape shape;            ///< Input, Layer, Padded.
  std::string source;     ///< Padded: the tensor it pads.
  int64_t pads[4] = {};   ///< Padded: top, left, bottom, right.
  double padValue = 0;    ///< Padded.
  std::string decodeNode; ///< Decode: the node where decoding began,
  std::string decodeOp;   ///< and its operator.
  onnx::Constant value;   ///< Constant.
};

/// A convolution's parameters while later nodes may still fuse into it.
struct ConvParams {
  std::vector<float> weights, bias;
  bool batchNorm = false;
  std::vector<float> gamma, beta, mean, variance;
};

class Reader {
public:
  Reader(const ModelProto &model, const std::string &path,
         const HeadDescription &head)
      : model(model), graph(model.graph()), path(path), head(head) {}

  OnnxModel run() {
    net.cfgPath = path;
    readOpset();
    countConsumers();
    readDeclaredShapes();
    for (const auto &init : graph.initializer()) {
      Tensor t;
      t.kind = Tensor::Constant;
      t.value = readConstant(init, path, "initializer '" + init.name() + "'");
      tensors[init.name()] = std::move(t);
    }
    readInput();
    for (int i = 0; i < graph.node_size(); ++i)
      readNode(graph.node(i), i);
    for (const auto &output : graph.output())
      markGraphOutput(output.name());
    addHeads();
    return finish();
  }

private:
  // --- set-up ----------------------------------------------------------
  void readOpset() {
    for (const auto &op : model.opset_import())
      if (op.domain().empty() || op.domain() == "ai.onnx")
        opset = op.version();
    if (opset == 0)
      fail("{}: the model imports no version of the default ONNX operator "
           "set (opset_import)",
           path);
    if (opset < 7 || opset > 18)
      fail("{}: opset {} is outside the versions snnc reads (7-18)", path,
           opset);
  }

  /// Identity and Dropout only rename a tensor: readers of the new name
  /// read the old one. Fusion needs the readers of the tensor itself.
  const std::string &resolve(const std::string &name) const {
    auto it = aliases.find(name);
    return it == aliases.end() ? name : it->second;
  }

  void countConsumers() {
    for (const auto &node : graph.node())
      if ((node.op_type() == "Identity" || node.op_type() == "Dropout") &&
          node.input_size() > 0 && node.output_size() > 0)
        aliases[node.output(0)] = resolve(node.input(0));
    for (const auto &node : graph.node()) {
      if (node.op_type() == "Identity" || node.op_type() == "Dropout")
        continue;
      for (const auto &input : node.input())
        if (!input.empty())
          ++consumers[resolve(input)];
    }
    for (const auto &output : graph.output())
      ++consumers[resolve(output.name())];
  }

  /// Shapes the file states (value_info and outputs), to check ours against.
  void readDeclaredShapes() {
    auto record = [&](const ::onnx::ValueInfoProto &info) {
      if (!info.type().has_tensor_type() ||
          !info.type().tensor_type().has_shape())
        return;
      std::vector<int64_t> dims;
      for (const auto &d : info.type().tensor_type().shape().dim())
        dims.push_back(d.has_dim_value() ? d.dim_value() : -1);
      declared[info.name()] = dims;
    };
    for (const auto &info : graph.value_info())
      record(info);
    for (const auto &info : graph.output())
      record(info);
  }

  void readInput() {
    std::set<std::string> initializers;
    for (const auto &init : graph.initializer())
      initializers.insert(init.name());
    const ::onnx::ValueInfoProto *input = nullptr;
    for (const auto &candidate : graph.input()) {
      if (initializers.count(candidate.name()))
        continue; // old exporters list initializers as inputs too
      if (input)
        fail("{}: the graph has more than one input ('{}', '{}'); a "
             "detector takes one image",
             path, input->name(), candidate.name());
      input = &candidate;
    }
    if (!input)
      fail("{}: the graph has no input", path);
    const auto &type = input->type();
    if (!type.has_tensor_type() || !type.tensor_type().has_shape())
      fail("{}: input '{}' has no tensor shape", path, input->name());
    if (type.tensor_type().elem_type() != ::onnx::TensorProto::FLOAT)
      fail("{}: input '{}' has element type {}; snnc feeds float images", path,
           input->name(), type.tensor_type().elem_type());
    const auto &shape = type.tensor_type().shape();
    if (shape.dim_size() != 4)
      fail("{}: input '{}' has rank {}; snnc expects an NCHW image "
           "(1 x channels x height x width)",
           path, input->name(), shape.dim_size());
    int64_t dims[4];
    for (int i = 0; i < 4; ++i)
      dims[i] = shape.dim(i).has_dim_value() ? shape.dim(i).dim_value() : -1;
    if (dims[0] != 1 && dims[0] != -1)
      fail("{}: input '{}' has batch size {}; snnc runs one image at a time",
           path, input->name(), dims[0]);
    for (int i = 1; i < 4; ++i)
      if (dims[i] < 1 || dims[i] > (i == 1 ? 4096 : kMaxDim))
        fail("{}: input '{}' dimension {} is {}; channels, height and width "
             "must be fixed numbers in [1, {}]",
             path, input->name(), i, dims[i], i == 1 ? 4096 : kMaxDim);
    net.channels = dims[1];
    net.height = dims[2];
    net.width = dims[3];
    Tensor t;
    t.kind = Tensor::Input;
    t.shape = {dims[1], dims[2], dims[3]};
    tensors[input->name()] = t;
  }

  // --- helpers ---------------------------------------------------------
  std::string nodeName(const NodeProto &node, int index) const {
    return node.name().empty() ? fmt::format("#{}", index) : node.name();
  }

  template <typename... Args>
  [[noreturn]] void nodeError(fmt::format_string<Args...> format,
                              Args &&...args) {
    fail("{}: node '{}' ({}): {}", path, currentName, currentOp,
         fmt::format(format, std::forward<Args>(args)...));
  }

  const Tensor &tensor(const std::string &name) {
    auto it = tensors.find(name);
    if (it == tensors.end())
      nodeError("reads '{}', which no earlier node produces (nodes must be "
                "in topological order)",
                name);
    return it->second;
  }

  const Tensor &input(const NodeProto &node, int i) {
    if (i >= node.input_size() || node.input(i).empty())
      nodeError("input {} is missing", i);
    return tensor(node.input(i));
  }

  const onnx::Constant *optionalConstant(const NodeProto &node, int i) {
    if (i >= node.input_size() || node.input(i).empty())
      return nullptr;
    const Tensor &t = tensor(node.input(i));
    if (t.kind != Tensor::Constant)
      nodeError("input {} ('{}') must be a constant (an initializer or a "
                "Constant node)",
                i, node.input(i));
    return &t.value;
  }

  const onnx::Constant &constant(const NodeProto &node, int i) {
    const onnx::Constant *c = optionalConstant(node, i);
    if (!c)
      nodeError("input {} is missing", i);
    return *c;
  }

  const AttributeProto *attribute(const NodeProto &node,
                                  const std::string &name) {
    for (const auto &a : node.attribute())
      if (a.name() == name)
        return &a;
    return nullptr;
  }

  std::vector<int64_t> ints(const NodeProto &node, const std::string &name,
                            std::vector<int64_t> fallback) {
    const AttributeProto *a = attribute(node, name);
    if (!a)
      return fallback;
    return std::vector<int64_t>(a->ints().begin(), a->ints().end());
  }

  int64_t intAttr(const NodeProto &node, const std::string &name,
                  int64_t fallback) {
    const AttributeProto *a = attribute(node, name);
    return a ? a->i() : fallback;
  }

  float floatAttr(const NodeProto &node, const std::string &name,
                  float fallback) {
    const AttributeProto *a = attribute(node, name);
    return a ? a->f() : fallback;
  }

  std::string stringAttr(const NodeProto &node, const std::string &name,
                         const std::string &fallback) {
    const AttributeProto *a = attribute(node, name);
    return a ? a->s() : fallback;
  }

  void define(const NodeProto &node, int output, Tensor t) {
    if (output >= node.output_size() || node.output(output).empty())
      return;
    const std::string &name = node.output(output);
    if (tensors.count(name))
      nodeError("writes '{}', which is already defined", name);
    if (t.kind == Tensor::Layer)
      checkDeclared(name, t.shape);
    tensors[name] = std::move(t);
  }

  void checkDeclared(const std::string &name, const Shape &s) {
    auto it = declared.find(name);
    if (it == declared.end())
      return;
    const std::vector<int64_t> &d = it->second;
    int64_t ours[4] = {1, s.c, s.h, s.w};
    bool same = d.size() == 4;
    for (size_t i = 0; same && i < 4; ++i)
      same = d[i] < 0 || d[i] == ours[i];
    if (!same) {
      std::vector<std::string> text;
      for (int64_t v : d)
        text.push_back(v < 0 ? "?" : std::to_string(v));
      nodeError("output '{}' is 1x{}x{}x{} by ONNX's shape rules, but the "
                "file declares {}",
                name, s.c, s.h, s.w, fmt::join(text, "x"));
    }
  }

  Tensor layerTensor(int layer, int stage) {
    Tensor t;
    t.kind = Tensor::Layer;
    t.layer = layer;
    t.stage = stage;
    t.shape = net.layers[layer].output;
    return t;
  }

  /// Makes `t` the current input of the next layer: a one-layer route when
  /// it is not the last layer's output (darknet layers read the previous
  /// layer). Returns its shape.
  Shape consume(const Tensor &t) {
    if (t.kind == Tensor::Input) {
      if (!net.layers.empty())
        nodeError("reads the network input after other layers; snnc's layer "
                  "lists can re-read only layer outputs");
      return t.shape;
    }
    if (t.kind != Tensor::Layer)
      nodeError("reads a tensor that is not a layer output");
    if (t.layer != static_cast<int>(net.layers.size()) - 1)
      addRoute({t.layer}, "route for " + currentName);
    return t.shape;
  }

  int addLayer(Layer layer) {
    if (layer.output.c <= 0 || layer.output.h <= 0 || layer.output.w <= 0)
      nodeError("produces an empty output ({}x{}x{})", layer.output.c,
                layer.output.h, layer.output.w);
    if (layer.output.c * layer.output.h * layer.output.w > kMaxTensorElements)
      nodeError("output {}x{}x{} exceeds {} values", layer.output.c,
                layer.output.h, layer.output.w, kMaxTensorElements);
    if (layer.origin.empty())
      layer.origin = currentName;
    // Locations and QAT metadata find layers by line: for ONNX models the
    // "line" is the 1-based layer number (unique; the node is the origin).
    layer.line = static_cast<int>(net.layers.size()) + 1;
    net.layers.push_back(std::move(layer));
    convs.emplace_back();
    return static_cast<int>(net.layers.size()) - 1;
  }

  void addRoute(const std::vector<int> &sources, const std::string &origin) {
    Layer route;
    route.kind = LayerKind::Route;
    route.routeLayers = sources;
    route.output = net.layers[sources.front()].output;
    route.output.c = 0;
    for (int s : sources)
      route.output.c += net.layers[s].output.c;
    route.input = route.output;
    route.origin = origin;
    addLayer(std::move(route));
  }

  // --- nodes -----------------------------------------------------------
  void readNode(const NodeProto &node, int index) {
    currentName = nodeName(node, index);
    currentOp = node.op_type();
    if (!node.domain().empty() && node.domain() != "ai.onnx")
      nodeError("is in operator domain '{}'; {}", node.domain(), kSupported);
    const std::string &op = node.op_type();
    if (op == "Constant")
      return readConstantNode(node);

    const Tensor *decodeInput = nullptr;
    for (const auto &name : node.input())
      if (!name.empty() && tensor(name).kind == Tensor::Decode) {
        decodeInput = &tensor(name);
        break;
      }
    bool structural = op == "Conv" || op == "BatchNormalization" ||
                      op == "Relu" || op == "LeakyRelu" || op == "MaxPool" ||
                      op == "Pad" || op == "Resize" || op == "Upsample";
    if (decodeInput && structural)
      nodeError("reads the output of node '{}' ({}), an operator snnc takes "
                "only as detection decoding after the heads (and drops); "
                "inside the network, {}",
                decodeInput->decodeNode, decodeInput->decodeOp, kSupported);
    bool allConstant = node.input_size() > 0;
    for (const auto &name : node.input())
      allConstant &= name.empty() || tensor(name).kind == Tensor::Constant;
    if (allConstant && isFoldable(op))
      return readFoldedNode(node);
    if (op == "Shape" && !decodeInput)
      return readShape(node);
    if (decodeInput || decodeOperators().count(op))
      return readDecodeNode(node, decodeInput);

    if (op == "Conv")
      return readConv(node);
    if (op == "BatchNormalization")
      return readBatchNorm(node);
    if (op == "Relu" || op == "LeakyRelu")
      return readActivation(node);
    if (op == "Add")
      return readAdd(node);
    if (op == "MaxPool")
      return readMaxPool(node);
    if (op == "Pad")
      return readPad(node);
    if (op == "Concat")
      return readConcat(node);
    if (op == "Resize" || op == "Upsample")
      return readResize(node);
    if (op == "Identity" || op == "Dropout") {
      if (node.output_size() > 1 && !node.output(1).empty() &&
          consumers[node.output(1)] > 0)
        nodeError("its mask output is used; only inference graphs are read");
      define(node, 0, input(node, 0));
      return;
    }
    nodeError("operator {} is not supported; {}", op, kSupported);
  }

  void readConstantNode(const NodeProto &node) {
    const AttributeProto *value = attribute(node, "value");
    if (!value || !value->has_t())
      nodeError("only Constant nodes with a tensor 'value' are supported");
    Tensor t;
    t.kind = Tensor::Constant;
    t.value =
        readConstant(value->t(), path, "Constant node '" + currentName + "'");
    define(node, 0, std::move(t));
  }

  void readFoldedNode(const NodeProto &node) {
    std::vector<const onnx::Constant *> values;
    for (const auto &name : node.input())
      values.push_back(name.empty() ? nullptr : &tensor(name).value);
    Tensor t;
    t.kind = Tensor::Constant;
    t.value = foldConstant(
        node, values,
        fmt::format("{}: node '{}' ({})", path, currentName, currentOp));
    define(node, 0, std::move(t));
  }

  /// Shape of a tensor whose shape is known: a constant.
  void readShape(const NodeProto &node) {
    const Tensor &x = input(node, 0);
    if (x.kind != Tensor::Layer && x.kind != Tensor::Input)
      return readDecodeNode(node, nullptr);
    std::vector<int64_t> dims = {1, x.shape.c, x.shape.h, x.shape.w};
    int64_t start = intAttr(node, "start", 0), end = intAttr(node, "end", 4);
    start = std::clamp<int64_t>(start < 0 ? start + 4 : start, 0, 4);
    end = std::clamp<int64_t>(end < 0 ? end + 4 : end, 0, 4);
    Tensor t;
    t.kind = Tensor::Constant;
    t.value.dims = {std::max<int64_t>(0, end - start)};
    for (int64_t i = start; i < end; ++i)
      t.value.values.push_back(static_cast<double>(dims[i]));
    define(node, 0, std::move(t));
  }

  void readDecodeNode(const NodeProto &node, const Tensor *decodeInput) {
    for (const auto &name : node.input()) {
      if (name.empty())
        continue;
      const Tensor &t = tensor(name);
      if (t.kind == Tensor::Input || t.kind == Tensor::Padded)
        nodeError("computes on the network input ('{}'); snnc feeds the "
                  "image (RGB in [0, 1]) straight to the first layer, so "
                  "normalization or other arithmetic before it is not "
                  "supported",
                  name);
      if (t.kind == Tensor::Layer)
        markHeadCandidate(name);
    }
    ++decodeNodesDropped;
    Tensor t;
    t.kind = Tensor::Decode;
    t.decodeNode = decodeInput ? decodeInput->decodeNode : currentName;
    t.decodeOp = decodeInput ? decodeInput->decodeOp : currentOp;
    for (int i = 0; i < node.output_size(); ++i)
      define(node, i, t);
  }

  void markHeadCandidate(const std::string &name) {
    if (std::find(candidates.begin(), candidates.end(), name) ==
        candidates.end())
      candidates.push_back(name);
  }

  void markGraphOutput(const std::string &name) {
    auto it = tensors.find(name);
    if (it == tensors.end())
      fail("{}: graph output '{}' is produced by no node", path, name);
    if (it->second.kind == Tensor::Layer)
      markHeadCandidate(name);
    else if (it->second.kind != Tensor::Decode)
      fail("{}: graph output '{}' is not computed from the input image", path,
           name);
  }

  /// The four ONNX pads of a 2-D operator as top, left, bottom, right, with
  /// auto_pad resolved.
  std::array<int64_t, 4> spatialPads(const NodeProto &node, const Shape &in,
                                     int64_t kernel, int64_t stride) {
    std::string autoPad = stringAttr(node, "auto_pad", "NOTSET");
    if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
      std::array<int64_t, 4> p{};
      const int64_t size[2] = {in.h, in.w};
      for (int axis = 0; axis < 2; ++axis) {
        int64_t out = (size[axis] + stride - 1) / stride;
        int64_t total =
            std::max<int64_t>(0, (out - 1) * stride + kernel - size[axis]);
        int64_t small = total / 2, large = total - small;
        p[axis] = autoPad == "SAME_UPPER" ? small : large;
        p[axis + 2] = autoPad == "SAME_UPPER" ? large : small;
      }
      return p;
    }
    if (autoPad == "VALID")
      return {0, 0, 0, 0};
    if (autoPad != "NOTSET")
      nodeError("auto_pad '{}' is not an ONNX value", autoPad);
    std::vector<int64_t> pads = ints(node, "pads", {0, 0, 0, 0});
    if (pads.size() != 4)
      nodeError("has {} pads; a 2-D operator has 4", pads.size());
    for (int64_t p : pads)
      if (p < 0 || p > kMaxKernel)
        nodeError("pad {} is outside [0, {}]", p, kMaxKernel);
    return {pads[0], pads[1], pads[2], pads[3]};
  }

  /// Kernel, stride and dilation of a square 2-D window.
  void squareWindow(const NodeProto &node, const std::vector<int64_t> &kernel,
                    int64_t &size, int64_t &stride) {
    if (kernel.size() != 2 || kernel[0] != kernel[1])
      nodeError("kernel_shape [{}] is not square 2-D; snnc's layers have "
                "square kernels",
                fmt::join(kernel, ", "));
    std::vector<int64_t> strides = ints(node, "strides", {1, 1});
    if (strides.size() != 2 || strides[0] != strides[1])
      nodeError("strides [{}] differ; snnc's layers have one stride",
                fmt::join(strides, ", "));
    for (int64_t d : ints(node, "dilations", {1, 1}))
      if (d != 1)
        nodeError("dilation {} is not supported", d);
    size = kernel[0];
    stride = strides[0];
    if (size < 1 || size > kMaxKernel || stride < 1 || stride > kMaxKernel)
      nodeError("kernel {} or stride {} is outside [1, {}]", size, stride,
                kMaxKernel);
  }

  /// Unwraps a Pad in front of a Conv or MaxPool into `pads`.
  const Tensor &unpad(const Tensor &t, std::array<int64_t, 4> &pads,
                      double requiredValue) {
    if (t.kind != Tensor::Padded)
      return t;
    if (!(t.padValue == requiredValue ||
          (std::isinf(requiredValue) && t.padValue <= -3.0e38)))
      nodeError("follows a Pad with value {}; a {} can absorb only padding "
                "with {}",
                t.padValue, currentOp, requiredValue);
    for (int i = 0; i < 4; ++i)
      pads[i] += t.pads[i];
    return tensor(t.source);
  }

  void readConv(const NodeProto &node) {
    std::array<int64_t, 4> pads{};
    const Tensor &x = unpad(input(node, 0), pads, 0.0);
    const onnx::Constant &w = constant(node, 1);
    const onnx::Constant *b = optionalConstant(node, 2);
    if (int64_t group = intAttr(node, "group", 1); group != 1)
      nodeError("group={} is not supported (only dense convolutions)", group);
    if (w.dims.size() != 4)
      nodeError("weight has rank {}; a 2-D convolution's is 4", w.dims.size());
    int64_t size = 0, stride = 0;
    squareWindow(node, ints(node, "kernel_shape", {w.dims[2], w.dims[3]}), size,
                 stride);
    if (w.dims[2] != size || w.dims[3] != size)
      nodeError("weight is {}x{} but kernel_shape says {}", w.dims[2],
                w.dims[3], size);
    Shape in =
        x.kind == Tensor::Input || x.kind == Tensor::Layer ? x.shape : Shape{};
    std::array<int64_t, 4> own = spatialPads(node, in, size, stride);
    for (int i = 0; i < 4; ++i)
      pads[i] += own[i];
    if (pads[0] != pads[1] || pads[0] != pads[2] || pads[0] != pads[3])
      nodeError("pads (top {}, left {}, bottom {}, right {}) are not equal on "
                "all sides; snnc's convolutions pad symmetrically",
                pads[0], pads[1], pads[2], pads[3]);
    int64_t filters = w.dims[0];
    if (filters < 1 || filters > kMaxFilters)
      nodeError("{} filters is outside [1, {}]", filters, kMaxFilters);
    in = consume(x);
    if (w.dims[1] != in.c)
      nodeError("weight expects {} input channels, the input has {}", w.dims[1],
                in.c);
    if (b && b->size() != filters)
      nodeError("bias has {} values for {} filters", b->size(), filters);
    Layer layer;
    layer.kind = LayerKind::Convolutional;
    layer.filters = filters;
    layer.size = size;
    layer.stride = stride;
    layer.padding = pads[0];
    layer.input = in;
    if (in.h + 2 * pads[0] < size || in.w + 2 * pads[0] < size)
      nodeError("kernel size {} does not fit the {}x{} input with padding {}",
                size, in.h, in.w, pads[0]);
    layer.output = {filters, (in.h + 2 * pads[0] - size) / stride + 1,
                    (in.w + 2 * pads[0] - size) / stride + 1};
    int index = addLayer(std::move(layer));
    convs[index].weights = w.floats();
    convs[index].bias = b ? b->floats() : std::vector<float>(filters, 0.0f);
    define(node, 0, layerTensor(index, 0));
  }

  /// The convolution a fusing node (BN, Add, activation) extends: its input
  /// must be that convolution's output at a stage before `stage`, read by
  /// nothing else.
  int fusionTarget(const NodeProto &node, const Tensor &x, int stage,
                   const char *what) {
    if (x.kind != Tensor::Layer || x.stage >= stage ||
        consumers[resolve(node.input(0))] != 1)
      nodeError("{} must directly follow a Conv{} whose output nothing else "
                "reads (snnc's layers are conv [+ batch norm] [+ bias] [+ "
                "activation])",
                what, stage > 1 ? " (and BatchNormalization)" : "");
    return x.layer;
  }

  void readBatchNorm(const NodeProto &node) {
    const Tensor &x = input(node, 0);
    int index = fusionTarget(node, x, 1, "BatchNormalization");
    if (intAttr(node, "training_mode", 0) != 0)
      nodeError("training_mode=1; only inference graphs are read");
    if (intAttr(node, "spatial", 1) != 1)
      nodeError("spatial=0 is not supported");
    for (int i = 1; i < node.output_size(); ++i)
      if (!node.output(i).empty() && consumers[node.output(i)] > 0)
        nodeError("its running statistics outputs are used; only inference "
                  "graphs are read");
    int64_t c = net.layers[index].filters;
    ConvParams &p = convs[index];
    const char *names[4] = {"scale", "B", "mean", "var"};
    std::vector<float> *targets[4] = {&p.gamma, &p.beta, &p.mean, &p.variance};
    for (int i = 0; i < 4; ++i) {
      const onnx::Constant &v = constant(node, i + 1);
      if (v.size() != c)
        nodeError("{} has {} values for {} channels", names[i], v.size(), c);
      *targets[i] = v.floats();
    }
    for (int64_t i = 0; i < c; ++i)
      if (p.variance[i] < 0)
        nodeError("var[{}] = {} is negative", i, p.variance[i]);
    float epsilon = floatAttr(node, "epsilon", 1e-5f);
    if (!(epsilon > 0) || !std::isfinite(epsilon))
      nodeError("epsilon {} is not a finite positive number", epsilon);
    // Folding the convolution's bias into the mean keeps darknet's form
    // (a batch-normalized convolution has no bias of its own).
    for (int64_t i = 0; i < c; ++i)
      p.mean[i] -= p.bias[i];
    std::fill(p.bias.begin(), p.bias.end(), 0.0f);
    p.batchNorm = true;
    net.layers[index].batchNormalize = true;
    net.layers[index].bnEpsilon = epsilon;
    define(node, 0, layerTensor(index, 1));
  }

  void readAdd(const NodeProto &node) {
    const Tensor &a = input(node, 0);
    const Tensor &b = input(node, 1);
    if (a.kind != Tensor::Constant && b.kind != Tensor::Constant)
      nodeError("adds two computed tensors (a residual connection); snnc "
                "converts Tiny-YOLO-family detectors, whose layers have no "
                "element-wise sum");
    bool constantFirst = a.kind == Tensor::Constant;
    const Tensor &x = constantFirst ? b : a;
    const onnx::Constant &value = (constantFirst ? a : b).value;
    int index = -1;
    if (x.kind != Tensor::Layer || x.stage >= 2 ||
        consumers[resolve(node.input(constantFirst ? 1 : 0))] != 1)
      nodeError("adds a constant to a tensor that is not a convolution's "
                "output before its activation (read by nothing else); only "
                "that is a bias");
    index = x.layer;
    int64_t c = net.layers[index].filters;
    const std::vector<int64_t> &d = value.dims;
    bool perChannel =
        (d.size() == 3 && d[0] == c && d[1] == 1 && d[2] == 1) ||
        (d.size() == 4 && d[0] == 1 && d[1] == c && d[2] == 1 && d[3] == 1);
    if (!perChannel && value.size() != 1)
      nodeError("adds a constant of shape [{}]; a bias is [{}, 1, 1] or "
                "[1, {}, 1, 1] (or one value)",
                fmt::join(d, ", "), c, c);
    ConvParams &p = convs[index];
    std::vector<float> &target = x.stage == 0 ? p.bias : p.beta;
    for (int64_t i = 0; i < c; ++i)
      target[i] += static_cast<float>(value.values[perChannel ? i : 0]);
    define(node, 0, layerTensor(index, x.stage));
  }

  void readActivation(const NodeProto &node) {
    const Tensor &x = input(node, 0);
    int index = fusionTarget(node, x, 2, currentOp.c_str());
    Layer &layer = net.layers[index];
    if (currentOp == "Relu") {
      layer.activation = Activation::Relu;
    } else {
      float alpha = floatAttr(node, "alpha", 0.01f);
      if (!std::isfinite(alpha) || alpha < 0 || alpha >= 1)
        nodeError("alpha {} is outside [0, 1)", alpha);
      layer.activation = Activation::Leaky;
      layer.leakySlope = alpha;
    }
    define(node, 0, layerTensor(index, 2));
  }

  void readMaxPool(const NodeProto &node) {
    if (node.output_size() > 1 && !node.output(1).empty() &&
        consumers[node.output(1)] > 0)
      nodeError("its Indices output is used");
    std::array<int64_t, 4> pads{};
    const Tensor &x =
        unpad(input(node, 0), pads, -std::numeric_limits<double>::infinity());
    int64_t size = 0, stride = 0;
    squareWindow(node, ints(node, "kernel_shape", {}), size, stride);
    std::array<int64_t, 4> own = spatialPads(node, x.shape, size, stride);
    for (int i = 0; i < 4; ++i)
      pads[i] += own[i];
    // darknet pads `padding` in total, padding / 2 before: top == left,
    // bottom == right, and bottom is top or top + 1.
    int64_t total = pads[0] + pads[2];
    if (pads[0] != pads[1] || pads[2] != pads[3] || pads[0] != total / 2)
      nodeError("pads (top {}, left {}, bottom {}, right {}) are not "
                "darknet's max-pool padding (the same on top and left, on "
                "bottom and right, with bottom = top or top + 1)",
                pads[0], pads[1], pads[2], pads[3]);
    Shape in = consume(x);
    if (in.h + total < size || in.w + total < size)
      nodeError("pool size {} does not fit the {}x{} input", size, in.h, in.w);
    Layer layer;
    layer.kind = LayerKind::MaxPool;
    layer.size = size;
    layer.stride = stride;
    layer.padding = total;
    layer.input = in;
    layer.output = {in.c, (in.h + total - size) / stride + 1,
                    (in.w + total - size) / stride + 1};
    if (intAttr(node, "ceil_mode", 0)) {
      int64_t ceilH = (in.h + total - size + stride - 1) / stride + 1;
      int64_t ceilW = (in.w + total - size + stride - 1) / stride + 1;
      if (ceilH != layer.output.h || ceilW != layer.output.w)
        nodeError("ceil_mode=1 gives {}x{} where darknet's floor gives {}x{}",
                  ceilH, ceilW, layer.output.h, layer.output.w);
    }
    int index = addLayer(std::move(layer));
    define(node, 0, layerTensor(index, 3));
  }

  void readPad(const NodeProto &node) {
    const Tensor &x = input(node, 0);
    if (x.kind != Tensor::Layer && x.kind != Tensor::Input)
      nodeError("pads a tensor that is not a layer output or the input");
    std::string mode = stringAttr(node, "mode", "constant");
    if (mode != "constant")
      nodeError("mode '{}' is not supported (only constant padding, folded "
                "into the next Conv or MaxPool)",
                mode);
    std::vector<int64_t> pads;
    double value = 0;
    if (opset < 11) {
      pads = ints(node, "pads", {});
      value = floatAttr(node, "value", 0.0f);
    } else {
      pads = constant(node, 1).ints(
          fmt::format("{}: node '{}' ({}) pads", path, currentName, currentOp));
      if (const onnx::Constant *v = optionalConstant(node, 2)) {
        if (v->size() != 1)
          nodeError("constant_value has {} values", v->size());
        value = v->values[0];
      }
      if (node.input_size() > 3 && !node.input(3).empty())
        nodeError("the 'axes' input is not supported");
    }
    if (pads.size() != 8)
      nodeError("has {} pads; a 4-D tensor needs 8", pads.size());
    if (pads[0] || pads[1] || pads[4] || pads[5])
      nodeError("pads the batch or channel axis");
    for (int64_t p : pads)
      if (p < 0 || p > kMaxKernel)
        nodeError("pad {} is outside [0, {}]", p, kMaxKernel);
    Tensor t;
    t.kind = Tensor::Padded;
    t.source = node.input(0);
    t.shape = x.shape;
    t.pads[0] = pads[2];
    t.pads[1] = pads[3];
    t.pads[2] = pads[6];
    t.pads[3] = pads[7];
    t.padValue = value;
    define(node, 0, t);
  }

  void readConcat(const NodeProto &node) {
    int64_t axis = intAttr(node, "axis", 1);
    if (axis != 1 && axis != -3)
      nodeError("concatenates along axis {}; snnc concatenates channels "
                "(axis 1)",
                axis);
    std::vector<int> sources;
    Shape first{};
    for (int i = 0; i < node.input_size(); ++i) {
      const Tensor &t = input(node, i);
      if (t.kind != Tensor::Layer)
        nodeError("input '{}' is not a layer output; concatenation "
                  "(darknet's route) joins layer outputs",
                  node.input(i));
      if (i == 0)
        first = t.shape;
      else if (t.shape.h != first.h || t.shape.w != first.w)
        nodeError("joins {}x{} with {}x{}", first.h, first.w, t.shape.h,
                  t.shape.w);
      sources.push_back(t.layer);
    }
    if (sources.empty())
      nodeError("has no inputs");
    addRoute(sources, currentName);
    define(node, 0, layerTensor(static_cast<int>(net.layers.size()) - 1, 3));
  }

  /// The source index ONNX's nearest Resize reads for output `o`.
  int64_t nearestSource(int64_t o, int64_t inLen, int64_t outLen, double scale,
                        const std::string &transform,
                        const std::string &rounding) {
    double x;
    if (transform == "half_pixel")
      x = (o + 0.5) / scale - 0.5;
    else if (transform == "pytorch_half_pixel")
      x = outLen > 1 ? (o + 0.5) / scale - 0.5 : 0.0;
    else if (transform == "asymmetric")
      x = o / scale;
    else if (transform == "align_corners")
      x = outLen == 1 ? 0.0 : double(o) * (inLen - 1) / (outLen - 1);
    else if (transform == "tf_half_pixel_for_nn")
      x = (o + 0.5) / scale;
    else
      nodeError("coordinate_transformation_mode '{}' is not supported for "
                "upsampling",
                transform);
    double r;
    if (rounding == "floor")
      r = std::floor(x);
    else if (rounding == "ceil")
      r = std::ceil(x);
    else if (rounding == "round_prefer_floor")
      r = x - std::floor(x) == 0.5 ? std::floor(x) : std::round(x);
    else if (rounding == "round_prefer_ceil")
      r = x - std::floor(x) == 0.5 ? std::ceil(x) : std::round(x);
    else
      nodeError("nearest_mode '{}' is not an ONNX value", rounding);
    return std::clamp<int64_t>(static_cast<int64_t>(r), 0, inLen - 1);
  }

  void readResize(const NodeProto &node) {
    const Tensor &x = input(node, 0);
    if (x.kind != Tensor::Layer)
      nodeError("upsamples a tensor that is not a layer output");
    std::string mode = stringAttr(node, "mode", "nearest");
    if (mode != "nearest")
      nodeError("mode '{}' is not supported (only nearest)", mode);
    if (intAttr(node, "antialias", 0) != 0 || attribute(node, "axes"))
      nodeError("antialias and axes are not supported");
    // Upsample (opset 7-9) and Resize-10 read floor(o / scale).
    bool modern = currentOp == "Resize" && opset >= 11;
    std::string transform =
        modern
            ? stringAttr(node, "coordinate_transformation_mode", "half_pixel")
            : "asymmetric";
    std::string rounding =
        modern ? stringAttr(node, "nearest_mode", "round_prefer_floor")
               : "floor";
    std::vector<double> scales;
    if (currentOp == "Upsample" && opset < 9) {
      const AttributeProto *a = attribute(node, "scales");
      if (!a)
        nodeError("has no scales");
      scales.assign(a->floats().begin(), a->floats().end());
    } else {
      int scalesInput = modern ? 2 : 1;
      const onnx::Constant *s = optionalConstant(node, scalesInput);
      const onnx::Constant *sizes =
          modern ? optionalConstant(node, 3) : nullptr;
      if (s && s->size() > 0) {
        scales = s->values;
      } else if (sizes) {
        if (sizes->size() != 4)
          nodeError("sizes has {} values; a 4-D tensor needs 4", sizes->size());
        const int64_t dims[4] = {1, x.shape.c, x.shape.h, x.shape.w};
        for (int i = 0; i < 4; ++i)
          scales.push_back(sizes->values[i] / double(dims[i]));
      } else {
        nodeError("has neither scales nor sizes");
      }
    }
    if (scales.size() != 4 || scales[0] != 1 || scales[1] != 1 ||
        scales[2] != scales[3] || scales[2] < 1 ||
        scales[2] != std::floor(scales[2]) || scales[2] > kMaxKernel)
      nodeError("scales [{}] are not [1, 1, s, s] with an integer s in [1, "
                "{}]",
                fmt::join(scales, ", "), kMaxKernel);
    int64_t s = static_cast<int64_t>(scales[2]);
    Shape in = x.shape;
    for (int64_t len : {in.h, in.w})
      for (int64_t o = 0; o < len * s; ++o)
        if (nearestSource(o, len, len * s, double(s), transform, rounding) !=
            o / s)
          nodeError(
              "with coordinate_transformation_mode '{}' and "
              "nearest_mode '{}', output {} reads input {}, not {}: "
              "that is not nearest-neighbour upsampling by {}",
              transform, rounding, o,
              nearestSource(o, len, len * s, double(s), transform, rounding),
              o / s, s);
    in = consume(x);
    Layer layer;
    layer.kind = LayerKind::Upsample;
    layer.stride = s;
    layer.input = in;
    layer.output = {in.c, in.h * s, in.w * s};
    int index = addLayer(std::move(layer));
    define(node, 0, layerTensor(index, 3));
  }

  // --- heads -----------------------------------------------------------
  void addHeads() {
    currentName = "heads";
    currentOp = "detection head";
    if (candidates.empty())
      fail("{}: no layer output reaches a graph output or detection "
           "decoding: there is no head to decode",
           path);
    HeadDescription description = head;
    if (description.text.empty())
      for (const auto &prop : model.metadata_props())
        if (prop.key() == kHeadMetadataKey) {
          description.text = prop.value();
          description.path = path + " metadata '" + kHeadMetadataKey + "'";
        }
    if (description.text.empty()) {
      std::vector<std::string> listed;
      for (const std::string &name : candidates)
        listed.push_back(describe(name));
      fail("{}: the graph does not say how to decode its head input{} ({}): "
           "pass --head FILE with one [region] or [yolo] section per head "
           "(darknet cfg syntax; 'input = TENSOR' picks the tensor), or "
           "store that text in the model's metadata_props '{}'",
           path, candidates.size() > 1 ? "s" : "", fmt::join(listed, ", "),
           kHeadMetadataKey);
    }
    darknet::CfgFile cfg =
        darknet::parseCfg(description.text, description.path);
    if (cfg.sections.empty())
      fail("{}: no [region] or [yolo] section", description.path);
    size_t withInput = 0;
    for (const auto &section : cfg.sections)
      for (const auto &option : section.options)
        withInput += option.key == "input";
    if (withInput != 0 && withInput != cfg.sections.size())
      fail("{}: give 'input' in every section or in none", description.path);
    if (withInput == 0 && cfg.sections.size() != candidates.size()) {
      std::vector<std::string> listed;
      for (const std::string &name : candidates)
        listed.push_back(describe(name));
      fail("{}: {} head section{} for {} head input{} ({}); add "
           "'input = TENSOR' to each section to choose",
           description.path, cfg.sections.size(),
           cfg.sections.size() == 1 ? "" : "s", candidates.size(),
           candidates.size() == 1 ? "" : "s", fmt::join(listed, ", "));
    }
    for (size_t i = 0; i < cfg.sections.size(); ++i)
      addHead(cfg, cfg.sections[i], withInput ? "" : candidates[i]);
  }

  std::string describe(const std::string &name) {
    const Shape &s = tensors[name].shape;
    return fmt::format("'{}' {}x{}x{}", name, s.c, s.h, s.w);
  }

  void addHead(const darknet::CfgFile &cfg, darknet::CfgSection section,
               std::string inputName) {
    if (section.type != "region" && section.type != "yolo")
      fail("{}:{}: [{}] is not a detection head; use [region] or [yolo]",
           cfg.path, section.line, section.type);
    auto option = std::find_if(
        section.options.begin(), section.options.end(),
        [](const darknet::CfgOption &o) { return o.key == "input"; });
    if (option != section.options.end()) {
      inputName = option->value;
      int line = option->line;
      section.options.erase(option);
      auto it = tensors.find(inputName);
      if (it == tensors.end() || it->second.kind != Tensor::Layer)
        fail("{}:{}: input '{}' is not a layer output of the graph", cfg.path,
             line, inputName);
    }
    const Tensor &t = tensors[inputName];
    // The darknet front end checks the section against its input shape.
    darknet::CfgFile one;
    one.path = cfg.path;
    darknet::CfgSection netSection{"net", section.line, {}};
    netSection.options = {
        {"width", std::to_string(t.shape.w), section.line},
        {"height", std::to_string(t.shape.h), section.line},
        {"channels", std::to_string(t.shape.c), section.line}};
    one.sections = {netSection, section};
    Layer layer = darknet::buildNetwork(one).layers.front();
    if (t.layer != static_cast<int>(net.layers.size()) - 1)
      addRoute({t.layer}, "route for head '" + inputName + "'");
    layer.origin = "head '" + inputName + "'";
    layer.line = static_cast<int>(net.layers.size()) + 1;
    net.layers.push_back(std::move(layer));
    convs.emplace_back();
  }

  OnnxModel finish() {
    OnnxModel result;
    result.decodeNodesDropped = decodeNodesDropped;
    result.weights.layers.resize(net.layers.size());
    for (size_t i = 0; i < net.layers.size(); ++i) {
      if (net.layers[i].kind != LayerKind::Convolutional)
        continue;
      ConvParams &p = convs[i];
      darknet::ConvWeights &w = result.weights.layers[i];
      w.weights = std::move(p.weights);
      if (p.batchNorm) {
        w.biases = std::move(p.beta);
        w.scales = std::move(p.gamma);
        w.mean = std::move(p.mean);
        w.variance = std::move(p.variance);
      } else {
        w.biases = std::move(p.bias);
      }
    }
    result.network = std::move(net);
    return result;
  }

  const ModelProto &model;
  const GraphProto &graph;
  std::string path;
  HeadDescription head;
  int64_t opset = 0;
  std::map<std::string, int> consumers;
  std::map<std::string, std::string> aliases; ///< Identity/Dropout outputs.
  std::map<std::string, std::vector<int64_t>> declared;
  std::map<std::string, Tensor> tensors;
  std::vector<std::string> candidates; ///< Head inputs, in graph order.
  darknet::Network net;
  std::vector<ConvParams> convs; ///< One per layer (empty if not a conv).
  int decodeNodesDropped = 0;
  std::string currentName, currentOp;
};

} // namespace

OnnxModel parseOnnx(std::string_view bytes, const std::string &path,
                    const HeadDescription &head) {
  ModelProto model;
  if (bytes.size() > static_cast<size_t>(std::numeric_limits<int>::max()) ||
      !model.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
    fail("{}: not an ONNX model (the protobuf does not parse, {} bytes)", path,
         bytes.size());
  if (!model.has_graph() || model.graph().node_size() == 0)
    fail("{}: the ONNX model has no graph nodes", path);
  return Reader(model, path, head).run();
}

OnnxModel readOnnxFile(const std::string &path, const std::string &headPath) {
  HeadDescription head;
  if (!headPath.empty()) {
    head.text = readFileBytes(headPath);
    head.path = headPath;
    if (head.text.empty())
      fail("{}: the head description is empty", headPath);
  }
  return parseOnnx(readFileBytes(path), path, head);
}

} // namespace snnc::onnx
