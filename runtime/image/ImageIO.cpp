//===- ImageIO.cpp - Reading and writing image files ----------------------===//
//
// Only declarations are included from stb: the implementations live in
// Debian's libstb.so, so defining STB_IMAGE_IMPLEMENTATION here would
// duplicate them.
//
//===----------------------------------------------------------------------===//

#include "runtime/image/ImageIO.h"

#include "runtime/support/Error.h"
#include "runtime/support/Files.h"

#include <stb_image.h>
#include <stb_image_write.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>

namespace snnc {

namespace {

/// The kind of image a file's first bytes announce, in words ("" if none).
std::string announcedFormat(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  unsigned char b[8] = {0};
  in.read(reinterpret_cast<char *>(b), sizeof b);
  if (b[0] == 0xFF && b[1] == 0xD8)
    return "JPEG";
  if (b[0] == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G')
    return "PNG";
  if (b[0] == 'B' && b[1] == 'M')
    return "BMP";
  if (b[0] == 'G' && b[1] == 'I' && b[2] == 'F')
    return "GIF";
  return "";
}

/// Why a file did not decode, in the user's words rather than stb's
/// abbreviations ("no SOF", "bad huffman code", ...).
std::string loadFailure(const std::string &path, const char *stbReason) {
  std::string reason = stbReason ? stbReason : "";
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    return "no such file";
  if (std::filesystem::is_directory(path, ec))
    return "it is a folder, not an image";
  if (std::filesystem::file_size(path, ec) == 0)
    return "the file is empty";
  if (reason == "can't fopen")
    return std::strerror(EACCES);
  std::string format = announcedFormat(path);
  if (format.empty())
    return "not an image file (snnc reads JPEG, PNG, BMP, GIF, TGA, PNM)";
  return fmt::format("a damaged or truncated {} file (the decoder stopped "
                     "at: {})",
                     format, reason.empty() ? "unknown" : reason);
}

} // namespace

Rgb8Image loadRgb8(const std::string &path) {
  int width = 0, height = 0, fileChannels = 0;
  std::unique_ptr<stbi_uc, void (*)(void *)> pixels(
      stbi_load(path.c_str(), &width, &height, &fileChannels, 3),
      stbi_image_free);
  if (!pixels)
    fail("{}: cannot read the image: {}", path,
         loadFailure(path, stbi_failure_reason()));
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
  // Written under a temporary name and renamed when complete, so an
  // interrupted run leaves no truncated image behind.
  AtomicFile file(path);
  errno = 0;
  int ok = 0;
  if (format == Format::Png)
    ok = stbi_write_png(file.tempPath().c_str(), image.width, image.height, 3,
                        image.data.data(), image.width * 3);
  else
    ok = stbi_write_jpg(file.tempPath().c_str(), image.width, image.height, 3,
                        image.data.data(), /*quality=*/90);
  // stb_image_write reports no reason; the usual one is an unwritable path.
  if (!ok)
    fail("cannot write image '{}': {}", path,
         errno ? std::strerror(errno) : "write failed");
  file.commit();
}

void writeImage(const std::string &path, const Image &image) {
  writeImage(path, toRgb8(image));
}

} // namespace snnc
