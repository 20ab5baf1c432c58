//===- AnnCalibration.cpp - Activation statistics on ann ops --------------===//
#include "dialects/ann/AnnCalibration.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"

#include <cmath>

using namespace mlir;

namespace snnc::ann {

int Calibration::indexOf(float p) const {
  for (size_t i = 0; i < percentiles.size(); ++i)
    if (std::fabs(percentiles[i] - p) < 1e-4f)
      return static_cast<int>(i);
  return -1;
}

void setCalibration(Operation *op, const Calibration &c) {
  Builder b(op->getContext());
  NamedAttrList attrs;
  attrs.append("images", b.getI64IntegerAttr(c.images));
  attrs.append("percentiles", b.getDenseF32ArrayAttr(c.percentiles));
  attrs.append("layer", b.getDenseF32ArrayAttr(c.layer));
  attrs.append("channel", b.getDenseF32ArrayAttr(c.channel));
  op->setAttr(kCalibrationAttr, attrs.getDictionary(op->getContext()));
}

std::optional<Calibration> getCalibration(Operation *op) {
  auto dict = op->getAttrOfType<DictionaryAttr>(kCalibrationAttr);
  if (!dict)
    return std::nullopt;
  auto images = dict.getAs<IntegerAttr>("images");
  auto percentiles = dict.getAs<DenseF32ArrayAttr>("percentiles");
  auto layer = dict.getAs<DenseF32ArrayAttr>("layer");
  auto channel = dict.getAs<DenseF32ArrayAttr>("channel");
  if (!images || !percentiles || !layer || !channel) {
    op->emitError() << "malformed '" << kCalibrationAttr
                    << "': needs images (i64) and percentiles, layer, channel "
                       "(array<f32>)";
    return std::nullopt;
  }
  Calibration c;
  c.images = images.getInt();
  c.percentiles.assign(percentiles.asArrayRef().begin(),
                       percentiles.asArrayRef().end());
  c.layer.assign(layer.asArrayRef().begin(), layer.asArrayRef().end());
  c.channel.assign(channel.asArrayRef().begin(), channel.asArrayRef().end());
  size_t p = c.percentiles.size();
  auto type = dyn_cast<RankedTensorType>(op->getResult(0).getType());
  int64_t channels = type && type.getRank() == 4 ? type.getDimSize(1) : -1;
  if (p == 0 || c.layer.size() != p ||
      static_cast<int64_t>(c.channel.size()) != channels * (int64_t)p) {
    op->emitError() << "malformed '" << kCalibrationAttr
                    << "': " << c.percentiles.size() << " percentiles, "
                    << c.layer.size() << " layer values and "
                    << c.channel.size() << " channel values for " << channels
                    << " channels";
    return std::nullopt;
  }
  return c;
}

} // namespace snnc::ann
