//===- CocoEvalTest.cpp - COCO AP/AR against hand-computed values ---------===//
//
// Expected numbers are derived by hand from pycocotools' COCOeval
// (evaluateImg / accumulate / summarize); the arithmetic is in the comments.
// Reminders: 101 recall points r_i = i / 100; the precision at r_i is the
// envelope (best precision at any later rank) at the first rank whose
// recall >= r_i, and 0 when recall never reaches r_i.
//
//===----------------------------------------------------------------------===//

#include "runtime/eval/CocoEval.h"
#include "runtime/eval/ClassNames.h"
#include "runtime/eval/CocoDataset.h"
#include "runtime/support/Error.h"
#include "test/unit/SharedData.h"
#include "test/unit/eval/EvalTestUtil.h"

#include <catch2/catch.hpp>

#include <map>

using namespace snnc;
using test::cocoGt;
using test::det;

namespace {

Dataset oneImage(std::vector<GroundTruth> objects,
                 std::vector<std::string> names = {"a", "b"}) {
  Dataset d;
  d.classNames = std::move(names);
  d.images.push_back(test::image("1", 1000, 1000, std::move(objects), 1));
  return d;
}

} // namespace

TEST_CASE("coco: AP at each IoU threshold, one image, two GTs, three dets",
          "[eval][coco]") {
  // Class 0 GTs: A = [0,0,10,10], B = [20,0,30,10], area 100 each.
  // [0,0,10,h] against A has IoU 10h / 100 = h / 10.
  Dataset d = oneImage({cocoGt(0, 0, 0, 10, 10), cocoGt(0, 20, 0, 30, 10)});
  std::vector<Detections> dets = {{
      det(0, 0.9f, 0, 0, 10, 6.2f),  // d1: IoU .62 with A
      det(0, 0.8f, 20, 0, 30, 7.2f), // d2: IoU .72 with B
      det(0, 0.7f, 0, 0, 10, 8.2f),  // d3: IoU .82 with A
      det(1, 0.5f, 50, 50, 60, 60),  // class 1 has no GT: not counted
  }};
  CocoResult r = evaluateCoco(d, dets);

  // Per threshold t (ranked d1, d2, d3; npig = 2):
  //  t = .50 .55 .60: d1 takes A, d2 takes B, d3 finds A taken: TP TP FP.
  //    recall .5 1 1, precision 1 1 2/3 -> envelope 1 1 2/3 -> every r_i
  //    lands on rank 1 or 2: precision 1. AP_t = 1.
  //  t = .65 .70: d1 misses (.62), d2 takes B, d3 takes A: FP TP TP.
  //    recall 0 .5 1, precision 0 .5 2/3 -> envelope 2/3 2/3 2/3.
  //    AP_t = 2/3.
  //  t = .75 .80: only d3 (.82) matches: FP FP TP. recall 0 0 .5,
  //    precision 0 0 1/3 -> envelope 1/3 everywhere; r_0..r_50 (51 points,
  //    r_50 = .5 exactly) get 1/3, r_51..r_100 are never reached: 0.
  //    AP_t = 51/101 * 1/3 = 17/101.
  //  t = .85 .90 .95: all FP, AP_t = 0.
  double ap = (3 * 1.0 + 2 * (2.0 / 3) + 2 * (17.0 / 101) + 3 * 0.0) / 10;
  CHECK(r.ap == Approx(ap));
  CHECK(r.ap50 == Approx(1.0));
  CHECK(r.ap75 == Approx(17.0 / 101));
  // Both GTs and all detections are small (area <= 32^2).
  CHECK(r.apSmall == Approx(ap));
  CHECK(r.apMedium == -1);
  CHECK(r.apLarge == -1);
  // Final recall per t: 1 (x5: t = .5 ... .7), .5 (x2), 0 (x3): mean .6.
  CHECK(r.ar100 == Approx(0.6));
  CHECK(r.ar10 == Approx(0.6));
  // maxDets 1 keeps d1 only: recall .5 at t = .5, .55, .6, else 0: 1.5 / 10.
  CHECK(r.ar1 == Approx(0.15));
  CHECK(r.arSmall == Approx(0.6));
  CHECK(r.arMedium == -1);
  CHECK(r.arLarge == -1);

  REQUIRE(r.classes.size() == 2);
  CHECK(r.classes[0].numGroundTruth == 2);
  CHECK(r.classes[0].numDetections == 3);
  CHECK(r.classes[0].ap == Approx(ap));
  CHECK(r.classes[0].ap50 == Approx(1.0));
  CHECK(r.classes[1].numDetections == 1);
  CHECK(r.classes[1].ap == -1);
  CHECK(r.classes[1].ap50 == -1);
  auto stats = r.stats();
  CHECK(stats[0] == r.ap);
  CHECK(stats[8] == r.ar100);
}

