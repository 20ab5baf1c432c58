//===- ImageIOTests.cpp - Reading and writing image files -----------------===//

#include "runtime/image/ImageIO.h"
#include "runtime/support/Error.h"
#include "test/unit/SharedData.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>

using namespace snnc;
namespace fs = std::filesystem;

namespace {
/// A fresh folder under the system temp folder, removed afterwards.
struct TempDir {
  fs::path path;
  TempDir() {
    std::random_device rd;
    path = fs::temp_directory_path() /
           ("snnc-image-tests-" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::string file(const std::string &name) const {
    return (path / name).string();
  }
};

/// A smooth pattern, easy on JPEG, with every channel different.
Rgb8Image pattern(int width, int height) {
  Rgb8Image image(width, height);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      uint8_t *p = image.pixel(x, y);
      p[0] = static_cast<uint8_t>(x * 255 / (width - 1));
      p[1] = static_cast<uint8_t>(y * 255 / (height - 1));
      p[2] = 100;
    }
  return image;
}

std::string readBytes(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

void writeBytes(const std::string &path, const std::string &bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}
} // namespace

TEST_CASE("dog.jpg loads as 768x576 RGB in [0, 1]", "[imageio]") {
  SNNC_REQUIRE_SHARED("darknet/images/dog.jpg");
  std::string path = test::sharedPath("darknet/images/dog.jpg");
  Image image = loadImage(path);
  CHECK(image.width == 768);
  CHECK(image.height == 576);
  CHECK(image.channels == 3);
  REQUIRE(image.data.size() == 768u * 576u * 3u);
  float lo = 1, hi = 0;
  for (float v : image.data) {
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  CHECK(lo >= 0.0f);
  CHECK(hi <= 1.0f);
  CHECK(hi > lo); // not blank

  // Float values are the 8-bit ones over 255, planar.
  Rgb8Image rgb = loadRgb8(path);
  CHECK(image.at(0, 100, 200) == rgb.pixel(200, 100)[0] / 255.0f);
  CHECK(image.at(2, 575, 767) == rgb.pixel(767, 575)[2] / 255.0f);
}

TEST_CASE("PNG round trip is exact", "[imageio]") {
  TempDir dir;
  Rgb8Image image = pattern(17, 9);
  image.pixel(3, 4)[1] = 7; // an isolated value
  std::string path = dir.file("round.png");
  writeImage(path, image);
  Rgb8Image back = loadRgb8(path);
  CHECK(back.width == 17);
  CHECK(back.height == 9);
  CHECK(back.data == image.data);

  // A float image of exact k/255 values also survives.
  Image f = toFloat(image);
  std::string upper = dir.file("float.PNG");
  writeImage(upper, f);
  CHECK(loadImage(upper).data == f.data);
}

TEST_CASE("JPEG round trip is close", "[imageio]") {
  TempDir dir;
  Rgb8Image image = pattern(64, 48);
  for (const char *name : {"a.jpg", "b.jpeg"}) {
    std::string path = dir.file(name);
    writeImage(path, image);
    Rgb8Image back = loadRgb8(path);
    REQUIRE(back.width == 64);
    REQUIRE(back.height == 48);
    int worst = 0;
    for (size_t i = 0; i < image.data.size(); ++i)
      worst = std::max(worst, std::abs(int(back.data[i]) - int(image.data[i])));
    // Quality 90 on a smooth gradient: a few levels at most.
    CHECK(worst <= 12);
  }
}

TEST_CASE("writeImage rejects unknown extensions", "[imageio]") {
  TempDir dir;
  for (const char *name : {"x.bmp", "noext", "dir.png/x"}) {
    std::string path = dir.file(name);
    try {
      writeImage(path, pattern(4, 4));
      FAIL("no error for " << path);
    } catch (const Error &e) {
      CHECK_THAT(e.what(), Catch::Contains(path));
    }
  }
}

TEST_CASE("load errors name the path and the reason", "[imageio]") {
  TempDir dir;

  SECTION("missing file") {
    std::string path = dir.file("missing.jpg");
    try {
      loadImage(path);
      FAIL("no error");
    } catch (const Error &e) {
      CHECK(std::string(e.what()) ==
            path + ": cannot read the image: no such file");
    }
  }

  SECTION("not an image") {
    std::string path = dir.file("text.jpg");
    writeBytes(path, "this is not an image\n");
    try {
      loadImage(path);
      FAIL("no error");
    } catch (const Error &e) {
      // In the user's words, not stb's ("unknown image type").
      CHECK(std::string(e.what()) ==
            path + ": cannot read the image: not an image file (snnc reads "
                   "JPEG, PNG, BMP, GIF, TGA, PNM)");
    }
  }

  SECTION("empty file") {
    std::string path = dir.file("empty.png");
    writeBytes(path, "");
    try {
      loadImage(path);
      FAIL("no error");
    } catch (const Error &e) {
      CHECK(std::string(e.what()) ==
            path + ": cannot read the image: the file is empty");
    }
  }

  SECTION("truncated JPEG") {
    // A valid JPEG cut in half: the header parses, the scan data ends early.
    std::string whole = dir.file("whole.jpg");
    writeImage(whole, pattern(64, 48));
    std::string bytes = readBytes(whole);
    REQUIRE(bytes.size() > 400);
    std::string path = dir.file("truncated.jpg");
    writeBytes(path, bytes.substr(0, bytes.size() / 2));
    try {
      loadImage(path);
      FAIL("no error");
    } catch (const Error &e) {
      CHECK_THAT(e.what(), Catch::StartsWith(path + ": cannot read the image: "
                                                    "a damaged or truncated "
                                                    "JPEG file"));
      CHECK_THAT(e.what(), !Catch::Contains("\n"));
    }
  }
}
