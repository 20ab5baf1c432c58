//===- NirImport.cpp - NIR graphs as snnc spiking networks ----------------===//
#include "compiler/nir/NirImport.h"

#include "runtime/support/Error.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <optional>
#include <set>

namespace snnc::nir {

namespace {

/// The synapses of one layer (Conv2d, SumPool2d or Flatten + Affine) while
/// the neurons after them are not read yet.
struct Synapses {
  std::vector<float> weights, bias;
  std::array<int64_t, 2> kernel{1, 1}, strides{1, 1};
  std::array<int64_t, 4> padding{0, 0, 0, 0};
  TensorShape shape;  ///< Output shape.
  int input = -1;     ///< Spiking node index of the input.
  std::string source; ///< NIR node name, for messages.
};

class Importer {
public:
  Importer(const Group &root, const std::string &path)
      : root(root), path(path) {}

  SpikingGraph run() {
    const Group &graph = group(root, "node", "the file");
    if (text(graph, "type", "/node") != "NIRGraph")
      fail("{}: /node is a '{}', not a NIRGraph", path,
           text(graph, "type", "/node"));
    const Group &nodes = group(graph, "nodes", "/node");
    readEdges(graph);
    const Group *meta = nullptr;
    if (auto m = graph.groups.find("metadata"); m != graph.groups.end())
      if (auto s = m->second.groups.find("snnc"); s != m->second.groups.end())
        meta = &s->second;
    metadata = meta;
    if (meta)
      g.name = text(*meta, "network", "/node/metadata/snnc");
    if (g.name.empty())
      g.name = "nir";

    for (const std::string &name : topologicalOrder(nodes))
      readNode(name, nodes.groups.at(name));
    for (const auto &[name, s] : synapses)
      if (!consumed.count(name))
        fail("{}: node '{}' ({}) feeds no IF neurons or Output", path, name,
             typeOf(name));
    if (g.nodes.empty())
      fail("{}: the graph has no Input node", path);
    if (g.outputs.empty())
      fail("{}: the graph has no Output node", path);
    // Heads in the order of their names (output0, output1, ...), as the
    // export numbers them.
    std::stable_sort(g.outputs.begin(), g.outputs.end(), [&](int a, int b) {
      const std::string &x = g.nodes[size_t(a)].name;
      const std::string &y = g.nodes[size_t(b)].name;
      return x.size() != y.size() ? x.size() < y.size() : x < y;
    });
    try {
      g.validate();
    } catch (const Error &e) {
      fail("{}: {}", path, e.what());
    }
    return std::move(g);
  }

private:
  // --- tree access ------------------------------------------------------
  const Group &group(const Group &parent, const std::string &name,
                     const std::string &where) {
    auto it = parent.groups.find(name);
    if (it == parent.groups.end())
      fail("{}: {} has no group '{}'", path, where, name);
    return it->second;
  }
  const Dataset *find(const Group &parent, const std::string &name) {
    auto it = parent.datasets.find(name);
    return it == parent.datasets.end() ? nullptr : &it->second;
  }
  const Dataset &dataset(const Group &parent, const std::string &name,
                         const std::string &where) {
    const Dataset *d = find(parent, name);
    if (!d)
      fail("{}: {} has no dataset '{}'", path, where, name);
    return *d;
  }
  std::string text(const Group &parent, const std::string &name,
                   const std::string &where) {
    const Dataset &d = dataset(parent, name, where);
    if (!d.isString || d.strings.size() != 1)
      fail("{}: {}/{} is not a string", path, where, name);
    return d.strings.front();
  }
  std::vector<double> numbers(const Group &parent, const std::string &name,
                              const std::string &where) {
    const Dataset &d = dataset(parent, name, where);
    if (d.isString)
      fail("{}: {}/{} holds strings, not numbers", path, where, name);
    for (double v : d.numbers)
      if (!std::isfinite(v))
        fail("{}: {}/{} holds a non-finite value ({})", path, where, name, v);
    return d.numbers;
  }
  /// A dataset that must hold exactly one number.
  double scalar(const Group &parent, const std::string &name,
                const std::string &where) {
    std::vector<double> v = numbers(parent, name, where);
    if (v.size() != 1)
      fail("{}: {}/{} has {} values, expected one", path, where, name,
           v.size());
    return v.front();
  }

