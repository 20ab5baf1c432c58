//===- VocEval.cpp - PASCAL VOC detection metric --------------------------===//
//
// Follows py-faster-rcnn's lib/datasets/voc_eval.py line by line, including
// its floating-point details (the 11 recall points are i * 0.1, as
// np.arange(0., 1.1, 0.1) computes them), so that results agree to the last
// digit.
//
//===----------------------------------------------------------------------===//

#include "runtime/eval/VocEval.h"

#include "runtime/eval/DetectionCheck.h"

#include <algorithm>
#include <limits>

namespace snnc {
namespace {

struct RankedDetection {
  std::size_t image;
  Box box; // VOC inclusive coordinates
  float score;
};

/// Recall and precision after each ranked detection of one class.
struct Curve {
  std::vector<double> recall, precision;
};

Curve matchClass(const Dataset &dataset, const std::vector<Detections> &dets,
                 int cls, int numPositives, double iouThreshold,
                 int &numDetections) {
  std::vector<RankedDetection> ranked;
  for (std::size_t i = 0; i < dets.size(); ++i) {
    const ImageRecord &image = dataset.images[i];
    for (const Detection &d : dets[i])
      if (d.classId == cls)
        ranked.push_back({i,
                          vocBoxFromDetection(d.box, image.width, image.height),
                          d.score});
  }
  numDetections = static_cast<int>(ranked.size());
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const RankedDetection &a, const RankedDetection &b) {
                     return a.score > b.score;
                   });

  // taken[i][g]: ground truth g (any class) of image i already matched.
  std::vector<std::vector<char>> taken(dataset.images.size());
  for (std::size_t i = 0; i < taken.size(); ++i)
    taken[i].assign(dataset.images[i].objects.size(), 0);

  Curve curve;
  double tp = 0, fp = 0;
  for (const RankedDetection &d : ranked) {
    const std::vector<GroundTruth> &objects = dataset.images[d.image].objects;
    // Best overlap; the first of equal maxima wins, like np.argmax.
    double best = -std::numeric_limits<double>::infinity();
    std::size_t bestIndex = 0;
    for (std::size_t g = 0; g < objects.size(); ++g) {
      if (objects[g].classId != cls)
        continue;
      double overlap = vocIou(d.box, objects[g].box);
      if (overlap > best) {
        best = overlap;
        bestIndex = g;
      }
    }
    if (best > iouThreshold) {
      if (!objects[bestIndex].difficult) {
        if (!taken[d.image][bestIndex]) {
          tp += 1;
          taken[d.image][bestIndex] = 1;
        } else {
          fp += 1; // duplicate detection
        }
      } // on a difficult object: neither true nor false positive
    } else {
      fp += 1;
    }
    // A class without positives has no recall; its AP is not computed.
    curve.recall.push_back(numPositives > 0 ? tp / numPositives : 0.0);
    curve.precision.push_back(
        tp / std::max(tp + fp, std::numeric_limits<double>::epsilon()));
  }
  return curve;
}

} // namespace

Box vocBoxFromDetection(const Box &box, int width, int height) {
  Box out{box.x0 + 1, box.y0 + 1, box.x1 + 1, box.y1 + 1};
  out.x0 = std::max(out.x0, 1.0f);
  out.y0 = std::max(out.y0, 1.0f);
  out.x1 = std::min(out.x1, static_cast<float>(width));
  out.y1 = std::min(out.y1, static_cast<float>(height));
  return out;
}

double vocIou(const Box &a, const Box &b) {
  double iw = std::max(
      std::min<double>(a.x1, b.x1) - std::max<double>(a.x0, b.x0) + 1.0, 0.0);
  double ih = std::max(
      std::min<double>(a.y1, b.y1) - std::max<double>(a.y0, b.y0) + 1.0, 0.0);
  double inter = iw * ih;
  double areaA = (double(a.x1) - a.x0 + 1.0) * (double(a.y1) - a.y0 + 1.0);
  double areaB = (double(b.x1) - b.x0 + 1.0) * (double(b.y1) - b.y0 + 1.0);
  return inter / (areaA + areaB - inter);
}

double vocAp07(const std::vector<double> &recall,
               const std::vector<double> &precision) {
  double ap = 0;
  for (int i = 0; i <= 10; ++i) {
    double t = i * 0.1;
    double p = 0;
    for (std::size_t j = 0; j < recall.size(); ++j)
      if (recall[j] >= t)
        p = std::max(p, precision[j]);
    ap += p / 11.0;
  }
  return ap;
}

double vocApAll(const std::vector<double> &recall,
                const std::vector<double> &precision) {
  std::vector<double> mrec{0.0}, mpre{0.0};
  mrec.insert(mrec.end(), recall.begin(), recall.end());
  mpre.insert(mpre.end(), precision.begin(), precision.end());
  mrec.push_back(1.0);
  mpre.push_back(0.0);
  // Precision envelope: the best precision at this recall or beyond.
  for (std::size_t i = mpre.size() - 1; i > 0; --i)
    mpre[i - 1] = std::max(mpre[i - 1], mpre[i]);
  double ap = 0;
  for (std::size_t i = 0; i + 1 < mrec.size(); ++i)
    if (mrec[i + 1] != mrec[i])
      ap += (mrec[i + 1] - mrec[i]) * mpre[i + 1];
  return ap;
}

VocResult evaluateVoc(const Dataset &dataset,
                      const std::vector<Detections> &dets,
                      double iouThreshold) {
  eval_detail::checkDetections(dataset, dets, "VOC");
  int numClasses = static_cast<int>(dataset.classNames.size());

  VocResult result;
  double sum07 = 0, sumAll = 0;
  for (int cls = 0; cls < numClasses; ++cls) {
    VocClassResult entry;
    entry.name = dataset.classNames[cls];
    for (const ImageRecord &image : dataset.images)
      for (const GroundTruth &gt : image.objects)
        entry.numPositives += gt.classId == cls && !gt.difficult;
    Curve curve = matchClass(dataset, dets, cls, entry.numPositives,
                             iouThreshold, entry.numDetections);
    if (entry.hasGroundTruth()) {
      entry.ap07 = vocAp07(curve.recall, curve.precision);
      entry.apAll = vocApAll(curve.recall, curve.precision);
      sum07 += entry.ap07;
      sumAll += entry.apAll;
      ++result.classesEvaluated;
    }
    result.classes.push_back(std::move(entry));
  }
  if (result.classesEvaluated > 0) {
    result.map07 = sum07 / result.classesEvaluated;
    result.mapAll = sumAll / result.classesEvaluated;
  }
  return result;
}

} // namespace snnc
