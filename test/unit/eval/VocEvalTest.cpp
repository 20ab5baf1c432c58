//===- VocEvalTest.cpp - VOC AP against hand-computed values --------------===//
//
// Every expected number below is worked out by hand from voc_eval.py's
// definitions (the arithmetic is in the comments), not taken from a run.
//
//===----------------------------------------------------------------------===//

#include "runtime/eval/VocEval.h"
#include "runtime/eval/ClassNames.h"
#include "runtime/eval/VocDataset.h"
#include "runtime/support/Error.h"
#include "test/unit/SharedData.h"
#include "test/unit/eval/EvalTestUtil.h"

#include <catch2/catch.hpp>

#include <limits>

using namespace snnc;
using test::det;
using test::vocGt;

namespace {

/// Two 100x100 images, class 0 "cat" and class 1 "dog".
///   image a: cat [11,11,50,50], difficult cat [61,61,90,90]
///   image b: cat [21,21,60,60]
/// A detection at continuous [x0,y0,x1,y1] becomes [x0+1, ..., y1+1] in VOC
/// coordinates, so [10,10,49,49] lands exactly on [11,11,50,50].
Dataset twoImages() {
  Dataset d;
  d.classNames = {"cat", "dog"};
  d.images.push_back(
      test::image("a", 100, 100,
                  {vocGt(0, 11, 11, 50, 50), vocGt(0, 61, 61, 90, 90, true)}));
  d.images.push_back(test::image("b", 100, 100, {vocGt(0, 21, 21, 60, 60)}));
  return d;
}

std::vector<Detections> catDetections() {
  return {
      {det(0, 0.9f, 10, 10, 49, 49),  // on a's cat: TP
       det(0, 0.8f, 10, 10, 49, 49),  // same cat again: duplicate, FP
       det(0, 0.7f, 60, 60, 89, 89),  // on the difficult cat: ignored
       det(1, 0.95f, 0, 0, 30, 30)},  // a dog where there is none
      {det(0, 0.6f, 70, 70, 90, 90),  // nothing there: FP
       det(0, 0.5f, 20, 20, 59, 59)}, // on b's cat: TP
  };
}

} // namespace

TEST_CASE("voc: detection boxes are shifted and clamped like darknet's",
          "[eval][voc]") {
  Box b = vocBoxFromDetection(Box{10.5f, 20, 30, 40}, 100, 80);
  CHECK(b.x0 == 11.5f);
  CHECK(b.y0 == 21);
  CHECK(b.x1 == 31);
  CHECK(b.y1 == 41);
  // -5 + 1 = -4 -> 1; 200 + 1 = 201 -> W = 100 and H = 80.
  Box c = vocBoxFromDetection(Box{-5, -5, 200, 200}, 100, 80);
  CHECK(c.x0 == 1);
  CHECK(c.y0 == 1);
  CHECK(c.x1 == 100);
  CHECK(c.y1 == 80);
}

TEST_CASE("voc: IoU counts pixels inclusively", "[eval][voc]") {
  // [1,1,10,10] is 10x10 = 100 pixels, [1,1,10,20] is 10x20 = 200; they
  // share 100: IoU = 100 / (100 + 200 - 100) = 0.5.
  CHECK(vocIou(Box{1, 1, 10, 10}, Box{1, 1, 10, 20}) == 0.5);
  // [1,1,1,1] is a single pixel: IoU with itself is 1.
  CHECK(vocIou(Box{1, 1, 1, 1}, Box{1, 1, 1, 1}) == 1.0);
  // Touching at x = 10 shares one column: 1x10 / (100 + 100 - 10).
  CHECK(vocIou(Box{1, 1, 10, 10}, Box{10, 1, 19, 10}) == Approx(10.0 / 190));
}

