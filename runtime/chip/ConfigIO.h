//===- ConfigIO.h - Configuration files: text and binary --------*- C++ -*-===//
//
// The two serializations of a ChipConfig (docs/FORMATS.md): a readable,
// line-oriented text form for small networks and a compact binary form for
// large ones. Both carry a format version and checksums; writing, reading
// and writing again is byte-identical. Readers reject corrupt, truncated or
// inconsistent files with snnc::Error naming the file, the section, the
// line (text) or byte offset (binary), and the numbers involved, and run
// ChipConfig::validate before returning.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_CHIP_CONFIGIO_H
#define SNNC_RUNTIME_CHIP_CONFIGIO_H

#include "runtime/chip/ChipConfig.h"

#include <string>

namespace snnc::chipcfg {

enum class ConfigFormat { Text, Binary };

/// The serialized bytes (deterministic: equal configs give equal bytes).
std::string serializeConfig(const ChipConfig &config, ConfigFormat format);

/// Parses bytes produced by serializeConfig; the format is recognized by
/// its magic. `path` is only used in error messages.
ChipConfig parseConfig(const std::string &bytes, const std::string &path);

void writeConfig(const ChipConfig &config, const std::string &path,
                 ConfigFormat format);
ChipConfig readConfig(const std::string &path);

} // namespace snnc::chipcfg

#endif // SNNC_RUNTIME_CHIP_CONFIGIO_H
