//===- Quantize.cpp - Quantize spiking layers to a chip's integers --------===//
#include "compiler/mapping/Quantize.h"
#include "compiler/chip/ChipDescription.h"
#include "dialects/ann/AnnAttributes.h"
#include "dialects/snn/SnnPasses.h"
#include "dialects/tn/TnPasses.h"
#include "runtime/support/Error.h"

#include "mlir/IR/Builders.h"

namespace snnc::snn {
#define GEN_PASS_DEF_SNNQUANTIZE
#include "dialects/snn/SnnPasses.h.inc"
} // namespace snnc::snn

using namespace mlir;
using namespace snnc;
using namespace snnc::snn;

namespace {

struct QuantizePass : public snnc::snn::impl::SnnQuantizeBase<QuantizePass> {
  using SnnQuantizeBase::SnnQuantizeBase;

  int64_t axonsPerCore = 0;
  bool unsignedSpikes = false;
  int64_t relayMax = 0;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func->hasAttr(kQuantizedAttr)) {
      mlir::emitError(func.getLoc())
          << "snn-quantize: already quantized (" << kQuantizedAttr << ")";
      return signalPassFailure();
    }
    // The module's tn.target, or the chip option.
    std::optional<chip::ChipDescription> target =
        tn::chipFor(func, "snn-quantize", chip);
    if (!target)
      return signalPassFailure();
    const chip::ChipDescription &desc = *target;
    mapping::ChipPrecision precision;
    try {
      axonsPerCore = desc.axonsPerCore;
      unsignedSpikes = !desc.signedSpikes;
      relayMax = desc.crossbar == chip::CrossbarKind::Binary
                     ? (int64_t{1} << (desc.weightBits - 1)) - 1
                     : 0;
      precision =
          mapping::precisionOf(desc, static_cast<int>(axonCopies.getValue()));
      if (!relayMax)
        relayMax = precision.weightMax;
    } catch (const Error &e) {
      // emitError(loc) rather than op->emitError(): no dump of the function.
      mlir::emitError(func.getLoc()) << "snn-quantize: " << e.what();
      return signalPassFailure();
    }
    if (ticks < 1) {
      mlir::emitError(func.getLoc())
          << "snn-quantize: ticks must be at least 1, got "
          << static_cast<int64_t>(ticks);
      return signalPassFailure();
    }
    WalkResult walk = func.walk([&](Operation *op) {
      LogicalResult r = success();
      if (auto conv = dyn_cast<ConvOp>(op))
        r = quantize(conv, precision);
      else if (auto out = dyn_cast<OutputOp>(op))
        r = quantize(out, precision);
      return failed(r) ? WalkResult::interrupt() : WalkResult::advance();
    });
    if (walk.wasInterrupted())
      return signalPassFailure();
    Builder b(func.getContext());
    func->setAttr(
        kQuantizedAttr,
        b.getDictionaryAttr(
            {b.getNamedAttr("chip", b.getStringAttr(desc.name)),
             b.getNamedAttr("axon_copies", b.getI64IntegerAttr(axonCopies)),
             b.getNamedAttr("ticks", b.getI64IntegerAttr(ticks))}));
  }

  template <typename OpT>
  FailureOr<mapping::QuantizedLayer>
  quantizeCommon(OpT op, const mapping::ChipPrecision &precision,
                 std::optional<float> vthNeg, float vInit, bool membrane) {
    auto weights = ann::readF32(op.getWeight());
    auto bias = ann::readF32(op.getBias());
    if (!weights || !bias)
      return op.emitError() << "cannot quantize: parameter values are not "
                               "available (elided resource?)";
    mapping::LayerParams layer;
    layer.outC = cast<ShapedType>(op.getOutput().getType()).getDimSize(1);
    layer.fanIn = static_cast<int64_t>(weights->size()) / layer.outC;
    layer.weights = std::move(*weights);
    layer.bias = std::move(*bias);
    layer.vth = op.getVTh().convertToFloat();
    layer.vthNeg = vthNeg;
    layer.vInit = vInit;
    layer.membraneOutput = membrane;
    layer.ticks = static_cast<int>(ticks);
    // Will the mapper split this layer's fan-in (compiler/mapping/Mapper)?
    // Each input takes `copies` axons (binary levels), twice on chips
    // without signed spikes (the inputs of a spiking layer may be signed).
    if (axonsPerCore > 0) {
      int64_t perInput = (precision.binary ? precision.axonCopies : 1) *
                         (unsignedSpikes ? 2 : 1);
      if (layer.fanIn * perInput > axonsPerCore)
        layer.relayMax = relayMax;
    }
    mapping::QuantizedLayer q = mapping::quantizeLayer(layer, precision);
    if (q.vanishedChannels)
      op.emitWarning() << q.vanishedChannels
                       << " output channels lost all their weights to "
                          "rounding (the leak or threshold width limits the "
                          "scale)";
    std::string name = nameOf(op);
    op.setWeightAttr(
        ann::makeF32Elements(cast<ShapedType>(op.getWeight().getType()),
                             name + ".qweight", q.weights));
    op.setBiasAttr(ann::makeF32Elements(
        cast<ShapedType>(op.getBias().getType()), name + ".qbias", q.bias));
    op.setChannelVThAttr(DenseF32ArrayAttr::get(op.getContext(), q.vth));
    return q;
  }

  static std::string nameOf(Operation *op) {
    if (auto loc = dyn_cast<NameLoc>(op->getLoc()))
      return loc.getName().str();
    return "layer";
  }

  LogicalResult quantize(ConvOp conv, const mapping::ChipPrecision &p) {
    std::optional<float> neg;
    if (auto attr = conv.getVThNegAttr())
      neg = static_cast<float>(attr.getValueAsDouble());
    float vInit =
        conv.getVInit().convertToFloat() * conv.getVTh().convertToFloat();
    auto q = quantizeCommon(conv, p, neg, vInit, /*membrane=*/false);
    if (failed(q))
      return failure();
    if (neg)
      conv.setChannelVThNegAttr(
          DenseF32ArrayAttr::get(conv.getContext(), q->vthNeg));
    conv.setChannelVInitAttr(
        DenseF32ArrayAttr::get(conv.getContext(), q->vInit));
    return success();
  }

  LogicalResult quantize(OutputOp out, const mapping::ChipPrecision &p) {
    bool membrane = out.getDecode() == Decoding::Vmem;
    auto q = quantizeCommon(out, p, std::nullopt, 0.0f, membrane);
    if (failed(q))
      return failure();
    // Decoded values are divided by the scale again.
    SmallVector<float> scales(out.getOutputScale());
    for (size_t c = 0; c < scales.size(); ++c)
      scales[c] = static_cast<float>(scales[c] / q->scale[c]);
    out.setOutputScaleAttr(DenseF32ArrayAttr::get(out.getContext(), scales));
    return success();
  }
};

} // namespace
