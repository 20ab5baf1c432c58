//===- DrawTests.cpp - Annotating images with detections ------------------===//
//
// Out-of-bounds writes would show up under -fsanitize=address (the pixel
// buffer is a std::vector); the checks here also pin what is drawn where.
//
//===----------------------------------------------------------------------===//

#include "runtime/image/Draw.h"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <set>
#include <tuple>

using namespace snnc;

namespace {
bool hasColor(const Rgb8Image &image, int x, int y, Rgb8 c) {
  const uint8_t *p = image.pixel(x, y);
  return p[0] == c.r && p[1] == c.g && p[2] == c.b;
}

Rgb8Image grey(int w, int h) {
  Rgb8Image image(w, h);
  std::fill(image.data.begin(), image.data.end(), uint8_t(128));
  return image;
}

Detection detection(float x0, float y0, float x1, float y1, int cls = 0,
                    float score = 0.87f) {
  return {{x0, y0, x1, y1}, cls, score};
}
} // namespace

TEST_CASE("class colours are deterministic and distinct", "[draw]") {
  std::set<std::tuple<int, int, int>> seen;
  for (int k = 0; k < 80; ++k) {
    Rgb8 a = classColor(k), b = classColor(k);
    CHECK(std::tie(a.r, a.g, a.b) == std::tie(b.r, b.g, b.b));
    seen.insert({a.r, a.g, a.b});
  }
  CHECK(seen.size() == 80u);
}

TEST_CASE("fillRect clips to the image", "[draw]") {
  Rgb8Image image = grey(4, 3);
  Rgb8 red{255, 0, 0};
  fillRect(image, -5, -5, 2, 1, red);   // covers x 0..1, y 0
  fillRect(image, 3, 2, 100, 100, red); // covers (3, 2)
  fillRect(image, 10, 10, 20, 20, red); // nothing
  int painted = 0;
  for (int y = 0; y < 3; ++y)
    for (int x = 0; x < 4; ++x)
      painted += hasColor(image, x, y, red);
  CHECK(painted == 3);
  CHECK(hasColor(image, 0, 0, red));
  CHECK(hasColor(image, 1, 0, red));
  CHECK(hasColor(image, 3, 2, red));
}

TEST_CASE("a box is framed 3 px thick with a label above it", "[draw]") {
  Rgb8Image image = grey(400, 300);
  Detections dets{detection(50, 60, 150, 140, 3)};
  drawDetections(image, dets, {"a", "b", "c", "dog"});
  Rgb8 c = classColor(3);
  // Frame covers [50, 150) x [60, 140), three pixels inward from each edge.
  CHECK(hasColor(image, 50, 100, c));
  CHECK(hasColor(image, 52, 100, c));
  CHECK_FALSE(hasColor(image, 53, 100, c));
  CHECK(hasColor(image, 149, 100, c));
  CHECK(hasColor(image, 147, 100, c));
  CHECK_FALSE(hasColor(image, 146, 100, c));
  CHECK(hasColor(image, 100, 139, c));
  CHECK_FALSE(hasColor(image, 100, 136, c));
  CHECK_FALSE(hasColor(image, 49, 100, c));
  // Inside is untouched.
  CHECK(image.pixel(100, 100)[0] == 128);
  // The label sits directly above the box's top-left corner: its
  // background starts at x = 50 and ends on row 59.
  TextSize text = measureText("dog 0.87", 2);
  CHECK(text.width > 0);
  CHECK(text.height > 0);
  int labelH = text.height + 4;
  CHECK(hasColor(image, 50, 59, c));
  CHECK(hasColor(image, 50, 60 - labelH, c));
  CHECK_FALSE(hasColor(image, 50, 60 - labelH - 1, c));
  // Some text pixels (black or white) lie inside the label.
  int ink = 0;
  for (int y = 60 - labelH; y < 60; ++y)
    for (int x = 50; x < 50 + text.width + 4; ++x) {
      const uint8_t *p = image.pixel(x, y);
      bool black = p[0] == 0 && p[1] == 0 && p[2] == 0;
      bool white = p[0] == 255 && p[1] == 255 && p[2] == 255;
      ink += black || white;
    }
  CHECK(ink > 20);
}

