//===- Dataset.h - Images with ground-truth boxes ---------------*- C++ -*-===//
//
// The in-memory form of an evaluation set, shared by the VOC and COCO loaders
// and evaluators. Class indices are indices into Dataset::classNames, which is
// the model's class list (darknet .names order), so a detection's classId and
// a ground truth's classId compare directly.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_EVAL_DATASET_H
#define SNNC_RUNTIME_EVAL_DATASET_H

#include "runtime/detection/Detection.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace snnc {

struct GroundTruth {
  /// VOC: the annotation's 1-based inclusive pixel coordinates, kept as
  /// written (xmin, ymin, xmax, ymax) because the VOC devkit measures areas
  /// and overlaps with +1 on these numbers. COCO: [x, y, x + w, y + h] in
  /// continuous coordinates.
  Box box;
  int classId = 0;
  /// VOC "difficult" flag: neither a positive nor a false positive.
  bool difficult = false;
  /// COCO "iscrowd": a region that may absorb any number of detections.
  bool crowd = false;
  /// COCO: the annotation's "area" field (segment area, which decides the
  /// small/medium/large range). VOC: (xmax - xmin + 1) * (ymax - ymin + 1).
  float area = 0;
};

struct ImageRecord {
  /// VOC: the image id of the split file; COCO: the decimal image id.
  std::string id;
  std::string path;
  int width = 0;
  int height = 0;
  /// COCO image id, -1 for VOC.
  int64_t cocoId = -1;
  std::vector<GroundTruth> objects;
};

struct Dataset {
  std::vector<std::string> classNames;
  /// COCO category id of each class (class k is the k-th category by
  /// ascending id); empty for VOC. Needed to write COCO result files.
  std::vector<int64_t> cocoCategoryIds;
  std::vector<ImageRecord> images;

  std::size_t objectCount() const {
    std::size_t n = 0;
    for (const ImageRecord &image : images)
      n += image.objects.size();
    return n;
  }
};

} // namespace snnc

#endif // SNNC_RUNTIME_EVAL_DATASET_H