TEST_CASE("coco: crowd regions absorb detections", "[eval][coco]") {
  // A = [0,0,10,10]; crowd C = [20,0,60,40], area 1600.
  Dataset d =
      oneImage({cocoGt(0, 0, 0, 10, 10), cocoGt(0, 20, 0, 60, 40, true, 1600)});
  std::vector<Detections> dets = {{
      det(0, 0.97f, 55, 0, 65, 10),  // half inside C: 50 / 100 = .5 exactly
      det(0, 0.95f, 25, 5, 35, 15),  // inside C: 100 / 100 = 1
      det(0, 0.9f, 0, 0, 10, 10),    // on A
      det(0, 0.85f, 30, 10, 40, 20), // inside C again: C can absorb many
      det(0, 0.6f, 80, 80, 90, 90),  // on nothing: FP
  }};
  CocoResult r = evaluateCoco(d, dets);
  // IoU with a crowd is intersection / detection area, so the two detections
  // inside C match it (IoU 1) at every threshold and are ignored; with the
  // ordinary IoU they would be 100 / 1600 and count as FPs. The crowd is not
  // a positive: npig = 1.
  //  t = .5: the half-inside detection matches C too (.5 >= .5): ignored.
  //    ranked: ign ign TP ign FP -> recall 0 0 1 1 1, precision
  //    0 0 1 1 .5 -> envelope 1 1 1 1 .5: every r_i gets 1. AP_.5 = 1.
  //  t >= .55: it is a FP instead: FP ign TP ign FP -> recall 0 0 1 1 1,
  //    precision 0 0 .5 .5 1/3 -> envelope .5 .5 .5 .5 1/3: AP_t = .5.
  CHECK(r.ap50 == Approx(1.0));
  CHECK(r.ap75 == Approx(0.5));
  CHECK(r.ap == Approx((1 + 9 * 0.5) / 10));
  CHECK(r.ar100 == Approx(1.0)); // A is found at every threshold
  CHECK(r.classes[0].numGroundTruth == 1);
}

TEST_CASE("coco: a regular GT is preferred to a crowd", "[eval][coco]") {
  // The crowd C = [0,0,100,100] is listed first; A = [0,0,10,12] is
  // regular. The detection [0,0,10,10] lies inside C (crowd IoU 1) and has
  // IoU 100 / 120 = .833 with A. Regular GTs are tried first and, once one
  // matches, ignored ones are not considered:
  //  t = .50 ... .80 (7 thresholds): TP on A -> AP_t = 1, recall 1.
  //  t = .85 .90 .95: A is too far, the detection falls to C and is
  //    ignored: no TP, AP_t = 0, recall 0.
  // AP = 7/10 (it would be 0 if C, listed first, were tried first).
  Dataset d =
      oneImage({cocoGt(0, 0, 0, 100, 100, true), cocoGt(0, 0, 0, 10, 12)});
  CocoResult r = evaluateCoco(d, {{det(0, 0.9f, 0, 0, 10, 10)}});
  CHECK(r.ap == Approx(0.7));
  CHECK(r.ar100 == Approx(0.7));
}

