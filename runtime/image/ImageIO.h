//===- ImageIO.h - Reading and writing image files --------------*- C++ -*-===//
//
// Thin wrappers over stb_image / stb_image_write (Debian's libstb). Any file
// stb can decode is accepted; colour is always forced to 3-channel RGB, as
// darknet's load_image_color does. Failures throw snnc::Error naming the
// path and stb's reason.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_IMAGE_IMAGEIO_H
#define SNNC_RUNTIME_IMAGE_IMAGEIO_H

#include "runtime/image/Image.h"

#include <string>

namespace snnc {

/// Decodes an image file to 8-bit RGB.
Rgb8Image loadRgb8(const std::string &path);

/// Decodes an image file to planar float RGB in [0, 1] (value / 255).
Image loadImage(const std::string &path);

/// Writes PNG (lossless) or JPEG (quality 90), chosen by the extension
/// (.png, .jpg, .jpeg, any case); any other extension is an error.
void writeImage(const std::string &path, const Rgb8Image &image);

/// Same, after rounding to 8 bits with toRgb8.
void writeImage(const std::string &path, const Image &image);

} // namespace snnc

#endif // SNNC_RUNTIME_IMAGE_IMAGEIO_H
