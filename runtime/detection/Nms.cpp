//===- Nms.cpp - Non-maximum suppression ----------------------------------===//

#include "runtime/detection/Nms.h"

#include "runtime/support/Error.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace snnc {

static void sortByScore(Detections &detections) {
  // A NaN would break the strict weak ordering std::stable_sort relies on.
  for (const Detection &d : detections)
    if (std::isnan(d.score))
      fail("detection of class {} has a NaN score", d.classId);
  std::stable_sort(
      detections.begin(), detections.end(),
      [](const Detection &a, const Detection &b) { return a.score > b.score; });
}

Detections nmsPerClass(Detections detections, float iouThreshold) {
  sortByScore(detections);
  // Suppression only happens within a class, so compare within per-class
  // lists (indices into the sorted order) instead of all pairs.
  std::map<int, std::vector<size_t>> byClass;
  for (size_t i = 0; i < detections.size(); ++i)
    byClass[detections[i].classId].push_back(i);
  std::vector<bool> suppressed(detections.size(), false);
  for (auto &[classId, indices] : byClass)
    for (size_t a = 0; a < indices.size(); ++a) {
      if (suppressed[indices[a]])
        continue;
      const Box &kept = detections[indices[a]].box;
      for (size_t b = a + 1; b < indices.size(); ++b)
        if (!suppressed[indices[b]] &&
            iou(kept, detections[indices[b]].box) > iouThreshold)
          suppressed[indices[b]] = true;
    }
  Detections result;
  for (size_t i = 0; i < detections.size(); ++i)
    if (!suppressed[i])
      result.push_back(detections[i]);
  return result;
}

Detections keepTop(Detections detections, size_t count) {
  sortByScore(detections);
  if (detections.size() > count)
    detections.resize(count);
  return detections;
}

} // namespace snnc
