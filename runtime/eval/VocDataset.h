//===- VocDataset.h - PASCAL VOC (VOCdevkit) loader -------------*- C++ -*-===//
//
// Reads a VOCdevkit-style folder: ImageSets/Main/<split>.txt lists image ids,
// Annotations/<id>.xml holds the boxes, JPEGImages/<id>.jpg the pixels.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_EVAL_VOCDATASET_H
#define SNNC_RUNTIME_EVAL_VOCDATASET_H

#include "runtime/eval/Dataset.h"

#include <string>
#include <vector>

namespace snnc {

/// Loads the images of one split. `root` is either the VOC2007-style folder
/// itself (it contains ImageSets/) or a VOCdevkit folder with exactly one
/// VOC20xx sub-folder. Object names are mapped to indices of `classNames`.
/// Boxes keep the VOC 1-based inclusive coordinates (see GroundTruth::box).
/// Throws snnc::Error on missing files, an empty split, or any malformed
/// annotation.
Dataset loadVocDataset(const std::string &root, const std::string &split,
                       const std::vector<std::string> &classNames);

/// Parses one Annotations/<id>.xml file into an ImageRecord (id and path are
/// left for the caller). Exposed for tests and tools that read single files.
ImageRecord parseVocAnnotation(const std::string &xmlPath,
                               const std::vector<std::string> &classNames);

} // namespace snnc

#endif // SNNC_RUNTIME_EVAL_VOCDATASET_H