  /// Weights: finite numbers, in the shape the caller checks.
  std::vector<float> weights(const Group &node, const std::string &where) {
    std::vector<double> v = numbers(node, "weight", where);
    return std::vector<float>(v.begin(), v.end());
  }

  /// An int or a pair (NIR writes either) as two values.
  std::array<int64_t, 2> pair(const Group &node, const std::string &name,
                              const std::string &where, int64_t fallback) {
    if (!find(node, name))
      return {fallback, fallback};
    std::vector<double> v = numbers(node, name, where);
    if (v.size() == 1)
      v.push_back(v[0]);
    if (v.size() != 2) // also an empty array
      fail("{}: {}/{} has {} values, expected 1 or 2", path, where, name,
           v.size());
    for (double x : v)
      if (x != std::floor(x) || x < 0 || x > 64)
        fail("{}: {}/{} = {} is not an integer in [0, 64]", path, where, name,
             x);
    return {int64_t(v[0]), int64_t(v[1])};
  }

  std::string typeOf(const std::string &name) {
    return types.count(name) ? types[name] : "?";
  }

  // --- graph structure -------------------------------------------------
  void readEdges(const Group &graph) {
    const Dataset &e = dataset(graph, "edges", "/node");
    if (!e.isString) {
      if (e.size() != 0)
        fail("{}: /node/edges is not a list of name pairs", path);
      return;
    }
    if (e.shape.size() != 2 || e.shape[1] != 2)
      fail("{}: /node/edges has shape [{}], expected [E, 2]", path,
           fmt::join(e.shape, ", "));
    for (size_t i = 0; i + 1 < e.strings.size(); i += 2) {
      successors[e.strings[i]].push_back(e.strings[i + 1]);
      predecessors[e.strings[i + 1]].push_back(e.strings[i]);
    }
  }

  std::vector<std::string> topologicalOrder(const Group &nodes) {
    std::map<std::string, int> indegree;
    for (const auto &[name, node] : nodes.groups) {
      types[name] = text(node, "type", "/node/nodes/" + name);
      indegree[name] = 0;
    }
    for (const auto &[dst, srcs] : predecessors) {
      if (!indegree.count(dst))
        fail("{}: an edge leads to '{}', which is not a node", path, dst);
      for (const std::string &src : srcs)
        if (!indegree.count(src))
          fail("{}: an edge leaves '{}', which is not a node", path, src);
      indegree[dst] = int(srcs.size());
    }
    std::deque<std::string> ready;
    for (const auto &[name, d] : indegree)
      if (d == 0)
        ready.push_back(name);
    std::vector<std::string> order;
    while (!ready.empty()) {
      std::string name = ready.front();
      ready.pop_front();
      order.push_back(name);
      for (const std::string &next : successors[name])
        if (--indegree[next] == 0)
          ready.push_back(next);
    }
    if (order.size() != indegree.size())
      fail("{}: the graph has a cycle (recurrent NIR graphs are not "
           "supported)",
           path);
    return order;
  }

  const std::string &onlyPredecessor(const std::string &name) {
    const auto &p = predecessors[name];
    if (p.size() != 1)
      fail("{}: node '{}' ({}) has {} inputs; snnc's layers have one (NIR "
           "sums several, which snnc does not map)",
           path, name, typeOf(name), p.size());
    return p.front();
  }

  /// The spiking node that carries NIR node `name`'s output.
  int spikingInput(const std::string &name, const std::string &reader) {
    auto it = carried.find(name);
    if (it == carried.end())
      fail("{}: node '{}' ({}) reads '{}' ({}), which is not an Input or IF "
           "neurons",
           path, reader, typeOf(reader), name, typeOf(name));
    return it->second;
  }

