//===- Verification.cpp - Shape checks shared by snnc's dialects ----------===//
#include "dialects/common/Verification.h"

#include "mlir/IR/Diagnostics.h"

using namespace mlir;

namespace snnc::verify {

/// Checks that a parameter attribute is an f32 tensor of `shape`.
LogicalResult param(Operation *op, StringRef name, ElementsAttr attr,
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

LogicalResult pair(Operation *op, StringRef name, ArrayRef<int64_t> v,
                   int64_t min) {
  if (v.size() != 2)
    return op->emitOpError()
           << "'" << name << "' must have 2 values, got " << v.size();
  if (v[0] < min || v[1] < min)
    return op->emitOpError() << "'" << name << "' values must be >= " << min
                             << ", got [" << v[0] << ", " << v[1] << "]";
  return success();
}

LogicalResult padding(Operation *op, ArrayRef<int64_t> padding) {
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
LogicalResult windowOutput(Operation *op, RankedTensorType in,
                           RankedTensorType out, int64_t channels,
                           ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides,
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

LogicalResult staticShape(Operation *op, RankedTensorType type) {
  if (!type.hasStaticShape())
    return op->emitOpError() << "requires static shapes, got " << type;
  for (int64_t d : type.getShape())
    if (d <= 0)
      return op->emitOpError() << "requires positive dimensions, got " << type;
  return success();
}

LogicalResult sameShape(Operation *op, Type input, Type output) {
  auto in = cast<RankedTensorType>(input);
  auto out = cast<RankedTensorType>(output);
  if (failed(staticShape(op, in)) || failed(staticShape(op, out)))
    return failure();
  if (in != out)
    return op->emitOpError()
           << "result type " << out << " must equal the input type " << in;
  return success();
}

LogicalResult conv(Operation *op, Type input, Type output, ElementsAttr weight,
                   ElementsAttr bias, ArrayRef<int64_t> strides,
                   ArrayRef<int64_t> pads) {
  auto in = cast<RankedTensorType>(input);
  auto out = cast<RankedTensorType>(output);
  if (failed(staticShape(op, in)) || failed(staticShape(op, out)))
    return failure();
  auto weightType = dyn_cast<ShapedType>(weight.getType());
  if (!weightType || !weightType.hasRank() || weightType.getRank() != 4)
    return op->emitOpError() << "'weight' must be a 4-D [O, I, KH, KW] tensor";
  ArrayRef<int64_t> w = weightType.getShape();
  if (w[1] != in.getDimSize(1))
    return op->emitOpError()
           << "'weight' has " << w[1] << " input channels but the input has "
           << in.getDimSize(1);
  if (failed(param(op, "weight", weight, w)))
    return failure();
  if (bias && failed(param(op, "bias", bias, {w[0]})))
    return failure();
  if (failed(pair(op, "strides", strides, 1)) || failed(padding(op, pads)))
    return failure();
  return windowOutput(op, in, out, w[0], {w[2], w[3]}, strides, pads);
}

LogicalResult concat(Operation *op, TypeRange inputs, Type output) {
  if (inputs.empty())
    return op->emitOpError() << "needs at least one input";
  auto out = cast<RankedTensorType>(output);
  if (failed(staticShape(op, out)))
    return failure();
  int64_t channels = 0;
  for (auto [i, type] : llvm::enumerate(inputs)) {
    auto t = cast<RankedTensorType>(type);
    if (failed(staticShape(op, t)))
      return failure();
    if (t.getDimSize(0) != out.getDimSize(0) ||
        t.getDimSize(2) != out.getDimSize(2) ||
        t.getDimSize(3) != out.getDimSize(3))
      return op->emitOpError()
             << "input " << i << " of type " << t << " differs from the result "
             << out << " outside the channel dimension";
    channels += t.getDimSize(1);
  }
  if (channels != out.getDimSize(1))
    return op->emitOpError()
           << "inputs have " << channels
           << " channels in total but the result has " << out.getDimSize(1);
  return success();
}

LogicalResult upsample(Operation *op, Type input, Type output, int64_t s) {
  auto in = cast<RankedTensorType>(input);
  auto out = cast<RankedTensorType>(output);
  if (failed(staticShape(op, in)) || failed(staticShape(op, out)))
    return failure();
  SmallVector<int64_t> expected = {in.getDimSize(0), in.getDimSize(1),
                                   in.getDimSize(2) * s, in.getDimSize(3) * s};
  if (out.getShape() != ArrayRef<int64_t>(expected))
    return op->emitOpError() << "result type " << out
                             << " does not match scale " << s << " of " << in;
  return success();
}

LogicalResult maxPool(Operation *op, Type input, Type output,
                      ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides,
                      ArrayRef<int64_t> pads) {
  auto in = cast<RankedTensorType>(input);
  auto out = cast<RankedTensorType>(output);
  if (failed(staticShape(op, in)) || failed(staticShape(op, out)) ||
      failed(pair(op, "kernel", kernel, 1)) ||
      failed(pair(op, "strides", strides, 1)) || failed(padding(op, pads)))
    return failure();
  // A window made only of padding would produce -infinity.
  if (pads[0] >= kernel[0] || pads[2] >= kernel[0] || pads[1] >= kernel[1] ||
      pads[3] >= kernel[1])
    return op->emitOpError() << "padding must be smaller than the kernel";
  return windowOutput(op, in, out, in.getDimSize(1), kernel, strides, pads);
}

} // namespace snnc::verify
