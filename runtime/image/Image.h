//===- Image.h - Float and 8-bit RGB images ---------------------*- C++ -*-===//
//
// Image is darknet's layout: planar CHW floats, RGB in [0, 1]; it is what the
// network consumes. Rgb8Image is interleaved 8-bit RGB: the layout stb reads
// and writes and the one drawing works on, so that annotated output images
// are not rounded twice.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_IMAGE_IMAGE_H
#define SNNC_RUNTIME_IMAGE_IMAGE_H

#include <cstddef>
#include <cstdint>
#include <vector>

namespace snnc {

/// Planar float image: value of channel c at (x, y) is
/// data[(c * height + y) * width + x].
struct Image {
  int width = 0, height = 0, channels = 0;
  std::vector<float> data;

  Image() = default;
  /// A width x height x channels image with every value set to `fill`.
  Image(int width, int height, int channels, float fill = 0);

  float &at(int c, int y, int x) { return data[index(c, y, x)]; }
  float at(int c, int y, int x) const { return data[index(c, y, x)]; }

private:
  size_t index(int c, int y, int x) const {
    return (static_cast<size_t>(c) * height + y) * width + x;
  }
};

/// Interleaved 8-bit RGB image: pixel (x, y) starts at data[(y*width + x)*3].
struct Rgb8Image {
  int width = 0, height = 0;
  std::vector<uint8_t> data;

  Rgb8Image() = default;
  Rgb8Image(int width, int height);

  uint8_t *pixel(int x, int y) {
    return &data[(static_cast<size_t>(y) * width + x) * 3];
  }
  const uint8_t *pixel(int x, int y) const {
    return &data[(static_cast<size_t>(y) * width + x) * 3];
  }
};

/// Rounds each value, clamped to [0, 1], to the nearest of 0..255. Needs a
/// 3-channel image.
Rgb8Image toRgb8(const Image &image);

/// Divides by 255 exactly as darknet's loader does.
Image toFloat(const Rgb8Image &image);

} // namespace snnc

#endif // SNNC_RUNTIME_IMAGE_IMAGE_H