  // --- nodes -----------------------------------------------------------
  void readNode(const std::string &name, const Group &node) {
    const std::string type = types[name];
    const std::string where = "/node/nodes/" + name;
    if (type == "Input")
      return readInput(name, node, where);
    if (type == "Conv2d")
      return readConv(name, node, where);
    if (type == "SumPool2d")
      return readSumPool(name, node, where);
    if (type == "Flatten") {
      flattened[name] = spikingInput(onlyPredecessor(name), name);
      return;
    }
    if (type == "Affine")
      return readAffine(name, node, where);
    if (type == "IF")
      return readIf(name, node, where);
    if (type == "Output")
      return readOutput(name, node, where);
    if (type == "LIF" || type == "CubaLIF" || type == "LI")
      fail("{}: node '{}' ({}): leaky neurons decay in proportion to their "
           "potential, which the chips' neurons (linear leak) cannot do; "
           "snnc imports IF neurons",
           path, name, type);
    fail("{}: node '{}' ({}) is not supported; snnc imports Input, Conv2d, "
         "SumPool2d, Flatten + Affine, IF and Output",
         path, name, type);
  }

  void readInput(const std::string &name, const Group &node,
                 const std::string &where) {
    if (!g.nodes.empty())
      fail("{}: a second Input node ('{}'); snnc networks take one image", path,
           name);
    std::vector<double> shape = numbers(node, "shape", where);
    if (shape.size() != 3)
      fail("{}: {}/shape has {} values; snnc takes an image (C, H, W)", path,
           where, shape.size());
    for (double v : shape)
      if (v < 1 || v > 65536 || v != std::floor(v))
        fail("{}: {}/shape holds {}", path, where, v);
    SpikingNode encoder;
    encoder.kind = SpikingKind::Encoder;
    encoder.name = name;
    encoder.encoder = EncoderMode::Analog;
    if (metadata && metadata->datasets.count("input_encoding") &&
        text(*metadata, "input_encoding", "/node/metadata/snnc") == "spikes")
      encoder.encoder = EncoderMode::Spikes;
    encoder.shape = {int64_t(shape[0]), int64_t(shape[1]), int64_t(shape[2])};
    g.nodes.push_back(encoder);
    carried[name] = 0;
  }

  const TensorShape &shapeOf(int node) { return g.nodes[size_t(node)].shape; }

