//===- ChipDescriptionFuzzer.cpp - libFuzzer target for chip YAML ---------===//
//
// Any input must either parse into a consistent description or raise
// snnc::Error naming the file; anything else (another exception, a crash, a
// sanitizer report, a hang) is a bug.
//
//===----------------------------------------------------------------------===//
#include "compiler/chip/ChipDescription.h"
#include "runtime/support/Error.h"

#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string text(reinterpret_cast<const char *>(data), size);
  try {
    snnc::chip::ChipDescription c =
        snnc::chip::parseChipDescription(text, "fuzz.yaml");
    if (c.maxDelay < c.minDelay || c.potentialBits < c.thresholdBits ||
        c.coresX < 1 || c.coresY < 1 || c.axonsPerCore < 0)
      std::abort();
  } catch (const snnc::Error &e) {
    if (std::string(e.what()).rfind("fuzz.yaml", 0) != 0)
      std::abort();
  }
  return 0;
}
