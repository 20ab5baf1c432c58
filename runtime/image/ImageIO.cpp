//===- ImageIO.cpp - Reading and writing image files ----------------------===//
//
// Only declarations are included from stb: the implementations live in
// Debian's libstb.so, so defining STB_IMAGE_IMPLEMENTATION here would
// duplicate them.
//
//===----------------------------------------------------------------------===//

#include "runtime/image/ImageIO.h"

#include "runtime/support/Error.h"

#include <stb_image.h>
#include <stb_image_write.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <memory>

namespace snnc {

Rgb8Image loadRgb8(const std::string &path) {
  int width = 0, height = 0, fileChannels = 0;
  std::unique_ptr<stbi_uc, void (*)(void *)> pixels(
      stbi_load(path.c_str(), &width, &height, &fileChannels, 3),
      stbi_image_free);
  if (!pixels) {
    const char *reason = stbi_failure_reason();
    fail("cannot load image '{}': {}", path, reason ? reason : "unknown error");
  }
  Rgb8Image image(width, height);
  std::memcpy(image.data.data(), pixels.get(), image.data.size());
  return image;
}

Image loadImage(const std::string &path) { return toFloat(loadRgb8(path)); }

namespace {
enum class Format { Png, Jpeg };
} // namespace

static Format formatOf(const std::string &path) {
  auto dot = path.rfind('.');
  auto slash = path.find_last_of("/\\");
  std::string ext;
  if (dot != std::string::npos && (slash == std::string::npos || dot > slash))
    ext = path.substr(dot + 1);
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  if (ext == "png")
    return Format::Png;
  if (ext == "jpg" || ext == "jpeg")
    return Format::Jpeg;
  fail("cannot write image '{}': unsupported extension (use .png, .jpg or "
       ".jpeg)",
       path);
}

void writeImage(const std::string &path, const Rgb8Image &image) {
  if (image.width <= 0 || image.height <= 0 ||
      image.data.size() != static_cast<size_t>(image.width) * image.height * 3)
    fail("cannot write image '{}': invalid {}x{} image", path, image.width,
         image.height);
  Format format = formatOf(path);
  errno = 0;
  int ok = 0;
  if (format == Format::Png)
    ok = stbi_write_png(path.c_str(), image.width, image.height, 3,
                        image.data.data(), image.width * 3);
  else
    ok = stbi_write_jpg(path.c_str(), image.width, image.height, 3,
                        image.data.data(), /*quality=*/90);
  // stb_image_write reports no reason; the usual one is an unwritable path.
  if (!ok)
    fail("cannot write image '{}': {}", path,
         errno ? std::strerror(errno) : "write failed");
}

void writeImage(const std::string &path, const Image &image) {
  writeImage(path, toRgb8(image));
}

} // namespace snnc
