//===- EvalCommand.cpp - snnc eval: mAP on VOC or COCO --------------------===//
#include "compiler/tools/snnc/Commands.h"

#include "compiler/calibration/QatGraph.h"
#include "runtime/eval/CocoDataset.h"
#include "runtime/eval/CocoEval.h"
#include "runtime/eval/Report.h"
#include "runtime/eval/VocDataset.h"
#include "runtime/eval/VocEval.h"
#include "runtime/image/ImageIO.h"
#include "runtime/inference/Detector.h"
#include "runtime/support/Error.h"
#include "runtime/support/Progress.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <tbb/parallel_for.h>

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

/// Runs the detector over every image of `dataset`, in parallel; the result
/// for image i is stored at i, so the order never depends on scheduling.
std::vector<Detections> detectAll(const Executor &executor,
                                  const Dataset &dataset,
                                  const DetectorOptions &options, bool quiet) {
  std::vector<Detections> results(dataset.images.size());
  Progress progress("eval", dataset.images.size(), !quiet);
  tbb::parallel_for(size_t(0), dataset.images.size(), [&](size_t i) {
    Image image = loadImage(dataset.images[i].path);
    results[i] = detect(executor, image, options);
    progress.step();
  });
  if (!quiet)
    std::cerr << fmt::format("eval: {} images in {:.1f} s\n",
                             dataset.images.size(), progress.elapsed());
  return results;
}

nlohmann::json vocJson(const VocResult &r) {
  nlohmann::json j;
  j["metric"] = "voc";
  j["map07"] = r.map07;
  j["mapAll"] = r.mapAll;
  for (const VocClassResult &c : r.classes)
    j["classes"].push_back({{"name", c.name},
                            {"positives", c.numPositives},
                            {"detections", c.numDetections},
                            {"ap07", c.ap07},
                            {"apAll", c.apAll}});
  return j;
}

nlohmann::json cocoJson(const CocoResult &r) {
  nlohmann::json j;
  j["metric"] = "coco";
  static const char *names[12] = {"AP",  "AP50", "AP75",  "APs", "APm", "APl",
                                  "AR1", "AR10", "AR100", "ARs", "ARm", "ARl"};
  auto stats = r.stats();
  for (int i = 0; i < 12; ++i)
    j[names[i]] = stats[i];
  for (const CocoClassResult &c : r.classes)
    j["classes"].push_back({{"name", c.name},
                            {"groundTruth", c.numGroundTruth},
                            {"detections", c.numDetections},
                            {"ap", c.ap},
                            {"ap50", c.ap50}});
  return j;
}

