//===- NirExport.cpp - snnc's spiking network as a NIR graph --------------===//
#include "compiler/nir/NirExport.h"

#include "runtime/support/Error.h"

#include <algorithm>
#include <cmath>

namespace snnc::nir {

namespace {

std::vector<int64_t> chw(const TensorShape &s) { return {s.c, s.h, s.w}; }

/// A per-neuron array (C, H, W) from a per-channel value.
Dataset perNeuron(const TensorShape &s, const std::vector<float> &channel) {
  std::vector<float> values;
  values.reserve(size_t(s.size()));
  for (int64_t c = 0; c < s.c; ++c)
    values.insert(values.end(), size_t(s.h * s.w), channel[size_t(c)]);
  return Dataset::floats(values, chw(s));
}

std::vector<float> channelValues(const std::vector<float> &perChannel,
                                 float scalar, int64_t channels) {
  return perChannel.empty() ? std::vector<float>(size_t(channels), scalar)
                            : perChannel;
}

class Exporter {
public:
  explicit Exporter(const SpikingGraph &g) : g(g) {}

  Group run() {
    g.validate();
    const SpikingNode &encoder = g.input();
    Group input;
    input.datasets["type"] = Dataset::string("Input");
    input.datasets["shape"] = Dataset::integers(chw(encoder.shape), {3});
    nodes.groups["input"] = input;
    names.push_back("input");
    for (size_t i = 1; i < g.nodes.size(); ++i)
      names.push_back(exportNode(int(i)));

    Group graph;
    graph.datasets["type"] = Dataset::string("NIRGraph");
    Dataset e;
    e.isString = true;
    e.shape = {int64_t(edges.size()), 2};
    for (const auto &[src, dst] : edges) {
      e.strings.push_back(src);
      e.strings.push_back(dst);
    }
    graph.datasets["edges"] = e;
    graph.groups["nodes"] = std::move(nodes);
    graph.groups["metadata"].groups["snnc"] = metadata();
    Group root;
    root.datasets["version"] = Dataset::string(kNirVersion);
    root.groups["node"] = std::move(graph);
    return root;
  }

private:
  [[noreturn]] void refuse(const SpikingNode &n, const std::string &why) {
    fail("NIR export: layer '{}' ({}): {}", n.name, toString(n.kind), why);
  }

  std::string exportNode(int i) {
    const SpikingNode &n = g.nodes[size_t(i)];
    switch (n.kind) {
    case SpikingKind::SpikingConv:
      return exportConv(i, n);
    case SpikingKind::Output:
      return exportOutput(i, n);
    case SpikingKind::SpikingMaxPool:
      refuse(n, "NIR has no max-pool node (SumPool2d and AvgPool2d sum or "
                "average); convert a network without max-pools");
    case SpikingKind::Upsample:
      refuse(n, "NIR has no upsampling node");
    case SpikingKind::Concat:
      refuse(n, "NIR has no concatenation (edges into a node sum)");
    case SpikingKind::Encoder:
      break;
    }
    refuse(n, "a second input");
  }

  /// The Conv2d of a convolution or output layer; returns its node name.
  std::string conv2d(int i, const SpikingNode &n) {
    if (n.padding[0] != n.padding[2] || n.padding[1] != n.padding[3])
      refuse(n, "asymmetric padding (NIR's Conv2d pads both sides alike)");
    const SpikingNode &in = g.nodes[size_t(n.inputs.front())];
    Group conv;
    conv.datasets["type"] = Dataset::string("Conv2d");
    conv.datasets["weight"] = Dataset::floats(
        n.weights, {n.shape.c, in.shape.c, n.kernel[0], n.kernel[1]});
    conv.datasets["bias"] = Dataset::floats(n.bias, {n.shape.c});
    conv.datasets["stride"] =
        Dataset::integers({n.strides[0], n.strides[1]}, {2});
    conv.datasets["padding"] =
        Dataset::integers({n.padding[0], n.padding[1]}, {2});
    conv.datasets["dilation"] = Dataset::integers({1, 1}, {2});
    conv.datasets["groups"] = Dataset::integer(1);
    conv.datasets["input_shape"] =
        Dataset::integers({in.shape.h, in.shape.w}, {2});
    std::string name = "conv" + std::to_string(i);
    nodes.groups[name] = conv;
    edges.push_back({names[size_t(n.inputs.front())], name});
    return name;
  }

