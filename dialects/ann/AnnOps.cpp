//===- AnnOps.cpp - ann dialect operations and verifiers ------------------===//
//
// Verifiers check what a later stage would otherwise trip over: parameter
// shapes against the input, attribute arity and ranges, and the exact output
// shape each op's darknet formula gives.
//
//===----------------------------------------------------------------------===//
#include "dialects/ann/AnnOps.h"

#include "dialects/common/Verification.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace snnc::ann;

using namespace snnc;

LogicalResult InputOp::verify() {
  auto type = cast<RankedTensorType>(getOutput().getType());
  if (failed(verify::staticShape(*this, type)))
    return failure();
  if (type.getDimSize(0) != 1)
    return emitOpError() << "batch size must be 1, got " << type.getDimSize(0);
  return success();
}

LogicalResult Conv2dOp::verify() {
  return verify::conv(*this, getInput().getType(), getOutput().getType(),
                      getWeight(), getBiasAttr(), getStrides(), getPadding());
}

LogicalResult BatchNormOp::verify() {
  if (failed(verify::sameShape(*this, getInput().getType(),
                               getOutput().getType())))
    return failure();
  int64_t c = cast<RankedTensorType>(getInput().getType()).getDimSize(1);
  if (failed(verify::param(*this, "scale", getScale(), {c})) ||
      failed(verify::param(*this, "shift", getShift(), {c})) ||
      failed(verify::param(*this, "mean", getMean(), {c})) ||
      failed(verify::param(*this, "variance", getVariance(), {c})))
    return failure();
  if (!(getEpsilon().convertToFloat() > 0))
    return emitOpError() << "'epsilon' must be positive";
  return success();
}

LogicalResult LeakyReluOp::verify() {
  float slope = getSlope().convertToFloat();
  if (!(slope >= 0 && slope < 1))
    return emitOpError() << "'slope' must be in [0, 1), got " << slope;
  return verify::sameShape(*this, getInput().getType(), getOutput().getType());
}

LogicalResult ReluOp::verify() {
  return verify::sameShape(*this, getInput().getType(), getOutput().getType());
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

LogicalResult RegionOp::verify() {
  if (failed(verify::sameShape(*this, getInput().getType(),
                               getOutput().getType())))
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
  if (failed(verify::sameShape(*this, getInput().getType(),
                               getOutput().getType())))
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
