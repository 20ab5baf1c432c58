//===- DecodeTests.cpp - Boxes from activated detection heads -------------===//

#include "runtime/detection/Decode.h"
#include "runtime/support/Error.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

using namespace snnc;

namespace {
void checkBox(const Box &b, double x0, double y0, double x1, double y1) {
  CHECK(b.x0 == Approx(x0).margin(1e-3));
  CHECK(b.y0 == Approx(y0).margin(1e-3));
  CHECK(b.x1 == Approx(x1).margin(1e-3));
  CHECK(b.y1 == Approx(y1).margin(1e-3));
}

/// Index of entry e of anchor n at (row, col): darknet's entry_index.
size_t at(int n, int stride, int e, int h, int w, int row, int col) {
  return (static_cast<size_t>(n * stride + e) * h + row) * w + col;
}
} // namespace

TEST_CASE("region decode of a 2x2 grid by hand", "[decode][region]") {
  // 1 anchor (1, 0.5) grid cells, 2 classes, 2x2 grid: stride 7.
  RegionHead head;
  head.classes = 2;
  head.num = 1;
  head.anchors = {1.0f, 0.5f};
  std::vector<float> t(7 * 4, 0.0f); // objectness 0 everywhere
  // Cell row 1, col 0: tx 0.5, ty 0.25, tw 0, th ln2, objectness 0.5,
  // classes (0.25, 0.75).
  t[at(0, 7, 0, 2, 2, 1, 0)] = 0.5f;
  t[at(0, 7, 1, 2, 2, 1, 0)] = 0.25f;
  t[at(0, 7, 3, 2, 2, 1, 0)] = std::log(2.0f);
  t[at(0, 7, 4, 2, 2, 1, 0)] = 0.5f;
  t[at(0, 7, 5, 2, 2, 1, 0)] = 0.25f;
  t[at(0, 7, 6, 2, 2, 1, 0)] = 0.75f;
  ImageGeometry g{416, 416, 200, 100, false};
  // x = (0 + 0.5)/2 = 0.25, y = (1 + 0.25)/2 = 0.625,
  // bw = e^0 * 1 / 2 = 0.5, bh = e^ln2 * 0.5 / 2 = 0.5.
  // Pixels of the 200x100 image: x 0..100, y (0.375..0.875)*100 = 37.5..87.5.
  // Scores: 0.5 * 0.25 = 0.125, 0.5 * 0.75 = 0.375.

  Detections both = decodeRegion(t.data(), 2, 2, head, g, 0.1f);
  REQUIRE(both.size() == 2);
  CHECK(both[0].classId == 0);
  CHECK(both[0].score == Approx(0.125));
  CHECK(both[1].classId == 1);
  CHECK(both[1].score == Approx(0.375));
  checkBox(both[1].box, 0, 37.5, 100, 87.5);

  Detections one = decodeRegion(t.data(), 2, 2, head, g, 0.2f);
  REQUIRE(one.size() == 1);
  CHECK(one[0].classId == 1);

  // darknet keeps scores strictly above the threshold.
  CHECK(decodeRegion(t.data(), 2, 2, head, g, 0.375f).empty());
  // Objectness 0.5 at or below the threshold: nothing.
  CHECK(decodeRegion(t.data(), 2, 2, head, g, 0.5f).empty());
}

TEST_CASE("region decode clamps to the image", "[decode][region]") {
  RegionHead head;
  head.classes = 1;
  head.num = 1;
  head.anchors = {1.0f, 1.0f};
  std::vector<float> t(6 * 4, 0.0f);
  // Cell row 0, col 1: tx 0.5, ty 0.5, tw ln4 -> x = 1.5/2 = 0.75,
  // bw = 4 * 1 / 2 = 2, so x spans (0.75 - 1 .. 0.75 + 1) * 200 =
  // -50 .. 350, clamped to 0 .. 200; bh = 1/2: y = 0.25 +- 0.25 -> 0 .. 50.
  t[at(0, 6, 0, 2, 2, 0, 1)] = 0.5f;
  t[at(0, 6, 1, 2, 2, 0, 1)] = 0.5f;
  t[at(0, 6, 2, 2, 2, 0, 1)] = std::log(4.0f);
  t[at(0, 6, 4, 2, 2, 0, 1)] = 0.9f;
  t[at(0, 6, 5, 2, 2, 0, 1)] = 1.0f;
  Detections d = decodeRegion(t.data(), 2, 2, head, {416, 416, 200, 100}, 0.5f);
  REQUIRE(d.size() == 1);
  checkBox(d[0].box, 0, 0, 200, 50);
  CHECK(d[0].score == Approx(0.9));
}

