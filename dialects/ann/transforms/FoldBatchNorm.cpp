//===- FoldBatchNorm.cpp - Fold ann.batch_norm into ann.conv2d ------------===//
#include "dialects/ann/AnnAttributes.h"
#include "dialects/ann/AnnPasses.h"
#include "dialects/common/ModuleAttributes.h"

#include "mlir/IR/Builders.h"

#include <cmath>

namespace snnc::ann {
#define GEN_PASS_DEF_ANNFOLDBATCHNORM
#include "dialects/ann/AnnPasses.h.inc"
} // namespace snnc::ann

using namespace mlir;
using namespace snnc::ann;

namespace {

struct FoldBatchNormPass
    : public snnc::ann::impl::AnnFoldBatchNormBase<FoldBatchNormPass> {
  using AnnFoldBatchNormBase::AnnFoldBatchNormBase;

  void runOnOperation() override {
    SmallVector<BatchNormOp> norms;
    getOperation().walk([&](BatchNormOp op) { norms.push_back(op); });
    for (BatchNormOp bn : norms) {
      auto conv = bn.getInput().getDefiningOp<Conv2dOp>();
      if (!conv || !conv->hasOneUse()) {
        if (requireAll) {
          bn.emitError() << "cannot fold: the input is not a single-use "
                            "ann.conv2d";
          return signalPassFailure();
        }
        continue;
      }
      if (failed(fold(conv, bn)))
        return signalPassFailure();
    }
  }

  LogicalResult fold(Conv2dOp conv, BatchNormOp bn) {
    auto weight = readF32(conv.getWeight());
    auto scale = readF32(bn.getScale());
    auto shift = readF32(bn.getShift());
    auto mean = readF32(bn.getMean());
    auto variance = readF32(bn.getVariance());
    std::optional<std::vector<float>> bias;
    if (conv.getBiasAttr())
      bias = readF32(conv.getBiasAttr());
    if (!weight || !scale || !shift || !mean || !variance ||
        (conv.getBiasAttr() && !bias))
      return bn.emitError() << "cannot fold: parameter values are not "
                               "available (elided resource?)";

    int64_t outChannels = static_cast<int64_t>(scale->size());
    int64_t perChannel = static_cast<int64_t>(weight->size()) / outChannels;
    double eps = bn.getEpsilon().convertToDouble();
    std::vector<float> newWeight(weight->size()), newBias(outChannels);
    for (int64_t o = 0; o < outChannels; ++o) {
      double g = (*scale)[o] / std::sqrt(double((*variance)[o]) + eps);
      double b = bias ? (*bias)[o] : 0.0;
      newBias[o] = static_cast<float>((b - (*mean)[o]) * g + (*shift)[o]);
      for (int64_t i = 0; i < perChannel; ++i)
        newWeight[o * perChannel + i] =
            static_cast<float>((*weight)[o * perChannel + i] * g);
    }

    OpBuilder builder(bn);
    auto weightType = cast<ShapedType>(conv.getWeight().getType());
    auto biasType = RankedTensorType::get({outChannels}, builder.getF32Type());
    std::string base = "conv";
    if (auto loc = conv.getLoc()->findInstanceOf<FileLineColLoc>())
      base += "_l" + std::to_string(loc.getLine());
    auto folded = builder.create<Conv2dOp>(
        conv.getLoc(), bn.getOutput().getType(), conv.getInput(),
        makeF32Resource(weightType, base + "_weight_bnfolded", newWeight),
        makeF32Resource(biasType, base + "_bias_bnfolded", newBias),
        conv.getStridesAttr(), conv.getPaddingAttr());
    // The layer's darknet index stays (QAT metadata names layers by it);
    // a calibration of the unfolded convolution would not hold.
    if (Attribute index = conv->getAttr(snnc::kDarknetLayerAttr))
      folded->setAttr(snnc::kDarknetLayerAttr, index);
    bn.getOutput().replaceAllUsesWith(folded.getOutput());
    bn.erase();
    conv.erase();
    return success();
  }
};

} // namespace
