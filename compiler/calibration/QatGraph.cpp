//===- QatGraph.cpp - The network a QAT model was trained as --------------===//
#include "compiler/calibration/QatGraph.h"

#include "runtime/support/Error.h"

namespace snnc {

Graph quantizeGraph(const Graph &graph, const darknet::Network &network,
                    const QatMetadata &metadata) {
  checkQatMetadata(metadata, network);
  Graph q = graph;
  size_t applied = 0;
  for (Node &n : q.nodes) {
    if (n.kind != NodeKind::LeakyRelu && n.kind != NodeKind::Relu)
      continue;
    const QatLayer *layer = findQatLayerAtLine(metadata, network, n.sourceLine);
    if (!layer || layer->isLinear())
      continue;
    n.slope = n.kind == NodeKind::LeakyRelu ? n.slope : 0.0f;
    n.kind = NodeKind::QuantizedActivation;
    n.levels = metadata.levels;
    n.ceilings.resize(n.shape.c);
    for (int64_t c = 0; c < n.shape.c; ++c)
      n.ceilings[c] = layer->ceiling(c);
    ++applied;
  }
  if (applied != metadata.activationCount())
    fail("{}: {} layers have ceilings but {} activations of network '{}' "
         "took them",
         metadata.path, metadata.activationCount(), applied, graph.name);

  if (metadata.inputLevels > 0) {
    // Insert the image quantizer as node 1: every later index moves by one
    // and the readers of the input read it instead.
    Node input = q.nodes.front();
    Node quantizer;
    quantizer.kind = NodeKind::QuantizedInput;
    quantizer.name = "quantized_input";
    quantizer.inputs = {0};
    quantizer.shape = input.shape;
    quantizer.levels = metadata.inputLevels;
    for (size_t i = 1; i < q.nodes.size(); ++i)
      for (int &in : q.nodes[i].inputs)
        in = in == 0 ? 1 : in + 1;
    for (int &out : q.outputs)
      ++out;
    q.nodes.insert(q.nodes.begin() + 1, std::move(quantizer));
  }
  q.validate();
  return q;
}

} // namespace snnc
