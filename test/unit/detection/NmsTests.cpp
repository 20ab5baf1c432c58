//===- NmsTests.cpp - Non-maximum suppression -----------------------------===//

#include "runtime/detection/Nms.h"
#include "runtime/support/Error.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace snnc;

namespace {
Detection det(float x0, float y0, float x1, float y1, int cls, float score) {
  return {{x0, y0, x1, y1}, cls, score};
}
} // namespace

TEST_CASE("overlap above the threshold suppresses, at or below keeps",
          "[nms]") {
  // A = 10x10, B = top half of A: IoU = 50 / 100 = 0.5.
  Detections dets{det(0, 0, 10, 5, 0, 0.8f), det(0, 0, 10, 10, 0, 0.9f)};
  Detections kept = nmsPerClass(dets, 0.45f);
  REQUIRE(kept.size() == 1);
  CHECK(kept[0].score == 0.9f);
  CHECK(nmsPerClass(dets, 0.5f).size() == 2); // strictly greater suppresses
  CHECK(nmsPerClass(dets, 0.6f).size() == 2);
}

TEST_CASE("different classes never suppress each other", "[nms]") {
  Detections dets{det(0, 0, 10, 10, 0, 0.9f), det(0, 0, 10, 10, 1, 0.8f),
                  det(0, 0, 10, 10, 0, 0.7f)};
  Detections kept = nmsPerClass(dets, 0.45f);
  REQUIRE(kept.size() == 2);
  CHECK(kept[0].classId == 0);
  CHECK(kept[1].classId == 1);
}

TEST_CASE("suppressed boxes do not suppress others", "[nms]") {
  // A (0..10), B (5..15), C (10..20), all 10 high:
  // IoU(A,B) = IoU(B,C) = 50/150 = 1/3, IoU(A,C) = 0.
  // At 0.3, A removes B; C survives because B is gone.
  Detections dets{det(10, 0, 20, 10, 0, 0.7f), det(5, 0, 15, 10, 0, 0.8f),
                  det(0, 0, 10, 10, 0, 0.9f)};
  Detections kept = nmsPerClass(dets, 0.3f);
  REQUIRE(kept.size() == 2);
  CHECK(kept[0].box.x0 == 0);
  CHECK(kept[1].box.x0 == 10);
}

TEST_CASE("equal scores keep input order", "[nms]") {
  // P and Q overlap almost fully (IoU 0.99); with equal scores the first in
  // the input wins.
  Detection p = det(0, 0, 10, 10, 0, 0.5f);
  Detection q = det(0, 0, 10, 9.9f, 0, 0.5f);
  Detections pq = nmsPerClass({p, q}, 0.45f);
  REQUIRE(pq.size() == 1);
  CHECK(pq[0].box.y1 == 10);
  Detections qp = nmsPerClass({q, p}, 0.45f);
  REQUIRE(qp.size() == 1);
  CHECK(qp[0].box.y1 == 9.9f);
}

TEST_CASE("survivors come out by descending score", "[nms]") {
  Detections dets{det(0, 0, 1, 1, 2, 0.1f), det(5, 5, 6, 6, 0, 0.7f),
                  det(9, 9, 10, 10, 1, 0.4f)};
  Detections kept = nmsPerClass(dets, 0.45f);
  REQUIRE(kept.size() == 3);
  CHECK(kept[0].score == 0.7f);
  CHECK(kept[1].score == 0.4f);
  CHECK(kept[2].score == 0.1f);
  CHECK(nmsPerClass({}, 0.45f).empty());
}

TEST_CASE("NaN scores are rejected", "[nms]") {
  Detections dets{det(0, 0, 1, 1, 0, std::nanf(""))};
  CHECK_THROWS_AS(nmsPerClass(dets, 0.45f), Error);
}

TEST_CASE("keepTop keeps the highest scores", "[nms]") {
  Detections dets{det(0, 0, 1, 1, 0, 0.2f), det(0, 0, 1, 1, 1, 0.9f),
                  det(0, 0, 1, 1, 2, 0.5f), det(0, 0, 1, 1, 3, 0.5f)};
  Detections top = keepTop(dets, 3);
  REQUIRE(top.size() == 3);
  CHECK(top[0].classId == 1);
  CHECK(top[1].classId == 2); // tie: input order
  CHECK(top[2].classId == 3);
  CHECK(keepTop(dets, 10).size() == 4);
}
