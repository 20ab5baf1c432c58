//===- Decode.h - Boxes from activated detection heads ----------*- C++ -*-===//
//
// darknet's get_region_detections / get_yolo_detections followed by
// correct_region_boxes / correct_yolo_boxes, on one head's activated tensor
// (see Activation.h; layout in Heads.h). Boxes come out in pixel corners of
// the original image, clamped to [0, imageW] x [0, imageH].
//
// Thresholding follows darknet exactly: a (box, class) pair is kept when
// objectness > threshold and objectness * classProb > threshold (strictly;
// darknet zeroes the others). Pairs come out in darknet's detection order
// (region: anchor, then cell, then class; yolo: cell, then anchor, then
// class), which makes nmsPerClass's tie-breaking reproducible.
//
// Caveat: darknet clamps only when printing, after NMS; here boxes are
// clamped before NMS, which changes IoUs of boxes that cross the border.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_DETECTION_DECODE_H
#define SNNC_RUNTIME_DETECTION_DECODE_H

#include "runtime/detection/Detection.h"
#include "runtime/detection/Heads.h"

namespace snnc {

/// How the original image was mapped onto the network input: plainly
/// resized (letterbox = false) or letterboxed as darknet's letterbox_image.
struct ImageGeometry {
  int netW = 0, netH = 0, imageW = 0, imageH = 0;
  bool letterbox = false;
};

/// Region (YOLOv2): x = (col + tx) / w, y = (row + ty) / h,
/// bw = e^tw * anchorW / w, bh = e^th * anchorH / h (relative to the input).
Detections decodeRegion(const float *activated, int h, int w,
                        const RegionHead &head, const ImageGeometry &geometry,
                        float threshold);

/// Yolo (YOLOv3): as region, but bw = e^tw * anchorW / netW and
/// bh = e^th * anchorH / netH with anchors[2 * mask[n]] in input pixels.
Detections decodeYolo(const float *activated, int h, int w,
                      const YoloHead &head, const ImageGeometry &geometry,
                      float threshold);

/// A box given by its centre and size relative to the network input, in
/// pixel corners of the original image (letterbox undone, clamped).
Box toImageBox(float x, float y, float bw, float bh,
               const ImageGeometry &geometry);

} // namespace snnc

#endif // SNNC_RUNTIME_DETECTION_DECODE_H
