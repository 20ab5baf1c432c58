//===- DetectCommand.cpp - snnc detect: detections on images --------------===//
//
// Runs the reference DNN over images (files, folders or .txt lists), prints
// and draws the detections, and with --json writes them all. An image that
// cannot be read is reported and skipped; the batch goes on and the exit
// status (1) says that some failed.
//
//===----------------------------------------------------------------------===//
#include "compiler/tools/snnc/Commands.h"
#include "compiler/tools/snnc/Provenance.h"
#include "runtime/tooling/Evaluation.h"

#include "runtime/image/Draw.h"
#include "runtime/image/ImageIO.h"
#include "runtime/image/ImageList.h"
#include "runtime/inference/Detector.h"
#include "runtime/support/Error.h"
#include "runtime/support/Files.h"

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
  auto outDir = std::make_shared<std::string>(defaultOutputDir("detect"));
  auto format = std::make_shared<std::string>("png");
  auto jsonOut = std::make_shared<std::string>();
  auto noImages = std::make_shared<bool>(false);
  auto detector = std::make_shared<DetectorOptions>();
  addModelOptions(*command, *options);
  command
      ->add_option("images", *images,
                   "Images (JPEG, PNG, BMP, ...), folders of images, or .txt "
                   "lists of image paths")
      ->required()
      ->check(imageArgument("IMAGE"));
  command
      ->add_option("-o,--output-dir", *outDir,
                   "Folder for the annotated images")
      ->capture_default_str();
  command->add_option("--format", *format, "Annotated image format")
      ->check(CLI::IsMember(std::vector<std::string>{"png", "jpg"}));
  command->add_option("--json", *jsonOut,
                      "Write every image's detections as JSON");
  command->add_flag("--no-images", *noImages, "Do not write annotated images");
  command
      ->add_option("--thresh", detector->threshold,
                   "Score threshold (objectness x class probability)")
      ->check(between(0.0, 1.0))
      ->capture_default_str();
  command->add_option("--nms", detector->nms, "NMS IoU threshold")
      ->check(between(0.0, 1.0))
      ->capture_default_str();
  command->add_flag("--letterbox", detector->letterbox,
                    "Letterbox the image instead of resizing it (YOLOv3)");
  return [=]() {
    std::vector<std::string> paths = expandImageArgs(*images, "IMAGE");
    if (!*noImages)
      checkOutputDir(*outDir, "-o");
    if (!jsonOut->empty())
      checkOutputFile(*jsonOut, "--json");
    Model model = loadModel(*options);
    Executor executor(model.graph);
    nlohmann::ordered_json results = nlohmann::ordered_json::array();
    std::vector<std::string> failed;
    const std::vector<std::string> stems = uniqueStems(paths);
    for (size_t i = 0; i < paths.size(); ++i) {
      const std::string &path = paths[i];
      std::optional<Image> loaded = loadImageOrSkip(path, failed, results);
      if (!loaded)
        continue;
      const Image &image = *loaded;
      Detections dets = detect(executor, image, *detector);
      std::cout << fmt::format("{}: {} detections ({}x{})\n", path, dets.size(),
                               image.width, image.height);
      nlohmann::ordered_json list = nlohmann::ordered_json::array();
      for (const Detection &d : dets) {
        std::cout << fmt::format(
            "  {:<14} {:.3f}  box ({:.0f}, {:.0f}) - ({:.0f}, {:.0f})\n",
            model.classNames[d.classId], d.score, d.box.x0, d.box.y0, d.box.x1,
            d.box.y1);
        list.push_back({{"class", model.classNames[d.classId]},
                        {"classId", d.classId},
                        {"score", d.score},
                        {"box", {d.box.x0, d.box.y0, d.box.x1, d.box.y1}}});
      }
      nlohmann::ordered_json entry = {{"image", path},
                                      {"width", image.width},
                                      {"height", image.height},
                                      {"detections", std::move(list)}};
      if (*noImages) {
        results.push_back(std::move(entry));
        continue;
      }
      Rgb8Image annotated = toRgb8(image);
      drawDetections(annotated, dets, model.classNames);
      fs::path out = fs::path(*outDir) / (stems[i] + "-detections." + *format);
      entry["picture"] = out.filename().string();
      results.push_back(std::move(entry));
      writeImage(out.string(), annotated);
      std::cout << "  wrote " << out.string() << "\n";
    }
    if (!jsonOut->empty()) {
      nlohmann::ordered_json json;
      json["images"] = std::move(results);
      json["failed"] = failed.size();
      nlohmann::ordered_json prov = provenance(*command);
      addModelProvenance(prov, *options);
      json["provenance"] = std::move(prov);
      writeJsonFile(*jsonOut, json);
      std::cout << "wrote " << *jsonOut << "\n";
    }
    if (!failed.empty()) {
      std::cerr << fmt::format("snnc: error: {} of {} images could not be "
                               "read (listed above)\n",
                               failed.size(), paths.size());
      return 1;
    }
    return 0;
  };
}

} // namespace snnc::cli