TEST_CASE("coco: the area range uses the GT's area field, not its box",
          "[eval][coco]") {
  // A 10x10 box (100 px^2, small by its box) whose "area" field says 5000
  // (medium), hit exactly. Small: the GT is ignored, the detection on it
  // too, no positive: -1. Medium: a TP: 1.
  Dataset d = oneImage({cocoGt(0, 0, 0, 10, 10, false, 5000)});
  CocoResult r = evaluateCoco(d, {{det(0, 0.9f, 0, 0, 10, 10)}});
  CHECK(r.apSmall == -1);
  CHECK(r.apMedium == Approx(1.0));
  CHECK(r.apLarge == -1);
}

TEST_CASE("coco: area ranges follow the GT area and ignore the rest",
          "[eval][coco]") {
  // S: 10x10 = 100 (small, <= 32^2 = 1024), M: 50x50 = 2500 (medium, up to
  // 96^2 = 9216), L: 200x100 = 20000 (large).
  Dataset d = oneImage({cocoGt(0, 0, 0, 10, 10), cocoGt(0, 100, 100, 150, 150),
                        cocoGt(0, 200, 0, 400, 100)});
  std::vector<Detections> dets = {{
      det(0, 0.9f, 100, 100, 150, 150), // dM on M
      det(0, 0.8f, 500, 500, 600, 600), // dX on nothing, area 10000 (large)
      det(0, 0.6f, 0, 0, 10, 10),       // dS on S
  }};
  CocoResult r = evaluateCoco(d, dets);
  // IoUs are 1 or 0, so every threshold behaves alike.
  //  all: TP FP TP, npig 3 -> recall 1/3 1/3 2/3, precision 1 .5 2/3 ->
  //    envelope 1 2/3 2/3. r_0..r_33 (<= 1/3, 34 points) -> 1;
  //    r_34..r_66 (<= 2/3, 33 points) -> 2/3; r_67.. unreached -> 0.
  //    AP = (34 + 33 * 2/3) / 101 = 56/101. Recall 2/3.
  CHECK(r.ap == Approx(56.0 / 101));
  CHECK(r.ar100 == Approx(2.0 / 3));
  //  small: M and L are ignored; dM matches M -> ignored; dX is unmatched
  //    and outside the range -> ignored; dS TP. Only a TP counts: AP 1.
  CHECK(r.apSmall == Approx(1.0));
  CHECK(r.arSmall == Approx(1.0));
  //  medium: dM TP; dX (10000 > 9216) ignored; dS on ignored S: AP 1.
  CHECK(r.apMedium == Approx(1.0));
  CHECK(r.arMedium == Approx(1.0));
  //  large: L is the only positive; dM, dS on ignored GTs; dX is a large
  //    unmatched detection: FP. Recall stays 0: AP 0, AR 0.
  CHECK(r.apLarge == 0);
  CHECK(r.arLarge == 0);
}

TEST_CASE("coco: only the 100 best detections per image count",
          "[eval][coco]") {
  // Image 1: 102 small GTs g_i = [10i, 0, 10i+5, 5], each hit exactly by a
  // detection of score (i+1)/1000, listed worst first. The two worst (g_0,
  // g_1) fall beyond maxDets = 100. Image 2: one GT, hit exactly.
  Dataset d;
  d.classNames = {"a"};
  std::vector<GroundTruth> gts;
  Detections ds;
  for (int i = 0; i < 102; ++i) {
    gts.push_back(cocoGt(0, 10.f * i, 0, 10.f * i + 5, 5));
    ds.push_back(det(0, (i + 1) / 1000.f, 10.f * i, 0, 10.f * i + 5, 5));
  }
  d.images.push_back(test::image("1", 2000, 100, gts, 1));
  d.images.push_back(test::image("2", 100, 100, {cocoGt(0, 0, 0, 8, 8)}, 2));
  CocoResult r = evaluateCoco(d, {ds, {det(0, 0.05f, 0, 0, 8, 8)}});
  // npig = 103, every kept detection is a TP (precision 1).
  //  maxDets 100: 100 + 1 TPs -> recall 101/103 = .9806: r_0..r_98 reached
  //  (99 points of 101). AP = 99/101 at every threshold.
  CHECK(r.ap == Approx(99.0 / 101));
  CHECK(r.ar100 == Approx(101.0 / 103));
  //  maxDets 10 / 1 are per image: 10 + 1 and 1 + 1 TPs.
  CHECK(r.ar10 == Approx(11.0 / 103));
  CHECK(r.ar1 == Approx(2.0 / 103));
}