  std::string exportConv(int i, const SpikingNode &n) {
    // Every reason at once, with the options that remove it: one compile
    // tells the user everything.
    std::vector<std::string> reasons;
    if (n.negativeSpikes)
      reasons.push_back("signed neurons (a -1 spike at V <= -v_th_neg): "
                        "NIR's IF has no negative threshold (--neuron if)");
    if (n.reset != ResetMode::Zero)
      reasons.push_back("reset by subtraction: NIR 1.0.6+ resets to v_reset "
                        "(--reset zero)");
    std::vector<float> vth = channelValues(n.vthPosC, n.vthPos, n.shape.c);
    std::vector<float> init = channelValues(n.vInitC, n.vInit, n.shape.c);
    for (size_t c = 0; c < init.size(); ++c)
      if (init[c] != 0) {
        reasons.push_back(fmt::format("an initial potential ({:.3g} of the "
                                      "threshold): NIR neurons start at 0 "
                                      "(--v-init 0)",
                                      init[c] / vth[c]));
        break;
      }
    if (!reasons.empty())
      refuse(n, fmt::format("{}", fmt::join(reasons, "; ")));
    std::string conv = conv2d(i, n);
    std::vector<float> threshold =
        channelValues(n.vthPosC, n.vthPos, n.shape.c);
    // NIR fires at v > v_threshold, snnc at V >= v_th: the float32 just
    // below v_th makes the two agree in float32 arithmetic.
    for (float &t : threshold)
      t = std::nextafter(t, -INFINITY);
    Group neuron;
    neuron.datasets["type"] = Dataset::string("IF");
    neuron.datasets["r"] =
        perNeuron(n.shape, std::vector<float>(size_t(n.shape.c), 1.0f));
    neuron.datasets["v_threshold"] = perNeuron(n.shape, threshold);
    neuron.datasets["v_reset"] =
        perNeuron(n.shape, std::vector<float>(size_t(n.shape.c), 0.0f));
    std::string name = "if" + std::to_string(i);
    nodes.groups[name] = neuron;
    edges.push_back({conv, name});
    return name;
  }

  std::string exportOutput(int i, const SpikingNode &n) {
    if (n.decoding != Decoding::Membrane)
      refuse(n, "spike-count decoding (signed output neurons), which NIR "
                "cannot express: export NIR from a compile for a chip that "
                "reads membrane potentials (truenorth-x, reference) with "
                "--decode vmem");
    std::string conv = conv2d(i, n);
    Group output;
    output.datasets["type"] = Dataset::string("Output");
    output.datasets["shape"] = Dataset::integers(chw(n.shape), {3});
    auto k =
        std::find(g.outputs.begin(), g.outputs.end(), i) - g.outputs.begin();
    std::string name = "output" + std::to_string(k);
    nodes.groups[name] = output;
    edges.push_back({conv, name});
    return name;
  }

  /// How to read the outputs: snnc's decoding and heads, per output.
  Group metadata() {
    Group m;
    m.datasets["format"] = Dataset::string("snnc-nir");
    m.datasets["format_version"] = Dataset::integer(1);
    m.datasets["network"] = Dataset::string(g.name);
    // A spike-encoded input resets by subtraction, which NIR's IF cannot
    // express: the Input carries the encoder's spikes, as a chip's input
    // does, and the metadata says how the host makes them.
    m.datasets["input_encoding"] = Dataset::string(
        g.input().encoder == EncoderMode::Spikes ? "spikes" : "analog");
    m.datasets["input_description"] = Dataset::string(
        g.input().encoder == EncoderMode::Spikes
            ? "Input is spikes: each value x in [0, 1] of the image (RGB, "
              "resized to the input size) drives an integrate-and-fire "
              "neuron: V(0) = 0, V += x every step, a spike when V >= 1, "
              "then V -= 1"
            : "Input is the image (RGB in [0, 1], resized to the input "
              "size), the same every step");
    m.datasets["decoding"] = Dataset::string(
        "output k at step t: the sum over steps readout_delay+1..t of "
        "output k, divided by the number of steps, times output_scale per "
        "channel, then the head's activation and decoding");
    for (size_t k = 0; k < g.outputs.size(); ++k) {
      const SpikingNode &n = g.nodes[size_t(g.outputs[k])];
      Group o;
      o.datasets["output_scale"] =
          Dataset::floats(n.outputScale, {int64_t(n.outputScale.size())});
      o.datasets["readout_delay"] = Dataset::integer(n.readoutDelay);
      if (n.isRegion) {
        o.datasets["head"] = Dataset::string("region");
        o.datasets["classes"] = Dataset::integer(n.region.classes);
        o.datasets["coords"] = Dataset::integer(n.region.coords);
        o.datasets["num"] = Dataset::integer(n.region.num);
        o.datasets["softmax"] = Dataset::integer(n.region.softmax ? 1 : 0);
        o.datasets["anchors"] = Dataset::floats(
            n.region.anchors, {int64_t(n.region.anchors.size())});
      } else {
        o.datasets["head"] = Dataset::string("yolo");
        o.datasets["classes"] = Dataset::integer(n.yolo.classes);
        o.datasets["anchors"] =
            Dataset::floats(n.yolo.anchors, {int64_t(n.yolo.anchors.size())});
        std::vector<int64_t> mask(n.yolo.mask.begin(), n.yolo.mask.end());
        o.datasets["mask"] = Dataset::integers(mask, {int64_t(mask.size())});
      }
      m.groups["output" + std::to_string(k)] = std::move(o);
    }
    return m;
  }

  const SpikingGraph &g;
  Group nodes;
  std::vector<std::string> names; ///< NIR node that carries layer i's output.
  std::vector<std::pair<std::string, std::string>> edges;
};

} // namespace

Group exportNir(const SpikingGraph &graph) { return Exporter(graph).run(); }

void writeNir(const SpikingGraph &graph, const std::string &path) {
  writeTree(path, exportNir(graph));
}

} // namespace snnc::nir
