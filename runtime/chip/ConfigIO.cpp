//===- ConfigIO.cpp - Picking the configuration format, file I/O ----------===//
//
// The format of a file is recognized by its first bytes (the binary magic or
// the text magic line); errors from either reader already name the path.
//
//===----------------------------------------------------------------------===//
#include "runtime/chip/ConfigIO.h"

#include "runtime/chip/ConfigFormats.h"
#include "runtime/support/Error.h"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

namespace snnc::chipcfg {

uint32_t detail::crc32(const void *data, size_t size) {
  return uint32_t(
      ::crc32_z(0, static_cast<const Bytef *>(data), z_size_t(size)));
}

std::string serializeConfig(const ChipConfig &config, ConfigFormat format) {
  if (config.partialTargets)
    fail("configuration '{}' was read for one part of a board (other parts' "
         "targets left out); it cannot be written",
         config.network);
  config.validate();
  return format == ConfigFormat::Text ? detail::serializeText(config)
                                      : detail::serializeBinary(config);
}

ChipConfig parseConfigPart(const std::string &bytes, const std::string &path,
                           int part, int parts) {
  if (parts <= 1)
    return parseConfig(bytes, path);
  const auto *magic = reinterpret_cast<const char *>(detail::kBinaryMagic);
  const size_t magicSize = sizeof(detail::kBinaryMagic);
  // (The magic is not NUL-terminated: compare exactly its bytes.)
  if (bytes.size() >= magicSize &&
      bytes.compare(0, magicSize, magic, magicSize) == 0)
    return detail::parseBinary(bytes, path, part, parts);
  // Text files are read whole (they are for small networks), then trimmed.
  ChipConfig config = parseConfig(bytes, path);
  try {
    detail::keepPartTargets(config, part, parts);
  } catch (const Error &e) {
    fail("{}: {}", path, e.what());
  }
  return config;
}

ChipConfig parseConfig(const std::string &bytes, const std::string &path) {
  const auto *magic = reinterpret_cast<const char *>(detail::kBinaryMagic);
  size_t magicSize = sizeof(detail::kBinaryMagic);
  // A file that starts like the binary magic is binary, even when it is
  // too short to hold all of it (the reader then reports the truncation).
  if (!bytes.empty() &&
      bytes.compare(0, std::min(bytes.size(), magicSize), magic,
                    std::min(bytes.size(), magicSize)) == 0)
    return detail::parseBinary(bytes, path);
  std::string_view text = detail::kTextMagic;
  if (!bytes.empty() &&
      bytes.compare(0, std::min(bytes.size(), text.size()), text.data(),
                    std::min(bytes.size(), text.size())) == 0)
    return detail::parseText(bytes, path);
  // Describe what was found instead.
  std::string shown;
  for (size_t i = 0; i < std::min<size_t>(bytes.size(), 8); ++i) {
    auto c = static_cast<unsigned char>(bytes[i]);
    shown += fmt::format(i ? " {:02x}" : "{:02x}", c);
  }
  if (bytes.empty())
    fail("{}: empty file, not a chip configuration", path);
  fail("{}: not a chip configuration: it starts with bytes {}, expected the "
       "binary magic 89 53 4e 4e 43 46 47 0a or the text line '{} <version>'",
       path, shown, detail::kTextMagic);
}

void writeConfig(const ChipConfig &config, const std::string &path,
                 ConfigFormat format) {
  std::string bytes = serializeConfig(config, format);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out)
    fail("{}: cannot open for writing: {}", path, std::strerror(errno));
  out.write(bytes.data(), std::streamsize(bytes.size()));
  out.close();
  if (!out)
    fail("{}: write failed after {} bytes", path, bytes.size());
}

ChipConfig readConfig(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    fail("{}: cannot open: {}", path, std::strerror(errno));
  in.seekg(0, std::ios::end);
  std::streamoff size = in.tellg();
  if (size < 0)
    fail("{}: cannot determine the file size", path);
  in.seekg(0, std::ios::beg);
  std::string bytes(size_t(size), '\0');
  if (size > 0 && !in.read(bytes.data(), size))
    fail("{}: read failed ({} bytes expected)", path, size);
  return parseConfig(bytes, path);
}

} // namespace snnc::chipcfg
