//===- ReportTest.cpp - Text tables of evaluation results -----------------===//

#include "runtime/eval/Report.h"

#include <catch2/catch.hpp>

using namespace snnc;
using Catch::Matchers::Contains;

TEST_CASE("report: VOC table", "[eval][report]") {
  VocResult r;
  VocClassResult cat;
  cat.name = "cat";
  cat.numPositives = 2;
  cat.numDetections = 5;
  cat.ap07 = 8.5 / 11;
  cat.apAll = 0.75;
  VocClassResult dog;
  dog.name = "diningtable";
  r.classes = {cat, dog};
  r.map07 = 8.5 / 11;
  r.mapAll = 0.75;
  r.classesEvaluated = 1;
  std::string text = formatVocReport(r);
  // 8.5 / 11 = 77.27%.
  CHECK_THAT(text, Contains("cat") && Contains("77.27") && Contains("75.00") &&
                       Contains("mAP"));
  CHECK_THAT(text, Contains("diningtable") && Contains("  -"));
  CHECK_THAT(text, Contains("1 of 2 classes"));
}

TEST_CASE("report: COCO table and summary", "[eval][report]") {
  CocoResult r;
  CocoClassResult person;
  person.name = "person";
  person.numGroundTruth = 3;
  person.ap = 0.25;
  person.ap50 = 0.5;
  r.classes = {person};
  r.ap = 0.25;
  r.ap50 = 0.5;
  std::string text = formatCocoReport(r);
  CHECK_THAT(text,
             Contains("person") && Contains("25.00") && Contains("50.00"));
  CHECK_THAT(text,
             Contains("Average Precision  (AP) @[ IoU=0.50:0.95 | area=   "
                      "all | maxDets=100 ] = 0.250"));
  CHECK_THAT(text, Contains("maxDets=  1 ] = -1.000"));
}