TEST_CASE("drawText stays within measureText's size", "[draw]") {
  Rgb8Image image = grey(300, 60);
  Rgb8 ink{0, 0, 0};
  std::string text = "person 0.99\t\x01\xff"; // odd bytes become '?'
  drawText(image, 10, 10, text, 2, ink);
  TextSize size = measureText(text, 2);
  int inside = 0, outside = 0;
  for (int y = 0; y < 60; ++y)
    for (int x = 0; x < 300; ++x) {
      if (!hasColor(image, x, y, ink))
        continue;
      bool in =
          x >= 10 && x < 10 + size.width && y >= 10 && y < 10 + size.height;
      (in ? inside : outside) += 1;
    }
  CHECK(inside > 0);
  CHECK(outside == 0);
}

TEST_CASE("boxes outside the image never write out of bounds", "[draw]") {
  const float inf = std::numeric_limits<float>::infinity();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  Rgb8Image image = grey(40, 30);
  const std::vector<uint8_t> before = image.data;

  SECTION("wholly outside: nothing is drawn") {
    Detections dets{
        detection(-100, -100, -50, -50), detection(50, 10, 90, 20),
        detection(10, 40, 20, 80),       detection(-1e30f, 100, 1e30f, 200),
        detection(nan, 0, 10, 10),       detection(0, 0, nan, nan)};
    drawDetections(image, dets, {});
    CHECK(image.data == before);
  }

  SECTION("partly outside or huge: clipped") {
    Detections dets{detection(-10, -10, 20, 20, 0),
                    detection(30, 25, 60, 60, 1),
                    detection(-inf, -inf, inf, inf, 2),
                    detection(-1e30f, -1e30f, 1e30f, 1e30f, 3),
                    detection(35, 5, 10, 15, 7), // reversed corners
                    detection(0, 0, 40, 30, 123456, 1.0f)};
    drawDetections(image, dets, {"short"});
    CHECK(image.data.size() == before.size());
    CHECK(image.data != before);
  }

  SECTION("a tiny image") {
    Rgb8Image tiny = grey(1, 1);
    drawDetections(tiny, {detection(-5, -5, 5, 5)}, {"x"});
    // The frame lies outside; the label background covers the pixel.
    CHECK(hasColor(tiny, 0, 0, classColor(0)));
  }
}

TEST_CASE("small images get thin frames and small labels", "[draw]") {
  CHECK(frameThickness(128, 128) == 1);
  CHECK(labelScale(128, 128) == 1);
  CHECK(frameThickness(768, 576) == 3);
  CHECK(labelScale(255, 1000) == 1);
  Rgb8Image image = grey(128, 128);
  drawDetections(image, {detection(20, 40, 100, 120, 1)}, {"a", "star"});
  Rgb8 c = classColor(1);
  CHECK(hasColor(image, 20, 80, c));
  CHECK_FALSE(hasColor(image, 21, 80, c)); // one pixel thick
  TextSize text = measureText("star 0.87", 1);
  // The label (padding 1) ends on the row above the box.
  CHECK(hasColor(image, 20, 39, c));
  CHECK(hasColor(image, 20, 40 - (text.height + 2), c));
  CHECK_FALSE(hasColor(image, 20, 40 - (text.height + 2) - 1, c));
}

TEST_CASE("labels of crowded detections do not overlap", "[draw]") {
  // Five boxes sharing their top-left region on a 128-px image, as the
  // synthetic set's detections often do: every label gets its own spot on
  // the image.
  Detections dets;
  for (int k = 0; k < 5; ++k)
    dets.push_back(
        detection(10 + 3 * k, 12 + 2 * k, 90 + k, 110, k, 0.9f - 0.1f * k));
  std::vector<std::string> names = {"circle", "square", "triangle", "star",
                                    "cross"};
  std::vector<LabelPlacement> labels = layoutLabels(128, 128, dets, names);
  REQUIRE(labels.size() == 5);
  for (size_t i = 0; i < labels.size(); ++i) {
    const LabelPlacement &a = labels[i];
    CHECK(a.x0 >= 0);
    CHECK(a.y0 >= 0);
    CHECK(a.x1 <= 128);
    CHECK(a.y1 <= 128);
    CHECK(a.text == fmt::format("{} {:.2f}", names[a.detection],
                                dets[a.detection].score));
    for (size_t j = 0; j < i; ++j) {
      const LabelPlacement &b = labels[j];
      bool overlap = a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
      CHECK_FALSE(overlap);
    }
  }
  // The best detection keeps the preferred spot: right above its box.
  CHECK(labels[0].detection == 0);
  CHECK(labels[0].y1 == 12);
  CHECK(labels[0].x0 == 10);
}
