//===- Resize.h - Resizing and letterboxing ---------------------*- C++ -*-===//
//
// Resampling uses stb_image_resize (triangle filter, clamped edges, linear
// colour space) rather than a hand-written loop: it is a maintained library,
// already a dependency through stb, and its triangle filter is bilinear
// interpolation with pixel centres aligned when enlarging and an area-like
// (anti-aliased) average when shrinking.
//
// darknet's own resize_image differs slightly: it interpolates bilinearly
// with the corner pixels aligned (scale (in-1)/(out-1)) and never widens the
// kernel when shrinking, so it point-samples. Pixel values therefore differ
// by small amounts and detection scores by a little; box geometry does not.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_IMAGE_RESIZE_H
#define SNNC_RUNTIME_IMAGE_RESIZE_H

#include "runtime/image/Image.h"

namespace snnc {

/// Resamples every channel to width x height.
Image resizeImage(const Image &image, int width, int height);

/// Where darknet's letterbox_image puts the scaled image inside the network
/// input: the image is scaled to width x height (aspect kept, the limiting
/// side filling the input exactly) and its top-left corner is at
/// (offsetX, offsetY). Integer arithmetic as in darknet.
struct LetterboxPlacement {
  int width = 0, height = 0;    ///< Size of the scaled image.
  int offsetX = 0, offsetY = 0; ///< Its top-left corner in the input.
};

LetterboxPlacement letterboxPlacement(int imageWidth, int imageHeight,
                                      int netWidth, int netHeight);

struct Letterboxed {
  Image image; ///< netWidth x netHeight, padding filled with 0.5.
  LetterboxPlacement placement;
};

/// darknet's letterbox_image: resize keeping the aspect ratio, centre in a
/// netWidth x netHeight canvas of 0.5 (grey).
Letterboxed letterboxImage(const Image &image, int netWidth, int netHeight);

} // namespace snnc

#endif // SNNC_RUNTIME_IMAGE_RESIZE_H
