//===- Nms.h - Non-maximum suppression --------------------------*- C++ -*-===//
//
// darknet's do_nms_sort, class by class: detections sorted by score, each
// surviving one suppresses the later ones of its class whose IoU with it
// exceeds the threshold (strictly). darknet sorts with qsort, which is not
// stable; here equal scores keep their input order, so results are
// reproducible.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_DETECTION_NMS_H
#define SNNC_RUNTIME_DETECTION_NMS_H

#include "runtime/detection/Detection.h"

#include <cstddef>

namespace snnc {

/// The survivors, by descending score (ties in input order). Throws
/// snnc::Error on a NaN score.
Detections nmsPerClass(Detections detections, float iouThreshold);

/// The `count` highest-scoring detections (ties in input order), by
/// descending score: e.g. COCO's limit of 100 per image.
Detections keepTop(Detections detections, size_t count);

} // namespace snnc

#endif // SNNC_RUNTIME_DETECTION_NMS_H
