//===- AnnToSnn.cpp - Spiking-YOLO conversion of ann networks -------------===//
//
// Walks the network in order, replacing each layer by its spiking form and
// tracking, for every converted value, the activation scale lambda of each of
// its channels (the value one spike stands for). Weights are rescaled by
// lambda_in / lambda_out so that every layer fires at threshold 1.
//
//===----------------------------------------------------------------------===//
#include "dialects/ann/AnnAttributes.h"
#include "dialects/ann/AnnCalibration.h"
#include "dialects/conversion/Passes.h"

#include "mlir/IR/Builders.h"

#include "llvm/ADT/DenseMap.h"

#include <cmath>
#include <cstdio>

namespace snnc {
#define GEN_PASS_DEF_ANNTOSNN
#include "dialects/conversion/Passes.h.inc"
} // namespace snnc

using namespace mlir;
using namespace snnc;

namespace {

/// The activation op following a convolution, if it is its only user.
Operation *activationOf(ann::Conv2dOp conv) {
  if (!conv->hasOneUse())
    return nullptr;
  Operation *user = *conv->getUsers().begin();
  return isa<ann::LeakyReluOp, ann::ReluOp>(user) ? user : nullptr;
}

/// "99.9" rather than "9.990000e+01" in messages.
std::string number(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", v);
  return buffer;
}

bool feedsHeads(Value value) {
  if (value.use_empty())
    return false;
  for (Operation *user : value.getUsers())
    if (!isa<ann::RegionOp, ann::YoloOp>(user))
      return false;
  return true;
}

struct AnnToSnnPass : public snnc::impl::AnnToSnnBase<AnnToSnnPass> {
  using AnnToSnnBase::AnnToSnnBase;

  void runOnOperation() override {
    if (failed(checkOptions()))
      return signalPassFailure();
    func::FuncOp func = getOperation();
    SmallVector<Operation *> ops;
    for (Operation &op : func.getBody().front())
      ops.push_back(&op);
    SmallVector<Operation *> dead;
    for (Operation *op : ops) {
      if (failed(convert(op, dead)))
        return signalPassFailure();
    }
    for (Operation *op : llvm::reverse(dead))
      op->erase();
  }

private:
  LogicalResult checkOptions() {
    // The enum options (norm, neuron, reset, max-pool, decode, encoder)
    // are checked when they are parsed.
    if (!(percentile > 0 && percentile <= 100))
      return mlir::emitError(getOperation().getLoc())
             << "ann-to-snn: percentile must be in (0, 100], got "
             << number(percentile);
    if (readoutDelay < 0)
      return mlir::emitError(getOperation().getLoc())
             << "ann-to-snn: readout-delay must be >= 0, got "
             << static_cast<int64_t>(readoutDelay);
    if (!(vInit >= 0 && vInit < 1))
      return mlir::emitError(getOperation().getLoc())
             << "ann-to-snn: v-init must be in [0, 1) (a fraction of Vth), "
                "got "
             << number(vInit);
    return success();
  }

  /// lambda per channel of a layer output, from its calibration.
  FailureOr<SmallVector<float>> scalesOf(Operation *layerOutput) {
    if (!layerOutput->hasAttr(ann::kCalibrationAttr))
      return layerOutput->emitError()
             << "ann-to-snn: no '" << ann::kCalibrationAttr
             << "' on this layer output: calibrate the network first (snnc "
                "calibrate, or snnc sweep --calib-voc)";
    std::optional<ann::Calibration> c = ann::getCalibration(layerOutput);
    if (!c)
      return failure(); // getCalibration reported the malformed attribute
    int p = c->indexOf(percentile);
    if (p < 0) {
      auto diag = layerOutput->emitError()
                  << "ann-to-snn: percentile " << number(percentile)
                  << " was not calibrated (available: ";
      llvm::interleaveComma(c->percentiles, diag,
                            [&](float v) { diag << number(v); });
      return diag << ")";
    }
    int64_t channels = c->channels();
    size_t np = c->percentiles.size();
    float layerScale = c->layer[p];
    if (!(layerScale > 0)) {
      // A layer that never activates positively: any positive scale is
      // exact (it never fires); 1 keeps the weights unchanged.
      layerScale = 1;
    }
    SmallVector<float> scales(channels, layerScale);
    if (norm == snn::Normalization::Channel)
      for (int64_t ch = 0; ch < channels; ++ch) {
        float s = c->channel[ch * np + p];
        // A channel that never activates positively keeps the layer's
        // scale instead of dividing by zero.
        scales[ch] = s > 0 ? s : layerScale;
      }
    return scales;
  }

