//===- SpikingToSnn.cpp - A spiking network as snn IR ---------------------===//
#include "compiler/import/SpikingToSnn.h"

#include "dialects/ann/AnnAttributes.h"
#include "dialects/ann/AnnOps.h"
#include "dialects/snn/SnnOps.h"
#include "runtime/support/Error.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"

#include <map>

using namespace mlir;

namespace snnc {

namespace {

/// A symbol name from a file stem ("my-net" -> "my_net").
std::string symbol(const std::string &name) {
  std::string s;
  for (char c : name)
    s += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0])))
    s = "n_" + s;
  return s;
}

} // namespace

OwningOpRef<ModuleOp> spikingGraphToSnn(MLIRContext &context,
                                        const SpikingGraph &g,
                                        const std::string &path) {
  context.loadDialect<ann::AnnDialect, snn::SnnDialect, func::FuncDialect>();
  g.validate();
  OpBuilder b(&context);
  Location fileLoc = FileLineColLoc::get(&context, path, 0, 0);
  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  b.setInsertionPointToEnd(module->getBody());
  auto func = b.create<func::FuncOp>(fileLoc, symbol(g.name),
                                     b.getFunctionType({}, {}));
  b.setInsertionPointToEnd(func.addEntryBlock());

  auto tensor = [&](const TensorShape &s) {
    return RankedTensorType::get({1, s.c, s.h, s.w}, b.getF32Type());
  };
  std::vector<Value> values(g.nodes.size());
  std::map<int, Value> heads;
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    const SpikingNode &n = g.nodes[i];
    // Layer numbers as lines, node names as names: reports say "conv@3".
    Location loc =
        NameLoc::get(b.getStringAttr(n.name),
                     FileLineColLoc::get(&context, path, unsigned(i + 1), 1));
    if (n.kind == SpikingKind::Encoder) {
      values[i] = b.create<snn::EncoderOp>(
          loc, tensor(n.shape),
          snn::EncodingAttr::get(&context, n.encoder == EncoderMode::Spikes
                                               ? snn::Encoding::Spikes
                                               : snn::Encoding::Analog));
      continue;
    }
    if (n.kind != SpikingKind::SpikingConv && n.kind != SpikingKind::Output)
      fail("{}: layer '{}' ({}) has no snn form here", path, n.name,
           toString(n.kind));
    const SpikingNode &in = g.nodes[size_t(n.inputs.front())];
    int64_t outC = n.shape.c, perOut = int64_t(n.weights.size()) / outC;
    std::vector<float> w = n.weights, bias = n.bias;
    if (n.kind == SpikingKind::SpikingConv) {
      // Normalized: threshold 1 per channel.
      for (int64_t c = 0; c < outC; ++c) {
        float t = n.vthPosC.empty() ? n.vthPos : n.vthPosC[size_t(c)];
        for (int64_t k = 0; k < perOut; ++k)
          w[size_t(c * perOut + k)] /= t;
        bias[size_t(c)] /= t;
      }
    }
    std::string prefix = "l" + std::to_string(i) + "_";
    ElementsAttr wAttr = ann::makeF32Resource(
        RankedTensorType::get({outC, in.shape.c, n.kernel[0], n.kernel[1]},
                              b.getF32Type()),
        prefix + "weight", w);
    ElementsAttr bAttr = ann::makeF32Resource(
        RankedTensorType::get({outC}, b.getF32Type()), prefix + "bias", bias);
    auto strides = b.getDenseI64ArrayAttr({n.strides[0], n.strides[1]});
    auto padding = b.getDenseI64ArrayAttr(
        {n.padding[0], n.padding[1], n.padding[2], n.padding[3]});
    Value input = values[size_t(n.inputs.front())];
    if (n.kind == SpikingKind::SpikingConv) {
      float vthPos = n.vthPosC.empty() ? n.vthPos : n.vthPosC.front();
      bool uniform = true;
      for (float t : n.vthPosC)
        uniform &= t == vthPos;
      // Signed neurons and initial potentials are fractions of the
      // positive threshold in the normalized form.
      FloatAttr vthNeg;
      if (n.negativeSpikes) {
        float neg = n.vthNegC.empty() ? n.vthNeg : n.vthNegC.front();
        if (!uniform || !n.vthNegC.empty())
          fail("{}: layer '{}': signed neurons with per-channel thresholds "
               "are not supported here",
               path, n.name);
        vthNeg = b.getF32FloatAttr(neg / vthPos);
      }
      float vInit = n.vInitC.empty() ? n.vInit : n.vInitC.front();
      for (float v : n.vInitC)
        if (v != vInit)
          fail("{}: layer '{}': per-channel initial potentials are not "
               "supported here",
               path, n.name);
      values[i] = b.create<snn::ConvOp>(
          loc, tensor(n.shape), input, wAttr, bAttr, strides, padding,
          b.getF32FloatAttr(1.0f), vthNeg,
          snn::ResetAttr::get(&context, n.reset == ResetMode::Zero
                                            ? snn::Reset::Zero
                                            : snn::Reset::Subtract),
          b.getF32FloatAttr(vInit / vthPos), DenseF32ArrayAttr(),
          DenseF32ArrayAttr(), DenseF32ArrayAttr());
      continue;
    }
    if (n.decoding != Decoding::Membrane)
      fail("{}: output '{}': only membrane decoding comes in", path, n.name);
    Value out = b.create<snn::OutputOp>(
        loc, tensor(n.shape), input, wAttr, bAttr, strides, padding,
        snn::DecodingAttr::get(&context, snn::Decoding::Vmem),
        b.getF32FloatAttr(1.0f), b.getDenseF32ArrayAttr(n.outputScale),
        b.getI64IntegerAttr(n.readoutDelay), DenseF32ArrayAttr());
    if (n.isRegion)
      heads[int(i)] = b.create<ann::RegionOp>(
          loc, out.getType(), out, b.getI64IntegerAttr(n.region.classes),
          b.getI64IntegerAttr(n.region.coords),
          b.getI64IntegerAttr(n.region.num), b.getBoolAttr(n.region.softmax),
          b.getDenseF32ArrayAttr(n.region.anchors));
    else
      heads[int(i)] = b.create<ann::YoloOp>(
          loc, out.getType(), out, b.getI64IntegerAttr(n.yolo.classes),
          b.getDenseF32ArrayAttr(n.yolo.anchors),
          b.getDenseI64ArrayAttr(
              std::vector<int64_t>(n.yolo.mask.begin(), n.yolo.mask.end())));
    values[i] = out;
  }
  SmallVector<Value> results;
  SmallVector<Type> types;
  for (int o : g.outputs) {
    results.push_back(heads.at(o));
    types.push_back(heads.at(o).getType());
  }
  b.create<func::ReturnOp>(fileLoc, results);
  func.setFunctionType(b.getFunctionType({}, types));
  return module;
}

} // namespace snnc
