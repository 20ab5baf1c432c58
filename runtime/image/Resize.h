//===- Resize.h - Resizing and letterboxing ---------------------*- C++ -*-===//
//
// Resampling is darknet's own resize_image: bilinear interpolation with the
// corner pixels aligned (scale (in-1)/(out-1)), point-sampling when
// shrinking. The darknet models snnc imports were trained and validated with
// exactly this preprocessing, so their accuracy is reproduced faithfully.
// stb_image_resize was the first choice (a maintained library), but its
// antialiasing filter changes the input the models see, and Debian's 0.96
// build aborts on an internal assertion for some downscale ratios of
// ordinary photo sizes.
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