  void readConv(const std::string &name, const Group &node,
                const std::string &where) {
    Synapses s;
    s.source = name;
    s.input = spikingInput(onlyPredecessor(name), name);
    const TensorShape &in = shapeOf(s.input);
    const Dataset &w = dataset(node, "weight", where);
    if (w.shape.size() != 4)
      fail("{}: {}/weight has rank {}; Conv2d's is 4", path, where,
           w.shape.size());
    if (find(node, "groups") &&
        numbers(node, "groups", where) != std::vector<double>{1})
      fail("{}: {}: groups other than 1 are not supported", path, where);
    if (pair(node, "dilation", where, 1) != std::array<int64_t, 2>{1, 1})
      fail("{}: {}: dilation other than 1 is not supported", path, where);
    for (int64_t d : w.shape)
      if (d < 1)
        fail("{}: {}/weight has shape [{}]: every dimension must be "
             "positive",
             path, where, fmt::join(w.shape, ", "));
    if (w.shape[1] != in.c)
      fail("{}: {}/weight expects {} input channels; '{}' gives {}", path,
           where, w.shape[1], onlyPredecessor(name), in.c);
    s.kernel = {w.shape[2], w.shape[3]};
    s.strides = pair(node, "stride", where, 1);
    if (s.strides[0] < 1 || s.strides[1] < 1)
      fail("{}: {}/stride must be positive", path, where);
    std::array<int64_t, 2> pad{0, 0};
    const Dataset *p = find(node, "padding");
    if (p && p->isString) {
      std::string mode = p->strings.empty() ? "" : p->strings.front();
      if (mode == "same") {
        if (s.kernel[0] % 2 == 0 || s.kernel[1] % 2 == 0 ||
            s.strides != std::array<int64_t, 2>{1, 1})
          fail("{}: {}: padding 'same' with an even kernel or a stride is "
               "not supported",
               path, where);
        pad = {s.kernel[0] / 2, s.kernel[1] / 2};
      } else if (mode != "valid") {
        fail("{}: {}/padding '{}' is not 'same' or 'valid'", path, where, mode);
      }
    } else {
      pad = pair(node, "padding", where, 0);
    }
    s.padding = {pad[0], pad[1], pad[0], pad[1]};
    if (const Dataset *shape = find(node, "input_shape"))
      if (shape->numbers.size() == 2 &&
          (shape->numbers[0] != in.h || shape->numbers[1] != in.w))
        fail("{}: {}/input_shape is {}x{}; '{}' gives {}x{}", path, where,
             shape->numbers[0], shape->numbers[1], onlyPredecessor(name), in.h,
             in.w);
    s.weights = weights(node, where);
    s.bias.assign(size_t(w.shape[0]), 0.0f);
    if (find(node, "bias")) {
      std::vector<double> b = numbers(node, "bias", where);
      if (int64_t(b.size()) != w.shape[0])
        fail("{}: {}/bias has {} values for {} output channels", path, where,
             b.size(), w.shape[0]);
      s.bias.assign(b.begin(), b.end());
    }
    finishSynapses(s, w.shape[0], in, where);
  }

  void readSumPool(const std::string &name, const Group &node,
                   const std::string &where) {
    Synapses s;
    s.source = name;
    s.input = spikingInput(onlyPredecessor(name), name);
    const TensorShape &in = shapeOf(s.input);
    s.kernel = pair(node, "kernel_size", where, 1);
    s.strides = pair(node, "stride", where, 1);
    std::array<int64_t, 2> pad = pair(node, "padding", where, 0);
    s.padding = {pad[0], pad[1], pad[0], pad[1]};
    if (s.kernel[0] < 1 || s.kernel[1] < 1 || s.strides[0] < 1 ||
        s.strides[1] < 1)
      fail("{}: {}: kernel and stride must be positive", path, where);
    // A sum over each channel's window: one weight of 1 per channel.
    int64_t k = s.kernel[0] * s.kernel[1];
    s.weights.assign(size_t(in.c * in.c * k), 0.0f);
    for (int64_t c = 0; c < in.c; ++c)
      std::fill_n(s.weights.begin() + (c * in.c + c) * k, k, 1.0f);
    s.bias.assign(size_t(in.c), 0.0f);
    finishSynapses(s, in.c, in, where);
  }

  /// Flatten + Affine: a convolution whose kernel covers the whole input.
  void readAffine(const std::string &name, const Group &node,
                  const std::string &where) {
    const std::string &from = onlyPredecessor(name);
    auto f = flattened.find(from);
    if (f == flattened.end())
      fail("{}: node '{}' (Affine) must follow a Flatten (snnc maps dense "
           "layers as convolutions over the whole input)",
           path, name);
    Synapses s;
    s.source = name;
    s.input = f->second;
    const TensorShape &in = shapeOf(s.input);
    const Dataset &w = dataset(node, "weight", where);
    if (w.shape.size() != 2 || w.shape[0] < 1 || w.shape[1] != in.size())
      fail("{}: {}/weight has shape [{}]; the flattened input has {} values",
           path, where, fmt::join(w.shape, ", "), in.size());
    s.kernel = {in.h, in.w};
    s.weights = weights(node, where);
    s.bias.assign(size_t(w.shape[0]), 0.0f);
    if (find(node, "bias")) {
      std::vector<double> b = numbers(node, "bias", where);
      if (int64_t(b.size()) != w.shape[0])
        fail("{}: {}/bias has {} values for {} outputs", path, where, b.size(),
             w.shape[0]);
      s.bias.assign(b.begin(), b.end());
    }
    finishSynapses(s, w.shape[0], in, where);
  }

