//===- SpikingGraph.cpp - An executable spiking network -------------------===//
#include "runtime/snn/SpikingGraph.h"

#include "runtime/support/Error.h"

#include <algorithm>
#include <cmath>

namespace snnc {

const char *toString(SpikingKind kind) {
  switch (kind) {
  case SpikingKind::Encoder:
    return "encoder";
  case SpikingKind::SpikingConv:
    return "spiking_conv";
  case SpikingKind::SpikingMaxPool:
    return "spiking_max_pool";
  case SpikingKind::Upsample:
    return "upsample";
  case SpikingKind::Concat:
    return "concat";
  case SpikingKind::Output:
    return "output";
  }
  return "?";
}

namespace {

bool positiveFinite(float v) { return std::isfinite(v) && v > 0; }

/// Checks kernel, strides and padding of a window operator (convolution or
/// max-pool) and that `out` has the size they give for `in`.
void checkWindow(const SpikingGraph &g, size_t i, const TensorShape &in) {
  const SpikingNode &n = g.nodes[i];
  if (n.kernel[0] < 1 || n.kernel[1] < 1 || n.strides[0] < 1 ||
      n.strides[1] < 1)
    fail("spiking graph '{}': node {} ({}) has kernel {}x{} and strides "
         "{}x{}; all must be >= 1",
         g.name, i, n.name, n.kernel[0], n.kernel[1], n.strides[0],
         n.strides[1]);
  for (int64_t p : n.padding)
    if (p < 0)
      fail("spiking graph '{}': node {} ({}) has negative padding {}", g.name,
           i, n.name, p);
  int64_t spanH = in.h + n.padding[0] + n.padding[2] - n.kernel[0];
  int64_t spanW = in.w + n.padding[1] + n.padding[3] - n.kernel[1];
  if (spanH < 0 || spanW < 0)
    fail("spiking graph '{}': node {} ({}): kernel {}x{} larger than the "
         "padded {}x{} input",
         g.name, i, n.name, n.kernel[0], n.kernel[1], in.h, in.w);
  int64_t outH = spanH / n.strides[0] + 1, outW = spanW / n.strides[1] + 1;
  if (n.shape.h != outH || n.shape.w != outW)
    fail("spiking graph '{}': node {} ({}) is {}x{}, but kernel {}x{}, "
         "strides {}x{} and padding {},{},{},{} on a {}x{} input give {}x{}",
         g.name, i, n.name, n.shape.h, n.shape.w, n.kernel[0], n.kernel[1],
         n.strides[0], n.strides[1], n.padding[0], n.padding[1], n.padding[2],
         n.padding[3], in.h, in.w, outH, outW);
}

} // namespace

void SpikingGraph::validate() const {
  if (nodes.empty() || nodes.front().kind != SpikingKind::Encoder)
    fail("spiking graph '{}': the first node must be the encoder", name);
  for (size_t i = 0; i < nodes.size(); ++i) {
    const SpikingNode &n = nodes[i];
    if (i > 0 && n.kind == SpikingKind::Encoder)
      fail("spiking graph '{}': node {} ({}) is a second encoder", name, i,
           n.name);
    if (n.shape.c <= 0 || n.shape.h <= 0 || n.shape.w <= 0)
      fail("spiking graph '{}': node {} ({}) has shape {}x{}x{}", name, i,
           n.name, n.shape.c, n.shape.h, n.shape.w);
    if (n.shape.size() > (int64_t(1) << 30))
      fail("spiking graph '{}': node {} ({}) has {} neurons, more than 2^30",
           name, i, n.name, n.shape.size());
    for (int in : n.inputs) {
      if (in < 0 || static_cast<size_t>(in) >= i)
        fail("spiking graph '{}': node {} ({}) reads node {}, which is not "
             "earlier",
             name, i, n.name, in);
      const SpikingNode &src = nodes[in];
      if (src.kind == SpikingKind::Output)
        fail("spiking graph '{}': node {} ({}) reads output node {} ({}), "
             "which emits no spikes",
             name, i, n.name, in, src.name);
      if (src.kind == SpikingKind::Encoder &&
          src.encoder == EncoderMode::Analog &&
          n.kind != SpikingKind::SpikingConv && n.kind != SpikingKind::Output)
        fail("spiking graph '{}': node {} ({}, {}) reads the analog encoder; "
             "only convolutions can take an analog current",
             name, i, n.name, toString(n.kind));
    }
    size_t expectedInputs = n.kind == SpikingKind::Encoder  ? 0
                            : n.kind == SpikingKind::Concat ? n.inputs.size()
                                                            : 1;
    if (n.inputs.size() != expectedInputs ||
        (n.kind == SpikingKind::Concat && n.inputs.empty()))
      fail("spiking graph '{}': node {} ({}, {}) has {} inputs", name, i,
           n.name, toString(n.kind), n.inputs.size());
    switch (n.kind) {
    case SpikingKind::Encoder:
      break;
    case SpikingKind::SpikingConv:
    case SpikingKind::Output: {
      const TensorShape &in = nodes[n.inputs[0]].shape;
      checkWindow(*this, i, in);
      size_t want = n.shape.c * in.c * n.kernel[0] * n.kernel[1];
      if (n.weights.size() != want)
        fail("spiking graph '{}': node {} ({}) has {} weights, expected {} "
             "({}x{}x{}x{})",
             name, i, n.name, n.weights.size(), want, n.shape.c, in.c,
             n.kernel[0], n.kernel[1]);
      if (!n.bias.empty() && n.bias.size() != static_cast<size_t>(n.shape.c))
        fail("spiking graph '{}': node {} ({}) has {} biases, expected {}",
             name, i, n.name, n.bias.size(), n.shape.c);
      bool spiking = n.kind == SpikingKind::SpikingConv ||
                     n.decoding == Decoding::SpikeCount;
      if (spiking && !positiveFinite(n.vthPos))
        fail("spiking graph '{}': node {} ({}) has threshold {}; it must be "
             "positive",
             name, i, n.name, n.vthPos);
      if (n.kind == SpikingKind::SpikingConv && n.negativeSpikes &&
          !positiveFinite(n.vthNeg))
        fail("spiking graph '{}': node {} ({}) has negative threshold "
             "magnitude {}; it must be positive",
             name, i, n.name, n.vthNeg);
      if (spiking && !std::isfinite(n.vInit))
        fail("spiking graph '{}': node {} ({}) has initial potential {}", name,
             i, n.name, n.vInit);
      auto checkChannels = [&](const std::vector<float> &values,
                               const char *what, bool positive) {
        if (values.empty())
          return;
        if (values.size() != static_cast<size_t>(n.shape.c))
          fail("spiking graph '{}': node {} ({}) has {} per-channel {}, "
               "expected {}",
               name, i, n.name, values.size(), what, n.shape.c);
        for (size_t c = 0; c < values.size(); ++c)
          if (positive ? !positiveFinite(values[c]) : !std::isfinite(values[c]))
            fail("spiking graph '{}': node {} ({}) channel {} has {} {}", name,
                 i, n.name, c, what, values[c]);
      };
      checkChannels(n.vthPosC, "thresholds", true);
      checkChannels(n.vthNegC, "negative thresholds", true);
      checkChannels(n.vInitC, "initial potentials", false);
      if (n.kind == SpikingKind::Output) {
        if (n.outputScale.size() != static_cast<size_t>(n.shape.c))
          fail("spiking graph '{}': output node {} ({}) has {} output "
               "scales, expected {}",
               name, i, n.name, n.outputScale.size(), n.shape.c);
        int want = n.isRegion ? regionChannels(n.region) : yoloChannels(n.yolo);
        if (n.isRegion)
          snnc::validate(n.region);
        else
          snnc::validate(n.yolo);
        if (n.shape.c != want)
          fail("spiking graph '{}': output node {} ({}) has {} channels; its "
               "{} head needs {}",
               name, i, n.name, n.shape.c, n.isRegion ? "region" : "yolo",
               want);
      }
      break;
    }
    case SpikingKind::SpikingMaxPool: {
      const TensorShape &in = nodes[n.inputs[0]].shape;
      if (n.shape.c != in.c)
        fail("spiking graph '{}': max-pool node {} ({}) has {} channels, its "
             "input {}",
             name, i, n.name, n.shape.c, in.c);
      checkWindow(*this, i, in);
      break;
    }
    case SpikingKind::Upsample: {
      const TensorShape &in = nodes[n.inputs[0]].shape;
      int64_t s = n.shape.h / in.h;
      if (n.shape.c != in.c || s < 1 || n.shape.h != in.h * s ||
          n.shape.w != in.w * s)
        fail("spiking graph '{}': upsample node {} ({}) is {}x{}x{}, not an "
             "integer multiple of its {}x{}x{} input",
             name, i, n.name, n.shape.c, n.shape.h, n.shape.w, in.c, in.h,
             in.w);
      break;
    }
    case SpikingKind::Concat: {
      int64_t channels = 0;
      for (int in : n.inputs) {
        const TensorShape &s = nodes[in].shape;
        if (s.h != n.shape.h || s.w != n.shape.w)
          fail("spiking graph '{}': concat node {} ({}) is {}x{}, input {} "
               "is {}x{}",
               name, i, n.name, n.shape.h, n.shape.w, in, s.h, s.w);
        channels += s.c;
      }
      if (channels != n.shape.c)
        fail("spiking graph '{}': concat node {} ({}) has {} channels, its "
             "inputs {}",
             name, i, n.name, n.shape.c, channels);
      break;
    }
    }
  }
  if (outputs.empty())
    fail("spiking graph '{}' has no outputs", name);
  for (size_t k = 0; k < outputs.size(); ++k) {
    int out = outputs[k];
    if (out < 0 || static_cast<size_t>(out) >= nodes.size())
      fail("spiking graph '{}': output {} is not a node", name, out);
    if (nodes[out].kind != SpikingKind::Output)
      fail("spiking graph '{}': output {} is node {} ({}, {}), not an output "
           "node",
           name, k, out, nodes[out].name, toString(nodes[out].kind));
    if (std::count(outputs.begin(), outputs.end(), out) != 1)
      fail("spiking graph '{}': node {} ({}) is listed as an output more than "
           "once",
           name, out, nodes[out].name);
  }
  for (size_t i = 0; i < nodes.size(); ++i)
    if (nodes[i].kind == SpikingKind::Output &&
        std::find(outputs.begin(), outputs.end(), static_cast<int>(i)) ==
            outputs.end())
      fail("spiking graph '{}': output node {} ({}) is not among the graph's "
           "outputs",
           name, i, nodes[i].name);
}

} // namespace snnc
