//===- RunCommand.cpp - snnc run: a compiled network on the emulator ------===//
//
// Loads the configuration `snnc compile` wrote into OUTDIR, runs images
// through the cycle-accurate emulator (runtime/emulator) with the host
// session's encoding and decoding, and reports detections, mAP at
// checkpoints of T, and the energy per image.
//
//===----------------------------------------------------------------------===//
#include "compiler/tools/snnc/Commands.h"

#include "runtime/chip/ConfigIO.h"
#include "runtime/emulator/ChipPort.h"
#include "runtime/emulator/Energy.h"
#include "runtime/emulator/HostSession.h"
#include "runtime/eval/ClassNames.h"
#include "runtime/eval/CocoDataset.h"
#include "runtime/eval/CocoEval.h"
#include "runtime/eval/Report.h"
#include "runtime/eval/VocDataset.h"
#include "runtime/eval/VocEval.h"
#include "runtime/image/Draw.h"
#include "runtime/image/ImageIO.h"
#include "runtime/support/Error.h"
#include "runtime/support/Progress.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

namespace fs = std::filesystem;

namespace snnc::cli {

namespace {

struct RunArgs {
  std::string outDir;
  std::vector<std::string> images;
  std::string vocRoot, split, cocoJson, cocoImages;
  std::string resultDir, jsonOut, energyJson, namesPath;
  std::string format = "png";
  int ticks = 64;
  std::vector<int> checkpoints;
  size_t limit = 0;
  float threshold = -1; ///< -1: 0.25 for images, 0.005 for evaluation
  float nms = 0.45f;
  bool letterbox = false, quiet = false;
};

/// darknet's data/voc.names order.
const std::vector<std::string> kVocNames = {
    "aeroplane",   "bicycle", "bird",  "boat",      "bottle",
    "bus",         "car",     "cat",   "chair",     "cow",
    "diningtable", "dog",     "horse", "motorbike", "person",
    "pottedplant", "sheep",   "sofa",  "train",     "tvmonitor"};

std::string readBytes(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    fail("{}: cannot read", path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int headClasses(const chipcfg::ChipConfig &config) {
  const chipcfg::OutputMap &o = config.outputs.front();
  return o.isRegion ? o.region.classes : o.yolo.classes;
}

/// --names; else the only *.names file in OUTDIR; else the VOC names for a
/// 20-class network; else class0, class1, ... (not for evaluation).
std::vector<std::string> classNames(const RunArgs &a,
                                    const chipcfg::ChipConfig &config) {
  const int classes = headClasses(config);
  std::string path = a.namesPath;
  if (path.empty()) {
    std::vector<fs::path> found;
    std::error_code ec;
    for (const auto &entry : fs::directory_iterator(a.outDir, ec))
      if (entry.path().extension() == ".names")
        found.push_back(entry.path());
    if (found.size() == 1)
      path = found.front().string();
  }
  if (!path.empty()) {
    std::vector<std::string> names = readClassNames(path);
    if (static_cast<int>(names.size()) != classes)
      fail("{}: has {} class names but the network has {} classes", path,
           names.size(), classes);
    return names;
  }
  if (classes == 20)
    return kVocNames;
  if (!a.vocRoot.empty() || !a.cocoJson.empty())
    fail("evaluation needs the class names of this {}-class network: --names "
         "FILE or one .names file in {}",
         classes, a.outDir);
  std::vector<std::string> names;
  for (int i = 0; i < classes; ++i)
    names.push_back("class" + std::to_string(i));
  return names;
}

/// The checkpoints: given, else {T} for images and 8, 16, 32, ... < T and T
/// for evaluation.
std::vector<int> checkpoints(const RunArgs &a, bool evaluating) {
  if (!a.checkpoints.empty()) {
    for (int t : a.checkpoints)
      if (t < 1 || t > a.ticks)
        fail("--checkpoints: {} is outside 1..{} (--ticks)", t, a.ticks);
    std::vector<int> c = a.checkpoints;
    std::sort(c.begin(), c.end());
    c.erase(std::unique(c.begin(), c.end()), c.end());
    return c;
  }
  std::vector<int> c;
  if (evaluating)
    for (int t = 8; t < a.ticks; t *= 2)
      c.push_back(t);
  c.push_back(a.ticks);
  return c;
}

nlohmann::json detectionJson(const Detection &d,
                             const std::vector<std::string> &names) {
  return {{"class", d.classId < static_cast<int>(names.size())
                        ? names[d.classId]
                        : "class" + std::to_string(d.classId)},
          {"classId", d.classId},
          {"score", d.score},
          {"box", {d.box.x0, d.box.y0, d.box.x1, d.box.y1}}};
}

void writeJson(const std::string &path, const nlohmann::json &json) {
  std::ofstream out(path);
  out << json.dump(2) << "\n";
  if (!out)
    fail("{}: cannot write", path);
}

} // namespace

Runner registerRun(CLI::App &app) {
  auto *command = app.add_subcommand(
      "run", "Run a compiled network (snnc compile's OUTDIR) on the "
             "cycle-accurate chip emulator: detections, mAP by time steps, "
             "energy");
  auto a = std::make_shared<RunArgs>();
  command
      ->add_option("outdir", a->outDir,
                   "Folder with the configuration (network.snncfg or "
                   "network.snncfg.txt)")
      ->required()
      ->check(CLI::ExistingDirectory);
  auto *images =
      command->add_option("--images", a->images, "Images to detect objects in");
  auto *voc = command->add_option("--voc", a->vocRoot,
                                  "VOCdevkit root (or its VOC2007 folder)");
  command
      ->add_option("--split", a->split,
                   "Image set under ImageSets/Main (e.g. test, dev)")
      ->needs(voc);
  auto *coco =
      command->add_option("--coco", a->cocoJson, "COCO instances JSON");
  command
      ->add_option("--images-dir", a->cocoImages, "Folder of the COCO images")
      ->needs(coco);
  voc->excludes(coco);
  images->excludes(voc)->excludes(coco);
  command->add_option("--ticks", a->ticks, "Time steps (ticks) per image")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  command
      ->add_option("--checkpoints", a->checkpoints,
                   "Ticks at which to decode (default: T for images; 8, 16, "
                   "32, ... and T for evaluation)")
      ->delimiter(',');
  command->add_option("-o,--output-dir", a->resultDir,
                      "Folder for detections.json and annotated images");
  command->add_option("--format", a->format, "Annotated image format")
      ->check(CLI::IsMember(std::vector<std::string>{"png", "jpg"}));
  command->add_option(
      "--limit", a->limit,
      "Evaluate N images spread over the set (as snnc sweep --limit)");
  command->add_option("--names", a->namesPath,
                      "Class names file (default: the only *.names file in "
                      "OUTDIR)");
  command
      ->add_option("--thresh", a->threshold,
                   "Score threshold (default 0.25 for --images, 0.005 for "
                   "evaluation)")
      ->check(CLI::Range(0.0, 1.0));
  command->add_option("--nms", a->nms, "NMS IoU threshold")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  command->add_flag("--letterbox", a->letterbox,
                    "Letterbox images instead of resizing them (YOLOv3)");
  command->add_option("--json", a->jsonOut,
                      "Write the evaluation results (mAP by T) as JSON");
  command->add_option("--energy-json", a->energyJson,
                      "Write the energy report as JSON");
  command->add_flag("-q,--quiet", a->quiet, "No progress output");
  return [=]() {
    const bool evaluating = !a->vocRoot.empty() || !a->cocoJson.empty();
    if (!evaluating && a->images.empty())
      fail("run needs --images FILES... or --voc ROOT --split NAME or --coco "
           "JSON --images-dir DIR");
    if (!a->vocRoot.empty() && a->split.empty())
      fail("--voc needs --split NAME");
    if (!a->cocoJson.empty() && a->cocoImages.empty())
      fail("--coco needs --images-dir DIR");

    const std::string path = emu::findConfigFile(a->outDir);
    const std::string bytes = readBytes(path);
    const chipcfg::ChipConfig config = chipcfg::parseConfig(bytes, path);
    std::unique_ptr<emu::ChipPort> port = emu::makeLocalChip();
    port->configure(bytes);
    emu::HostSession session(config, *port);
    const std::vector<std::string> names = classNames(*a, config);

    emu::HostRunOptions run;
    run.ticks = a->ticks;
    run.checkpoints = checkpoints(*a, evaluating);
    DetectorOptions detector;
    detector.nms = a->nms;
    detector.letterbox = a->letterbox;
    detector.threshold =
        a->threshold >= 0 ? a->threshold : (evaluating ? 0.005f : 0.25f);
    if (!a->cocoJson.empty())
      detector.maxDetections = 100; // COCO's per-image limit

    std::cout << fmt::format("network '{}' on chip '{}' ({}): {} cores, {} "
                             "ticks per image, checkpoints",
                             config.network, config.chip.profile, path,
                             config.cores.size(), a->ticks);
    for (int t : run.checkpoints)
      std::cout << " " << t;
    std::cout << std::endl; // before the progress lines on stderr

    if (!a->resultDir.empty()) {
      std::error_code ec;
      fs::create_directories(a->resultDir, ec);
      if (ec)
        fail("{}: cannot create the output folder: {}", a->resultDir,
             ec.message());
    }

    std::vector<emu::CoreCounters> totals;
    Dataset dataset;
    if (evaluating) {
      dataset = !a->vocRoot.empty()
                    ? loadVocDataset(a->vocRoot, a->split, names)
                    : loadCocoDataset(a->cocoJson, a->cocoImages, names);
      if (a->limit && a->limit < dataset.images.size()) {
        // Spread over the split, as `snnc sweep --limit` picks them, so the
        // two evaluate the same images.
        std::vector<ImageRecord> picked;
        for (size_t i = 0; i < a->limit; ++i)
          picked.push_back(
              dataset.images[i * dataset.images.size() / a->limit]);
        dataset.images = std::move(picked);
      }
    } else {
      for (const std::string &image : a->images) {
        ImageRecord r;
        r.id = fs::path(image).stem().string();
        r.path = image;
        dataset.images.push_back(r);
      }
    }
    const size_t count = dataset.images.size();
    // [checkpoint][image]
    std::vector<std::vector<Detections>> dets(run.checkpoints.size(),
                                              std::vector<Detections>(count));
    nlohmann::json detectionsOut = nlohmann::json::array();
    Progress progress("run", count, !a->quiet && evaluating);
    for (size_t i = 0; i < count; ++i) {
      const ImageRecord &record = dataset.images[i];
      Image image = loadImage(record.path);
      Tensor input = session.preprocess(image, a->letterbox);
      emu::HostRunResult r = session.run(input, run);
      emu::accumulateCounters(totals, r.counters);
      for (size_t k = 0; k < r.checkpoints.size(); ++k)
        dets[k][i] =
            session.decode(r.heads[k], image.width, image.height, detector);
      progress.step();
      if (evaluating)
        continue;
      const Detections &atT = dets.back()[i];
      std::cout << fmt::format("{}: {} detections at T = {} ({}x{})\n",
                               record.path, atT.size(), a->ticks, image.width,
                               image.height);
      for (const Detection &d : atT)
        std::cout << fmt::format(
            "  {:<14} {:.3f}  box ({:.0f}, {:.0f}) - ({:.0f}, {:.0f})\n",
            d.classId < static_cast<int>(names.size()) ? names[d.classId] : "?",
            d.score, d.box.x0, d.box.y0, d.box.x1, d.box.y1);
      if (a->resultDir.empty())
        continue;
      nlohmann::json entry;
      entry["image"] = record.path;
      entry["width"] = image.width;
      entry["height"] = image.height;
      for (size_t k = 0; k < r.checkpoints.size(); ++k) {
        nlohmann::json list = nlohmann::json::array();
        for (const Detection &d : dets[k][i])
          list.push_back(detectionJson(d, names));
        entry["checkpoints"].push_back(
            {{"ticks", r.checkpoints[k]}, {"detections", list}});
      }
      detectionsOut.push_back(entry);
      Rgb8Image annotated = loadRgb8(record.path);
      drawDetections(annotated, atT, names);
      fs::path out =
          fs::path(a->resultDir) / (record.id + "-detections." + a->format);
      writeImage(out.string(), annotated);
      std::cout << "  wrote " << out.string() << "\n";
    }
    if (!a->quiet)
      std::cerr << fmt::format("run: {} images in {:.1f} s ({:.2f} s per "
                               "image)\n",
                               count, progress.elapsed(),
                               count ? progress.elapsed() / count : 0.0);
    if (!a->resultDir.empty() && !evaluating) {
      std::string out = (fs::path(a->resultDir) / "detections.json").string();
      writeJson(out, detectionsOut);
      std::cout << "wrote " << out << "\n";
    }

    nlohmann::json results;
    if (evaluating) {
      std::cout << fmt::format("{} images, {} objects\n", count,
                               dataset.objectCount());
      const bool isVoc = !a->vocRoot.empty();
      std::cout << (isVoc ? "ticks  mAP (VOC07 11-point)  mAP (all-point)\n"
                          : "ticks  AP[.5:.95]  AP50\n");
      for (size_t k = 0; k < run.checkpoints.size(); ++k) {
        nlohmann::json row;
        row["ticks"] = run.checkpoints[k];
        const bool last = k + 1 == run.checkpoints.size();
        if (isVoc) {
          VocResult v = evaluateVoc(dataset, dets[k]);
          std::cout << fmt::format("{:>5}  {:>20.2f}  {:>15.2f}\n",
                                   run.checkpoints[k], 100 * v.map07,
                                   100 * v.mapAll);
          row["map07"] = v.map07;
          row["mapAll"] = v.mapAll;
          if (last)
            std::cout << "\nat T = " << run.checkpoints[k] << ":\n"
                      << formatVocReport(v);
        } else {
          CocoResult c = evaluateCoco(dataset, dets[k]);
          std::cout << fmt::format("{:>5}  {:>10.2f}  {:>5.2f}\n",
                                   run.checkpoints[k], 100 * c.ap,
                                   100 * c.ap50);
          row["ap"] = c.ap;
          row["ap50"] = c.ap50;
          if (last)
            std::cout << "\nat T = " << run.checkpoints[k] << ":\n"
                      << formatCocoReport(c);
        }
        results["checkpoints"].push_back(row);
      }
      results["metric"] = isVoc ? "voc" : "coco";
      results["images"] = count;
    }

    emu::EnergyReport energy =
        emu::computeEnergy(config, totals, count, a->ticks);
    std::cout << "\n" << emu::formatEnergyReport(energy);
    if (!a->energyJson.empty())
      writeJson(a->energyJson, emu::energyJson(energy));
    if (!a->jsonOut.empty()) {
      results["network"] = config.network;
      results["profile"] = config.chip.profile;
      results["ticks"] = a->ticks;
      results["energy"] = emu::energyJson(energy);
      writeJson(a->jsonOut, results);
    }
    return 0;
  };
}

} // namespace snnc::cli
