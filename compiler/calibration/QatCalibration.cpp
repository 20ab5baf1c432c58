//===- QatCalibration.cpp - Thresholds from quantization-aware training ---===//
#include "compiler/calibration/QatCalibration.h"

#include "dialects/ann/AnnCalibration.h"
#include "dialects/ann/AnnOps.h"
#include "runtime/support/Error.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <fmt/format.h>

#include <algorithm>

using namespace mlir;

namespace snnc {

namespace {

int lineOf(Operation *op) {
  if (auto loc = op->getLoc()->findInstanceOf<FileLineColLoc>())
    return static_cast<int>(loc.getLine());
  return -1;
}

int64_t channelsOf(Value v) {
  return cast<ShapedType>(v.getType()).getDimSize(1);
}

} // namespace

QatHeads applyQatCeilings(ModuleOp module, const darknet::Network &network,
                          const QatMetadata &metadata,
                          const std::vector<float> &percentiles) {
  checkQatMetadata(metadata, network);
  std::vector<float> ps = percentiles;
  ps.push_back(100.0f);
  std::sort(ps.begin(), ps.end());
  ps.erase(std::unique(ps.begin(), ps.end()), ps.end());
  auto fill = [&](Operation *op, const std::vector<float> &perChannel) {
    ann::Calibration c;
    c.images = 0;
    c.percentiles = ps;
    float layerMax = *std::max_element(perChannel.begin(), perChannel.end());
    c.layer.assign(ps.size(), layerMax);
    for (float v : perChannel)
      for (size_t k = 0; k < ps.size(); ++k)
        c.channel.push_back(v);
    ann::setCalibration(op, c);
  };
  size_t applied = 0;
  module.walk([&](Operation *op) {
    if (!isa<ann::LeakyReluOp, ann::ReluOp>(op))
      return;
    const QatLayer *layer = findQatLayerAtLine(metadata, network, lineOf(op));
    if (!layer || layer->isLinear())
      return;
    int64_t C = channelsOf(op->getResult(0));
    std::vector<float> ceilings(C);
    for (int64_t c = 0; c < C; ++c)
      ceilings[c] = layer->ceiling(c);
    fill(op, ceilings);
    ++applied;
  });
  const size_t activations = metadata.activationCount();
  if (applied != activations)
    fail("{}: {} layers have ceilings but {} activations of the network "
         "took them",
         metadata.path, activations, applied);
  // Head convolutions: the recorded range, else what image calibration
  // measured, else scale 1.
  QatHeads heads;
  size_t ranges = 0;
  module.walk([&](ann::Conv2dOp conv) {
    Value out = conv.getResult();
    bool feedsHead =
        !out.use_empty() && llvm::all_of(out.getUsers(), [](Operation *u) {
          return isa<ann::RegionOp, ann::YoloOp>(u);
        });
    const QatLayer *layer = findQatLayerAtLine(metadata, network, lineOf(conv));
    if (layer && layer->isLinear()) {
      if (!feedsHead)
        fail("{}: the entry of layer {} gives a range ('linear'), but that "
             "convolution does not feed a region or yolo head",
             metadata.path, layer->index);
      int64_t C = channelsOf(out);
      std::vector<float> range(C);
      for (int64_t c = 0; c < C; ++c)
        range[c] = layer->ceiling(c);
      fill(conv, range);
      ++heads.withRange;
      ++ranges;
      return;
    }
    if (feedsHead && !conv->hasAttr(ann::kCalibrationAttr)) {
      fill(conv, std::vector<float>(channelsOf(out), 1.0f));
      heads.withoutRange.push_back(
          fmt::format("{}:{}", network.cfgPath, lineOf(conv)));
    }
  });
  if (ranges != metadata.layers.size() - activations)
    fail("{}: {} 'linear' entries give head ranges but {} head convolutions "
         "took them",
         metadata.path, metadata.layers.size() - activations, ranges);
  return heads;
}

} // namespace snnc