  LogicalResult convert(Operation *op, SmallVectorImpl<Operation *> &dead) {
    OpBuilder b(op);
    Location loc = op->getLoc();
    if (auto input = dyn_cast<ann::InputOp>(op)) {
      auto enc = b.create<snn::EncoderOp>(
          loc, input.getType(),
          snn::EncodingAttr::get(b.getContext(), encoder));
      map(input, enc, SmallVector<float>(channelsOf(input), 1.0f));
      dead.push_back(op);
      return success();
    }
    if (auto conv = dyn_cast<ann::Conv2dOp>(op))
      return convertConv(conv, dead);
    if (isa<ann::LeakyReluOp, ann::ReluOp>(op)) {
      if (!mapped.count(op->getResult(0)))
        return op->emitError() << "ann-to-snn: an activation must directly "
                                  "follow a single-use ann.conv2d";
      dead.push_back(op);
      return success();
    }
    if (auto bn = dyn_cast<ann::BatchNormOp>(op))
      return bn.emitError() << "ann-to-snn: fold batch norm first "
                               "(ann-fold-batch-norm)";
    if (auto pool = dyn_cast<ann::MaxPoolOp>(op)) {
      FailureOr<Value> in = lookup(op, pool.getInput());
      if (failed(in))
        return failure();
      auto s = b.create<snn::MaxPoolOp>(
          loc, pool.getType(), *in, pool.getKernelAttr(), pool.getStridesAttr(),
          pool.getPaddingAttr(),
          snn::MaxPoolAttr::get(b.getContext(), maxPool));
      map(pool, s, scale[*in]);
      dead.push_back(op);
      return success();
    }
    if (auto up = dyn_cast<ann::UpsampleOp>(op)) {
      FailureOr<Value> in = lookup(op, up.getInput());
      if (failed(in))
        return failure();
      auto s =
          b.create<snn::UpsampleOp>(loc, up.getType(), *in, up.getScaleAttr());
      map(up, s, scale[*in]);
      dead.push_back(op);
      return success();
    }
    if (auto cat = dyn_cast<ann::ConcatOp>(op)) {
      SmallVector<Value> ins;
      SmallVector<float> scales;
      for (Value v : cat.getInputs()) {
        FailureOr<Value> in = lookup(op, v);
        if (failed(in))
          return failure();
        ins.push_back(*in);
        scales.append(scale[*in]);
      }
      auto s = b.create<snn::ConcatOp>(loc, cat.getType(), ins);
      map(cat, s, scales);
      dead.push_back(op);
      return success();
    }
    if (isa<ann::RegionOp, ann::YoloOp>(op)) {
      // Heads stay: they read the analog output of snn.output.
      Value in = op->getOperand(0);
      auto it = mapped.find(in);
      if (it == mapped.end())
        return op->emitError() << "ann-to-snn: the head's input was not "
                                  "converted to snn.output";
      op->setOperand(0, it->second);
      return success();
    }
    if (isa<func::ReturnOp>(op))
      return success();
    return op->emitError() << "ann-to-snn: cannot convert this op";
  }

