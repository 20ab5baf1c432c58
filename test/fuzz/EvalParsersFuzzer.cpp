//===- EvalParsersFuzzer.cpp - libFuzzer target for dataset files ---------===//
//
// The first byte picks the parser: a VOC annotation XML, a COCO instances
// JSON or a class-names file; the rest is written to a file that the loader
// reads (the loaders take paths, as users give them). Every input must load
// or raise snnc::Error naming the file; anything else is a bug.
//
//===----------------------------------------------------------------------===//
#include "runtime/eval/ClassNames.h"
#include "runtime/eval/CocoDataset.h"
#include "runtime/eval/VocDataset.h"
#include "runtime/support/Error.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <unistd.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1)
    return 0;
  static const std::string dir =
      "/tmp/snnc-eval-fuzz-" + std::to_string(getpid());
  static bool made = (std::system(("mkdir -p " + dir).c_str()), true);
  (void)made;
  const std::string names[] = {dir + "/a.xml", dir + "/a.json",
                               dir + "/a.names"};
  int kind = data[0] % 3;
  const std::string &path = names[kind];
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char *>(data + 1), size - 1);
  }
  std::vector<std::string> classes = {"person", "dog", "car"};
  try {
    if (kind == 0) {
      snnc::ImageRecord r = snnc::parseVocAnnotation(path, classes);
      for (const snnc::GroundTruth &g : r.objects)
        if (g.classId < 0 || g.classId >= 3)
          std::abort();
    } else if (kind == 1) {
      snnc::Dataset d = snnc::loadCocoDataset(path, dir, {"a", "b"});
      for (const snnc::ImageRecord &r : d.images)
        for (const snnc::GroundTruth &g : r.objects)
          if (g.classId < 0 || g.classId >= 2)
            std::abort();
    } else {
      std::vector<std::string> n = snnc::readClassNames(path);
      if (n.empty())
        std::abort();
    }
  } catch (const snnc::Error &e) {
    if (std::string(e.what()).find(path.substr(path.rfind('/') + 1)) ==
        std::string::npos)
      std::abort();
  }
  return 0;
}
