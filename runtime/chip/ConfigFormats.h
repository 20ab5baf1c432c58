//===- ConfigFormats.h - Internals shared by the config readers -*- C++ -*-===//
//
// Private to runtime/chip: the magics, versions and checksum of the two
// configuration file formats (docs/FORMATS.md, "Chip configuration files"),
// and the per-format entry points that ConfigIO.cpp dispatches to.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_CHIP_CONFIGFORMATS_H
#define SNNC_RUNTIME_CHIP_CONFIGFORMATS_H

#include "runtime/chip/ChipConfig.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace snnc::chipcfg::detail {

/// Text: the first line is "snnc-chip-config <version>".
inline constexpr std::string_view kTextMagic = "snnc-chip-config";
inline constexpr uint32_t kTextVersion = 2; // 2: latency, class names

/// Binary: 8 magic bytes (0x89 keeps text tools and 7-bit transfers from
/// taking it for text; the trailing LF detects CRLF conversion), then the
/// version as a little-endian uint32.
inline constexpr unsigned char kBinaryMagic[8] = {0x89, 'S', 'N', 'N',
                                                  'C',  'F', 'G', '\n'};
inline constexpr uint32_t kBinaryVersion = 2; // 2: latency, class names

/// CRC-32 (zlib's crc32: ISO-HDLC polynomial, initial value 0).
uint32_t crc32(const void *data, size_t size);

std::string serializeText(const ChipConfig &config);
ChipConfig parseText(const std::string &bytes, const std::string &path);

std::string serializeBinary(const ChipConfig &config);
/// With parts > 1, only part `part`'s cores keep their targets (and every
/// core its delay-0 ones): ChipConfig::partialTargets.
ChipConfig parseBinary(const std::string &bytes, const std::string &path,
                       int part = 0, int parts = 1);

/// Drops the targets parseBinary(.., part, parts) would not keep (for
/// formats read whole first).
void keepPartTargets(ChipConfig &config, int part, int parts);

} // namespace snnc::chipcfg::detail

#endif // SNNC_RUNTIME_CHIP_CONFIGFORMATS_H
