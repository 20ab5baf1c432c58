//===- CalibrationArgs.h - Where a conversion's thresholds come from -*- C++
//-*-===//
//
// compile and verify take the same calibration options: images
// (--calib-images), images of a VOC split (--calib-voc, --calib-split,
// --calib-count) or QAT metadata (--qat; by default the MODEL.qat.json
// beside the cfg when no images are given, --no-qat to ignore it), and
// the same mapping options.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_TOOLS_SNNC_CALIBRATIONARGS_H
#define SNNC_TOOLS_SNNC_CALIBRATIONARGS_H

#include "compiler/driver/Compile.h"

#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <vector>

namespace snnc::cli {

struct CalibrationArgs {
  std::vector<std::string> images;
  std::string voc, split = "train";
  size_t count = 64;
  std::string qat;
  bool noQat = false;
  CLI::Option *vInitOption = nullptr; ///< Given: QAT keeps the user's V(0).
};

/// Adds --calib-images, --calib-voc, --calib-split, --calib-count, --qat
/// and --no-qat to `command`.
void addCalibrationOptions(CLI::App &command, CalibrationArgs &args);

/// Adds --axon-copies and --relay-copies (how a layer is mapped) to
/// `command`: compile and verify map the same way.
void addMappingOptions(CLI::App &command, CompileOptions &options);

/// Fills options.calibrationImages and options.qatPath from `args` (the
/// images expanded and checked, the VOC split's images spread, the QAT
/// metadata beside the cfg when nothing else is given, said on stderr
/// under `command`'s name), and V(0) = Vth / 2 for QAT unless --v-init was
/// given.
void resolveCalibration(const CalibrationArgs &args, CompileOptions &options,
                        const std::string &command);

} // namespace snnc::cli

#endif // SNNC_TOOLS_SNNC_CALIBRATIONARGS_H
