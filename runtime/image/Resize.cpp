//===- Resize.cpp - Resizing and letterboxing -----------------------------===//

#include "runtime/image/Resize.h"

#include "runtime/support/Error.h"

#include <algorithm>

namespace snnc {

static void checkImage(const Image &image, const char *what) {
  if (image.width <= 0 || image.height <= 0 || image.channels <= 0 ||
      image.data.size() !=
          static_cast<size_t>(image.width) * image.height * image.channels)
    fail("{}: invalid {}x{}x{} image", what, image.width, image.height,
         image.channels);
}

Image resizeImage(const Image &image, int width, int height) {
  checkImage(image, "resizeImage");
  if (width <= 0 || height <= 0)
    fail("resizeImage: invalid target size {}x{}", width, height);
  // darknet's resize_image (image.c): bilinear with the corner pixels
  // aligned, horizontally into a temporary, then vertically. It is what the
  // darknet models were trained and validated with, so it is used here
  // rather than an antialiasing filter. (Debian's stb_image_resize 0.96 also
  // aborts on an internal assertion for some downscale ratios.)
  const int inW = image.width, inH = image.height, channels = image.channels;
  const float wScale =
      width > 1 ? static_cast<float>(inW - 1) / (width - 1) : 0;
  const float hScale =
      height > 1 ? static_cast<float>(inH - 1) / (height - 1) : 0;
  Image part(width, inH, channels);
  for (int k = 0; k < channels; ++k)
    for (int r = 0; r < inH; ++r)
      for (int c = 0; c < width; ++c) {
        float value;
        if (c == width - 1 || inW == 1) {
          value = image.at(k, r, inW - 1);
        } else {
          float sx = c * wScale;
          int ix = static_cast<int>(sx);
          float dx = sx - ix;
          value = (1 - dx) * image.at(k, r, ix) + dx * image.at(k, r, ix + 1);
        }
        part.at(k, r, c) = value;
      }
  Image out(width, height, channels);
  for (int k = 0; k < channels; ++k)
    for (int r = 0; r < height; ++r) {
      float sy = r * hScale;
      int iy = static_cast<int>(sy);
      float dy = sy - iy;
      for (int c = 0; c < width; ++c)
        out.at(k, r, c) = (1 - dy) * part.at(k, iy, c);
      if (r == height - 1 || inH == 1)
        continue;
      for (int c = 0; c < width; ++c)
        out.at(k, r, c) += dy * part.at(k, iy + 1, c);
    }
  return out;
}

LetterboxPlacement letterboxPlacement(int imageWidth, int imageHeight,
                                      int netWidth, int netHeight) {
  if (imageWidth <= 0 || imageHeight <= 0 || netWidth <= 0 || netHeight <= 0)
    fail("letterbox: invalid sizes (image {}x{}, network {}x{})", imageWidth,
         imageHeight, netWidth, netHeight);
  LetterboxPlacement p;
  // darknet compares the float ratios, then scales with integer division.
  if (static_cast<float>(netWidth) / imageWidth <
      static_cast<float>(netHeight) / imageHeight) {
    p.width = netWidth;
    p.height = static_cast<int>(static_cast<long long>(imageHeight) * netWidth /
                                imageWidth);
  } else {
    p.height = netHeight;
    p.width = static_cast<int>(static_cast<long long>(imageWidth) * netHeight /
                               imageHeight);
  }
  // A very thin image can round a side down to zero pixels.
  p.width = std::max(p.width, 1);
  p.height = std::max(p.height, 1);
  p.offsetX = (netWidth - p.width) / 2;
  p.offsetY = (netHeight - p.height) / 2;
  return p;
}

Letterboxed letterboxImage(const Image &image, int netWidth, int netHeight) {
  checkImage(image, "letterboxImage");
  Letterboxed result;
  result.placement =
      letterboxPlacement(image.width, image.height, netWidth, netHeight);
  const LetterboxPlacement &p = result.placement;
  Image scaled = resizeImage(image, p.width, p.height);
  result.image = Image(netWidth, netHeight, image.channels, 0.5f);
  for (int c = 0; c < image.channels; ++c)
    for (int y = 0; y < p.height; ++y)
      std::copy_n(&scaled.at(c, y, 0), p.width,
                  &result.image.at(c, y + p.offsetY, p.offsetX));
  return result;
}

} // namespace snnc
