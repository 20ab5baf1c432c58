//===- FaultSpecFuzzer.cpp - Fuzzing --faults specifications --------------===//
//
// parseFaults may only fail with snnc::Error; a specification it accepts
// has rates in [0, 1] (stuck ones adding up to at most 1), and its text
// form parses back to the same model.
//
//===----------------------------------------------------------------------===//
#include "runtime/emulator/Faults.h"
#include "runtime/support/Error.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string_view spec(reinterpret_cast<const char *>(data), size);
  snnc::emu::FaultModel m;
  try {
    m = snnc::emu::parseFaults(spec);
  } catch (const snnc::Error &) {
    return 0;
  }
  for (double r : {m.deadCores, m.stuckOff, m.stuckOn, m.droppedSpikes})
    if (!(r >= 0 && r <= 1))
      std::abort();
  if (m.stuckOff + m.stuckOn > 1)
    std::abort();
  snnc::emu::FaultModel again = snnc::emu::parseFaults(m.str());
  if (again.deadCores != m.deadCores || again.stuckOff != m.stuckOff ||
      again.stuckOn != m.stuckOn || again.droppedSpikes != m.droppedSpikes ||
      again.seed != m.seed)
    std::abort();
  return 0;
}