TEST_CASE("voc: difficult objects, duplicates and 11-point vs all-point",
          "[eval][voc]") {
  VocResult r = evaluateVoc(twoImages(), catDetections());
  REQUIRE(r.classes.size() == 2);
  const VocClassResult &cat = r.classes[0];
  CHECK(cat.name == "cat");
  // npos = 2: the difficult cat is not a positive.
  CHECK(cat.numPositives == 2);
  CHECK(cat.numDetections == 5);
  // Ranked: 0.9 TP, 0.8 FP (duplicate), 0.7 neither (difficult), 0.6 FP,
  // 0.5 TP.
  //   cumulative tp = 1, 1, 1, 1, 2     fp = 0, 1, 1, 2, 2
  //   recall        = .5, .5, .5, .5, 1
  //   precision     = 1, .5, .5, 1/3, .5
  // All-point: envelope over recall steps 0 -> .5 (precision 1) and .5 -> 1
  // (best precision at recall >= 1 is .5): .5 * 1 + .5 * .5 = 0.75.
  CHECK(cat.apAll == Approx(0.75));
  // 11-point: t = 0, .1, ..., .5 see max precision 1 (6 points); t = .6 ...
  // 1.0 only see the last detection, precision .5 (5 points):
  // (6 * 1 + 5 * .5) / 11 = 8.5 / 11.
  CHECK(cat.ap07 == Approx(8.5 / 11));

  // The dog class has no ground truth: AP undefined, left out of the mean.
  const VocClassResult &dog = r.classes[1];
  CHECK_FALSE(dog.hasGroundTruth());
  CHECK(dog.numDetections == 1);
  CHECK(dog.ap07 == -1);
  CHECK(dog.apAll == -1);
  CHECK(r.classesEvaluated == 1);
  CHECK(r.map07 == Approx(8.5 / 11));
  CHECK(r.mapAll == Approx(0.75));
}

TEST_CASE("voc: mAP averages the classes with ground truth", "[eval][voc]") {
  Dataset d = twoImages();
  d.images[1].objects.push_back(vocGt(1, 1, 1, 40, 40));
  std::vector<Detections> dets = catDetections();
  // Add a dog [1,1,40,40] to image b. The 0.95 dog detection is in image a,
  // where there is no dog: FP. A second dog detection in b hits exactly.
  dets[1].push_back(det(1, 0.3f, 0, 0, 39, 39));
  VocResult r = evaluateVoc(d, dets);
  // dog: ranked FP (0.95), TP (0.3): recall 0, 1; precision 0, .5.
  //   all-point: 1 * .5 = .5; 11-point: every t sees precision .5 -> .5.
  CHECK(r.classes[1].apAll == Approx(0.5));
  CHECK(r.classes[1].ap07 == Approx(0.5));
  CHECK(r.classesEvaluated == 2);
  CHECK(r.mapAll == Approx((0.75 + 0.5) / 2));
  CHECK(r.map07 == Approx((8.5 / 11 + 0.5) / 2));
}

TEST_CASE("voc: overlap must exceed 0.5", "[eval][voc]") {
  Dataset d;
  d.classNames = {"cat"};
  d.images.push_back(test::image("a", 100, 100, {vocGt(0, 1, 1, 10, 10)}));
  // [0,0,9,19] -> [1,1,10,20]: IoU exactly 0.5 (see the IoU test): a FP.
  VocResult r = evaluateVoc(d, {{det(0, 1, 0, 0, 9, 19)}});
  CHECK(r.classes[0].apAll == 0);
  CHECK(r.classes[0].ap07 == 0);
  // [0,0,9,18] -> [1,1,10,19]: 100 / 190 > 0.5: a TP.
  r = evaluateVoc(d, {{det(0, 1, 0, 0, 9, 18)}});
  CHECK(r.classes[0].apAll == Approx(1.0));
}

TEST_CASE("voc: a class with only difficult objects has no positives",
          "[eval][voc]") {
  Dataset d;
  d.classNames = {"cat"};
  d.images.push_back(
      test::image("a", 100, 100, {vocGt(0, 1, 1, 10, 10, true)}));
  VocResult r = evaluateVoc(d, {{det(0, 1, 0, 0, 9, 9)}});
  CHECK(r.classes[0].numPositives == 0);
  CHECK(r.classes[0].apAll == -1);
  CHECK(r.classesEvaluated == 0);
  CHECK(r.mapAll == -1);
  CHECK(r.map07 == -1);
}

