//===- Detection.h - Boxes and detections -----------------------*- C++ -*-===//
//
// A detection is an axis-aligned box in the pixel coordinates of the original
// image (continuous coordinates: x in [0, width], y in [0, height]), a class
// index into the model's class list and a score in [0, 1].
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_DETECTION_DETECTION_H
#define SNNC_RUNTIME_DETECTION_DETECTION_H

#include <algorithm>
#include <vector>

namespace snnc {

struct Box {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;

  float width() const { return x1 - x0; }
  float height() const { return y1 - y0; }
  float area() const {
    return std::max(0.0f, width()) * std::max(0.0f, height());
  }
};

/// Intersection over union of two boxes in continuous coordinates.
inline float iou(const Box &a, const Box &b) {
  float iw = std::min(a.x1, b.x1) - std::max(a.x0, b.x0);
  float ih = std::min(a.y1, b.y1) - std::max(a.y0, b.y0);
  if (iw <= 0 || ih <= 0)
    return 0;
  float inter = iw * ih;
  float uni = a.area() + b.area() - inter;
  return uni > 0 ? inter / uni : 0;
}

struct Detection {
  Box box;
  int classId = 0;
  float score = 0;
};

using Detections = std::vector<Detection>;

} // namespace snnc

#endif // SNNC_RUNTIME_DETECTION_DETECTION_H
