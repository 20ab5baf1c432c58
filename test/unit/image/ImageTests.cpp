//===- ImageTests.cpp - Float/8-bit image conversions ---------------------===//

#include "runtime/image/Image.h"
#include "runtime/support/Error.h"

#include <catch2/catch.hpp>

using namespace snnc;

TEST_CASE("Image is planar CHW", "[image]") {
  Image image(3, 2, 3);
  image.at(1, 1, 2) = 0.5f;
  // (c * height + y) * width + x = (1 * 2 + 1) * 3 + 2 = 11.
  CHECK(image.data[11] == 0.5f);
  CHECK(image.data.size() == 18u);
}

TEST_CASE("toRgb8 rounds and clamps, toFloat divides by 255", "[image]") {
  Image image(2, 1, 3);
  image.at(0, 0, 0) = 0.5f;  // 127.5 rounds to 128
  image.at(1, 0, 0) = -0.2f; // clamped to 0
  image.at(2, 0, 0) = 1.7f;  // clamped to 255
  image.at(0, 0, 1) = 10.0f / 255.0f;
  Rgb8Image rgb = toRgb8(image);
  CHECK(rgb.pixel(0, 0)[0] == 128);
  CHECK(rgb.pixel(0, 0)[1] == 0);
  CHECK(rgb.pixel(0, 0)[2] == 255);
  CHECK(rgb.pixel(1, 0)[0] == 10);

  Image back = toFloat(rgb);
  CHECK(back.at(0, 0, 0) == 128 / 255.0f);
  CHECK(back.at(0, 0, 1) == 10 / 255.0f);
}

TEST_CASE("toRgb8 needs 3 channels", "[image]") {
  CHECK_THROWS_AS(toRgb8(Image(2, 2, 1)), Error);
}

TEST_CASE("invalid image sizes are rejected", "[image]") {
  CHECK_THROWS_AS(Image(0, 4, 3), Error);
  CHECK_THROWS_AS(Rgb8Image(4, -1), Error);
}
