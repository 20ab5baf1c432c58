//===- EvalCommand.cpp - snnc eval: mAP on VOC or COCO --------------------===//
#include "compiler/tools/snnc/Commands.h"
#include "compiler/tools/snnc/Provenance.h"
#include "runtime/tooling/ChipScore.h"
#include "runtime/tooling/Evaluation.h"

#include "runtime/eval/CocoDataset.h"
#include "runtime/eval/CocoEval.h"
#include "runtime/eval/Report.h"
#include "runtime/eval/VocDataset.h"
#include "runtime/eval/VocEval.h"
#include "runtime/image/ImageIO.h"
#include "runtime/inference/Detector.h"
#include "runtime/support/Error.h"
#include "runtime/support/Files.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>
#include <memory>

namespace snnc::cli {

namespace {

struct EvalOptions {
  std::string vocRoot, split, cocoJson, cocoImages, jsonOut, detectionsOut;
  std::string qatPath;
  size_t limit = 0;
  bool quiet = false;
  DetectorOptions detector;
};

/// Detections in the COCO results format ([{image_id, category_id, bbox
/// [x, y, w, h], score}]), which pycocotools' loadRes reads. For VOC sets the
/// image id is the VOC id string and the category its name.
nlohmann::ordered_json detectionsJson(const Dataset &dataset,
                                      const std::vector<Detections> &dets,
                                      bool isVoc) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (size_t i = 0; i < dets.size(); ++i) {
    const ImageRecord &image = dataset.images[i];
    for (const Detection &d : dets[i]) {
      nlohmann::ordered_json j;
      if (isVoc) {
        j["image_id"] = image.id;
        j["category"] = dataset.classNames[d.classId];
      } else {
        j["image_id"] = image.cocoId;
        j["category_id"] = dataset.cocoCategoryIds[d.classId];
      }
      j["bbox"] = {d.box.x0, d.box.y0, d.box.width(), d.box.height()};
      j["score"] = d.score;
      list.push_back(std::move(j));
    }
  }
  return list;
}

} // namespace

Runner registerEval(CLI::App &app) {
  auto *command = app.add_subcommand(
      "eval", "Evaluate a model's detections: VOC mAP or COCO AP");
  auto options = std::make_shared<ModelOptions>();
  auto eval = std::make_shared<EvalOptions>();
  eval->detector.threshold = 0.005f; // darknet's validation threshold
  addModelOptions(*command, *options);
  auto *voc = command
                  ->add_option("--voc", eval->vocRoot,
                               "VOCdevkit root (or its VOC2007 folder)")
                  ->check(CLI::ExistingDirectory);
  command
      ->add_option("--split", eval->split,
                   "Image set under ImageSets/Main (e.g. test, dev)")
      ->needs(voc);
  auto *coco =
      command->add_option("--coco", eval->cocoJson, "COCO instances JSON")
          ->check(CLI::ExistingFile);
  command->add_option("--images", eval->cocoImages, "Folder of the COCO images")
      ->check(CLI::ExistingDirectory)
      ->needs(coco);
  voc->excludes(coco);
  command
      ->add_option("--limit", eval->limit,
                   "Evaluate N images spread over the set (0: all)")
      ->check(atLeast(0));
  command
      ->add_option("--thresh", eval->detector.threshold,
                   "Score threshold for detections")
      ->check(between(0.0, 1.0))
      ->capture_default_str();
  command->add_option("--nms", eval->detector.nms, "NMS IoU threshold")
      ->check(between(0.0, 1.0))
      ->capture_default_str();
  command->add_flag("--letterbox", eval->detector.letterbox,
                    "Letterbox images instead of resizing them (YOLOv3)");
  command->add_option("--json", eval->jsonOut, "Also write results as JSON");
  command->add_option("--detections-json", eval->detectionsOut,
                      "Write every detection in COCO results format");
  command
      ->add_option("--qat", eval->qatPath,
                   "QAT metadata (MODEL.qat.json): evaluate the network "
                   "the model was trained as (activations and image "
                   "quantized) instead of float activations")
      ->check(CLI::ExistingFile);
  command->add_flag("-q,--quiet", eval->quiet, "No progress output");
  return [=]() {
    if (eval->vocRoot.empty() && eval->cocoJson.empty())
      fail("eval needs --voc ROOT --split NAME or --coco JSON --images DIR");
    if (!eval->vocRoot.empty() && eval->split.empty())
      fail("--voc needs --split NAME");
    if (!eval->cocoJson.empty() && eval->cocoImages.empty())
      fail("--coco needs --images DIR");
    if (!eval->jsonOut.empty())
      checkOutputFile(eval->jsonOut, "--json");
    if (!eval->detectionsOut.empty())
      checkOutputFile(eval->detectionsOut, "--detections-json");
    Model model = loadModel(*options);
    if (!eval->qatPath.empty())
      model.graph = trainedGraph(model, eval->qatPath);
    Executor executor(model.graph);
    bool isVoc = !eval->vocRoot.empty();
    Dataset dataset =
        isVoc ? loadVocDataset(eval->vocRoot, eval->split, model.classNames)
              : loadCocoDataset(eval->cocoJson, eval->cocoImages,
                                model.classNames);
    dataset.images = spreadImages(dataset.images, eval->limit);
    DetectorOptions detector = eval->detector;
    if (!isVoc)
      detector.maxDetections = 100; // COCO's per-image limit
    std::vector<Detections> dets =
        detectAll(executor, dataset, detector, eval->quiet ? "" : "eval");
    std::cout << fmt::format(
        "model {} (weights: {}{}), {} images, {} "
        "objects\n",
        options->cfgPath, model.weightsDescription,
        eval->qatPath.empty() ? "" : "; quantized as trained: " + eval->qatPath,
        dataset.images.size(), dataset.objectCount());
    Evaluated evaluated = evaluateSet(dataset, dets, isVoc);
    std::cout << evaluated.table;
    nlohmann::ordered_json json = std::move(evaluated.json);
    if (!eval->jsonOut.empty()) {
      json["model"] = options->cfgPath;
      json["weights"] = model.weightsDescription;
      if (!eval->qatPath.empty())
        json["qat"] = eval->qatPath;
      json["images"] = dataset.images.size();
      nlohmann::ordered_json prov = provenance(*command);
      addModelProvenance(prov, *options);
      addFileProvenance(prov, "qat", eval->qatPath);
      json["provenance"] = std::move(prov);
      writeJsonFile(eval->jsonOut, json);
    }
    if (!eval->detectionsOut.empty())
      writeJsonFile(eval->detectionsOut, detectionsJson(dataset, dets, isVoc),
                    -1);
    return 0;
  };
}

} // namespace snnc::cli
