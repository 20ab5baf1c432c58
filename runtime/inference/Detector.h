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

/// What decoding needs to know about one detection head.
struct HeadInfo {
  bool isRegion = true;
  RegionHead region;
  YoloHead yolo;
};

/// Decodes activated head outputs (one tensor per head, in `heads` order)
/// into detections in the pixel coordinates of an imageW x imageH original
/// seen by a netW x netH network, with NMS.
Detections decodeHeadTensors(const std::vector<HeadInfo> &info,
                             const std::vector<Tensor> &heads, int netW,
                             int netH, int imageW, int imageH,
                             const DetectorOptions &options);

/// decodeHeadTensors for the outputs of `graph`.
Detections decodeHeads(const Graph &graph, const std::vector<Tensor> &heads,
                       int imageW, int imageH, const DetectorOptions &options);

/// preprocess + run + decodeHeads.
Detections detect(const Executor &executor, const Image &image,
                  const DetectorOptions &options);

} // namespace snnc

#endif // SNNC_RUNTIME_INFERENCE_DETECTOR_H
