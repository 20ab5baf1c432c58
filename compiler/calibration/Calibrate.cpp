//===- Calibrate.cpp - Record activation statistics on ann IR -------------===//
#include "compiler/calibration/Calibrate.h"

#include "compiler/driver/ModelLoader.h"
#include "compiler/graph/AnnToGraph.h"
#include "dialects/ann/AnnCalibration.h"
#include "dialects/ann/AnnOps.h"
#include "runtime/image/ImageIO.h"
#include "runtime/inference/Detector.h"
#include "runtime/support/Error.h"
#include "runtime/support/Progress.h"

#include <algorithm>
#include <cmath>

using namespace mlir;

namespace snnc {

float percentileFromTop(std::vector<float> top, int64_t count, float p) {
  if (count <= 0 || top.empty())
    return 0;
  int64_t rank = static_cast<int64_t>(std::ceil(p / 100.0 * count));
  rank = std::clamp<int64_t>(rank, 1, count);
  // The rank-th smallest is the (count - rank + 1)-th largest.
  int64_t fromTop = count - rank; // 0-based index among the largest
  if (fromTop >= static_cast<int64_t>(top.size()))
    fromTop = static_cast<int64_t>(top.size()) - 1;
  std::nth_element(top.begin(), top.begin() + fromTop, top.end(),
                   std::greater<float>());
  return top[fromTop];
}

namespace {

/// Keeps the `capacity` largest values seen (plus the count of all values).
class TopValues {
public:
  void setCapacity(int64_t k) { capacity = std::max<int64_t>(k, 1); }

  void add(const float *values, int64_t n, int64_t stride = 1) {
    count += n;
    for (int64_t i = 0; i < n; ++i) {
      float v = values[i * stride];
      if (v >= cutoff)
        kept.push_back(v);
    }
    if (static_cast<int64_t>(kept.size()) > 2 * capacity)
      prune();
  }

  std::vector<float> take() {
    prune();
    return kept;
  }
  int64_t total() const { return count; }

private:
  void prune() {
    if (static_cast<int64_t>(kept.size()) <= capacity)
      return;
    std::nth_element(kept.begin(), kept.begin() + (capacity - 1), kept.end(),
                     std::greater<float>());
    kept.resize(capacity);
    cutoff = *std::min_element(kept.begin(), kept.end());
  }

  int64_t capacity = 1, count = 0;
  float cutoff = -INFINITY;
  std::vector<float> kept;
};

/// A layer output is calibrated: the values a spiking layer must represent.
bool isLayerOutput(Operation *op) {
  if (isa<ann::LeakyReluOp, ann::ReluOp>(op))
    return true;
  if (auto conv = dyn_cast<ann::Conv2dOp>(op)) {
    // A convolution with an activation is calibrated at the activation.
    for (Operation *user : conv->getUsers())
      if (isa<ann::LeakyReluOp, ann::ReluOp, ann::BatchNormOp>(user))
        return false;
    return true;
  }
  return false;
}

} // namespace

void calibrate(ModuleOp module, const std::vector<std::string> &images,
               const CalibrationOptions &options) {
  if (images.empty())
    fail("calibration needs at least one image");
  std::vector<float> percentiles = options.percentiles;
  for (float p : percentiles)
    if (!(p >= 50 && p < 100))
      fail("calibration percentile {} is outside [50, 100)", p);
  percentiles.push_back(100.0f);
  std::sort(percentiles.begin(), percentiles.end());
  percentiles.erase(std::unique(percentiles.begin(), percentiles.end()),
                    percentiles.end());
  float lowest = percentiles.front();

  func::FuncOp func;
  for (auto f : module.getOps<func::FuncOp>())
    func = f;
  if (!func)
    fail("calibration: the module holds no network function");
  std::vector<Operation *> ops;
  std::optional<Graph> graph = annToGraph(func, &ops);
  if (!graph)
    fail("calibration: cannot export the network (see the diagnostics)");
  Executor executor(*graph);

  struct LayerState {
    int node;
    /// A linear layer (the output) represents both signs: its scale is
    /// taken over |x|, so spike-count decoding saturates neither side.
    bool absolute = false;
    std::vector<TopValues> channels;
    TopValues layer;
  };
  std::vector<LayerState> layers;
  for (size_t i = 0; i < ops.size(); ++i)
    if (isLayerOutput(ops[i])) {
      const TensorShape &s = graph->nodes[i].shape;
      LayerState st;
      st.node = static_cast<int>(i);
      st.absolute = isa<ann::Conv2dOp>(ops[i]);
      st.channels.resize(s.c);
      int64_t perChannel = s.h * s.w * static_cast<int64_t>(images.size());
      auto capacityFor = [&](int64_t n) {
        return static_cast<int64_t>(std::ceil((100.0 - lowest) / 100.0 * n)) +
               2;
      };
      for (TopValues &t : st.channels)
        t.setCapacity(capacityFor(perChannel));
      st.layer.setCapacity(capacityFor(perChannel * s.c));
      layers.push_back(std::move(st));
    }

  Progress progress("calibrate", images.size(), options.progress);
  for (const std::string &path : images) {
    Tensor input = preprocess(loadImage(path), *graph, options.letterbox);
    std::vector<Tensor> values = executor.runAll(input);
    for (LayerState &st : layers) {
      Tensor &t = values[st.node];
      if (st.absolute)
        for (float &v : t.data)
          v = std::fabs(v);
      int64_t hw = t.shape.h * t.shape.w;
      for (int64_t c = 0; c < t.shape.c; ++c) {
        st.channels[c].add(t.data.data() + c * hw, hw);
        st.layer.add(t.data.data() + c * hw, hw);
      }
    }
    progress.step();
  }

  for (LayerState &st : layers) {
    ann::Calibration c;
    c.images = static_cast<int64_t>(images.size());
    c.percentiles = percentiles;
    std::vector<float> layerTop = st.layer.take();
    for (float p : percentiles)
      c.layer.push_back(percentileFromTop(layerTop, st.layer.total(), p));
    for (TopValues &ch : st.channels) {
      std::vector<float> top = ch.take();
      for (float p : percentiles)
        c.channel.push_back(percentileFromTop(top, ch.total(), p));
    }
    ann::setCalibration(ops[st.node], c);
  }
}

} // namespace snnc
