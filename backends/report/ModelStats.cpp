//===- ModelStats.cpp - Layers, shapes, parameters and MACs ---------------===//
#include "backends/report/ModelStats.h"

#include <fmt/format.h>

namespace snnc {

ModelStats computeStats(const Graph &graph) {
  ModelStats stats;
  for (const Node &n : graph.nodes) {
    NodeStats s;
    s.name = n.name;
    s.kind = n.kind;
    s.output = n.shape;
    s.input = n.inputs.empty() ? n.shape : graph.nodes[n.inputs[0]].shape;
    s.parameters = static_cast<int64_t>(n.weights.size() + n.bias.size() +
                                        n.scale.size() + n.shift.size() +
                                        n.mean.size() + n.variance.size());
    if (n.kind == NodeKind::Conv2d) {
      s.macs = n.shape.size() * s.input.c * n.kernel[0] * n.kernel[1];
      stats.neurons += n.shape.size();
    }
    stats.parameters += s.parameters;
    stats.macs += s.macs;
    stats.nodes.push_back(std::move(s));
  }
  return stats;
}

namespace {
std::string shapeText(const TensorShape &s) {
  return fmt::format("{}x{}x{}", s.c, s.h, s.w);
}
/// 1234567 -> "1,234,567": figures are compared against papers by eye.
std::string grouped(int64_t v) {
  std::string digits = std::to_string(v), out;
  int count = 0;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    if (count && count % 3 == 0 && *it != '-')
      out.insert(out.begin(), ',');
    out.insert(out.begin(), *it);
    ++count;
  }
  return out;
}
} // namespace

std::string formatStats(const ModelStats &stats, const std::string &title) {
  std::string out = fmt::format("{}\n", title);
  out += fmt::format("{:>4}  {:<18} {:>14} {:>14} {:>12} {:>16}\n", "#", "op",
                     "input", "output", "params", "MACs");
  for (size_t i = 0; i < stats.nodes.size(); ++i) {
    const NodeStats &s = stats.nodes[i];
    out += fmt::format("{:>4}  {:<18} {:>14} {:>14} {:>12} {:>16}\n", i, s.name,
                       shapeText(s.input), shapeText(s.output),
                       grouped(s.parameters), grouped(s.macs));
  }
  out += fmt::format("total parameters: {}\n", grouped(stats.parameters));
  out += fmt::format("total MACs:       {} ({:.2f} BFLOPs)\n",
                     grouped(stats.macs), 2.0 * stats.macs / 1e9);
  out += fmt::format("conv neurons:     {}\n", grouped(stats.neurons));
  return out;
}

} // namespace snnc
