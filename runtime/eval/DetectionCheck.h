//===- DetectionCheck.h - Validating evaluator input ------------*- C++ -*-===//
//
// Internal to snnc_eval. Both evaluators sort by score and index by class, so
// a NaN score (which breaks sorting) or an out-of-range class id must be
// rejected up front with a message rather than become undefined behaviour.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_EVAL_DETECTIONCHECK_H
#define SNNC_RUNTIME_EVAL_DETECTIONCHECK_H

#include "runtime/detection/Detection.h"
#include "runtime/eval/Dataset.h"
#include "runtime/support/Error.h"

#include <cmath>

namespace snnc::eval_detail {

inline void checkDetections(const Dataset &dataset,
                            const std::vector<Detections> &dets,
                            const char *metric) {
  if (dets.size() != dataset.images.size())
    fail("{} evaluation: {} detection lists for {} images", metric, dets.size(),
         dataset.images.size());
  int numClasses = static_cast<int>(dataset.classNames.size());
  for (std::size_t i = 0; i < dets.size(); ++i) {
    for (std::size_t j = 0; j < dets[i].size(); ++j) {
      const Detection &d = dets[i][j];
      if (d.classId < 0 || d.classId >= numClasses)
        fail("{} evaluation: image {} ('{}') detection {} has class id {}, "
             "expected 0..{}",
             metric, i, dataset.images[i].id, j, d.classId, numClasses - 1);
      if (!std::isfinite(d.score) || !std::isfinite(d.box.x0) ||
          !std::isfinite(d.box.y0) || !std::isfinite(d.box.x1) ||
          !std::isfinite(d.box.y1))
        fail("{} evaluation: image {} ('{}') detection {} is not finite: "
             "score={} box=[{}, {}, {}, {}]",
             metric, i, dataset.images[i].id, j, d.score, d.box.x0, d.box.y0,
             d.box.x1, d.box.y1);
    }
  }
  for (std::size_t i = 0; i < dataset.images.size(); ++i)
    for (const GroundTruth &gt : dataset.images[i].objects)
      if (gt.classId < 0 || gt.classId >= numClasses)
        fail("{} evaluation: image '{}' has a ground truth of class {}, "
             "expected 0..{}",
             metric, dataset.images[i].id, gt.classId, numClasses - 1);
}

} // namespace snnc::eval_detail

#endif // SNNC_RUNTIME_EVAL_DETECTIONCHECK_H
