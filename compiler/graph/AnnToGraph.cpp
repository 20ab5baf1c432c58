//===- AnnToGraph.cpp - Export ann IR to the runtime graph ----------------===//
#include "compiler/graph/AnnToGraph.h"
#include "dialects/common/ModuleAttributes.h"

#include "compiler/graph/ExportSupport.h"
#include "dialects/ann/AnnAttributes.h"
#include "dialects/ann/AnnOps.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;

namespace snnc {

namespace {

using exporter::nodeName;
using exporter::params;
using exporter::shapeOf;

class Exporter {
public:
  std::optional<Graph> run(func::FuncOp func) {
    graph.name = func.getSymName().str();
    bool ok = true;
    func.walk([&](Operation *op) {
      if (!ok || isa<func::FuncOp, func::ReturnOp>(op))
        return;
      ok = succeeded(exportOp(op));
    });
    if (!ok)
      return std::nullopt;
    if (graph.nodes.empty() || graph.nodes.front().kind != NodeKind::Input) {
      func.emitError("the network has no ann.input as its first op");
      return std::nullopt;
    }
    auto ret = cast<func::ReturnOp>(func.getBody().front().getTerminator());
    for (Value v : ret.getOperands()) {
      Operation *def = v.getDefiningOp();
      if (!def || !isa<ann::RegionOp, ann::YoloOp>(def)) {
        ret.emitError("every returned value must be an ann.region or "
                      "ann.yolo head");
        return std::nullopt;
      }
      graph.outputs.push_back(ids.lookup(v));
    }
    return std::move(graph);
  }

private:
  LogicalResult exportOp(Operation *op) {
    if (op->getNumResults() != 1)
      return op->emitError("the runtime cannot execute this op");
    Node node;
    node.name = nodeName(op);
    if (auto loc = op->getLoc()->findInstanceOf<FileLineColLoc>())
      node.sourceLine = static_cast<int>(loc.getLine());
    node.shape = shapeOf(op->getResult(0));
    for (Value operand : op->getOperands()) {
      auto it = ids.find(operand);
      if (it == ids.end())
        return op->emitError("operand is not produced by an ann op");
      node.inputs.push_back(it->second);
    }
    LogicalResult result =
        llvm::TypeSwitch<Operation *, LogicalResult>(op)
            .Case([&](ann::InputOp) {
              node.kind = NodeKind::Input;
              return success();
            })
            .Case([&](ann::Conv2dOp conv) {
              node.kind = NodeKind::Conv2d;
              exporter::copyWindow(conv, exporter::convKernel(conv), node);
              if (failed(params(op, conv.getWeight(), "weight", node.weights)))
                return failure();
              if (auto bias = conv.getBiasAttr())
                return params(op, bias, "bias", node.bias);
              return success();
            })
            .Case([&](ann::BatchNormOp bn) {
              node.kind = NodeKind::BatchNorm;
              node.epsilon = bn.getEpsilon().convertToFloat();
              if (failed(params(op, bn.getScale(), "scale", node.scale)) ||
                  failed(params(op, bn.getShift(), "shift", node.shift)) ||
                  failed(params(op, bn.getMean(), "mean", node.mean)))
                return failure();
              return params(op, bn.getVariance(), "variance", node.variance);
            })
            .Case([&](ann::LeakyReluOp leaky) {
              node.kind = NodeKind::LeakyRelu;
              node.slope = leaky.getSlope().convertToFloat();
              return quantized(op, node);
            })
            .Case([&](ann::ReluOp) {
              node.kind = NodeKind::Relu;
              return quantized(op, node);
            })
            .Case([&](ann::MaxPoolOp pool) {
              node.kind = NodeKind::MaxPool;
              exporter::copyWindow(
                  pool, {pool.getKernel()[0], pool.getKernel()[1]}, node);
              return success();
            })
            .Case([&](ann::UpsampleOp up) {
              node.kind = NodeKind::Upsample;
              node.upsample = static_cast<int64_t>(up.getScale());
              return success();
            })
            .Case([&](ann::ConcatOp) {
              node.kind = NodeKind::Concat;
              return success();
            })
            .Case([&](ann::RegionOp region) {
              node.kind = NodeKind::Region;
              node.region = exporter::regionHeadOf(region);
              return success();
            })
            .Case([&](ann::YoloOp yolo) {
              node.kind = NodeKind::Yolo;
              node.yolo = exporter::yoloHeadOf(yolo);
              return success();
            })
            .Default([&](Operation *other) {
              return other->emitError("the reference runtime cannot execute "
                                      "this op");
            });
    if (failed(result))
      return failure();
    if (node.kind == NodeKind::Input && !graph.nodes.empty())
      return op->emitError("a network has exactly one ann.input");
    ids[op->getResult(0)] = static_cast<int>(graph.nodes.size());
    graph.nodes.push_back(std::move(node));
    ops.push_back(op);
    // A QAT model's image quantizer (ann-apply-qat): the network reads the
    // quantized image.
    if (isa<ann::InputOp>(op))
      if (auto module = op->getParentOfType<ModuleOp>())
        if (auto levels =
                module->getAttrOfType<IntegerAttr>(kQatInputLevelsAttr)) {
          const int input = static_cast<int>(graph.nodes.size()) - 1;
          Node q;
          q.kind = NodeKind::QuantizedInput;
          q.name = "quantized_input";
          q.inputs = {input};
          q.shape = graph.nodes[input].shape;
          q.levels = levels.getInt();
          ids[op->getResult(0)] = static_cast<int>(graph.nodes.size());
          graph.nodes.push_back(std::move(q));
          ops.push_back(op);
        }
    return success();
  }

  /// A QAT model's activation (ann-apply-qat's snnc.qat): clipped and
  /// rounded to L levels of its ceiling, as the network was trained.
  LogicalResult quantized(Operation *op, Node &node) {
    auto qat = op->getAttrOfType<DictionaryAttr>(kQatAttr);
    if (!qat)
      return success();
    auto levels = qat.getAs<IntegerAttr>("levels");
    auto ceilings = qat.getAs<DenseF32ArrayAttr>("ceilings");
    if (!levels || !ceilings ||
        static_cast<int64_t>(ceilings.size()) != node.shape.c)
      return op->emitError() << "'" << kQatAttr << "' needs integer 'levels' "
                             << "and " << node.shape.c << " 'ceilings'";
    if (isa<ann::ReluOp>(op))
      node.slope = 0.0f;
    node.kind = NodeKind::QuantizedActivation;
    node.levels = levels.getInt();
    node.ceilings.assign(ceilings.asArrayRef().begin(),
                         ceilings.asArrayRef().end());
    return success();
  }

public:
  Graph graph;
  std::vector<Operation *> ops;

private:
  llvm::DenseMap<Value, int> ids;
};

} // namespace

std::optional<Graph> annToGraph(func::FuncOp func,
                                std::vector<Operation *> *nodeOps) {
  Exporter exporter;
  std::optional<Graph> graph = exporter.run(func);
  if (graph && nodeOps)
    *nodeOps = exporter.ops;
  return graph;
}

} // namespace snnc