  void finishSynapses(Synapses &s, int64_t channels, const TensorShape &in,
                      const std::string &where) {
    if (channels < 1)
      fail("{}: {}: no output channels", path, where);
    int64_t h = in.h + s.padding[0] + s.padding[2] - s.kernel[0];
    int64_t w = in.w + s.padding[1] + s.padding[3] - s.kernel[1];
    if (h < 0 || w < 0)
      fail("{}: {}: the {}x{} kernel does not fit the {}x{} input", path, where,
           s.kernel[0], s.kernel[1], in.h, in.w);
    s.shape = {channels, h / s.strides[0] + 1, w / s.strides[1] + 1};
    synapses[s.source] = std::move(s);
  }

  Synapses take(const std::string &reader) {
    const std::string &from = onlyPredecessor(reader);
    auto it = synapses.find(from);
    if (it == synapses.end())
      fail("{}: node '{}' ({}) reads '{}' ({}); it must follow a Conv2d, "
           "SumPool2d or Affine",
           path, reader, typeOf(reader), from, typeOf(from));
    if (!consumed.insert(from).second || successors[from].size() != 1)
      fail("{}: node '{}' ({}) feeds {} nodes; snnc gives synapses one "
           "group of neurons",
           path, from, typeOf(from), successors[from].size());
    return it->second;
  }

  /// A per-neuron parameter that must be uniform per channel; a scalar or a
  /// 1-element array applies everywhere.
  std::vector<float> perChannel(const Group &node, const std::string &name,
                                const std::string &where,
                                const TensorShape &s) {
    std::vector<double> v = numbers(node, name, where);
    if (v.size() == 1)
      return std::vector<float>(size_t(s.c), float(v[0]));
    if (int64_t(v.size()) == s.c) // (C,) or (C, 1, 1): one per channel
      return std::vector<float>(v.begin(), v.end());
    if (int64_t(v.size()) != s.size())
      fail("{}: {}/{} has {} values for {}x{}x{} neurons", path, where, name,
           v.size(), s.c, s.h, s.w);
    std::vector<float> out(size_t(s.c));
    int64_t plane = s.h * s.w;
    for (int64_t c = 0; c < s.c; ++c) {
      out[size_t(c)] = float(v[size_t(c * plane)]);
      for (int64_t i = 1; i < plane; ++i)
        if (v[size_t(c * plane + i)] != v[size_t(c * plane)])
          fail("{}: {}/{} differs within channel {} ({} and {}); snnc's "
               "neurons share their parameters per channel",
               path, where, name, c, v[size_t(c * plane)],
               v[size_t(c * plane + i)]);
    }
    return out;
  }

  void readIf(const std::string &name, const Group &node,
              const std::string &where) {
    Synapses s = take(name);
    SpikingNode n;
    n.kind = SpikingKind::SpikingConv;
    n.name = name;
    n.inputs = {s.input};
    n.shape = s.shape;
    std::vector<float> r = perChannel(node, "r", where, s.shape);
    std::vector<float> threshold =
        perChannel(node, "v_threshold", where, s.shape);
    n.reset = ResetMode::Subtract; // NIR <= 1.0.5: no v_reset, subtract
    if (find(node, "v_reset")) {
      for (float v : perChannel(node, "v_reset", where, s.shape))
        if (v != 0)
          fail("{}: {}/v_reset is {}; snnc's neurons reset to 0 or by "
               "subtraction",
               path, where, v);
      n.reset = ResetMode::Zero;
    }
    // V += r * I: r folds into the synapses of its channel.
    int64_t perOut = int64_t(s.weights.size()) / s.shape.c;
    for (int64_t c = 0; c < s.shape.c; ++c) {
      for (int64_t i = 0; i < perOut; ++i)
        s.weights[size_t(c * perOut + i)] *= r[size_t(c)];
      s.bias[size_t(c)] *= r[size_t(c)];
    }
    for (float &t : threshold) {
      // A threshold of 0 (or a denormal) would make every input a spike and
      // the normalization divide by (almost) zero.
      if (!(t >= 1e-6f))
        fail("{}: {}/v_threshold is {}; snnc's thresholds are positive "
             "(at least 1e-6)",
             path, where, t);
      t = std::nextafter(t, INFINITY); // v > t  <=>  v >= next float
    }
    n.vthPosC = threshold;
    n.vthPos = threshold.front();
    n.weights = std::move(s.weights);
    n.bias = std::move(s.bias);
    n.kernel = s.kernel;
    n.strides = s.strides;
    n.padding = s.padding;
    carried[name] = int(g.nodes.size());
    g.nodes.push_back(std::move(n));
  }

