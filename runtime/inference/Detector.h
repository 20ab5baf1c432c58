//===- Detector.h - Image in, detections out --------------------*- C++ -*-===//
//
// The host side of a detection model: preprocess an image as darknet does
// (RGB in [0,1], resized to the network size, or letterboxed), run the
// network, decode every head and apply per-class NMS.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_INFERENCE_DETECTOR_H
#define SNNC_RUNTIME_INFERENCE_DETECTOR_H

#include "runtime/detection/Detection.h"
#include "runtime/image/Image.h"
#include "runtime/inference/Executor.h"

namespace snnc {

struct DetectorOptions {
  float threshold = 0.25f;  ///< Minimum objectness * class probability.
  float nms = 0.45f;        ///< IoU above which a lower-scored box is dropped.
  bool letterbox = false;   ///< darknet v2 resizes plainly; v3 letterboxes.
  size_t maxDetections = 0; ///< Keep the best N per image (0: all).
};

/// Resizes (or letterboxes) `image` to the graph's input size.
Tensor preprocess(const Image &image, const Graph &graph, bool letterbox);

/// Decodes the activated head outputs into detections in the pixel
/// coordinates of an imageW x imageH original, with NMS.
Detections decodeHeads(const Graph &graph, const std::vector<Tensor> &heads,
                       int imageW, int imageH, const DetectorOptions &options);

/// preprocess + run + decodeHeads.
Detections detect(const Executor &executor, const Image &image,
                  const DetectorOptions &options);

} // namespace snnc

#endif // SNNC_RUNTIME_INFERENCE_DETECTOR_H
