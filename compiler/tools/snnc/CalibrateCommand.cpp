//===- CalibrateCommand.cpp - snnc calibrate: calibrated ann IR -----------===//
//
// Imports a model, folds batch norm, records activation statistics on the
// calibration images and prints the calibrated ann IR, ready for
// `snnc-opt --pass-pipeline='...ann-to-snn{...}'`.
//
//===----------------------------------------------------------------------===//
#include "compiler/tools/snnc/Commands.h"

#include "compiler/calibration/Calibrate.h"
#include "runtime/eval/VocDataset.h"
#include "runtime/image/ImageList.h"
#include "runtime/support/Error.h"
#include "runtime/support/Files.h"

#include "mlir/IR/OperationSupport.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/raw_ostream.h"

#include <memory>

namespace snnc::cli {

Runner registerCalibrate(CLI::App &app) {
  auto *command = app.add_subcommand(
      "calibrate", "Record per-layer and per-channel activation statistics "
                   "and print the calibrated ann IR");
  auto options = std::make_shared<ModelOptions>();
  auto images = std::make_shared<std::vector<std::string>>();
  auto voc = std::make_shared<std::string>();
  auto split = std::make_shared<std::string>("train");
  auto count = std::make_shared<size_t>(kDefaultCalibCount);
  auto output = std::make_shared<std::string>("-");
  auto percentiles = std::make_shared<std::vector<float>>(
      std::vector<float>{99, 99.9f, 99.99f});
  addModelOptions(*command, *options, /*foldOption=*/false);
  command
      ->add_option("--calib-images", *images,
                   "Calibration images (files, folders or .txt lists)")
      ->check(imageArgument("--calib-images"));
  command
      ->add_option("--calib-voc", *voc,
                   "VOCdevkit root of the calibration images")
      ->check(CLI::ExistingDirectory);
  command->add_option("--calib-split", *split, "Split of --calib-voc")
      ->capture_default_str();
  command
      ->add_option("--calib-count", *count,
                   "Calibration images taken from --calib-voc (spread over "
                   "the split)")
      ->check(atLeast(1))
      ->capture_default_str();
  command
      ->add_option("--percentiles", *percentiles,
                   "Percentiles to record besides the maximum")
      ->delimiter(',');
  command->add_option("-o,--output", *output, "Output file (- for stdout)");
  return [=]() {
    if (*output != "-")
      checkOutputFile(*output, "-o");
    std::vector<std::string> paths =
        images->empty() ? std::vector<std::string>{}
                        : expandImageArgs(*images, "--calib-images");
    if (!voc->empty()) {
      Dataset set = loadVocDataset(
          *voc, *split, resolveClassNames(*options, modelClasses(*options)));
      for (const ImageRecord &r : spreadImages(set.images, *count))
        paths.push_back(r.path);
    }
    if (paths.empty())
      fail("calibrate needs --calib-images IMG... or --calib-voc ROOT "
           "[--calib-split NAME]");
    ModelOptions folded = *options;
    folded.foldBatchNorm = true; // spiking layers have weights and a bias
    Model model = loadModel(folded);
    CalibrationOptions calib;
    calib.percentiles = *percentiles;
    calibrate(*model.module, paths, calib);
    std::string text;
    llvm::raw_string_ostream os(text);
    // With locations: the layers are named by them (cfg file:line), so
    // `snnc-opt --snnc-compile-pipeline` on this IR writes what `snnc
    // compile` writes.
    model.module->print(os, mlir::OpPrintingFlags().enableDebugInfo());
    writeTextOutput(*output, os.str());
    return 0;
  };
}

} // namespace snnc::cli
