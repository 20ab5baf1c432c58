//===- Faults.cpp - The fault model's text form and hash ------------------===//
#include "runtime/emulator/Faults.h"

#include "runtime/support/Error.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

namespace snnc::emu {

namespace {

uint64_t mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

/// Shortest text that reads back as the same double.
std::string exact(double v) { return fmt::format("{}", v); }

} // namespace

uint64_t faults::hash(uint64_t seed, uint64_t kind, uint64_t a, uint64_t b,
                      uint64_t c) {
  uint64_t h = mix(seed);
  for (uint64_t w : {kind, a, b, c})
    h = mix(h ^ w);
  return h;
}

std::string FaultModel::str() const {
  std::string s;
  auto add = [&](const char *name, double rate) {
    if (rate > 0)
      s += fmt::format("{}{}={}", s.empty() ? "" : ",", name, exact(rate));
  };
  add("dead-cores", deadCores);
  add("stuck-off", stuckOff);
  add("stuck-on", stuckOn);
  add("drop", droppedSpikes);
  s += fmt::format("{}seed={}", s.empty() ? "" : ",", seed);
  return s;
}

FaultModel parseFaults(std::string_view spec, std::string_view what) {
  FaultModel m;
  if (spec.empty())
    fail("{}: empty fault specification; expected items like "
         "dead-cores=0.01,drop=0.001,seed=7",
         what);
  bool seen[5] = {};
  size_t pos = 0;
  for (int index = 1;; ++index) {
    const size_t end = std::min(spec.find(',', pos), spec.size());
    const std::string_view item = spec.substr(pos, end - pos);
    const size_t eq = item.find('=');
    if (item.empty())
      fail("{}: item {} is empty (two commas, or a comma at an end)", what,
           index);
    if (eq == std::string_view::npos)
      fail("{}: item {} '{}' is not NAME=VALUE", what, index, item);
    const std::string_view name = item.substr(0, eq),
                           value = item.substr(eq + 1);
    static const char *const names[] = {"dead-cores", "stuck-off", "stuck-on",
                                        "drop", "seed"};
    int k = 0;
    while (k < 5 && name != names[k])
      ++k;
    if (k == 5)
      fail("{}: item {}: unknown fault '{}'; expected dead-cores, stuck-off, "
           "stuck-on, drop or seed",
           what, index, name);
    if (seen[k])
      fail("{}: '{}' is given twice", what, name);
    seen[k] = true;
    if (k == 4) {
      uint64_t seed = 0;
      auto [p, ec] =
          std::from_chars(value.data(), value.data() + value.size(), seed);
      if (value.empty() || ec != std::errc() ||
          p != value.data() + value.size())
        fail("{}: seed '{}' is not an unsigned 64-bit integer", what, value);
      m.seed = seed;
    } else {
      double rate = 0;
      auto [p, ec] =
          std::from_chars(value.data(), value.data() + value.size(), rate);
      if (value.empty() || ec != std::errc() ||
          p != value.data() + value.size())
        fail("{}: {} '{}' is not a number", what, name, value);
      if (!std::isfinite(rate) || rate < 0 || rate > 1)
        fail("{}: {}={} is outside 0..1 (a share of {})", what, name, value,
             k == 0   ? "cores"
             : k == 3 ? "spike deliveries"
                      : "neurons");
      (k == 0   ? m.deadCores
       : k == 1 ? m.stuckOff
       : k == 2 ? m.stuckOn
                : m.droppedSpikes) = rate;
    }
    if (end == spec.size())
      break;
    pos = end + 1;
  }
  if (m.stuckOff + m.stuckOn > 1)
    fail("{}: stuck-off={} and stuck-on={} add up to more than 1", what,
         exact(m.stuckOff), exact(m.stuckOn));
  return m;
}

} // namespace snnc::emu