  void readOutput(const std::string &name, const Group &node,
                  const std::string &where) {
    Synapses s = take(name);
    if (!metadata || !metadata->groups.count(name))
      fail("{}: output '{}' has no detection head in the graph's metadata "
           "(group snnc/{}); NIR has no detection heads, so snnc reads them "
           "from the metadata its export writes",
           path, name, name);
    const Group &m = metadata->groups.at(name);
    std::string at = "/node/metadata/snnc/" + name;
    SpikingNode n;
    n.kind = SpikingKind::Output;
    n.name = name;
    n.inputs = {s.input};
    n.shape = s.shape;
    n.weights = std::move(s.weights);
    n.bias = std::move(s.bias);
    n.kernel = s.kernel;
    n.strides = s.strides;
    n.padding = s.padding;
    n.decoding = Decoding::Membrane;
    std::vector<double> scale = numbers(m, "output_scale", at);
    n.outputScale.assign(scale.begin(), scale.end());
    double delay = scalar(m, "readout_delay", at);
    if (delay < 0 || delay > 65536)
      fail("{}: {}/readout_delay is {}", path, at, delay);
    n.readoutDelay = int(delay);
    auto integer = [&](const std::string &key) {
      double v = scalar(m, key, at);
      if (v < 0 || v > 100000 || v != std::floor(v))
        fail("{}: {}/{} is {}", path, at, key, v);
      return int(v);
    };
    std::vector<double> anchors = numbers(m, "anchors", at);
    std::string head = text(m, "head", at);
    if (head == "region") {
      n.isRegion = true;
      n.region.classes = integer("classes");
      n.region.coords = integer("coords");
      n.region.num = integer("num");
      n.region.softmax = integer("softmax") != 0;
      n.region.anchors.assign(anchors.begin(), anchors.end());
    } else if (head == "yolo") {
      n.isRegion = false;
      n.yolo.classes = integer("classes");
      n.yolo.anchors.assign(anchors.begin(), anchors.end());
      for (double v : numbers(m, "mask", at))
        n.yolo.mask.push_back(int(v));
    } else {
      fail("{}: {}/head is '{}', not region or yolo", path, at, head);
    }
    g.outputs.push_back(int(g.nodes.size()));
    g.nodes.push_back(std::move(n));
  }

  const Group &root;
  std::string path;
  const Group *metadata = nullptr;
  SpikingGraph g;
  std::map<std::string, std::string> types;
  std::map<std::string, std::vector<std::string>> successors, predecessors;
  std::map<std::string, int> carried;   ///< NIR name -> spiking node.
  std::map<std::string, int> flattened; ///< Flatten name -> its input.
  std::map<std::string, Synapses> synapses;
  std::set<std::string> consumed;
};

} // namespace

bool isNirPath(const std::string &path) {
  return path.size() > 4 && path.compare(path.size() - 4, 4, ".nir") == 0;
}

SpikingGraph importNir(const Group &root, const std::string &path) {
  return Importer(root, path).run();
}

SpikingGraph readNir(const std::string &path) {
  return importNir(readTree(path), path);
}

} // namespace snnc::nir
