//===- SpikingDetector.h - Detections from a spiking simulation -*- C++ -*-===//
//
// The host side of a spiking detector: the same preprocessing as the float
// Detector, and decoding of the simulated heads (at every checkpoint) into
// detections with per-class NMS, reading the head parameters from the
// SpikingGraph's output nodes. Mirrors runtime/inference/Detector.h.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_SNN_SPIKINGDETECTOR_H
#define SNNC_RUNTIME_SNN_SPIKINGDETECTOR_H

#include "runtime/detection/Detection.h"
#include "runtime/image/Image.h"
#include "runtime/inference/Detector.h" // DetectorOptions
#include "runtime/snn/Simulator.h"

#include <vector>

namespace snnc {

/// Resizes (or letterboxes) `image` to the encoder's input size.
Tensor preprocess(const Image &image, const SpikingGraph &graph,
                  bool letterbox);

/// Decodes one checkpoint's activated heads (SimulationResult::heads[k],
/// simulated with activateHeads = true) into detections in the pixel
/// coordinates of an imageW x imageH original, with NMS.
Detections decodeHeads(const SpikingGraph &graph,
                       const std::vector<Tensor> &heads, int imageW, int imageH,
                       const DetectorOptions &options);

/// decodeHeads at every checkpoint of `result`, in checkpoint order.
std::vector<Detections> decodeCheckpoints(const SpikingGraph &graph,
                                          const SimulationResult &result,
                                          int imageW, int imageH,
                                          const DetectorOptions &options);

} // namespace snnc

#endif // SNNC_RUNTIME_SNN_SPIKINGDETECTOR_H
