//===- SnnToSpikingGraph.cpp - Export snn IR to the simulator -------------===//
#include "compiler/graph/SnnToSpikingGraph.h"

#include "compiler/graph/ExportSupport.h"
#include "dialects/ann/AnnAttributes.h"
#include "dialects/ann/AnnOps.h"
#include "dialects/snn/SnnOps.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;

namespace snnc {

namespace {

using exporter::nodeName;
using exporter::params;
using exporter::shapeOf;

class Exporter {
public:
  std::optional<SpikingGraph> run(func::FuncOp func) {
    graph.name = func.getSymName().str();
    for (Operation &op : func.getBody().front()) {
      if (isa<func::ReturnOp>(op))
        continue;
      if (failed(exportOp(&op)))
        return std::nullopt;
    }
    auto ret = cast<func::ReturnOp>(func.getBody().front().getTerminator());
    for (Value v : ret.getOperands()) {
      auto it = heads.find(v);
      if (it == heads.end()) {
        ret.emitError("every returned value must be an ann.region or "
                      "ann.yolo head on an snn.output");
        return std::nullopt;
      }
      graph.outputs.push_back(it->second);
    }
    if (graph.nodes.empty() ||
        graph.nodes.front().kind != SpikingKind::Encoder) {
      func.emitError("the network does not start with snn.encoder");
      return std::nullopt;
    }
    return std::move(graph);
  }

private:
  template <typename ConvLike>
  LogicalResult convParams(ConvLike conv, SpikingNode &node) {
    exporter::copyWindow(conv, exporter::convKernel(conv), node);
    if (failed(params(conv, conv.getWeight(), "weight", node.weights)))
      return failure();
    return params(conv, conv.getBias(), "bias", node.bias);
  }

  LogicalResult exportOp(Operation *op) {
    // Heads annotate the output node that feeds them.
    if (auto region = dyn_cast<ann::RegionOp>(op))
      return attachHead(op, [&](SpikingNode &n) {
        n.isRegion = true;
        n.region = exporter::regionHeadOf(region);
      });
    if (auto yolo = dyn_cast<ann::YoloOp>(op))
      return attachHead(op, [&](SpikingNode &n) {
        n.isRegion = false;
        n.yolo = exporter::yoloHeadOf(yolo);
      });

    SpikingNode node;
    node.name = nodeName(op);
    if (op->getNumResults() != 1)
      return op->emitError("the spiking simulator cannot execute this op");
    node.shape = shapeOf(op->getResult(0));
    for (Value operand : op->getOperands()) {
      auto it = ids.find(operand);
      if (it == ids.end())
        return op->emitError("operand is not produced by an snn op");
      node.inputs.push_back(it->second);
    }
    LogicalResult result =
        llvm::TypeSwitch<Operation *, LogicalResult>(op)
            .Case([&](snn::EncoderOp enc) {
              node.kind = SpikingKind::Encoder;
              node.encoder = enc.getMode() == snn::Encoding::Spikes
                                 ? EncoderMode::Spikes
                                 : EncoderMode::Analog;
              return success();
            })
            .Case([&](snn::ConvOp conv) {
              node.kind = SpikingKind::SpikingConv;
              node.vthPos = conv.getVTh().convertToFloat();
              if (auto neg = conv.getVThNegAttr()) {
                node.negativeSpikes = true;
                node.vthNeg = static_cast<float>(neg.getValueAsDouble());
              }
              node.reset = conv.getReset() == snn::Reset::Zero
                               ? ResetMode::Zero
                               : ResetMode::Subtract;
              node.vInit = conv.getVInit().convertToFloat() * node.vthPos;
              copyChannels(conv.getChannelVTh(), node.vthPosC);
              copyChannels(conv.getChannelVThNeg(), node.vthNegC);
              copyChannels(conv.getChannelVInit(), node.vInitC);
              return convParams(conv, node);
            })
            .Case([&](snn::OutputOp out) {
              node.kind = SpikingKind::Output;
              node.decoding = out.getDecode() == snn::Decoding::Count
                                  ? Decoding::SpikeCount
                                  : Decoding::Membrane;
              node.vthPos = out.getVTh().convertToFloat();
              node.vthNeg = node.vthPos;
              node.outputScale.assign(out.getOutputScale().begin(),
                                      out.getOutputScale().end());
              node.readoutDelay = static_cast<int>(out.getReadoutDelay());
              copyChannels(out.getChannelVTh(), node.vthPosC);
              return convParams(out, node);
            })
            .Case([&](snn::MaxPoolOp pool) {
              node.kind = SpikingKind::SpikingMaxPool;
              switch (pool.getStrategy()) {
              case snn::MaxPool::SpikeCount:
                node.pool = PoolStrategy::Gate;
                break;
              case snn::MaxPool::MaxCount:
                node.pool = PoolStrategy::MaxCount;
                break;
              case snn::MaxPool::Comparator:
                node.pool = PoolStrategy::Comparator;
                break;
              }
              exporter::copyWindow(
                  pool, {pool.getKernel()[0], pool.getKernel()[1]}, node);
              return success();
            })
            .Case([&](snn::UpsampleOp up) {
              node.kind = SpikingKind::Upsample;
              node.upsample = static_cast<int64_t>(up.getScale());
              return success();
            })
            .Case([&](snn::ConcatOp) {
              node.kind = SpikingKind::Concat;
              return success();
            })
            .Default([&](Operation *other) {
              return other->emitError()
                     << "the spiking simulator cannot execute '"
                     << other->getName() << "' (convert with ann-to-snn)";
            });
    if (failed(result))
      return failure();
    ids[op->getResult(0)] = static_cast<int>(graph.nodes.size());
    graph.nodes.push_back(std::move(node));
    return success();
  }

  static void copyChannels(std::optional<ArrayRef<float>> values,
                           std::vector<float> &into) {
    if (values)
      into.assign(values->begin(), values->end());
  }

  template <typename F> LogicalResult attachHead(Operation *op, F &&fill) {
    auto it = ids.find(op->getOperand(0));
    if (it == ids.end() || graph.nodes[it->second].kind != SpikingKind::Output)
      return op->emitError("a detection head must read an snn.output");
    fill(graph.nodes[it->second]);
    heads[op->getResult(0)] = it->second;
    return success();
  }

  SpikingGraph graph;
  llvm::DenseMap<Value, int> ids;
  llvm::DenseMap<Value, int> heads;
};

} // namespace

std::optional<SpikingGraph> snnToSpikingGraph(func::FuncOp func) {
  return Exporter().run(func);
}

} // namespace snnc
