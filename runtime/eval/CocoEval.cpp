//===- CocoEval.cpp - MS COCO bbox detection metric -----------------------===//
//
// Mirrors pycocotools' COCOeval.evaluateImg / accumulate / summarize for
// iouType "bbox", including the details that decide ties: stable (mergesort)
// score ordering, ground truths with the ignore flag sorted last, a match to
// a later ground truth of equal IoU replacing an earlier one, and the
// threshold values np.linspace produces.
//
//===----------------------------------------------------------------------===//

#include "runtime/eval/CocoEval.h"

#include "runtime/eval/DetectionCheck.h"

#include <algorithm>
#include <numeric>

namespace snnc {
namespace {

constexpr int kNumIou = 10;
constexpr int kNumRecall = 101;
constexpr int kNumArea = 4;
constexpr int kNumMaxDets = 3;
constexpr int kMaxDets[kNumMaxDets] = {1, 10, 100};
constexpr double kAreaRanges[kNumArea][2] = {
    {0, 1e10}, {0, 32 * 32}, {32 * 32, 96 * 96}, {96 * 96, 1e10}};
// np.spacing(1): pycocotools adds it to tp + fp in the precision.
constexpr double kSpacing1 = 2.220446049250313e-16;

/// np.linspace(start, stop, num): i * step + start, the last value exactly
/// `stop`. Reproduced so that IoUs or recalls equal to a threshold compare
/// as in pycocotools.
std::vector<double> linspace(double start, double stop, int num) {
  std::vector<double> values(num);
  double step = (stop - start) / (num - 1);
  for (int i = 0; i < num; ++i)
    values[i] = i * step + start;
  values[num - 1] = stop;
  return values;
}

const std::vector<double> &iouThresholds() {
  static const std::vector<double> values = linspace(0.5, 0.95, kNumIou);
  return values;
}

const std::vector<double> &recallThresholds() {
  static const std::vector<double> values = linspace(0.0, 1.0, kNumRecall);
  return values;
}

double boxArea(const Box &b) {
  return (double(b.x1) - b.x0) * (double(b.y1) - b.y0);
}

/// pycocotools' bbox IoU; for a crowd ground truth the union is the
/// detection's area (the part of the detection inside the crowd region).
double cocoIou(const Box &det, const Box &gt, bool crowd) {
  double w = std::min<double>(det.x1, gt.x1) - std::max<double>(det.x0, gt.x0);
  if (w <= 0)
    return 0;
  double h = std::min<double>(det.y1, gt.y1) - std::max<double>(det.y0, gt.y0);
  if (h <= 0)
    return 0;
  double inter = w * h;
  double uni = crowd ? boxArea(det) : boxArea(det) + boxArea(gt) - inter;
  return inter / uni;
}

/// The result of matching one image's detections of one class in one area
/// range (pycocotools' evaluateImg entry).
struct ImageEval {
  std::vector<float> scores; // sorted descending, at most 100
  // [t * scores.size() + d]
  std::vector<char> matched, ignored;
  int numRegularGt = 0; // ground truths not ignored in this range
};

ImageEval evaluateImage(const std::vector<const GroundTruth *> &gts,
                        const std::vector<const Detection *> &dts,
                        const std::vector<std::vector<double>> &ious,
                        const double areaRange[2]) {
  std::size_t G = gts.size(), D = dts.size();
  std::vector<char> gtIgnore(G);
  for (std::size_t g = 0; g < G; ++g)
    gtIgnore[g] = gts[g]->crowd || gts[g]->area < areaRange[0] ||
                  gts[g]->area > areaRange[1];
  // Regular ground truths first, so that a detection prefers them.
  std::vector<std::size_t> order(G);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(
      order.begin(), order.end(),
      [&](std::size_t a, std::size_t b) { return gtIgnore[a] < gtIgnore[b]; });

  ImageEval e;
  for (const Detection *d : dts)
    e.scores.push_back(d->score);
  for (std::size_t g = 0; g < G; ++g)
    e.numRegularGt += !gtIgnore[g];
  e.matched.assign(kNumIou * D, 0);
  e.ignored.assign(kNumIou * D, 0);

  for (int t = 0; t < kNumIou; ++t) {
    std::vector<char> gtTaken(G, 0);
    for (std::size_t d = 0; d < D; ++d) {
      double best = std::min(iouThresholds()[t], 1 - 1e-10);
      long m = -1; // index into `order`
      for (std::size_t k = 0; k < G; ++k) {
        std::size_t g = order[k];
        if (gtTaken[g] && !gts[g]->crowd)
          continue;
        // Already on a regular ground truth: ignored ones cannot beat it.
        if (m > -1 && !gtIgnore[order[m]] && gtIgnore[g])
          break;
        if (ious[d][g] < best)
          continue;
        best = ious[d][g];
        m = static_cast<long>(k);
      }
      if (m == -1)
        continue;
      std::size_t g = order[m];
      e.ignored[t * D + d] = gtIgnore[g];
      e.matched[t * D + d] = 1;
      gtTaken[g] = 1;
    }
  }
  // Unmatched detections outside the area range are not false positives.
  for (std::size_t d = 0; d < D; ++d) {
    double area = boxArea(dts[d]->box);
    bool outside = area < areaRange[0] || area > areaRange[1];
    for (int t = 0; t < kNumIou; ++t)
      if (!e.matched[t * D + d] && outside)
        e.ignored[t * D + d] = 1;
  }
  return e;
}

/// Precision at the 101 recall points and final recall, for one class, area
/// range and maxDets, per IoU threshold (pycocotools' accumulate).
/// Returns false when there is no regular ground truth (values stay -1).
bool accumulate(const std::vector<ImageEval> &evals, int maxDet,
                double precision[kNumIou][kNumRecall], double recall[kNumIou]) {
  int npig = 0;
  struct Entry {
    float score;
    const ImageEval *e;
    std::size_t d;
  };
  std::vector<Entry> entries;
  for (const ImageEval &e : evals) {
    npig += e.numRegularGt;
    std::size_t n = std::min<std::size_t>(e.scores.size(), maxDet);
    for (std::size_t d = 0; d < n; ++d)
      entries.push_back({e.scores[d], &e, d});
  }
  if (npig == 0)
    return false;
  std::stable_sort(
      entries.begin(), entries.end(),
      [](const Entry &a, const Entry &b) { return a.score > b.score; });

  std::size_t nd = entries.size();
  std::vector<double> rc(nd), pr(nd);
  for (int t = 0; t < kNumIou; ++t) {
    double tp = 0, fp = 0;
    for (std::size_t i = 0; i < nd; ++i) {
      const ImageEval &e = *entries[i].e;
      std::size_t at = t * e.scores.size() + entries[i].d;
      if (!e.ignored[at]) {
        if (e.matched[at])
          tp += 1;
        else
          fp += 1;
      }
      rc[i] = tp / npig;
      pr[i] = tp / (fp + tp + kSpacing1);
    }
    recall[t] = nd ? rc.back() : 0;
    for (std::size_t i = nd; i-- > 1;)
      pr[i - 1] = std::max(pr[i - 1], pr[i]);
    for (int r = 0; r < kNumRecall; ++r) {
      std::size_t at =
          std::lower_bound(rc.begin(), rc.end(), recallThresholds()[r]) -
          rc.begin();
      precision[t][r] = at < nd ? pr[at] : 0.0;
    }
  }
  return true;
}

/// Mean of the defined (> -1) values, -1 when none is.
class Mean {
public:
  void add(double v) {
    if (v > -1) {
      sum += v;
      ++count;
    }
  }
  double value() const { return count ? sum / count : -1; }

private:
  double sum = 0;
  long count = 0;
};

} // namespace

CocoResult evaluateCoco(const Dataset &dataset,
                        const std::vector<Detections> &dets) {
  eval_detail::checkDetections(dataset, dets, "COCO");
  const int K = static_cast<int>(dataset.classNames.size());
  const std::size_t numImages = dataset.images.size();

  // pycocotools evaluates images in ascending id order; ranking ties
  // across images depend on it.
  std::vector<std::size_t> imageOrder(numImages);
  std::iota(imageOrder.begin(), imageOrder.end(), 0);
  std::stable_sort(imageOrder.begin(), imageOrder.end(),
                   [&](std::size_t a, std::size_t b) {
                     return dataset.images[a].cocoId < dataset.images[b].cocoId;
                   });

  // [k][a][m]: precision[t][r] and recall[t], -1 where undefined.
  struct Cell {
    double precision[kNumIou][kNumRecall];
    double recall[kNumIou];
    bool defined = false;
  };
  std::vector<Cell> cells(static_cast<std::size_t>(K) * kNumArea * kNumMaxDets);
  auto cell = [&](int k, int a, int m) -> Cell & {
    return cells[(static_cast<std::size_t>(k) * kNumArea + a) * kNumMaxDets +
                 m];
  };

  CocoResult result;
  for (int k = 0; k < K; ++k) {
    CocoClassResult entry;
    entry.name = dataset.classNames[k];
    if (static_cast<std::size_t>(k) < dataset.cocoCategoryIds.size())
      entry.categoryId = dataset.cocoCategoryIds[k];

    std::vector<ImageEval> evals[kNumArea];
    for (std::size_t i : imageOrder) {
      std::vector<const GroundTruth *> gts;
      for (const GroundTruth &gt : dataset.images[i].objects)
        if (gt.classId == k) {
          gts.push_back(&gt);
          entry.numGroundTruth += !gt.crowd;
        }
      std::vector<const Detection *> dts;
      for (const Detection &d : dets[i])
        if (d.classId == k)
          dts.push_back(&d);
      entry.numDetections += static_cast<int>(dts.size());
      if (gts.empty() && dts.empty())
        continue;
      std::stable_sort(dts.begin(), dts.end(),
                       [](const Detection *a, const Detection *b) {
                         return a->score > b->score;
                       });
      if (dts.size() > static_cast<std::size_t>(kMaxDets[kNumMaxDets - 1]))
        dts.resize(kMaxDets[kNumMaxDets - 1]);

      std::vector<std::vector<double>> ious(dts.size(),
                                            std::vector<double>(gts.size()));
      for (std::size_t d = 0; d < dts.size(); ++d)
        for (std::size_t g = 0; g < gts.size(); ++g)
          ious[d][g] = cocoIou(dts[d]->box, gts[g]->box, gts[g]->crowd);
      for (int a = 0; a < kNumArea; ++a)
        evals[a].push_back(evaluateImage(gts, dts, ious, kAreaRanges[a]));
    }

    for (int a = 0; a < kNumArea; ++a)
      for (int m = 0; m < kNumMaxDets; ++m) {
        Cell &c = cell(k, a, m);
        c.defined = accumulate(evals[a], kMaxDets[m], c.precision, c.recall);
      }

    const Cell &all = cell(k, 0, kNumMaxDets - 1);
    if (all.defined) {
      Mean ap, ap50;
      for (int t = 0; t < kNumIou; ++t)
        for (int r = 0; r < kNumRecall; ++r) {
          ap.add(all.precision[t][r]);
          if (t == 0)
            ap50.add(all.precision[t][r]);
        }
      entry.ap = ap.value();
      entry.ap50 = ap50.value();
    }
    result.classes.push_back(std::move(entry));
  }

  // summarize(): t = -1 averages all IoU thresholds.
  auto averagePrecision = [&](int t, int a, int m) {
    Mean mean;
    for (int k = 0; k < K; ++k) {
      const Cell &c = cell(k, a, m);
      if (!c.defined)
        continue;
      for (int ti = 0; ti < kNumIou; ++ti)
        if (t < 0 || ti == t)
          for (int r = 0; r < kNumRecall; ++r)
            mean.add(c.precision[ti][r]);
    }
    return mean.value();
  };
  auto averageRecall = [&](int a, int m) {
    Mean mean;
    for (int k = 0; k < K; ++k) {
      const Cell &c = cell(k, a, m);
      if (c.defined)
        for (int t = 0; t < kNumIou; ++t)
          mean.add(c.recall[t]);
    }
    return mean.value();
  };
  const int m100 = kNumMaxDets - 1;
  result.ap = averagePrecision(-1, 0, m100);
  result.ap50 = averagePrecision(0, 0, m100);
  result.ap75 = averagePrecision(5, 0, m100); // thresholds[5] == 0.75
  result.apSmall = averagePrecision(-1, 1, m100);
  result.apMedium = averagePrecision(-1, 2, m100);
  result.apLarge = averagePrecision(-1, 3, m100);
  result.ar1 = averageRecall(0, 0);
  result.ar10 = averageRecall(0, 1);
  result.ar100 = averageRecall(0, m100);
  result.arSmall = averageRecall(1, m100);
  result.arMedium = averageRecall(2, m100);
  result.arLarge = averageRecall(3, m100);
  return result;
}

} // namespace snnc
