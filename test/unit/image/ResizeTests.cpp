//===- ResizeTests.cpp - Resizing and letterboxing ------------------------===//

#include "runtime/image/Resize.h"
#include "runtime/support/Error.h"

#include <catch2/catch.hpp>

using namespace snnc;

TEST_CASE("resizing a constant image keeps it constant", "[resize]") {
  Image image(7, 5, 3);
  for (int c = 0; c < 3; ++c)
    for (int y = 0; y < 5; ++y)
      for (int x = 0; x < 7; ++x)
        image.at(c, y, x) = 0.1f + 0.3f * c;
  for (auto [w, h] : {std::pair{3, 11}, std::pair{20, 13}, std::pair{1, 1}}) {
    Image out = resizeImage(image, w, h);
    REQUIRE(out.width == w);
    REQUIRE(out.height == h);
    REQUIRE(out.channels == 3);
    for (int c = 0; c < 3; ++c)
      for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
          CHECK(out.at(c, y, x) == Approx(0.1f + 0.3f * c).margin(1e-6));
  }
}

TEST_CASE("enlarging a 2x1 gradient interpolates with aligned corners",
          "[resize]") {
  // darknet's resize_image aligns the corner pixels: w_scale = (2-1)/(4-1)
  // = 1/3, so output pixel c samples input x = c/3: 0, 1/3, 2/3, and the
  // last pixel is the last input pixel. With input values 0 and 1:
  //   [0, 1/3, 2/3, 1]. The height stays 1, so rows are untouched.
  Image image(2, 1, 1);
  image.at(0, 0, 0) = 0;
  image.at(0, 0, 1) = 1;
  Image out = resizeImage(image, 4, 1);
  CHECK(out.at(0, 0, 0) == Approx(0.0).margin(1e-6));
  CHECK(out.at(0, 0, 1) == Approx(1.0 / 3).margin(1e-6));
  CHECK(out.at(0, 0, 2) == Approx(2.0 / 3).margin(1e-6));
  CHECK(out.at(0, 0, 3) == Approx(1.0).margin(1e-6));
}

TEST_CASE("shrinking samples without averaging, as darknet does", "[resize]") {
  // 1x5 column [0, 1, 2, 3, 4] to height 3: h_scale = (5-1)/(3-1) = 2, rows
  // sample y = 0, 2 and (last) 4: [0, 2, 4].
  Image image(1, 5, 1);
  for (int y = 0; y < 5; ++y)
    image.at(0, y, 0) = static_cast<float>(y);
  Image out = resizeImage(image, 1, 3);
  CHECK(out.at(0, 0, 0) == Approx(0.0).margin(1e-6));
  CHECK(out.at(0, 1, 0) == Approx(2.0).margin(1e-6));
  CHECK(out.at(0, 2, 0) == Approx(4.0).margin(1e-6));
  // 1x4 [0, 1, 2, 3] to height 3: h_scale = 3/2: y = 0, 1.5 -> 1.5, last 3.
  Image four(1, 4, 1);
  for (int y = 0; y < 4; ++y)
    four.at(0, y, 0) = static_cast<float>(y);
  Image out4 = resizeImage(four, 1, 3);
  CHECK(out4.at(0, 1, 0) == Approx(1.5).margin(1e-6));
  CHECK(out4.at(0, 2, 0) == Approx(3.0).margin(1e-6));
}

TEST_CASE("odd downscale ratios of real photo sizes do not abort", "[resize]") {
  // 500x375 -> 224x224 and 353x500 -> 416x416 (VOC sizes): stb_image_resize
  // 0.96 asserted on ratios like these.
  for (auto [w, h] : {std::pair{500, 375}, std::pair{353, 500},
                      std::pair{500, 333}, std::pair{1, 1}}) {
    Image image(w, h, 3, 0.5f);
    Image out = resizeImage(image, 224, 224);
    CHECK(out.at(2, 0, 0) == Approx(0.5f).margin(1e-6));
    // darknet's last output row keeps only the (1 - dy) share of its source
    // row (it skips the row below, which may not exist); dy comes from
    // float rounding of (h-1)*scale and is tiny, e.g. 374/223*223 in float.
    CHECK(out.at(2, 223, 223) == Approx(0.5f).margin(1e-3));
  }
}

