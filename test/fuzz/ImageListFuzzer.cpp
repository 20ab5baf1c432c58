//===- ImageListFuzzer.cpp - Fuzzing .txt image lists ---------------------===//
//
// The bytes become a list file beside two real files and a folder; the only
// allowed failure of expandImageArgs is snnc::Error naming the list file.
// Every path it returns must be a regular file that exists.
//
//===----------------------------------------------------------------------===//
#include "runtime/image/ImageList.h"
#include "runtime/support/Error.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {
fs::path scratch() {
  static fs::path dir = [] {
    fs::path d = fs::temp_directory_path() /
                 ("snnc-imagelist-fuzz-" + std::to_string(::getpid()));
    fs::create_directories(d / "imgs" / "sub");
    std::ofstream(d / "imgs" / "a.jpg") << "x";
    std::ofstream(d / "imgs" / "b.png") << "x";
    std::ofstream(d / "imgs" / "sub" / "c.bmp") << "x";
    return d;
  }();
  return dir;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fs::path list = scratch() / "list.txt";
  {
    std::ofstream out(list, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char *>(data),
              static_cast<std::streamsize>(size));
  }
  try {
    std::vector<std::string> paths =
        snnc::expandImageArgs({list.string()}, "--images");
    if (paths.empty())
      std::abort(); // an empty list must be an error
    for (const std::string &p : paths) {
      std::error_code ec;
      if (!fs::is_regular_file(p, ec))
        std::abort();
    }
  } catch (const snnc::Error &e) {
    if (std::string(e.what()).find(list.string()) != 0)
      std::abort(); // every message names the list file first
  }
  return 0;
}
