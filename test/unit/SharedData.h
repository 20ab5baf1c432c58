//===- SharedData.h - Locating ../shared from unit tests --------*- C++ -*-===//
#ifndef SNNC_TEST_UNIT_SHAREDDATA_H
#define SNNC_TEST_UNIT_SHAREDDATA_H

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

namespace snnc::test {

/// Path of a file or folder under the shared data folder. When the shared
/// folder is absent the calling test case is skipped with a message (Catch2 2
/// has no SKIP: the case returns early after a WARN).
inline std::string sharedPath(const std::string &relative) {
  const char *env = std::getenv("SNNC_SHARED_DIR");
  std::filesystem::path root = env ? env : SNNC_SHARED_DIR;
  return (root / relative).string();
}

inline bool haveShared(const std::string &relative) {
  return std::filesystem::exists(sharedPath(relative));
}

} // namespace snnc::test

#define SNNC_REQUIRE_SHARED(relative)                                          \
  do {                                                                         \
    if (!::snnc::test::haveShared(relative)) {                                 \
      WARN("skipped: shared data " << ::snnc::test::sharedPath(relative)       \
                                   << " is absent");                           \
      return;                                                                  \
    }                                                                          \
  } while (0)

#endif
