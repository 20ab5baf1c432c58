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
#include "runtime/support/Error.h"

#include "mlir/IR/OperationSupport.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/ToolOutputFile.h"

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
  auto count = std::make_shared<size_t>(64);
  auto output = std::make_shared<std::string>("-");
  auto percentiles = std::make_shared<std::vector<float>>(
      std::vector<float>{99, 99.9f, 99.99f});
  addModelOptions(*command, *options, /*foldOption=*/false);
  command->add_option("--images", *images, "Calibration images");
  command->add_option("--voc", *voc, "VOCdevkit root of calibration images");
  command->add_option("--split", *split, "Split of --voc");
  command->add_option("--count", *count,
                      "Calibration images taken from --voc (spread over the "
                      "split)");
  command
      ->add_option("--percentiles", *percentiles,
                   "Percentiles to record besides the maximum")
      ->delimiter(',');
  command->add_option("-o,--output", *output, "Output file (- for stdout)");
  return [=]() {
    std::vector<std::string> paths = *images;
    if (!voc->empty()) {
      Dataset set = loadVocDataset(
          *voc, *split, resolveClassNames(*options, modelClasses(*options)));
      size_t n = std::min(*count, set.images.size());
      for (size_t i = 0; i < n; ++i)
        paths.push_back(set.images[i * set.images.size() / n].path);
    }
    if (paths.empty())
      fail("calibrate needs --images IMG... or --voc ROOT --split NAME with "
           "--count >= 1");
    ModelOptions folded = *options;
    folded.foldBatchNorm = true; // spiking layers have weights and a bias
    Model model = loadModel(folded);
    CalibrationOptions calib;
    calib.percentiles = *percentiles;
    calibrate(*model.module, paths, calib);
    std::string error;
    auto file = mlir::openOutputFile(*output, &error);
    if (!file)
      fail("{}: {}", *output, error);
    model.module->print(file->os());
    file->keep();
    return 0;
  };
}

} // namespace snnc::cli
