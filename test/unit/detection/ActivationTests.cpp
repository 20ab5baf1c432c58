//===- ActivationTests.cpp - Output activations of detection heads --------===//

#include "runtime/detection/Activation.h"
#include "runtime/support/Error.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

using namespace snnc;

static const float ln2 = std::log(2.0f), ln3 = std::log(3.0f);

TEST_CASE("logistic by hand", "[activation]") {
  CHECK(logistic(0) == Approx(0.5));
  // 1 / (1 + e^-ln3) = 1 / (1 + 1/3) = 0.75
  CHECK(logistic(ln3) == Approx(0.75));
  CHECK(logistic(-ln3) == Approx(0.25));
}

TEST_CASE("region: logistic on x, y, objectness, softmax on classes",
          "[activation][region]") {
  // 1 anchor, 1x1 grid, 2 classes: [tx, ty, tw, th, to, c0, c1].
  RegionHead head;
  head.classes = 2;
  head.num = 1;
  head.anchors = {1, 1};
  std::vector<float> data{0, ln3, 0.5f, -0.5f, -ln3, 0, ln3};
  activateRegion(data.data(), 1, 1, head);
  CHECK(data[0] == Approx(0.5));
  CHECK(data[1] == Approx(0.75));
  CHECK(data[2] == 0.5f);  // tw linear
  CHECK(data[3] == -0.5f); // th linear
  CHECK(data[4] == Approx(0.25));
  // softmax(0, ln3) = (1, 3) / 4
  CHECK(data[5] == Approx(0.25));
  CHECK(data[6] == Approx(0.75));
}

TEST_CASE("region softmax runs over class planes per cell",
          "[activation][region]") {
  // 2 anchors, grid h=1 x w=2, 3 classes: 8 entries per anchor, each a
  // plane of 2 cells. Anchor 1's class planes start at (8 + 5) * 2 = 26.
  RegionHead head;
  head.classes = 3;
  head.num = 2;
  head.anchors = {1, 1, 2, 2};
  std::vector<float> data(2 * 8 * 2, 0.0f);
  // Anchor 1, cell 0: classes (0, ln2, ln5) -> (1, 2, 5) / 8.
  data[26 + 0] = 0;
  data[26 + 2] = ln2;
  data[26 + 4] = std::log(5.0f);
  // Anchor 1, cell 1: all zero -> 1/3 each. Anchor 0 likewise.
  activateRegion(data.data(), 1, 2, head);
  CHECK(data[26] == Approx(1.0 / 8));
  CHECK(data[28] == Approx(2.0 / 8));
  CHECK(data[30] == Approx(5.0 / 8));
  CHECK(data[27] == Approx(1.0 / 3));
  CHECK(data[29] == Approx(1.0 / 3));
  CHECK(data[31] == Approx(1.0 / 3));
  CHECK(data[10] == Approx(1.0 / 3)); // anchor 0, class 0, cell 0
  // Anchor 1's objectness plane (entry 4): logistic(0) = 0.5 in both cells,
  // its tw plane (entry 2) untouched.
  CHECK(data[(8 + 4) * 2] == Approx(0.5));
  CHECK(data[(8 + 4) * 2 + 1] == Approx(0.5));
  CHECK(data[(8 + 2) * 2] == 0.0f);
}

TEST_CASE("region softmax survives large logits", "[activation][region]") {
  RegionHead head;
  head.classes = 2;
  head.num = 1;
  head.anchors = {1, 1};
  // Max-subtracted: softmax(1000, 1000 + ln3) = (1, 3) / 4, no overflow.
  std::vector<float> data{0, 0, 0, 0, 0, 1000, 1000 + ln3};
  activateRegion(data.data(), 1, 1, head);
  CHECK(data[5] == Approx(0.25).margin(1e-3));
  CHECK(data[6] == Approx(0.75).margin(1e-3));
}

TEST_CASE("region without softmax uses logistic on classes",
          "[activation][region]") {
  RegionHead head;
  head.classes = 2;
  head.num = 1;
  head.softmax = false;
  head.anchors = {1, 1};
  std::vector<float> data{0, 0, 0, 0, 0, ln3, -ln3};
  activateRegion(data.data(), 1, 1, head);
  CHECK(data[5] == Approx(0.75));
  CHECK(data[6] == Approx(0.25));
}

TEST_CASE("yolo: logistic on everything but tw, th", "[activation][yolo]") {
  YoloHead head;
  head.classes = 2;
  head.anchors = {10, 14, 23, 27};
  head.mask = {1};
  std::vector<float> data{ln3, -ln3, 1.5f, -2.0f, 0, ln3, -ln3};
  activateYolo(data.data(), 1, 1, head);
  CHECK(data[0] == Approx(0.75));
  CHECK(data[1] == Approx(0.25));
  CHECK(data[2] == 1.5f);
  CHECK(data[3] == -2.0f);
  CHECK(data[4] == Approx(0.5));
  CHECK(data[5] == Approx(0.75));
  CHECK(data[6] == Approx(0.25));
}

TEST_CASE("inconsistent heads are rejected", "[activation]") {
  std::vector<float> data(64);
  RegionHead region;
  region.num = 5;
  region.anchors = {1, 1}; // 5 anchors need 10 values
  CHECK_THROWS_AS(activateRegion(data.data(), 1, 1, region), Error);
  YoloHead yolo;
  yolo.classes = 1;
  yolo.anchors = {1, 1, 2, 2};
  yolo.mask = {2}; // only pairs 0 and 1 exist
  CHECK_THROWS_AS(activateYolo(data.data(), 1, 1, yolo), Error);
}