  LogicalResult convertConv(ann::Conv2dOp conv,
                            SmallVectorImpl<Operation *> &dead) {
    FailureOr<Value> in = lookup(conv, conv.getInput());
    if (failed(in))
      return failure();
    for (Operation *user : conv->getUsers())
      if (isa<ann::BatchNormOp>(user))
        return user->emitError() << "ann-to-snn: fold batch norm first "
                                    "(ann-fold-batch-norm)";
    Operation *act = activationOf(conv);
    Operation *layerOut = act ? act : conv.getOperation();
    Value outValue = layerOut->getResult(0);
    bool isOutput = feedsHeads(outValue);
    if (isOutput && act)
      return act->emitError() << "ann-to-snn: the layer feeding a detection "
                                 "head must be linear";
    FailureOr<SmallVector<float>> outScales = scalesOf(layerOut);
    if (failed(outScales))
      return failure();
    const SmallVector<float> &inScales = scale[*in];

    auto weight = ann::readF32(conv.getWeight());
    std::optional<std::vector<float>> bias;
    if (conv.getBiasAttr())
      bias = ann::readF32(conv.getBiasAttr());
    if (!weight || (conv.getBiasAttr() && !bias))
      return conv.emitError() << "ann-to-snn: parameter values are not "
                                 "available (elided resource?)";
    auto wType = cast<ShapedType>(conv.getWeight().getType());
    int64_t outC = wType.getDimSize(0), inC = wType.getDimSize(1);
    int64_t k = wType.getDimSize(2) * wType.getDimSize(3);
    std::vector<float> w(weight->size()), bv(outC);
    for (int64_t o = 0; o < outC; ++o) {
      double out = (*outScales)[o];
      bv[o] = static_cast<float>((bias ? (*bias)[o] : 0.0) / out);
      for (int64_t i = 0; i < inC; ++i)
        for (int64_t j = 0; j < k; ++j) {
          size_t idx = (o * inC + i) * k + j;
          w[idx] = static_cast<float>((*weight)[idx] * inScales[i] / out);
        }
    }
    OpBuilder b(layerOut);
    b.setInsertionPointAfter(layerOut);
    std::string name = "snn";
    if (auto fl = conv.getLoc()->findInstanceOf<FileLineColLoc>())
      name += "_l" + std::to_string(fl.getLine());
    ElementsAttr wAttr = ann::makeF32Resource(wType, name + "_weight", w);
    ElementsAttr bAttr = ann::makeF32Resource(
        RankedTensorType::get({outC}, b.getF32Type()), name + "_bias", bv);
    Operation *result;
    if (isOutput) {
      result = b.create<snn::OutputOp>(
          conv.getLoc(), conv.getType(), *in, wAttr, bAttr,
          conv.getStridesAttr(), conv.getPaddingAttr(),
          snn::DecodingAttr::get(b.getContext(), decode),
          b.getF32FloatAttr(1.0f), b.getDenseF32ArrayAttr(*outScales),
          b.getI64IntegerAttr(readoutDelay), DenseF32ArrayAttr());
    } else {
      FloatAttr vThNeg;
      if (auto leaky = dyn_cast_or_null<ann::LeakyReluOp>(act)) {
        float alpha = leaky.getSlope().convertToFloat();
        if (neuron == snn::NeuronKind::Signed ||
            (neuron == snn::NeuronKind::IBT && alpha == 0))
          vThNeg = b.getF32FloatAttr(1.0f);
        else if (neuron == snn::NeuronKind::IBT)
          vThNeg = b.getF32FloatAttr(1.0f / alpha);
      } else if (!act) {
        // A linear hidden layer needs both signs.
        vThNeg = b.getF32FloatAttr(1.0f);
      }
      result = b.create<snn::ConvOp>(
          conv.getLoc(), conv.getType(), *in, wAttr, bAttr,
          conv.getStridesAttr(), conv.getPaddingAttr(), b.getF32FloatAttr(1.0f),
          vThNeg, snn::ResetAttr::get(b.getContext(), reset),
          b.getF32FloatAttr(vInit), DenseF32ArrayAttr(), DenseF32ArrayAttr(),
          DenseF32ArrayAttr());
    }
    mapped[outValue] = result->getResult(0);
    scale[result->getResult(0)] = *outScales;
    dead.push_back(conv);
    return success();
  }

  int64_t channelsOf(Operation *op) {
    return cast<RankedTensorType>(op->getResult(0).getType()).getDimSize(1);
  }

  void map(Operation *from, Operation *to, SmallVector<float> scales) {
    mapped[from->getResult(0)] = to->getResult(0);
    scale[to->getResult(0)] = std::move(scales);
  }

  FailureOr<Value> lookup(Operation *user, Value annValue) {
    auto it = mapped.find(annValue);
    if (it == mapped.end())
      return user->emitError() << "ann-to-snn: operand is not the output of "
                                  "a converted layer";
    return it->second;
  }

  llvm::DenseMap<Value, Value> mapped;             ///< ann value -> snn value
  llvm::DenseMap<Value, SmallVector<float>> scale; ///< snn value -> lambda
};

} // namespace