/// Detections in the COCO results format ([{image_id, category_id, bbox
/// [x, y, w, h], score}]), which pycocotools' loadRes reads. For VOC sets the
/// image id is the VOC id string and the category its name.
nlohmann::json detectionsJson(const Dataset &dataset,
                              const std::vector<Detections> &dets, bool isVoc) {
  nlohmann::json list = nlohmann::json::array();
  for (size_t i = 0; i < dets.size(); ++i) {
    const ImageRecord &image = dataset.images[i];
    for (const Detection &d : dets[i]) {
      nlohmann::json j;
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

void writeJson(const std::string &path, const nlohmann::json &json,
               int indent) {
  std::ofstream out(path);
  out << json.dump(indent) << "\n";
  if (!out)
    fail("{}: cannot write", path);
}

} // namespace

Runner registerEval(CLI::App &app) {
  auto *command = app.add_subcommand(
      "eval", "Evaluate a model's detections: VOC mAP or COCO AP");
  auto options = std::make_shared<ModelOptions>();
  auto eval = std::make_shared<EvalOptions>();
  eval->detector.threshold = 0.005f; // darknet's validation threshold
  addModelOptions(*command, *options);
  auto *voc = command->add_option("--voc", eval->vocRoot,
                                  "VOCdevkit root (or its VOC2007 folder)");
  command
      ->add_option("--split", eval->split,
                   "Image set under ImageSets/Main (e.g. test, dev)")
      ->needs(voc);
  auto *coco =
      command->add_option("--coco", eval->cocoJson, "COCO instances JSON");
  command->add_option("--images", eval->cocoImages, "Folder of the COCO images")
      ->needs(coco);
  voc->excludes(coco);
  command->add_option("--limit", eval->limit,
                      "Evaluate N images spread over the set");
  command
      ->add_option("--thresh", eval->detector.threshold,
                   "Score threshold for detections")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  command->add_option("--nms", eval->detector.nms, "NMS IoU threshold")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  command->add_flag("--letterbox", eval->detector.letterbox,
                    "Letterbox images instead of resizing them (YOLOv3)");
  command->add_option("--json", eval->jsonOut, "Also write results as JSON");
  command->add_option("--detections-json", eval->detectionsOut,
                      "Write every detection in COCO results format");
  command->add_option("--qat", eval->qatPath,
                      "QAT metadata (MODEL.qat.json): evaluate the network "
                      "the model was trained as (activations and image "
                      "quantized) instead of float activations");
  command->add_flag("-q,--quiet", eval->quiet, "No progress output");
  return [=]() {
    if (eval->vocRoot.empty() && eval->cocoJson.empty())
      fail("eval needs --voc ROOT --split NAME or --coco JSON --images DIR");
    if (!eval->vocRoot.empty() && eval->split.empty())
      fail("--voc needs --split NAME");
    if (!eval->cocoJson.empty() && eval->cocoImages.empty())
      fail("--coco needs --images DIR");
    Model model = loadModel(*options);
    if (!eval->qatPath.empty())
      model.graph = quantizeGraph(model.graph, model.network,
                                  readQatMetadata(eval->qatPath));
    Executor executor(model.graph);
    bool isVoc = !eval->vocRoot.empty();
    Dataset dataset =
        isVoc ? loadVocDataset(eval->vocRoot, eval->split, model.classNames)
              : loadCocoDataset(eval->cocoJson, eval->cocoImages,
                                model.classNames);
    if (eval->limit && eval->limit < dataset.images.size()) {
      // Spread over the set, as sweep and run pick them.
      std::vector<ImageRecord> picked;
      for (size_t i = 0; i < eval->limit; ++i)
        picked.push_back(
            dataset.images[i * dataset.images.size() / eval->limit]);
      dataset.images = std::move(picked);
    }
    DetectorOptions detector = eval->detector;
    if (!isVoc)
      detector.maxDetections = 100; // COCO's per-image limit
    std::vector<Detections> dets =
        detectAll(executor, dataset, detector, eval->quiet);
    std::cout << fmt::format(
        "model {} (weights: {}{}), {} images, {} "
        "objects\n",
        options->cfgPath, model.weightsDescription,
        eval->qatPath.empty() ? "" : "; quantized as trained: " + eval->qatPath,
        dataset.images.size(), dataset.objectCount());
    nlohmann::json json;
    if (isVoc) {
      VocResult r = evaluateVoc(dataset, dets);
      std::cout << formatVocReport(r);
      json = vocJson(r);
    } else {
      CocoResult r = evaluateCoco(dataset, dets);
      std::cout << formatCocoReport(r);
      json = cocoJson(r);
    }
    if (!eval->jsonOut.empty()) {
      json["model"] = options->cfgPath;
      json["weights"] = model.weightsDescription;
      if (!eval->qatPath.empty())
        json["qat"] = eval->qatPath;
      json["images"] = dataset.images.size();
      writeJson(eval->jsonOut, json, 2);
    }
    if (!eval->detectionsOut.empty())
      writeJson(eval->detectionsOut, detectionsJson(dataset, dets, isVoc), -1);
    return 0;
  };
}

} // namespace snnc::cli
