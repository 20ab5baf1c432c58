//===- AnnOps.cpp - ann dialect operations and verifiers ------------------===//
//
// Verifiers check what a later stage would otherwise trip over: parameter
// shapes against the input, attribute arity and ranges, and the exact output
// shape each op's darknet formula gives.
//
//===----------------------------------------------------------------------===//
#include "dialects/ann/AnnOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace snnc::ann;

namespace {

/// Checks that a parameter attribute is an f32 tensor of `shape`.
LogicalResult verifyParam(Operation *op, StringRef name, ElementsAttr attr,
                          ArrayRef<int64_t> shape) {
  auto type = dyn_cast<ShapedType>(attr.getType());
  if (!type || !type.getElementType().isF32())
    return op->emitOpError() << "'" << name << "' must hold f32 values";
  if (type.getShape() != shape) {
    auto diag = op->emitOpError() << "'" << name << "' has shape [";
    llvm::interleaveComma(type.getShape(), diag);
    diag << "], expected [";
    llvm::interleaveComma(shape, diag);
    return diag << "]";
  }
  return success();
}

LogicalResult verifyPair(Operation *op, StringRef name, ArrayRef<int64_t> v,
                         int64_t min) {
  if (v.size() != 2)
    return op->emitOpError()
           << "'" << name << "' must have 2 values, got " << v.size();
  if (v[0] < min || v[1] < min)
    return op->emitOpError() << "'" << name << "' values must be >= " << min
                             << ", got [" << v[0] << ", " << v[1] << "]";
  return success();
}

LogicalResult verifyPadding(Operation *op, ArrayRef<int64_t> padding) {
  if (padding.size() != 4)
    return op->emitOpError()
           << "'padding' must be [top, left, bottom, right], got "
           << padding.size() << " values";
  for (int64_t p : padding)
    if (p < 0)
      return op->emitOpError() << "'padding' values must be >= 0, got " << p;
  return success();
}

/// Checks the spatial output size of a sliding-window op.
LogicalResult verifyWindowOutput(Operation *op, RankedTensorType in,
                                 RankedTensorType out, int64_t channels,
                                 ArrayRef<int64_t> kernel,
                                 ArrayRef<int64_t> strides,
                                 ArrayRef<int64_t> padding) {
  int64_t h = in.getDimSize(2) + padding[0] + padding[2];
  int64_t w = in.getDimSize(3) + padding[1] + padding[3];
  if (h < kernel[0] || w < kernel[1])
    return op->emitOpError()
           << "window " << kernel[0] << "x" << kernel[1]
           << " does not fit the padded " << h << "x" << w << " input";
  SmallVector<int64_t> expected = {in.getDimSize(0), channels,
                                   (h - kernel[0]) / strides[0] + 1,
                                   (w - kernel[1]) / strides[1] + 1};
  if (out.getShape() != ArrayRef<int64_t>(expected)) {
    auto diag = op->emitOpError() << "result shape [";
    llvm::interleaveComma(out.getShape(), diag);
    diag << "] does not match the expected [";
    llvm::interleaveComma(expected, diag);
    return diag << "]";
  }
  return success();
}

LogicalResult verifyStaticShape(Operation *op, RankedTensorType type) {
  if (!type.hasStaticShape())
    return op->emitOpError() << "requires static shapes, got " << type;
  for (int64_t d : type.getShape())
    if (d <= 0)
      return op->emitOpError() << "requires positive dimensions, got " << type;
  return success();
}

LogicalResult verifySameShape(Operation *op, Type input, Type output) {
  auto in = cast<RankedTensorType>(input);
  auto out = cast<RankedTensorType>(output);
  if (failed(verifyStaticShape(op, in)) || failed(verifyStaticShape(op, out)))
    return failure();
  if (in != out)
    return op->emitOpError()
           << "result type " << out << " must equal the input type " << in;
  return success();
}

} // namespace

LogicalResult InputOp::verify() {
  auto type = cast<RankedTensorType>(getOutput().getType());
  if (failed(verifyStaticShape(*this, type)))
    return failure();
  if (type.getDimSize(0) != 1)
    return emitOpError() << "batch size must be 1, got " << type.getDimSize(0);
  return success();
}

LogicalResult Conv2dOp::verify() {
  auto in = cast<RankedTensorType>(getInput().getType());
  auto out = cast<RankedTensorType>(getOutput().getType());
  if (failed(verifyStaticShape(*this, in)) ||
      failed(verifyStaticShape(*this, out)))
    return failure();
  auto weightType = dyn_cast<ShapedType>(getWeight().getType());
  if (!weightType || !weightType.hasRank() || weightType.getRank() != 4)
    return emitOpError() << "'weight' must be a 4-D [O, I, KH, KW] tensor";
  ArrayRef<int64_t> w = weightType.getShape();
  if (w[1] != in.getDimSize(1))
    return emitOpError() << "'weight' has " << w[1]
                         << " input channels but the input has "
                         << in.getDimSize(1);
  if (failed(verifyParam(*this, "weight", getWeight(), w)))
    return failure();
  if (auto bias = getBiasAttr())
    if (failed(verifyParam(*this, "bias", bias, {w[0]})))
      return failure();
  if (failed(verifyPair(*this, "strides", getStrides(), 1)) ||
      failed(verifyPadding(*this, getPadding())))
    return failure();
  return verifyWindowOutput(*this, in, out, w[0], {w[2], w[3]}, getStrides(),
                            getPadding());
}

