//===- ChipConfigFuzzer.cpp - libFuzzer target for configuration files ----===//
//
// Feeds bytes to parseConfig (text or binary, picked by the magic). Each
// input must either load into a configuration that validates, writes and
// reads back to the same bytes in both formats, or raise snnc::Error naming
// the file; anything else (another exception, a crash, a sanitizer report,
// a hang, a giant allocation) is a bug. The same bytes read as each part of
// a board of two (parseConfigPart) must raise snnc::Error or give a
// configuration that validates and, when the whole one loads, whose part
// holds exactly the targets the whole one gives its cores and, of the other
// cores, exactly their delay-0 targets (a file the whole reader takes may
// be refused only for its board: too few chips, a core off the board).
//
// Random mutations almost never keep a CRC-32 right, so each input is also
// tried once more with its checksums recomputed (the text's final line, the
// binary's section lengths, CRCs and file size): that lets the fuzzer reach
// the parsers behind the checksum checks.
//
//===----------------------------------------------------------------------===//
#include "runtime/chip/ConfigIO.h"
#include "runtime/support/Error.h"

#include <zlib.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

using namespace snnc::chipcfg;

namespace {

uint32_t crc(const std::string &s, size_t begin, size_t size) {
  return uint32_t(
      crc32_z(0, reinterpret_cast<const Bytef *>(s.data()) + begin, size));
}

void put(std::string &s, size_t at, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i)
    s[at + i] = char(v >> (8 * i));
}

/// `bytes` with correct checksums where its structure allows.
std::string fixChecksums(std::string bytes) {
  static const char kBinary[] = "\x89SNNCFG\n";
  if (bytes.size() >= 16 && bytes.compare(0, 8, kBinary, 8) == 0) {
    size_t pos = 16;
    for (int s = 0; s < 7 && bytes.size() - pos >= 16; ++s) {
      uint64_t length = 0;
      for (int i = 7; i >= 0; --i)
        length = length << 8 | uint8_t(bytes[pos + 4 + i]);
      size_t payload = pos + 16;
      if (length > bytes.size() - payload) {
        length = bytes.size() - payload;
        put(bytes, pos + 4, length, 8);
      }
      if (bytes.compare(pos, 4, "END ") == 0 && length >= 8)
        put(bytes, payload, bytes.size(), 8);
      put(bytes, pos + 12, crc(bytes, payload, size_t(length)), 4);
      pos = payload + size_t(length);
    }
    return bytes;
  }
  if (bytes.compare(0, 16, "snnc-chip-config") == 0) {
    size_t end = bytes.rfind("\nchecksum ");
    std::string body =
        end == std::string::npos ? bytes : bytes.substr(0, end + 1);
    if (body.empty() || body.back() != '\n')
      body += '\n';
    char line[32];
    std::snprintf(line, sizeof line, "checksum %08x\n",
                  crc(body, 0, body.size()));
    return body + line;
  }
  return bytes;
}

/// Reads `bytes` as each part of a board of two; `whole` is what
/// parseConfig gave (null: it failed).
void checkParts(const std::string &bytes, const ChipConfig *whole) {
  for (int part : {0, 1}) {
    ChipConfig own;
    try {
      own = parseConfigPart(bytes, "fuzz.cfg", part, 2);
    } catch (const snnc::Error &e) {
      // A file the whole reader takes may only be refused for its board:
      // fewer chips than parts, or a core off the board.
      const std::string why = e.what();
      if (std::strncmp(e.what(), "fuzz.cfg: ", 10) != 0)
        std::abort();
      // (A network name may hold a NUL and cut what() short: the board
      // error is recognized by its start.)
      if (whole &&
          why.find("cannot be spread over 2 parts") == std::string::npos &&
          why.find("is off the board") == std::string::npos &&
          why.find(": chip configuration '") == std::string::npos)
        std::abort();
      continue;
    }
    own.validate();
    // A part may read a file the whole reader refuses when what is wrong
    // lies in targets the part skips: the part that owns them refuses it.
    if (!whole)
      continue;
    if (!own.partialTargets || own.cores.size() != whole->cores.size())
      std::abort();
    const std::vector<uint32_t> partOf = boardParts(*whole, 2);
    for (size_t c = 0; c < own.cores.size(); ++c) {
      const Core &mine = own.cores[c], &all = whole->cores[c];
      if (partOf[c] == uint32_t(part)) {
        if (mine.targets != all.targets || mine.targetStart != all.targetStart)
          std::abort();
        continue;
      }
      // Another part's core: exactly its delay-0 targets (every part must
      // see the same ones: they decide the phases and the exchanges).
      std::vector<Target> delay0;
      for (const Target &t : all.targets)
        if (t.delay == 0)
          delay0.push_back(t);
      if (!mine.targetStart.empty() || mine.targets != delay0)
        std::abort();
    }
  }
}

void check(const std::string &bytes) {
  ChipConfig config;
  try {
    config = parseConfig(bytes, "fuzz.cfg");
  } catch (const snnc::Error &e) {
    if (std::strncmp(e.what(), "fuzz.cfg: ", 10) != 0)
      std::abort();
    checkParts(bytes, nullptr);
    return;
  }
  checkParts(bytes, &config);
  // Loaded: it must be consistent and write back identically (any
  // exception from here on escapes and is reported as a crash).
  config.validate();
  for (ConfigFormat f : {ConfigFormat::Text, ConfigFormat::Binary}) {
    std::string first = serializeConfig(config, f);
    ChipConfig again = parseConfig(first, "fuzz.cfg");
    if (serializeConfig(again, f) != first)
      std::abort();
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string bytes(reinterpret_cast<const char *>(data), size);
  check(bytes);
  std::string fixed = fixChecksums(bytes);
  if (fixed != bytes)
    check(fixed);
  return 0;
}
