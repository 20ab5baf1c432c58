//===- EvalTestUtil.h - Building small datasets in eval tests ---*- C++ -*-===//
#ifndef SNNC_TEST_UNIT_EVAL_EVALTESTUTIL_H
#define SNNC_TEST_UNIT_EVAL_EVALTESTUTIL_H

#include "runtime/eval/Dataset.h"

#include <string>

namespace snnc::test {

inline std::string evalData(const std::string &relative) {
  return std::string(SNNC_TEST_DATA_DIR) + "/" + relative;
}

/// A VOC ground truth in 1-based inclusive coordinates.
inline GroundTruth vocGt(int cls, float x0, float y0, float x1, float y1,
                         bool difficult = false) {
  GroundTruth gt;
  gt.box = Box{x0, y0, x1, y1};
  gt.classId = cls;
  gt.difficult = difficult;
  gt.area = (x1 - x0 + 1) * (y1 - y0 + 1);
  return gt;
}

/// A COCO ground truth; `area` defaults to the box area.
inline GroundTruth cocoGt(int cls, float x0, float y0, float x1, float y1,
                          bool crowd = false, float area = -1) {
  GroundTruth gt;
  gt.box = Box{x0, y0, x1, y1};
  gt.classId = cls;
  gt.crowd = crowd;
  gt.area = area >= 0 ? area : (x1 - x0) * (y1 - y0);
  return gt;
}

inline Detection det(int cls, float score, float x0, float y0, float x1,
                     float y1) {
  Detection d;
  d.box = Box{x0, y0, x1, y1};
  d.classId = cls;
  d.score = score;
  return d;
}

inline ImageRecord image(const std::string &id, int width, int height,
                         std::vector<GroundTruth> objects,
                         int64_t cocoId = -1) {
  ImageRecord record;
  record.id = id;
  record.width = width;
  record.height = height;
  record.cocoId = cocoId;
  record.objects = std::move(objects);
  return record;
}

} // namespace snnc::test

#endif // SNNC_TEST_UNIT_EVAL_EVALTESTUTIL_H
