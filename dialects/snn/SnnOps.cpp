//===- SnnOps.cpp - snn dialect operations and verifiers ------------------===//
#include "dialects/snn/SnnOps.h"

#include "dialects/common/Verification.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace snnc;
using namespace snnc::snn;

namespace {

LogicalResult positive(Operation *op, StringRef name, float value) {
  if (!(value > 0) || !std::isfinite(value))
    return op->emitOpError()
           << "'" << name << "' must be positive and finite, got " << value;
  return success();
}

/// A per-channel attribute, when present, has one value per output channel,
/// each positive (thresholds) or finite (initial potentials).
LogicalResult channelValues(Operation *op, StringRef name,
                            std::optional<ArrayRef<float>> values,
                            int64_t channels, bool mustBePositive) {
  if (!values)
    return success();
  if (static_cast<int64_t>(values->size()) != channels)
    return op->emitOpError() << "'" << name << "' has " << values->size()
                             << " values for " << channels << " channels";
  for (auto [c, v] : llvm::enumerate(*values)) {
    bool ok = mustBePositive ? (v > 0 && std::isfinite(v)) : std::isfinite(v);
    if (!ok)
      return op->emitOpError()
             << "'" << name << "' channel " << c << " is " << v
             << "; it must be "
             << (mustBePositive ? "positive and finite" : "finite");
  }
  return success();
}

int64_t outputChannels(Value output) {
  return cast<RankedTensorType>(output.getType()).getDimSize(1);
}

} // namespace

LogicalResult EncoderOp::verify() {
  auto type = cast<RankedTensorType>(getOutput().getType());
  if (failed(verify::staticShape(*this, type)))
    return failure();
  if (type.getDimSize(0) != 1)
    return emitOpError() << "batch size must be 1, got " << type.getDimSize(0);
  return success();
}

LogicalResult ConvOp::verify() {
  if (failed(verify::conv(*this, getInput().getType(), getOutput().getType(),
                          getWeight(), getBias(), getStrides(),
                          getPadding())) ||
      failed(positive(*this, "v_th", getVTh().convertToFloat())))
    return failure();
  if (auto neg = getVThNegAttr())
    if (failed(positive(*this, "v_th_neg", neg.getValueAsDouble())))
      return failure();
  float vInit = getVInit().convertToFloat();
  if (!std::isfinite(vInit))
    return emitOpError() << "'v_init' must be finite";
  int64_t channels = outputChannels(getOutput());
  if (getChannelVThNeg() && !getVThNegAttr())
    return emitOpError()
           << "'channel_v_th_neg' needs 'v_th_neg' (a signed neuron)";
  return failure(failed(channelValues(*this, "channel_v_th", getChannelVTh(),
                                      channels, true)) ||
                 failed(channelValues(*this, "channel_v_th_neg",
                                      getChannelVThNeg(), channels, true)) ||
                 failed(channelValues(*this, "channel_v_init",
                                      getChannelVInit(), channels, false)));
}

LogicalResult MaxPoolOp::verify() {
  return verify::maxPool(*this, getInput().getType(), getOutput().getType(),
                         getKernel(), getStrides(), getPadding());
}

LogicalResult UpsampleOp::verify() {
  return verify::upsample(*this, getInput().getType(), getOutput().getType(),
                          static_cast<int64_t>(getScale()));
}

LogicalResult ConcatOp::verify() {
  return verify::concat(*this, getInputs().getTypes(), getOutput().getType());
}

LogicalResult OutputOp::verify() {
  if (failed(verify::conv(*this, getInput().getType(), getOutput().getType(),
                          getWeight(), getBias(), getStrides(),
                          getPadding())) ||
      failed(positive(*this, "v_th", getVTh().convertToFloat())))
    return failure();
  int64_t channels =
      cast<RankedTensorType>(getOutput().getType()).getDimSize(1);
  if (static_cast<int64_t>(getOutputScale().size()) != channels)
    return emitOpError() << "'output_scale' has " << getOutputScale().size()
                         << " values for " << channels << " channels";
  for (float s : getOutputScale())
    if (failed(positive(*this, "output_scale", s)))
      return failure();
  // I64Attr's accessor is unsigned: read the signed value.
  int64_t delay = getReadoutDelayAttr().getInt();
  if (delay < 0 || delay > INT32_MAX)
    return emitOpError() << "'readout_delay' must be in [0, " << INT32_MAX
                         << "], got " << delay;
  return channelValues(*this, "channel_v_th", getChannelVTh(), channels, true);
}

#define GET_OP_CLASSES
#include "dialects/snn/SnnOps.cpp.inc"
