//===- CocoDataset.h - MS COCO instances JSON loader ------------*- C++ -*-===//
//
// Reads a COCO "instances" annotation file (images, annotations, categories).
// The model's class k is the k-th COCO category by ascending category id:
// this is how darknet's 80 coco.names classes map onto COCO's sparse ids
// 1..90.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_EVAL_COCODATASET_H
#define SNNC_RUNTIME_EVAL_COCODATASET_H

#include "runtime/eval/Dataset.h"

#include <string>
#include <vector>

namespace snnc {

/// Loads every image of the JSON's "images" list (path = imagesDir/file_name)
/// with its annotations. The number of categories must equal
/// classNames.size(). Boxes are [x, y, x + w, y + h]; "iscrowd" and "area"
/// are kept. Throws snnc::Error naming the file and the offending entry on
/// any malformed input.
Dataset loadCocoDataset(const std::string &annotationJson,
                        const std::string &imagesDir,
                        const std::vector<std::string> &classNames);

} // namespace snnc

#endif // SNNC_RUNTIME_EVAL_COCODATASET_H
