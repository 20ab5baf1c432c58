//===- QatMetadataFuzzer.cpp - libFuzzer target for MODEL.qat.json --------===//
//
// Any input must either parse into metadata whose invariants hold (levels
// >= 1, positive finite ceilings, ascending unique layer indices) or raise
// snnc::Error naming the file; anything else is a bug.
//
//===----------------------------------------------------------------------===//
#include "compiler/calibration/QatMetadata.h"
#include "runtime/support/Error.h"

#include <cmath>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string text(reinterpret_cast<const char *>(data), size);
  try {
    snnc::QatMetadata m = snnc::parseQatMetadata(text, "fuzz.qat.json");
    if (m.levels < 1)
      std::abort();
    int64_t previous = -1;
    for (const snnc::QatLayer &l : m.layers) {
      if (l.index <= previous || l.ceilings.empty())
        std::abort();
      previous = l.index;
      for (float c : l.ceilings)
        if (!(c > 0) || !std::isfinite(c))
          std::abort();
    }
  } catch (const snnc::Error &e) {
    if (std::string(e.what()).find("fuzz.qat.json") == std::string::npos)
      std::abort();
  }
  return 0;
}
