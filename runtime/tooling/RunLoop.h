//===- RunLoop.h - Images through the chip, over the run's ranks -*- C++
//-*-===//
//
// The part of `snnc run` that emulates: each rank (runtime/parallel) runs
// its contiguous share of the images through the host session, and rank 0
// gathers every image's detections and the summed counters. The results
// on rank 0 are the same bytes whatever the number of ranks.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_TOOLING_RUNLOOP_H
#define SNNC_RUNTIME_TOOLING_RUNLOOP_H

#include "runtime/emulator/HostSession.h"
#include "runtime/eval/Dataset.h"

#include <string>
#include <vector>

namespace snnc {

struct ImageOutcome {
  int width = 0, height = 0;
  std::vector<Detections> detections; ///< [checkpoint]
  std::string error; ///< Why the image could not be read (then no results).
};

struct EmulationResult {
  /// [image], on rank 0 (other ranks: empty, unless the ranks share the
  /// chips rather than the images).
  std::vector<ImageOutcome> images;
  std::vector<emu::CoreCounters> totals;
  std::vector<std::vector<emu::CoreCounters>> checkpointTotals;
};

struct EmulationOptions {
  emu::HostRunOptions run;
  DetectorOptions detector;
  bool letterbox = false;
  /// Record an unreadable image and go on (pictures) instead of failing
  /// (evaluation needs every image).
  bool skipUnreadable = false;
  bool progress = true;
  /// Each rank runs its share of the images (else every rank runs every
  /// image on its part of one board, and each returns all the results).
  bool imagesOverRanks = true;
};

EmulationResult emulateImages(emu::HostSession &session, const Dataset &dataset,
                              const EmulationOptions &options);

} // namespace snnc

#endif // SNNC_RUNTIME_TOOLING_RUNLOOP_H
