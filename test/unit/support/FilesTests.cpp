//===- FilesTests.cpp - Output files checked early and written whole ------===//
#include "runtime/support/Error.h"
#include "runtime/support/Files.h"

#include "test/unit/support/ErrorOf.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace snnc;

namespace {
struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() /
           ("snnc-files-" + std::to_string(::getpid()) + "-" +
            std::to_string(reinterpret_cast<uintptr_t>(this)));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::permissions(path, fs::perms::owner_all, ec);
    fs::remove_all(path, ec);
  }
  std::string file(const std::string &name) const {
    return (path / name).string();
  }
};

size_t entries(const fs::path &dir) {
  return static_cast<size_t>(
      std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}
} // namespace

TEST_CASE("output paths are checked before any work, creating nothing",
          "[files]") {
  TempDir dir;
  std::string aFile = dir.file("afile");
  std::ofstream(aFile) << "x";

  // A new file in a folder that does not exist yet: fine, and nothing made.
  CHECK(errorOf([&] {
          checkOutputFile(dir.file("new/deeper/x.json"), "--json");
        }).empty());
  CHECK_FALSE(fs::exists(dir.file("new")));
  CHECK(errorOf([&] { checkOutputDir(dir.file("out/run"), "-o"); }).empty());
  CHECK_FALSE(fs::exists(dir.file("out")));

  // A file where a folder must be.
  CHECK(errorOf([&] { checkOutputFile(aFile + "/x.json", "--json"); }) ==
        aFile + "/x.json (--json): cannot write: '" + aFile +
            "' is a file, not a folder");
  CHECK(errorOf([&] { checkOutputDir(aFile, "-o"); }) ==
        aFile + " (-o): cannot write: it is a file, not a folder");
  // A folder where a file must be.
  CHECK(errorOf([&] { checkOutputFile(dir.path.string(), "--json"); }) ==
        dir.path.string() + " (--json): cannot write: it is a folder");

  if (::geteuid() != 0) { // root writes anywhere
    std::string ro = dir.file("ro");
    fs::create_directories(ro);
    fs::permissions(ro, fs::perms::owner_read | fs::perms::owner_exec);
    CHECK_THAT(errorOf([&] { checkOutputDir(ro + "/sub", "-o"); }),
               Catch::Contains("Permission denied"));
  }
}

TEST_CASE("atomic writes leave the whole file or nothing", "[files]") {
  TempDir dir;
  std::string path = dir.file("sub/result.json");
  writeFileAtomic(path, "first\n");
  CHECK(readFileBytes(path) == "first\n");
  writeFileAtomic(path, "second, longer\n");
  CHECK(readFileBytes(path) == "second, longer\n");
  CHECK(entries(dir.path / "sub") == 1); // no temporary file left

  SECTION("an error before commit removes the temporary file and keeps the "
          "previous one") {
    try {
      AtomicFile file(path);
      std::ofstream(file.tempPath()) << "partial";
      CHECK(fs::exists(file.tempPath()));
      fail("interrupted");
    } catch (const Error &) {
    }
    CHECK(readFileBytes(path) == "second, longer\n");
    CHECK(entries(dir.path / "sub") == 1);
  }

  SECTION("temporary names are hidden siblings, unique per call") {
    std::string a = temporarySibling(path), b = temporarySibling(path);
    CHECK(a != b);
    CHECK(fs::path(a).parent_path() == fs::path(path).parent_path());
    CHECK(fs::path(a).filename().string().rfind(".result.json.tmp-", 0) == 0);
  }

  SECTION("reading a missing file names it and the reason") {
    CHECK(errorOf([&] { readFileBytes(dir.file("missing")); }) ==
          dir.file("missing") + ": cannot read: No such file or directory");
  }
}

TEST_CASE("temporaries of dead processes are removed, live ones kept",
          "[files]") {
  TempDir dir;
  // A process that has exited and been reaped: its PID runs no more.
  pid_t child = ::fork();
  if (child == 0)
    ::_exit(0);
  int status = 0;
  ::waitpid(child, &status, 0);
  std::string path = dir.file("out");
  std::string dead = dir.file(".out.tmp-" + std::to_string(child) + "-0");
  std::string live = dir.file(".out.tmp-" + std::to_string(::getpid()) + "-3");
  std::string other = dir.file(".other.tmp-" + std::to_string(child) + "-0");
  fs::create_directories(dead + "/ir");
  fs::create_directories(live);
  fs::create_directories(other);
  removeStaleTemporaries(path);
  CHECK_FALSE(fs::exists(dead));
  CHECK(fs::exists(live));
  CHECK(fs::exists(other)); // another output's temporaries are not ours
}
