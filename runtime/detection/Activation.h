//===- Activation.h - Output activations of detection heads -----*- C++ -*-===//
//
// The network's last convolution is linear; darknet's [region] and [yolo]
// layers then squash some entries in place. These functions do the same on
// one head's CHW tensor (layout in Heads.h) so that decoding sees the values
// darknet's get_*_detections see.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_DETECTION_ACTIVATION_H
#define SNNC_RUNTIME_DETECTION_ACTIVATION_H

#include "runtime/detection/Heads.h"

namespace snnc {

/// darknet's logistic activation, 1 / (1 + e^-x).
float logistic(float x);

/// As forward_region_layer: logistic on tx, ty and objectness; then softmax
/// over the classes of each anchor and cell (max-subtracted), or logistic on
/// each class when head.softmax is false. tw, th are left linear.
void activateRegion(float *data, int h, int w, const RegionHead &head);

/// As forward_yolo_layer: logistic on tx, ty, objectness and every class
/// score; tw, th are left linear.
void activateYolo(float *data, int h, int w, const YoloHead &head);

} // namespace snnc

#endif // SNNC_RUNTIME_DETECTION_ACTIVATION_H
