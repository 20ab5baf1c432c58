//===- DarknetToAnn.cpp - Import darknet networks as ann IR ---------------===//
#include "compiler/import/DarknetToAnn.h"
#include "dialects/common/ModuleAttributes.h"

#include "dialects/ann/AnnAttributes.h"
#include "dialects/ann/AnnOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"

using namespace mlir;

namespace snnc {

void loadSnncDialects(MLIRContext &context) {
  context.loadDialect<ann::AnnDialect, func::FuncDialect>();
}

namespace {

using darknet::Activation;
using darknet::Layer;
using darknet::LayerKind;

class Importer {
public:
  Importer(MLIRContext &context, const darknet::Network &net,
           const darknet::Weights &weights)
      : ctx(context), net(net), weights(weights), builder(&context) {}

  OwningOpRef<ModuleOp> run(const std::string &name) {
    Location fileLoc = FileLineColLoc::get(&ctx, net.cfgPath, 1, 1);
    OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
    builder.setInsertionPointToEnd(module->getBody());
    auto func = builder.create<func::FuncOp>(fileLoc, name,
                                             builder.getFunctionType({}, {}));
    Block *body = func.addEntryBlock();
    builder.setInsertionPointToEnd(body);

    Value current = builder.create<ann::InputOp>(
        fileLoc, tensorType(net.channels, net.height, net.width));
    SmallVector<Value> heads;
    for (size_t i = 0; i < net.layers.size(); ++i) {
      current = importLayer(static_cast<int>(i), current);
      outputs.push_back(current);
      LayerKind kind = net.layers[i].kind;
      if (kind == LayerKind::Region || kind == LayerKind::Yolo)
        heads.push_back(current);
    }
    builder.create<func::ReturnOp>(fileLoc, heads);
    SmallVector<Type> results;
    for (Value head : heads)
      results.push_back(head.getType());
    func.setFunctionType(builder.getFunctionType({}, results));
    return module;
  }

private:
  RankedTensorType tensorType(int64_t c, int64_t h, int64_t w) {
    return RankedTensorType::get({1, c, h, w}, builder.getF32Type());
  }
  RankedTensorType tensorType(const darknet::Shape &s) {
    return tensorType(s.c, s.h, s.w);
  }
  ElementsAttr param(ArrayRef<int64_t> shape, const std::string &blobName,
                     const std::vector<float> &values) {
    return ann::makeF32Resource(
        RankedTensorType::get(shape, builder.getF32Type()), blobName, values);
  }

  Value importLayer(int index, Value input) {
    const Layer &layer = net.layers[index];
    Location loc = FileLineColLoc::get(&ctx, net.cfgPath, layer.line, 1);
    if (!layer.origin.empty())
      loc = NameLoc::get(StringAttr::get(&ctx, layer.origin), loc);
    std::string prefix = "l" + std::to_string(index) + "_";
    switch (layer.kind) {
    case LayerKind::Convolutional:
      return importConv(index, layer, input, loc, prefix);
    case LayerKind::MaxPool: {
      int64_t before = layer.padding / 2;
      int64_t after = layer.padding - before;
      return builder.create<ann::MaxPoolOp>(
          loc, tensorType(layer.output), input,
          builder.getDenseI64ArrayAttr({layer.size, layer.size}),
          builder.getDenseI64ArrayAttr({layer.stride, layer.stride}),
          builder.getDenseI64ArrayAttr({before, before, after, after}));
    }
    case LayerKind::Route: {
      SmallVector<Value> inputs;
      for (int ref : layer.routeLayers)
        inputs.push_back(outputs[ref]);
      if (inputs.size() == 1)
        return inputs.front(); // A one-layer route only re-reads a tensor.
      return builder.create<ann::ConcatOp>(loc, tensorType(layer.output),
                                           inputs);
    }
    case LayerKind::Upsample:
      return builder.create<ann::UpsampleOp>(
          loc, tensorType(layer.output), input,
          builder.getI64IntegerAttr(layer.stride));
    case LayerKind::Region:
      return builder.create<ann::RegionOp>(
          loc, tensorType(layer.output), input,
          builder.getI64IntegerAttr(layer.classes),
          builder.getI64IntegerAttr(layer.coords),
          builder.getI64IntegerAttr(layer.num),
          builder.getBoolAttr(layer.softmax),
          builder.getDenseF32ArrayAttr(layer.anchors));
    case LayerKind::Yolo:
      return builder.create<ann::YoloOp>(
          loc, tensorType(layer.output), input,
          builder.getI64IntegerAttr(layer.classes),
          builder.getDenseF32ArrayAttr(layer.anchors),
          builder.getDenseI64ArrayAttr(layer.mask));
    }
    llvm_unreachable("unknown darknet layer kind");
  }

  Value importConv(int index, const Layer &layer, Value input, Location loc,
                   const std::string &prefix) {
    const darknet::ConvWeights &w = weights.layers[index];
    int64_t f = layer.filters;
    ElementsAttr weight = param({f, layer.input.c, layer.size, layer.size},
                                prefix + "weight", w.weights);
    // With batch_normalize, darknet's "biases" are the BN shift and the
    // convolution itself has no bias.
    ElementsAttr bias = layer.batchNormalize
                            ? ElementsAttr()
                            : param({f}, prefix + "bias", w.biases);
    int64_t p = layer.padding;
    // The darknet index on each op of the layer: QAT metadata names layers
    // by it (ann-apply-qat).
    auto indexed = [&](Operation *op) {
      op->setAttr(kDarknetLayerAttr, builder.getI64IntegerAttr(index));
      return op->getResult(0);
    };
    Value value = indexed(builder.create<ann::Conv2dOp>(
        loc, tensorType(layer.output), input, weight, bias,
        builder.getDenseI64ArrayAttr({layer.stride, layer.stride}),
        builder.getDenseI64ArrayAttr({p, p, p, p})));
    if (layer.batchNormalize)
      value = indexed(builder.create<ann::BatchNormOp>(
          loc, value.getType(), value,
          param({f}, prefix + "bn_scale", w.scales),
          param({f}, prefix + "bn_shift", w.biases),
          param({f}, prefix + "bn_mean", w.mean),
          param({f}, prefix + "bn_variance", w.variance),
          builder.getF32FloatAttr(layer.bnEpsilon)));
    switch (layer.activation) {
    case Activation::Linear:
      return value;
    case Activation::Leaky:
      return indexed(builder.create<ann::LeakyReluOp>(
          loc, value.getType(), value,
          builder.getF32FloatAttr(layer.leakySlope)));
    case Activation::Relu:
      return indexed(builder.create<ann::ReluOp>(loc, value.getType(), value));
    }
    llvm_unreachable("unknown activation");
  }

  MLIRContext &ctx;
  const darknet::Network &net;
  const darknet::Weights &weights;
  OpBuilder builder;
  SmallVector<Value> outputs; ///< Output of each darknet layer, by index.
};

} // namespace

OwningOpRef<ModuleOp> importDarknet(MLIRContext &context,
                                    const darknet::Network &net,
                                    const darknet::Weights &weights,
                                    const std::string &name) {
  return Importer(context, net, weights).run(name);
}

} // namespace snnc
