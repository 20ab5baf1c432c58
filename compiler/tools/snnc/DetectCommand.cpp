//===- DetectCommand.cpp - snnc detect: detections on images --------------===//
#include "compiler/tools/snnc/Commands.h"

#include "runtime/image/Draw.h"
#include "runtime/image/ImageIO.h"
#include "runtime/inference/Detector.h"
#include "runtime/support/Error.h"

#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <memory>

namespace fs = std::filesystem;

namespace snnc::cli {

Runner registerDetect(CLI::App &app) {
  auto *command = app.add_subcommand(
      "detect", "Detect objects in images with the reference DNN and write "
                "annotated images");
  auto options = std::make_shared<ModelOptions>();
  auto images = std::make_shared<std::vector<std::string>>();
  auto outDir = std::make_shared<std::string>(".");
  auto format = std::make_shared<std::string>("png");
  auto detector = std::make_shared<DetectorOptions>();
  addModelOptions(*command, *options);
  command->add_option("images", *images, "Images (JPEG, PNG, BMP, ...)")
      ->required();
  command->add_option("-o,--output-dir", *outDir,
                      "Folder for the annotated images");
  command->add_option("--format", *format, "Annotated image format")
      ->check(CLI::IsMember(std::vector<std::string>{"png", "jpg"}));
  command
      ->add_option("--thresh", detector->threshold,
                   "Score threshold (objectness x class probability)")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  command->add_option("--nms", detector->nms, "NMS IoU threshold")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  command->add_flag("--letterbox", detector->letterbox,
                    "Letterbox the image instead of resizing it (YOLOv3)");
  return [=]() {
    Model model = loadModel(*options);
    Executor executor(model.graph);
    std::error_code ec;
    fs::create_directories(*outDir, ec);
    if (ec)
      fail("{}: cannot create the output folder: {}", *outDir, ec.message());
    for (const std::string &path : *images) {
      Image image = loadImage(path);
      Detections dets = detect(executor, image, *detector);
      std::cout << fmt::format("{}: {} detections ({}x{})\n", path, dets.size(),
                               image.width, image.height);
      for (const Detection &d : dets)
        std::cout << fmt::format(
            "  {:<14} {:.3f}  box ({:.0f}, {:.0f}) - ({:.0f}, {:.0f})\n",
            model.classNames[d.classId], d.score, d.box.x0, d.box.y0, d.box.x1,
            d.box.y1);
      Rgb8Image annotated = loadRgb8(path);
      drawDetections(annotated, dets, model.classNames);
      fs::path out = fs::path(*outDir) / (fs::path(path).stem().string() +
                                          "-detections." + *format);
      writeImage(out.string(), annotated);
      std::cout << "  wrote " << out.string() << "\n";
    }
    return 0;
  };
}

} // namespace snnc::cli
