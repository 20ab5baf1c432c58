//===- Report.cpp - Text tables of evaluation results ---------------------===//

#include "runtime/eval/Report.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>

namespace snnc {
namespace {

/// A percentage with two decimals, or "-" for the -1 "undefined" marker.
std::string percent(double value) {
  return value < 0 ? std::string("-") : fmt::format("{:.2f}", 100 * value);
}

template <typename Classes> std::size_t nameWidth(const Classes &classes) {
  std::size_t width = 5; // "class"
  for (const auto &c : classes)
    width = std::max(width, c.name.size());
  return width;
}

} // namespace

std::string formatVocReport(const VocResult &result) {
  std::size_t w = nameWidth(result.classes);
  std::string out;
  auto it = std::back_inserter(out);
  fmt::format_to(it, "{:<{}}  {:>6}  {:>6}  {:>7}  {:>7}\n", "class", w, "#GT",
                 "#det", "AP07", "AP");
  for (const VocClassResult &c : result.classes)
    fmt::format_to(it, "{:<{}}  {:>6}  {:>6}  {:>7}  {:>7}\n", c.name, w,
                   c.numPositives, c.numDetections, percent(c.ap07),
                   percent(c.apAll));
  fmt::format_to(it, "{:<{}}  {:>6}  {:>6}  {:>7}  {:>7}\n", "mAP", w, "", "",
                 percent(result.map07), percent(result.mapAll));
  int skipped =
      static_cast<int>(result.classes.size()) - result.classesEvaluated;
  if (skipped > 0)
    fmt::format_to(it,
                   "({} of {} classes have no non-difficult ground truth and "
                   "are left out of the mean)\n",
                   skipped, result.classes.size());
  fmt::format_to(it, "AP07: VOC2007 11-point; AP: all-point (VOC2010+); %\n");
  return out;
}

std::string formatCocoReport(const CocoResult &result) {
  std::size_t w = nameWidth(result.classes);
  std::string out;
  auto it = std::back_inserter(out);
  fmt::format_to(it, "{:<{}}  {:>6}  {:>6}  {:>7}  {:>7}\n", "class", w, "#GT",
                 "#det", "AP", "AP50");
  for (const CocoClassResult &c : result.classes)
    fmt::format_to(it, "{:<{}}  {:>6}  {:>6}  {:>7}  {:>7}\n", c.name, w,
                   c.numGroundTruth, c.numDetections, percent(c.ap),
                   percent(c.ap50));
  fmt::format_to(it, "{:<{}}  {:>6}  {:>6}  {:>7}  {:>7}\n\n", "mean", w, "",
                 "", percent(result.ap), percent(result.ap50));

  // pycocotools' summarize() layout, values as fractions like it prints.
  struct Line {
    const char *kind, *iou, *area;
    int maxDets;
    double value;
  };
  const Line lines[] = {
      {"Average Precision  (AP)", "0.50:0.95", "all", 100, result.ap},
      {"Average Precision  (AP)", "0.50", "all", 100, result.ap50},
      {"Average Precision  (AP)", "0.75", "all", 100, result.ap75},
      {"Average Precision  (AP)", "0.50:0.95", "small", 100, result.apSmall},
      {"Average Precision  (AP)", "0.50:0.95", "medium", 100, result.apMedium},
      {"Average Precision  (AP)", "0.50:0.95", "large", 100, result.apLarge},
      {"Average Recall     (AR)", "0.50:0.95", "all", 1, result.ar1},
      {"Average Recall     (AR)", "0.50:0.95", "all", 10, result.ar10},
      {"Average Recall     (AR)", "0.50:0.95", "all", 100, result.ar100},
      {"Average Recall     (AR)", "0.50:0.95", "small", 100, result.arSmall},
      {"Average Recall     (AR)", "0.50:0.95", "medium", 100, result.arMedium},
      {"Average Recall     (AR)", "0.50:0.95", "large", 100, result.arLarge},
  };
  for (const Line &l : lines)
    fmt::format_to(it,
                   " {} @[ IoU={:<9} | area={:>6} | maxDets={:>3} ] = {:.3f}\n",
                   l.kind, l.iou, l.area, l.maxDets, l.value);
  return out;
}

} // namespace snnc
