//===- ApplyQat.cpp - A quantization-aware model's metadata on ann IR -----===//
//
// ann-apply-qat: the trained ceilings of MODEL.qat.json become the
// calibration of the activations they belong to (matched by darknet layer
// index, which the importer records on each layer's ops), and the
// quantizers travel as attributes for the runtime graph exported from the
// IR. docs/QAT.md describes the metadata.
//
//===----------------------------------------------------------------------===//
#include "compiler/calibration/QatMetadata.h"
#include "dialects/ann/AnnCalibration.h"
#include "dialects/ann/AnnPasses.h"
#include "dialects/common/ModuleAttributes.h"
#include "runtime/support/Error.h"

#include "mlir/IR/Builders.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace snnc::ann {
#define GEN_PASS_DEF_ANNAPPLYQAT
#include "dialects/ann/AnnPasses.h.inc"
} // namespace snnc::ann

using namespace mlir;

namespace snnc::ann {

namespace {

/// The ops the importer made of one darknet layer.
struct LayerOps {
  Operation *conv = nullptr;
  Operation *activation = nullptr; ///< leaky or relu; none: linear
};

std::string where(Operation *op) {
  if (auto loc = op->getLoc()->findInstanceOf<FileLineColLoc>())
    return fmt::format("{}:{}", loc.getFilename().str(), loc.getLine());
  return "an op without a location";
}

std::string activationOf(const LayerOps &l) {
  if (!l.activation)
    return "linear";
  return isa<LeakyReluOp>(l.activation) ? "leaky" : "relu";
}

int64_t channelsOf(Operation *op) {
  return cast<ShapedType>(op->getResult(0).getType()).getDimSize(1);
}

/// Every metadata entry names a convolution of the network with that
/// activation and channel count; every leaky/relu convolution has one.
void checkMetadata(const QatMetadata &m,
                   const std::map<int64_t, LayerOps> &layers) {
  for (size_t k = 0; k < m.layers.size(); ++k) {
    const QatLayer &entry = m.layers[k];
    auto it = layers.find(entry.index);
    if (it == layers.end() || !it->second.conv)
      fail("{}: layers[{}] names layer {}, which is not a convolution of the "
           "network",
           m.path, k, entry.index);
    Operation *conv = it->second.conv;
    std::string activation = activationOf(it->second);
    if (entry.activation != activation)
      fail("{}: layers[{}] says layer {} has activation '{}', but {} has "
           "'{}'",
           m.path, k, entry.index, entry.activation, where(conv), activation);
    if (entry.perChannel &&
        static_cast<int64_t>(entry.ceilings.size()) != channelsOf(conv))
      fail("{}: layers[{}] gives {} ceilings for layer {}, which has {} "
           "filters ({})",
           m.path, k, entry.ceilings.size(), entry.index, channelsOf(conv),
           where(conv));
  }
  for (const auto &[index, l] : layers)
    if (l.conv && l.activation && !m.find(index))
      fail("{}: no entry for layer {} (convolutional, {}, {}): every "
           "leaky/relu convolution needs its ceiling",
           m.path, index, activationOf(l), where(l.conv));
}

void applyQat(ModuleOp module, const QatMetadata &m,
              std::vector<float> percentiles) {
  std::map<int64_t, LayerOps> layers;
  module.walk([&](Operation *op) {
    auto index = op->getAttrOfType<IntegerAttr>(kDarknetLayerAttr);
    if (!index)
      return;
    LayerOps &l = layers[index.getInt()];
    if (isa<Conv2dOp>(op))
      l.conv = op;
    else if (isa<LeakyReluOp, ReluOp>(op))
      l.activation = op;
  });
  if (layers.empty())
    fail("{}: the network's ops carry no darknet layer index ('{}'); QAT "
         "metadata names the layers of a model imported from a darknet cfg",
         m.path, kDarknetLayerAttr.str());
  checkMetadata(m, layers);

  std::vector<float> &ps = percentiles;
  for (float p : ps)
    if (!(p > 0.0f && p <= 100.0f))
      fail("percentile {} is not in (0, 100]", p);
  ps.push_back(100.0f);
  std::sort(ps.begin(), ps.end());
  ps.erase(std::unique(ps.begin(), ps.end()), ps.end());
  auto fill = [&](Operation *op, const std::vector<float> &perChannel) {
    Calibration c;
    c.images = 0;
    c.percentiles = ps;
    float layerMax = *std::max_element(perChannel.begin(), perChannel.end());
    c.layer.assign(ps.size(), layerMax);
    for (float v : perChannel)
      for (size_t k = 0; k < ps.size(); ++k)
        c.channel.push_back(v);
    setCalibration(op, c);
  };
  auto ceilingsOf = [](const QatLayer &entry, int64_t channels) {
    std::vector<float> v(channels);
    for (int64_t c = 0; c < channels; ++c)
      v[c] = entry.ceiling(c);
    return v;
  };
  Builder b(module.getContext());
  // Activations: the ceilings as calibration, the quantizer for the graph.
  for (const auto &[index, l] : layers) {
    const QatLayer *entry = m.find(index);
    if (!entry || entry->isLinear() || !l.activation)
      continue;
    std::vector<float> ceilings = ceilingsOf(*entry, channelsOf(l.activation));
    fill(l.activation, ceilings);
    l.activation->setAttr(
        kQatAttr,
        b.getDictionaryAttr(
            {b.getNamedAttr("levels", b.getI64IntegerAttr(m.levels)),
             b.getNamedAttr("ceilings", b.getDenseF32ArrayAttr(ceilings))}));
  }
  if (m.inputLevels > 0)
    module->setAttr(kQatInputLevelsAttr, b.getI64IntegerAttr(m.inputLevels));
  // Head convolutions: the recorded range, else what image calibration
  // measured, else scale 1.
  module.walk([&](Conv2dOp conv) {
    Value out = conv.getResult();
    bool feedsHead =
        !out.use_empty() && llvm::all_of(out.getUsers(), [](Operation *u) {
          return isa<RegionOp, YoloOp>(u);
        });
    auto index = conv->getAttrOfType<IntegerAttr>(kDarknetLayerAttr);
    const QatLayer *entry = index ? m.find(index.getInt()) : nullptr;
    if (entry && entry->isLinear()) {
      if (!feedsHead)
        fail("{}: the entry of layer {} gives a range ('linear'), but that "
             "convolution ({}) does not feed a region or yolo head",
             m.path, entry->index, where(conv));
      fill(conv, ceilingsOf(*entry, channelsOf(conv)));
      return;
    }
    if (feedsHead && !conv->hasAttr(kCalibrationAttr)) {
      fill(conv, std::vector<float>(channelsOf(conv), 1.0f));
      conv->setAttr(kQatNoRangeAttr, b.getUnitAttr());
    }
  });
}

struct ApplyQatPass : impl::AnnApplyQatBase<ApplyQatPass> {
  using AnnApplyQatBase::AnnApplyQatBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    try {
      if (metadata.empty())
        throw Error("no metadata file (metadata=MODEL.qat.json)");
      applyQat(module, readQatMetadata(metadata),
               std::vector<float>(percentiles.begin(), percentiles.end()));
    } catch (const Error &e) {
      mlir::emitError(module.getLoc()) << "ann-apply-qat: " << e.what();
      signalPassFailure();
    }
  }
};

} // namespace
} // namespace snnc::ann
