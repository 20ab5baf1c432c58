//===- Activation.cpp - Output activations of detection heads -------------===//

#include "runtime/detection/Activation.h"

#include "runtime/support/Error.h"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace snnc {

float logistic(float x) { return 1.0f / (1.0f + std::exp(-x)); }

static void logisticInPlace(float *data, size_t count) {
  for (size_t i = 0; i < count; ++i)
    data[i] = logistic(data[i]);
}

/// darknet's softmax(): n values `stride` apart, largest subtracted first so
/// exp cannot overflow.
static void softmaxInPlace(float *data, int n, size_t stride) {
  float largest = data[0];
  for (int i = 1; i < n; ++i)
    largest = std::max(largest, data[i * stride]);
  float sum = 0;
  for (int i = 0; i < n; ++i) {
    float e = std::exp(data[i * stride] - largest);
    sum += e;
    data[i * stride] = e;
  }
  for (int i = 0; i < n; ++i)
    data[i * stride] /= sum;
}

static void checkGrid(int h, int w, const char *what) {
  if (h <= 0 || w <= 0)
    fail("{}: invalid grid {}x{}", what, h, w);
}

void activateRegion(float *data, int h, int w, const RegionHead &head) {
  validate(head);
  checkGrid(h, w, "activateRegion");
  size_t plane = static_cast<size_t>(h) * w;
  size_t stride = static_cast<size_t>(head.coords + 1 + head.classes);
  for (int n = 0; n < head.num; ++n) {
    float *block = data + n * stride * plane;
    logisticInPlace(block, 2 * plane);                   // tx, ty
    logisticInPlace(block + head.coords * plane, plane); // objectness
    float *classes = block + (head.coords + 1) * plane;
    if (!head.softmax) {
      logisticInPlace(classes, head.classes * plane);
      continue;
    }
    for (size_t cell = 0; cell < plane; ++cell)
      softmaxInPlace(classes + cell, head.classes, plane);
  }
}

void activateYolo(float *data, int h, int w, const YoloHead &head) {
  validate(head);
  checkGrid(h, w, "activateYolo");
  size_t plane = static_cast<size_t>(h) * w;
  size_t stride = static_cast<size_t>(4 + 1 + head.classes);
  for (size_t n = 0; n < head.mask.size(); ++n) {
    float *block = data + n * stride * plane;
    logisticInPlace(block, 2 * plane);                              // tx, ty
    logisticInPlace(block + 4 * plane, (1 + head.classes) * plane); // obj, cls
  }
}

} // namespace snnc
