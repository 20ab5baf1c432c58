//===- ImageListTests.cpp - Image arguments: files, folders, lists --------===//
#include "runtime/image/ImageList.h"
#include "runtime/support/Error.h"

#include "test/unit/support/ErrorOf.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace snnc;

TEST_CASE("image arguments expand files, folders and list files",
          "[imagelist]") {
  fs::path dir = fs::temp_directory_path() /
                 ("snnc-imagelist-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "set" / "nested");
  for (const char *name : {"b.jpg", "a.PNG", "c.bmp", "notes.md"})
    std::ofstream(dir / "set" / name) << "x";
  std::ofstream(dir / "set" / "nested" / "d.jpg") << "x";
  std::ofstream(dir / "list.txt")
      << "# comment\n\nset/b.jpg\n  set/nested/d.jpg  \n"
      << (dir / "set" / "c.bmp").string() << "\n";

  CHECK(hasImageExtension("x.JPEG"));
  CHECK_FALSE(hasImageExtension("x.cfg"));

  // A folder: its image files (not subfolders, not other files), sorted.
  std::vector<std::string> folder =
      expandImageArgs({(dir / "set").string()}, "--images");
  REQUIRE(folder.size() == 3);
  CHECK(fs::path(folder[0]).filename() == "a.PNG");
  CHECK(fs::path(folder[1]).filename() == "b.jpg");
  CHECK(fs::path(folder[2]).filename() == "c.bmp");

  // A list: relative to its own folder, comments and blanks skipped.
  std::vector<std::string> list =
      expandImageArgs({(dir / "list.txt").string()}, "--images");
  REQUIRE(list.size() == 3);
  CHECK(list[0] == (dir / "set/b.jpg").string());
  CHECK(list[1] == (dir / "set/nested/d.jpg").string());
  CHECK(list[2] == (dir / "set" / "c.bmp").string());

  // Plain files pass through in order.
  std::string b = (dir / "set/b.jpg").string(),
              a = (dir / "set/a.PNG").string();
  CHECK(expandImageArgs({b, a}, "IMAGE") == std::vector<std::string>{b, a});

  // Errors name the path, the option and (for lists) the line.
  CHECK(errorOf([&] {
          expandImageArgs({(dir / "nope.jpg").string()}, "IMAGE");
        }) == (dir / "nope.jpg").string() + " (IMAGE): no such file or folder");
  std::ofstream(dir / "bad.txt") << "set/b.jpg\nset/missing.jpg\n";
  CHECK(errorOf([&] {
          expandImageArgs({(dir / "bad.txt").string()}, "--images");
        }) == (dir / "bad.txt").string() +
                  ":2 (--images): no such image file '" +
                  (dir / "set/missing.jpg").string() + "'");
  fs::create_directories(dir / "empty");
  CHECK(errorOf([&] {
          expandImageArgs({(dir / "empty").string()}, "--images");
        }) == (dir / "empty").string() + " (--images): the folder holds no "
                                         "image files (.jpg, .png, .bmp, ...)");
  fs::remove_all(dir);
}
