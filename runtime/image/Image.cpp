//===- Image.cpp - Float and 8-bit RGB images -----------------------------===//

#include "runtime/image/Image.h"

#include "runtime/support/Error.h"

#include <algorithm>
#include <cmath>

namespace snnc {

static void checkSize(int width, int height, int channels) {
  // The products below index std::vector; keep them well inside int range so
  // a corrupt header cannot turn into a huge allocation or an overflow.
  if (width <= 0 || height <= 0 || channels <= 0 ||
      static_cast<long long>(width) * height * channels > (1LL << 30))
    fail("invalid image size {}x{}x{}", width, height, channels);
}

Image::Image(int width, int height, int channels, float fill)
    : width(width), height(height), channels(channels) {
  checkSize(width, height, channels);
  data.assign(static_cast<size_t>(width) * height * channels, fill);
}

Rgb8Image::Rgb8Image(int width, int height) : width(width), height(height) {
  checkSize(width, height, 3);
  data.assign(static_cast<size_t>(width) * height * 3, 0);
}

Rgb8Image toRgb8(const Image &image) {
  if (image.channels != 3)
    fail("toRgb8: expected 3 channels, got {}", image.channels);
  Rgb8Image out(image.width, image.height);
  for (int c = 0; c < 3; ++c)
    for (int y = 0; y < image.height; ++y)
      for (int x = 0; x < image.width; ++x) {
        float v = std::clamp(image.at(c, y, x), 0.0f, 1.0f);
        // NaN fails both comparisons in clamp; map it to black.
        if (std::isnan(v))
          v = 0;
        out.pixel(x, y)[c] = static_cast<uint8_t>(std::lround(v * 255.0f));
      }
  return out;
}

Image toFloat(const Rgb8Image &image) {
  Image out(image.width, image.height, 3);
  for (int c = 0; c < 3; ++c)
    for (int y = 0; y < image.height; ++y)
      for (int x = 0; x < image.width; ++x)
        out.at(c, y, x) = image.pixel(x, y)[c] / 255.0f;
  return out;
}

} // namespace snnc
