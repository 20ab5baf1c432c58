//===- Resize.cpp - Resizing and letterboxing -----------------------------===//

#include "runtime/image/Resize.h"

#include "runtime/support/Error.h"

#include <stb_image_resize.h>

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
  Image out(width, height, image.channels);
  size_t inPlane = static_cast<size_t>(image.width) * image.height;
  size_t outPlane = static_cast<size_t>(width) * height;
  // One call per plane: the data is planar, so each plane is a 1-channel
  // image and no channel is treated as alpha.
  for (int c = 0; c < image.channels; ++c) {
    int ok = stbir_resize_float_generic(
        image.data.data() + c * inPlane, image.width, image.height,
        image.width * static_cast<int>(sizeof(float)),
        out.data.data() + c * outPlane, width, height,
        width * static_cast<int>(sizeof(float)), /*num_channels=*/1,
        STBIR_ALPHA_CHANNEL_NONE, /*flags=*/0, STBIR_EDGE_CLAMP,
        STBIR_FILTER_TRIANGLE, STBIR_COLORSPACE_LINEAR,
        /*alloc_context=*/nullptr);
    if (!ok)
      fail("resizeImage: stb_image_resize failed for {}x{} -> {}x{}",
           image.width, image.height, width, height);
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