TEST_CASE("voc: equal scores keep input order", "[eval][voc]") {
  Dataset d;
  d.classNames = {"cat"};
  d.images.push_back(test::image("a", 100, 100, {vocGt(0, 1, 1, 10, 10)}));
  // Both score 0.5; the FP comes first in the input, so it ranks first:
  // precision 0 then .5, recall 0 then 1 -> all-point AP .5. In the other
  // order the TP would rank first and AP would be 1.
  VocResult r = evaluateVoc(
      d, {{det(0, 0.5f, 50, 50, 60, 60), det(0, 0.5f, 0, 0, 9, 9)}});
  CHECK(r.classes[0].apAll == Approx(0.5));
  r = evaluateVoc(d,
                  {{det(0, 0.5f, 0, 0, 9, 9), det(0, 0.5f, 50, 50, 60, 60)}});
  CHECK(r.classes[0].apAll == Approx(1.0));
}

TEST_CASE("voc: the AP formulas on their own", "[eval][voc]") {
  // No detections: both 0.
  CHECK(vocAp07({}, {}) == 0);
  CHECK(vocApAll({}, {}) == 0);
  // recall .3 at precision 1, then .6 at .5.
  //   all-point: .3 * 1 + .3 * .5 = .45.
  //   11-point: the thresholds are i * 0.1 as np.arange makes them, and
  //   3 * 0.1 = 0.30000000000000004 > 0.3, 6 * 0.1 = 0.6000000000000001 > 0.6.
  //   t = 0, .1, .2 -> max precision 1 (3 points); t = .3, .4, .5 -> only
  //   recall .6 qualifies, .5 (3 points); t >= .6 -> nothing, 0.
  //   (3 * 1 + 3 * .5) / 11 = 4.5 / 11 (exact decimals would give 5.5 / 11).
  std::vector<double> recall{0.3, 0.6}, precision{1.0, 0.5};
  CHECK(vocApAll(recall, precision) == Approx(0.45));
  CHECK(vocAp07(recall, precision) == Approx(4.5 / 11));
}

TEST_CASE("voc: bad detection input is an error", "[eval][voc]") {
  Dataset d = twoImages();
  CHECK_THROWS_AS(evaluateVoc(d, {{}}), Error);
  CHECK_THROWS_WITH(evaluateVoc(d, {{det(2, 1, 0, 0, 1, 1)}, {}}),
                    Catch::Contains("class id 2"));
  float nan = std::numeric_limits<float>::quiet_NaN();
  CHECK_THROWS_AS(evaluateVoc(d, {{det(0, nan, 0, 0, 1, 1)}, {}}), Error);
}

TEST_CASE("voc: a perfect detector scores 1 on the shared dev set",
          "[eval][voc][shared]") {
  SNNC_REQUIRE_SHARED("data/voc07-dev");
  std::vector<std::string> names =
      readClassNames(test::sharedPath("darknet/voc.names"));
  Dataset d = loadVocDataset(test::sharedPath("data/voc07-dev"), "dev", names);
  // Every GT back in continuous coordinates (the inverse of the +1 shift);
  // the dev set has no duplicate boxes and no difficult objects, so each
  // detection is a TP and precision stays 1 up to recall 1.
  std::vector<Detections> dets;
  for (const ImageRecord &image : d.images) {
    Detections ds;
    for (const GroundTruth &gt : image.objects)
      ds.push_back(det(gt.classId, 1, gt.box.x0 - 1, gt.box.y0 - 1,
                       gt.box.x1 - 1, gt.box.y1 - 1));
    dets.push_back(ds);
  }
  VocResult r = evaluateVoc(d, dets);
  REQUIRE(r.classesEvaluated == 20);
  for (const VocClassResult &c : r.classes) {
    INFO(c.name);
    CHECK(c.ap07 == Approx(1.0));
    CHECK(c.apAll == Approx(1.0));
  }
  CHECK(r.map07 == Approx(1.0));
  CHECK(r.mapAll == Approx(1.0));

  // Keeping only the first image's detections (5 of the 133 chairs, nothing
  // else) caps recall: chair AP ~ 5/133, every other class 0.
  std::vector<Detections> partial(dets.size());
  partial[0] = dets[0];
  VocResult p = evaluateVoc(d, partial);
  REQUIRE(names[8] == "chair");
  // all-point: recall 5/133 at precision 1; 11-point: only t = 0 reached.
  CHECK(p.classes[8].apAll == Approx(5.0 / 133));
  CHECK(p.classes[8].ap07 == Approx(1.0 / 11));
  CHECK(p.mapAll == Approx(5.0 / 133 / 20));
}
