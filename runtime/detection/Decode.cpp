//===- Decode.cpp - Boxes from activated detection heads ------------------===//

#include "runtime/detection/Decode.h"

#include "runtime/support/Error.h"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace snnc {

static void checkGeometry(const ImageGeometry &g) {
  if (g.netW <= 0 || g.netH <= 0 || g.imageW <= 0 || g.imageH <= 0)
    fail("invalid image geometry: network {}x{}, image {}x{}", g.netW, g.netH,
         g.imageW, g.imageH);
}

Box toImageBox(float x, float y, float bw, float bh, const ImageGeometry &g) {
  // Size of the image inside the network input; darknet's
  // correct_region_boxes computes it with the same integer arithmetic as
  // letterbox_image. Without letterboxing the image fills the input.
  long long newW = g.netW, newH = g.netH;
  if (g.letterbox) {
    if (static_cast<float>(g.netW) / g.imageW <
        static_cast<float>(g.netH) / g.imageH)
      newH = static_cast<long long>(g.imageH) * g.netW / g.imageW;
    else
      newW = static_cast<long long>(g.imageW) * g.netH / g.imageH;
    newW = std::max(newW, 1LL);
    newH = std::max(newH, 1LL);
  }
  // darknet subtracts half the padding (not the integer offset) in units of
  // the input, then rescales to the image's share of it.
  double cx = (x - (g.netW - newW) / 2.0 / g.netW) /
              (static_cast<double>(newW) / g.netW);
  double cy = (y - (g.netH - newH) / 2.0 / g.netH) /
              (static_cast<double>(newH) / g.netH);
  double w = bw * (static_cast<double>(g.netW) / newW);
  double h = bh * (static_cast<double>(g.netH) / newH);
  auto clampTo = [](double v, int limit) {
    return static_cast<float>(std::clamp(v, 0.0, static_cast<double>(limit)));
  };
  Box box;
  box.x0 = clampTo((cx - w / 2) * g.imageW, g.imageW);
  box.x1 = clampTo((cx + w / 2) * g.imageW, g.imageW);
  box.y0 = clampTo((cy - h / 2) * g.imageH, g.imageH);
  box.y1 = clampTo((cy + h / 2) * g.imageH, g.imageH);
  return box;
}

/// Emits one detection per class of the anchor block at `cell` whose score
/// passes the threshold. `block` points at the anchor's first entry plane.
static void emitClasses(const float *block, size_t plane, size_t cell,
                        int objEntry, int classes, const Box &box,
                        float threshold, Detections &out) {
  float objectness = block[objEntry * plane + cell];
  if (!(objectness > threshold))
    return;
  for (int k = 0; k < classes; ++k) {
    float score = objectness * block[(objEntry + 1 + k) * plane + cell];
    if (score > threshold)
      out.push_back({box, k, score});
  }
}

Detections decodeRegion(const float *activated, int h, int w,
                        const RegionHead &head, const ImageGeometry &geometry,
                        float threshold) {
  validate(head);
  checkGeometry(geometry);
  if (h <= 0 || w <= 0)
    fail("decodeRegion: invalid grid {}x{}", h, w);
  size_t plane = static_cast<size_t>(h) * w;
  size_t stride = static_cast<size_t>(head.coords + 1 + head.classes);
  Detections out;
  for (int n = 0; n < head.num; ++n) {
    const float *block = activated + n * stride * plane;
    for (size_t cell = 0; cell < plane; ++cell) {
      // No class can pass below the objectness threshold: skip the box.
      if (!(block[head.coords * plane + cell] > threshold))
        continue;
      int row = static_cast<int>(cell / w), col = static_cast<int>(cell % w);
      float x = (col + block[cell]) / w;
      float y = (row + block[plane + cell]) / h;
      float bw = std::exp(block[2 * plane + cell]) * head.anchors[2 * n] / w;
      float bh =
          std::exp(block[3 * plane + cell]) * head.anchors[2 * n + 1] / h;
      emitClasses(block, plane, cell, head.coords, head.classes,
                  toImageBox(x, y, bw, bh, geometry), threshold, out);
    }
  }
  return out;
}

Detections decodeYolo(const float *activated, int h, int w,
                      const YoloHead &head, const ImageGeometry &geometry,
                      float threshold) {
  validate(head);
  checkGeometry(geometry);
  if (h <= 0 || w <= 0)
    fail("decodeYolo: invalid grid {}x{}", h, w);
  size_t plane = static_cast<size_t>(h) * w;
  size_t stride = static_cast<size_t>(4 + 1 + head.classes);
  Detections out;
  for (size_t cell = 0; cell < plane; ++cell) {
    int row = static_cast<int>(cell / w), col = static_cast<int>(cell % w);
    for (size_t n = 0; n < head.mask.size(); ++n) {
      const float *block = activated + n * stride * plane;
      if (!(block[4 * plane + cell] > threshold))
        continue;
      int a = head.mask[n];
      float x = (col + block[cell]) / w;
      float y = (row + block[plane + cell]) / h;
      float bw = std::exp(block[2 * plane + cell]) * head.anchors[2 * a] /
                 geometry.netW;
      float bh = std::exp(block[3 * plane + cell]) * head.anchors[2 * a + 1] /
                 geometry.netH;
      emitClasses(block, plane, cell, 4, head.classes,
                  toImageBox(x, y, bw, bh, geometry), threshold, out);
    }
  }
  return out;
}

} // namespace snnc
