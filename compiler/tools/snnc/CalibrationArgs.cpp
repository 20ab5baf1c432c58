//===- CalibrationArgs.cpp - Where a conversion's thresholds come from ----===//
#include "compiler/tools/snnc/CalibrationArgs.h"

#include "compiler/calibration/QatMetadata.h"
#include "compiler/tools/snnc/Commands.h"
#include "runtime/eval/VocDataset.h"
#include "runtime/image/ImageList.h"

#include <fmt/format.h>

#include <filesystem>
#include <iostream>

namespace snnc::cli {

void addCalibrationOptions(CLI::App &command, CalibrationArgs &args) {
  command
      .add_option("--calib-images", args.images,
                  "Calibration images (files, folders or .txt lists)")
      ->check(imageArgument("--calib-images"));
  command
      .add_option("--calib-voc", args.voc,
                  "VOCdevkit root of the calibration images")
      ->check(CLI::ExistingDirectory);
  command.add_option("--calib-split", args.split, "Calibration split")
      ->capture_default_str();
  command
      .add_option("--calib-count", args.count,
                  "Calibration images (spread over the split)")
      ->check(atLeast(1))
      ->capture_default_str();
  auto *qat = command
                  .add_option("--qat", args.qat,
                              "QAT metadata (MODEL.qat.json): activation "
                              "ceilings and levels from quantization-aware "
                              "training (default: MODEL.qat.json beside the "
                              "cfg when no calibration images are given)")
                  ->check(CLI::ExistingFile);
  command
      .add_flag("--no-qat", args.noQat,
                "Ignore a MODEL.qat.json beside the cfg (calibrate instead)")
      ->excludes(qat);
}

void addMappingOptions(CLI::App &command, CompileOptions &options) {
  command
      .add_option("--axon-copies", options.axonCopies,
                  "Binary crossbars: axon copies per input (2..4), the "
                  "weight precision in bits")
      ->check(between(2, 4))
      ->capture_default_str();
  command
      .add_option("--relay-copies", options.relayCopies,
                  "Staggered copies of each partial-sum relay where a "
                  "layer's fan-in is split (1..16): k copies pass a partial "
                  "sum on with 1/k of one relay's rounding error, for k "
                  "times the relay neurons (fewer where the relays of an "
                  "output would not reach one summing core)")
      ->check(between(1, 16))
      ->capture_default_str();
}

void resolveCalibration(const CalibrationArgs &args, CompileOptions &options,
                        const std::string &command) {
  options.qatPath = args.qat;
  options.calibrationImages =
      args.images.empty() ? std::vector<std::string>{}
                          : expandImageArgs(args.images, "--calib-images");
  // A QAT model's metadata beside its cfg is used when present, unless the
  // command asks for calibration (images given, or --no-qat).
  std::string besideCfg = qatMetadataPathFor(options.model.cfgPath);
  bool calibrating = !args.voc.empty() || !options.calibrationImages.empty();
  if (options.qatPath.empty() && !args.noQat &&
      std::filesystem::exists(besideCfg)) {
    if (calibrating) {
      if (options.progress)
        std::cerr << fmt::format("{}: {} is ignored: calibrating on the "
                                 "given images (--qat uses it)\n",
                                 command, besideCfg);
    } else {
      options.qatPath = besideCfg;
      if (options.progress)
        std::cerr << fmt::format("{}: QAT metadata {} (beside the cfg; "
                                 "--no-qat to ignore it)\n",
                                 command, besideCfg);
    }
  }
  // QAT: threshold = ceiling and V(0) = Vth / 2 convert the trained
  // quantizer exactly (docs/QAT.md).
  if (!options.qatPath.empty() &&
      !(args.vInitOption && args.vInitOption->count()))
    options.conversion.vInit = 0.5f;
  if (!args.voc.empty()) {
    std::vector<std::string> names =
        resolveClassNames(options.model, modelClasses(options.model));
    Dataset set = loadVocDataset(args.voc, args.split, names);
    for (const ImageRecord &record : spreadImages(set.images, args.count))
      options.calibrationImages.push_back(record.path);
  }
}

} // namespace snnc::cli
