//===- VocEval.h - PASCAL VOC detection metric ------------------*- C++ -*-===//
//
// Average precision as computed by the VOC devkit and py-faster-rcnn's
// voc_eval.py: per class, detections are sorted by score (a stable sort:
// ties keep input order), each is a true positive when its best overlap
// (+1 pixel-inclusive IoU) with a ground truth of the same image exceeds 0.5
// and that ground truth is not yet taken; a second hit on a taken ground truth
// is a false positive; a best overlap with a "difficult" object counts as
// neither, and difficult objects are not positives.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_EVAL_VOCEVAL_H
#define SNNC_RUNTIME_EVAL_VOCEVAL_H

#include "runtime/detection/Detection.h"
#include "runtime/eval/Dataset.h"

#include <string>
#include <vector>

namespace snnc {

struct VocClassResult {
  std::string name;
  /// Non-difficult ground truths (the devkit's npos).
  int numPositives = 0;
  int numDetections = 0;
  /// VOC2007 11-point interpolated AP; -1 when numPositives == 0.
  double ap07 = -1;
  /// VOC2010+ all-point (area under the precision envelope) AP; -1 when
  /// numPositives == 0.
  double apAll = -1;

  bool hasGroundTruth() const { return numPositives > 0; }
};

struct VocResult {
  std::vector<VocClassResult> classes;
  /// Means over the classes with at least one positive. A class without
  /// positives has no defined recall (the devkit divides by zero); rather
  /// than count it as 0 or NaN it is left out and marked (AP -1). -1 when no
  /// class has a positive.
  double map07 = -1;
  double mapAll = -1;
  int classesEvaluated = 0;
};

/// Converts a detection in continuous pixel coordinates ([0, W] x [0, H]) to
/// VOC 1-based inclusive coordinates the way darknet's validator writes its
/// VOC result files: every coordinate + 1, then xmin, ymin >= 1 and
/// xmax <= W, ymax <= H.
Box vocBoxFromDetection(const Box &box, int width, int height);

/// IoU of two boxes in VOC inclusive coordinates (areas with +1).
double vocIou(const Box &a, const Box &b);

/// AP from cumulative recall/precision arrays (one entry per ranked
/// detection), exactly as voc_eval.py's voc_ap.
double vocAp07(const std::vector<double> &recall,
               const std::vector<double> &precision);
double vocApAll(const std::vector<double> &recall,
                const std::vector<double> &precision);

/// Evaluates `dets` (one entry per dataset image, same order; boxes in
/// continuous coordinates, converted with vocBoxFromDetection). Throws
/// snnc::Error when the sizes differ, a class id is out of range, or a
/// score/coordinate is not finite.
VocResult evaluateVoc(const Dataset &dataset,
                      const std::vector<Detections> &dets,
                      double iouThreshold = 0.5);

} // namespace snnc

#endif // SNNC_RUNTIME_EVAL_VOCEVAL_H