LogicalResult BatchNormOp::verify() {
  if (failed(
          verifySameShape(*this, getInput().getType(), getOutput().getType())))
    return failure();
  int64_t c = cast<RankedTensorType>(getInput().getType()).getDimSize(1);
  if (failed(verifyParam(*this, "scale", getScale(), {c})) ||
      failed(verifyParam(*this, "shift", getShift(), {c})) ||
      failed(verifyParam(*this, "mean", getMean(), {c})) ||
      failed(verifyParam(*this, "variance", getVariance(), {c})))
    return failure();
  if (!(getEpsilon().convertToFloat() > 0))
    return emitOpError() << "'epsilon' must be positive";
  return success();
}

LogicalResult LeakyReluOp::verify() {
  float slope = getSlope().convertToFloat();
  if (!(slope >= 0 && slope < 1))
    return emitOpError() << "'slope' must be in [0, 1), got " << slope;
  return verifySameShape(*this, getInput().getType(), getOutput().getType());
}

LogicalResult ReluOp::verify() {
  return verifySameShape(*this, getInput().getType(), getOutput().getType());
}

LogicalResult MaxPoolOp::verify() {
  auto in = cast<RankedTensorType>(getInput().getType());
  auto out = cast<RankedTensorType>(getOutput().getType());
  if (failed(verifyStaticShape(*this, in)) ||
      failed(verifyStaticShape(*this, out)) ||
      failed(verifyPair(*this, "kernel", getKernel(), 1)) ||
      failed(verifyPair(*this, "strides", getStrides(), 1)) ||
      failed(verifyPadding(*this, getPadding())))
    return failure();
  ArrayRef<int64_t> k = getKernel(), p = getPadding();
  // A window made only of padding would produce -infinity.
  if (p[0] >= k[0] || p[2] >= k[0] || p[1] >= k[1] || p[3] >= k[1])
    return emitOpError() << "padding must be smaller than the kernel";
  return verifyWindowOutput(*this, in, out, in.getDimSize(1), k, getStrides(),
                            p);
}

LogicalResult UpsampleOp::verify() {
  auto in = cast<RankedTensorType>(getInput().getType());
  auto out = cast<RankedTensorType>(getOutput().getType());
  if (failed(verifyStaticShape(*this, in)) ||
      failed(verifyStaticShape(*this, out)))
    return failure();
  int64_t s = static_cast<int64_t>(getScale());
  SmallVector<int64_t> expected = {in.getDimSize(0), in.getDimSize(1),
                                   in.getDimSize(2) * s, in.getDimSize(3) * s};
  if (out.getShape() != ArrayRef<int64_t>(expected))
    return emitOpError() << "result type " << out << " does not match scale "
                         << s << " of " << in;
  return success();
}

LogicalResult ConcatOp::verify() {
  if (getInputs().empty())
    return emitOpError() << "needs at least one input";
  auto out = cast<RankedTensorType>(getOutput().getType());
  if (failed(verifyStaticShape(*this, out)))
    return failure();
  int64_t channels = 0;
  for (auto [i, value] : llvm::enumerate(getInputs())) {
    auto t = cast<RankedTensorType>(value.getType());
    if (failed(verifyStaticShape(*this, t)))
      return failure();
    if (t.getDimSize(0) != out.getDimSize(0) ||
        t.getDimSize(2) != out.getDimSize(2) ||
        t.getDimSize(3) != out.getDimSize(3))
      return emitOpError() << "input " << i << " of type " << t
                           << " differs from the result " << out
                           << " outside the channel dimension";
    channels += t.getDimSize(1);
  }
  if (channels != out.getDimSize(1))
    return emitOpError() << "inputs have " << channels
                         << " channels in total but the result has "
                         << out.getDimSize(1);
  return success();
}

LogicalResult RegionOp::verify() {
  if (failed(
          verifySameShape(*this, getInput().getType(), getOutput().getType())))
    return failure();
  int64_t c = cast<RankedTensorType>(getInput().getType()).getDimSize(1);
  int64_t expected =
      static_cast<int64_t>(getNum()) * (static_cast<int64_t>(getCoords()) + 1 +
                                        static_cast<int64_t>(getClasses()));
  if (c != expected)
    return emitOpError() << "input has " << c
                         << " channels, expected num*(coords+1+classes) = "
                         << expected;
  if (static_cast<int64_t>(getAnchors().size()) !=
      2 * static_cast<int64_t>(getNum()))
    return emitOpError() << "has " << getAnchors().size()
                         << " anchor values, expected 2*num = " << 2 * getNum();
  for (float a : getAnchors())
    if (!(a > 0))
      return emitOpError() << "anchors must be positive, got " << a;
  return success();
}

LogicalResult YoloOp::verify() {
  if (failed(
          verifySameShape(*this, getInput().getType(), getOutput().getType())))
    return failure();
  int64_t numAnchors = getAnchors().size() / 2;
  if (getAnchors().size() % 2 != 0 || numAnchors == 0)
    return emitOpError() << "'anchors' must hold (w, h) pairs, got "
                         << getAnchors().size() << " values";
  for (float a : getAnchors())
    if (!(a > 0))
      return emitOpError() << "anchors must be positive, got " << a;
  if (getMask().empty())
    return emitOpError() << "'mask' must select at least one anchor";
  for (int64_t m : getMask())
    if (m < 0 || m >= numAnchors)
      return emitOpError() << "mask index " << m << " is outside the "
                           << numAnchors << " anchors";
  int64_t c = cast<RankedTensorType>(getInput().getType()).getDimSize(1);
  int64_t expected = static_cast<int64_t>(getMask().size()) *
                     (5 + static_cast<int64_t>(getClasses()));
  if (c != expected)
    return emitOpError() << "input has " << c
                         << " channels, expected len(mask)*(5+classes) = "
                         << expected;
  return success();
}

#define GET_OP_CLASSES
#include "dialects/ann/AnnOps.cpp.inc"
