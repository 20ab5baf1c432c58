//===- CocoEval.h - MS COCO bbox detection metric ---------------*- C++ -*-===//
//
// A re-implementation of pycocotools' COCOeval for iouType "bbox" with the
// default parameters: IoU thresholds 0.50:0.05:0.95, 101 recall points,
// maxDets 1/10/100, area ranges all/small/medium/large taken on the ground
// truth's "area" field (and on w*h for detections). Crowd regions match with
// intersection / detection area, may absorb many detections, and detections
// matched to ignored ground truths are ignored.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_EVAL_COCOEVAL_H
#define SNNC_RUNTIME_EVAL_COCOEVAL_H

#include "runtime/detection/Detection.h"
#include "runtime/eval/Dataset.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace snnc {

struct CocoClassResult {
  std::string name;
  /// COCO category id, -1 when the dataset has none (not loaded from COCO).
  int64_t categoryId = -1;
  /// Non-crowd ground truths.
  int numGroundTruth = 0;
  int numDetections = 0;
  /// AP over IoU 0.50:0.95 and at IoU 0.50 (area all, 100 detections);
  /// -1 when the class has no non-crowd ground truth.
  double ap = -1;
  double ap50 = -1;
};

/// pycocotools' 12 summary numbers; each is -1 when nothing is defined (no
/// class has a ground truth in that area range).
struct CocoResult {
  double ap = -1, ap50 = -1, ap75 = -1;
  double apSmall = -1, apMedium = -1, apLarge = -1;
  double ar1 = -1, ar10 = -1, ar100 = -1;
  double arSmall = -1, arMedium = -1, arLarge = -1;
  std::vector<CocoClassResult> classes;

  /// The summary in COCOeval.stats order.
  std::array<double, 12> stats() const {
    return {ap,  ap50, ap75,  apSmall, apMedium, apLarge,
            ar1, ar10, ar100, arSmall, arMedium, arLarge};
  }
};

/// Evaluates `dets` (one entry per dataset image, same order; continuous
/// pixel coordinates). Images are ranked in ascending COCO id, as
/// pycocotools does, so that score ties resolve the same way. Throws
/// snnc::Error when the sizes differ, a class id is out of range, or a
/// score/coordinate is not finite.
CocoResult evaluateCoco(const Dataset &dataset,
                        const std::vector<Detections> &dets);

} // namespace snnc

#endif // SNNC_RUNTIME_EVAL_COCOEVAL_H