TEST_CASE("planes are resized independently", "[resize]") {
  // Channel 1 is the gradient above, channels 0 and 2 are constants: no
  // bleeding between planes.
  Image image(2, 1, 3);
  image.at(0, 0, 0) = image.at(0, 0, 1) = 0.2f;
  image.at(1, 0, 0) = 0;
  image.at(1, 0, 1) = 1;
  image.at(2, 0, 0) = image.at(2, 0, 1) = 0.9f;
  Image out = resizeImage(image, 4, 1);
  for (int x = 0; x < 4; ++x) {
    CHECK(out.at(0, 0, x) == Approx(0.2).margin(1e-6));
    CHECK(out.at(2, 0, x) == Approx(0.9).margin(1e-6));
  }
  CHECK(out.at(1, 0, 1) == Approx(1.0 / 3).margin(1e-6));
}

TEST_CASE("resize rejects bad sizes", "[resize]") {
  CHECK_THROWS_AS(resizeImage(Image(2, 2, 3), 0, 4), Error);
  CHECK_THROWS_AS(resizeImage(Image(), 4, 4), Error);
}

TEST_CASE("letterbox placement follows darknet's integer arithmetic",
          "[resize][letterbox]") {
  // dog.jpg 768x576 into 416x416: 416/768 = 0.5417 < 416/576 = 0.7222, so
  // the width fills: new_w = 416, new_h = 576 * 416 / 768 = 312,
  // offset y = (416 - 312) / 2 = 52.
  LetterboxPlacement dog = letterboxPlacement(768, 576, 416, 416);
  CHECK(dog.width == 416);
  CHECK(dog.height == 312);
  CHECK(dog.offsetX == 0);
  CHECK(dog.offsetY == 52);

  // A tall 100x200 image: 4.16 > 2.08, so the height fills: new_h = 416,
  // new_w = 100 * 416 / 200 = 208, offset x = (416 - 208) / 2 = 104.
  LetterboxPlacement tall = letterboxPlacement(100, 200, 416, 416);
  CHECK(tall.width == 208);
  CHECK(tall.height == 416);
  CHECK(tall.offsetX == 104);
  CHECK(tall.offsetY == 0);

  // Odd padding truncates: 3x1 into 4x4: new_w = 4, new_h = 1 * 4 / 3 = 1,
  // offset y = (4 - 1) / 2 = 1.
  LetterboxPlacement odd = letterboxPlacement(3, 1, 4, 4);
  CHECK(odd.width == 4);
  CHECK(odd.height == 1);
  CHECK(odd.offsetY == 1);

  // Equal ratios take the else branch: the height fills and the width
  // comes out the same.
  LetterboxPlacement square = letterboxPlacement(100, 100, 416, 416);
  CHECK(square.width == 416);
  CHECK(square.height == 416);
  CHECK(square.offsetX == 0);
  CHECK(square.offsetY == 0);
}

TEST_CASE("letterboxImage pads with 0.5 around the scaled image",
          "[resize][letterbox]") {
  // Constant 0.2 image of dog.jpg's size: rows 0..51 and 364..415 are
  // padding (52 + 312 = 364), rows 52..363 hold the image.
  Image image(768, 576, 3, 0.2f);
  Letterboxed boxed = letterboxImage(image, 416, 416);
  REQUIRE(boxed.image.width == 416);
  REQUIRE(boxed.image.height == 416);
  CHECK(boxed.placement.offsetY == 52);
  for (int c = 0; c < 3; ++c) {
    CHECK(boxed.image.at(c, 0, 0) == 0.5f);
    CHECK(boxed.image.at(c, 51, 415) == 0.5f);
    CHECK(boxed.image.at(c, 52, 0) == Approx(0.2).margin(1e-6));
    CHECK(boxed.image.at(c, 363, 415) == Approx(0.2).margin(1e-6));
    CHECK(boxed.image.at(c, 364, 200) == 0.5f);
    CHECK(boxed.image.at(c, 415, 415) == 0.5f);
  }
}
