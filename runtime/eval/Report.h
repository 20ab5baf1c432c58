//===- Report.h - Text tables of evaluation results -------------*- C++ -*-===//
//
// Human-readable summaries for tools and logs: one row per class and the
// means. Numbers are printed as percentages; classes without ground truth
// show "-" because they do not enter the mean.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_EVAL_REPORT_H
#define SNNC_RUNTIME_EVAL_REPORT_H

#include "runtime/eval/CocoEval.h"
#include "runtime/eval/VocEval.h"

#include <string>

namespace snnc {

/// Columns: class, #GT (non-difficult), #det, AP07, AP (all-point); then mAP.
std::string formatVocReport(const VocResult &result);

/// Columns: class, #GT (non-crowd), #det, AP, AP50; then pycocotools'
/// 12-line summary.
std::string formatCocoReport(const CocoResult &result);

} // namespace snnc

#endif // SNNC_RUNTIME_EVAL_REPORT_H
