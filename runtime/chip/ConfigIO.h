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

/// parseConfig for part `part` of a board spread over `parts` parts
/// (chipcfg::boardParts): only that part's cores keep their targets, and
/// every core its delay-0 ones (ChipConfig::partialTargets); the binary
/// format is read without ever holding the other parts' targets. What an
/// emulator of one part, and its host, need. parts <= 1: parseConfig.
ChipConfig parseConfigPart(const std::string &bytes, const std::string &path,
                           int part, int parts);

void writeConfig(const ChipConfig &config, const std::string &path,
                 ConfigFormat format);
ChipConfig readConfig(const std::string &path);

} // namespace snnc::chipcfg

#endif // SNNC_RUNTIME_CHIP_CONFIGIO_H
