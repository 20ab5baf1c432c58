//===- MemoryBudget.cpp - How much memory a command may use ---------------===//
#include "runtime/support/MemoryBudget.h"

#include "runtime/support/Error.h"

#include <fmt/format.h>

#include <atomic>
#include <charconv>
#include <cmath>
#include <unistd.h>

namespace snnc {

namespace {
std::atomic<int64_t> limitSet{-1}; ///< -1: the default
} // namespace

uint64_t physicalMemoryBytes() {
  const long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
  return pages > 0 && size > 0 ? uint64_t(pages) * uint64_t(size) : 0;
}

void setMemoryLimit(uint64_t bytes) { limitSet = int64_t(bytes); }

uint64_t memoryLimit() {
  const int64_t set = limitSet;
  if (set >= 0)
    return uint64_t(set);
  return physicalMemoryBytes() / 10 * 9;
}

std::string formatBytes(uint64_t bytes) {
  const char *units[] = {"KiB", "MiB", "GiB", "TiB"};
  if (bytes < 1024)
    return fmt::format("{} bytes", bytes);
  double v = double(bytes);
  int u = -1;
  while (v >= 1024 && u < 3) {
    v /= 1024;
    ++u;
  }
  return fmt::format("{:.{}f} {}", v, v < 10 ? 1 : 0, units[u]);
}

uint64_t parseMemorySize(std::string_view text, std::string_view what) {
  std::string_view number = text;
  double scale = double(1 << 20); // a bare number is MiB
  if (!number.empty()) {
    const char last = number.back();
    const char *suffixes = "KMGT";
    for (int i = 0; i < 4; ++i)
      if (last == suffixes[i] || last == suffixes[i] + ('a' - 'A')) {
        scale = std::pow(1024.0, i + 1);
        number.remove_suffix(1);
        break;
      }
  }
  double v = 0;
  auto [p, ec] =
      std::from_chars(number.data(), number.data() + number.size(), v);
  if (number.empty() || ec != std::errc() ||
      p != number.data() + number.size() || !std::isfinite(v) || v < 0 ||
      v * scale > 9e18)
    fail("{}: '{}' is not a memory size (e.g. 8G, 512M, 2048 for MiB, 0 for "
         "no limit)",
         what, text);
  return uint64_t(v * scale);
}

void checkMemory(uint64_t bytes, std::string_view what,
                 std::string_view detail) {
  const uint64_t limit = memoryLimit();
  if (limit == 0 || bytes <= limit)
    return;
  const bool byDefault = limitSet < 0;
  fail("{} needs at least {} ({}), above the memory limit of {} ({})", what,
       formatBytes(bytes), detail, formatBytes(limit),
       byDefault ? fmt::format("90% of this machine's {}; --max-memory SIZE "
                               "sets another",
                               formatBytes(physicalMemoryBytes()))
                 : std::string("--max-memory"));
}

} // namespace snnc