TEST_CASE("region decode reads the second anchor's block", "[decode][region]") {
  // 2 anchors, 1x1 grid, 1 class: stride 6, anchor 1 at entries 6..11.
  RegionHead head;
  head.classes = 1;
  head.num = 2;
  head.anchors = {1, 1, 0.5f, 0.25f};
  std::vector<float> t(12, 0.0f);
  t[6] = 0.5f;  // tx
  t[7] = 0.5f;  // ty
  t[10] = 0.5f; // objectness
  t[11] = 1.0f; // class 0
  // x = y = 0.5, bw = 0.5 / 1, bh = 0.25 / 1 on a 100x100 image:
  // x 25..75, y 37.5..62.5, score 0.5.
  Detections d = decodeRegion(t.data(), 1, 1, head, {416, 416, 100, 100}, 0.1f);
  REQUIRE(d.size() == 1);
  checkBox(d[0].box, 25, 37.5, 75, 62.5);
  CHECK(d[0].score == Approx(0.5));
}

TEST_CASE("yolo decode uses pixel anchors selected by the mask",
          "[decode][yolo]") {
  // Grid h=1 x w=2, mask {1}: anchor pair 1 = (208, 104) input pixels,
  // 3 classes: stride 8.
  YoloHead head;
  head.classes = 3;
  head.anchors = {10, 14, 208, 104};
  head.mask = {1};
  std::vector<float> t(8 * 2, 0.0f);
  auto set = [&](int e, float v) { t[at(0, 8, e, 1, 2, 0, 1)] = v; };
  set(0, 0.5f);
  set(1, 0.5f);
  set(3, std::log(2.0f));
  set(4, 0.5f);  // objectness
  set(5, 0.5f);  // class 0 -> 0.25
  set(6, 0.25f); // class 1 -> 0.125
  set(7, 1.0f);  // class 2 -> 0.5
  // x = (1 + 0.5)/2 = 0.75, y = 0.5/1 = 0.5, bw = 208/416 = 0.5,
  // bh = 2 * 104/416 = 0.5; on a 416x416 image: x 208..416, y 104..312.
  Detections d = decodeYolo(t.data(), 1, 2, head, {416, 416, 416, 416}, 0.2f);
  REQUIRE(d.size() == 2);
  CHECK(d[0].classId == 0);
  CHECK(d[0].score == Approx(0.25));
  CHECK(d[1].classId == 2);
  CHECK(d[1].score == Approx(0.5));
  checkBox(d[1].box, 208, 104, 416, 312);
}

TEST_CASE("letterbox correction by hand", "[decode][letterbox]") {
  // 768x576 letterboxed into 416x416: new_w 416, new_h 576*416/768 = 312,
  // half padding 52/416 = 0.125 in y; the image spans 312/416 = 0.75.
  ImageGeometry g{416, 416, 768, 576, true};
  // Centre (0.5, 0.5), size (0.5, 0.375) relative to the input:
  //   y = (0.5 - 0.125) / 0.75 = 0.5, h = 0.375 / 0.75 = 0.5,
  //   x = 0.5, w = 0.5 (no horizontal padding)
  //   -> x 192..576, y (0.25..0.75)*576 = 144..432.
  checkBox(toImageBox(0.5f, 0.5f, 0.5f, 0.375f, g), 192, 144, 576, 432);
  // The top of the image content (y = 0.125 in the input) maps to y = 0.
  // x 0.5 +- 0.125 -> 288..480.
  checkBox(toImageBox(0.5f, 0.125f, 0.25f, 0.0f, g), 288, 0, 480, 0);
  // Without letterbox the same input box is a plain scale:
  // y (0.5 +- 0.1875) * 576 = 180..396.
  g.letterbox = false;
  checkBox(toImageBox(0.5f, 0.5f, 0.5f, 0.375f, g), 192, 180, 576, 396);

  // A tall 100x200 image: new_w = 208, half padding 104/416 = 0.25 in x,
  // the image spans 0.5. Input x 0.5 +- 0.125 -> (0.5 +- 0.25) * 100.
  ImageGeometry tall{416, 416, 100, 200, true};
  checkBox(toImageBox(0.5f, 0.5f, 0.25f, 0.5f, tall), 25, 50, 75, 150);
}

TEST_CASE("letterbox correction applies in decodeRegion",
          "[decode][letterbox]") {
  // 13x13-like single cell: 1x1 grid, anchor (0.5, 0.375) so with
  // tw = th = 0 and tx = ty = 0.5 the box is the first case above.
  RegionHead head;
  head.classes = 1;
  head.num = 1;
  head.anchors = {0.5f, 0.375f};
  std::vector<float> t{0.5f, 0.5f, 0, 0, 0.8f, 1.0f};
  Detections d =
      decodeRegion(t.data(), 1, 1, head, {416, 416, 768, 576, true}, 0.005f);
  REQUIRE(d.size() == 1);
  checkBox(d[0].box, 192, 144, 576, 432);
}

TEST_CASE("decode rejects bad geometry", "[decode]") {
  RegionHead head;
  head.classes = 1;
  head.num = 1;
  head.anchors = {1, 1};
  std::vector<float> t(6, 0.0f);
  CHECK_THROWS_AS(decodeRegion(t.data(), 1, 1, head, {0, 416, 10, 10}, 0.1f),
                  Error);
  CHECK_THROWS_AS(decodeRegion(t.data(), 0, 1, head, {416, 416, 10, 10}, 0.1f),
                  Error);
}