TEST_CASE("coco: bad detection input is an error", "[eval][coco]") {
  Dataset d = oneImage({cocoGt(0, 0, 0, 10, 10)});
  CHECK_THROWS_AS(evaluateCoco(d, {}), Error);
  CHECK_THROWS_WITH(evaluateCoco(d, {{det(-1, 1, 0, 0, 1, 1)}}),
                    Catch::Contains("class id -1"));
}

TEST_CASE("coco: a perfect detector on the shared mini set",
          "[eval][coco][shared]") {
  SNNC_REQUIRE_SHARED("data/coco-val2017-mini");
  std::vector<std::string> names =
      readClassNames(test::sharedPath("darknet/coco.names"));
  Dataset d = loadCocoDataset(
      test::sharedPath(
          "data/coco-val2017-mini/annotations/instances_val2017.json"),
      test::sharedPath("data/coco-val2017-mini/val2017"), names);

  // One detection of score 1 on each non-crowd GT. With area "all" nothing
  // but crowds is ignored, crowds are never detected, no two GTs of a class
  // in an image share a box, and at most 13 GTs of a class share an image
  // (< 100): every detection matches its own GT at IoU 1, every non-crowd GT
  // is found, precision is 1 everywhere. All 80 categories have a non-crowd
  // GT.
  std::vector<Detections> dets;
  std::map<int, int> gtPerClass, imagesPerClass, cappedAt10PerClass;
  for (const ImageRecord &image : d.images) {
    Detections ds;
    std::map<int, int> here;
    for (const GroundTruth &gt : image.objects)
      if (!gt.crowd) {
        ds.push_back(
            det(gt.classId, 1, gt.box.x0, gt.box.y0, gt.box.x1, gt.box.y1));
        ++here[gt.classId];
      }
    for (auto [cls, n] : here) {
      gtPerClass[cls] += n;
      imagesPerClass[cls] += 1;
      cappedAt10PerClass[cls] += std::min(n, 10);
    }
    dets.push_back(ds);
  }
  REQUIRE(gtPerClass.size() == 80);

  CocoResult r = evaluateCoco(d, dets);
  CHECK(r.ap == Approx(1.0));
  CHECK(r.ap50 == Approx(1.0));
  CHECK(r.ap75 == Approx(1.0));
  CHECK(r.ar100 == Approx(1.0));
  for (const CocoClassResult &c : r.classes) {
    INFO(c.name);
    CHECK(c.ap == Approx(1.0));
  }
  // maxDets 1 finds one GT per (image, class), maxDets 10 up to ten; the
  // recall is the same at every IoU threshold. AR = mean over classes.
  double ar1 = 0, ar10 = 0;
  for (auto [cls, n] : gtPerClass) {
    ar1 += double(imagesPerClass[cls]) / n;
    ar10 += double(cappedAt10PerClass[cls]) / n;
  }
  CHECK(r.ar1 == Approx(ar1 / 80));
  CHECK(r.ar10 == Approx(ar10 / 80));
  CHECK(r.ar1 < r.ar10);
  CHECK(r.ar10 < 1.0);
  // Per area range every in-range GT is still found (its own detection
  // matches it unless an earlier one already did), so AR is 1. AP may dip
  // below 1 there: a detection whose GT is out of range can take an
  // in-range neighbour and push that neighbour's detection onto nothing.
  CHECK(r.arSmall == Approx(1.0));
  CHECK(r.arMedium == Approx(1.0));
  CHECK(r.arLarge == Approx(1.0));
  CHECK(r.apSmall > 0.9);
  CHECK(r.apMedium > 0.9);
  CHECK(r.apLarge > 0.9);
}
