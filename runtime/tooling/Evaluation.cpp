//===- Evaluation.cpp - DNN detections over a set, results as JSON --------===//
#include "runtime/tooling/Evaluation.h"

#include "runtime/image/ImageIO.h"
#include "runtime/support/Error.h"
#include "runtime/support/Files.h"
#include "runtime/support/Progress.h"

#include <fmt/format.h>
#include <tbb/parallel_for.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <unistd.h>

namespace snnc {

std::vector<Detections> detectAll(const Executor &executor,
                                  const Dataset &dataset,
                                  const DetectorOptions &options,
                                  const std::string &label) {
  std::vector<Detections> results(dataset.images.size());
  Progress progress(label, dataset.images.size(), !label.empty());
  tbb::parallel_for(size_t(0), dataset.images.size(), [&](size_t i) {
    Image image = loadImage(dataset.images[i].path);
    results[i] = detect(executor, image, options);
    progress.step();
  });
  if (!label.empty())
    std::cerr << fmt::format("{}: {} images in {:.1f} s\n", label,
                             dataset.images.size(), progress.elapsed());
  return results;
}

nlohmann::ordered_json vocJson(const VocResult &r) {
  nlohmann::ordered_json j;
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

nlohmann::ordered_json cocoJson(const CocoResult &r) {
  nlohmann::ordered_json j;
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

namespace {
/// Where `--json -` writes: standard output as the process started with it.
int jsonFd = STDOUT_FILENO;
} // namespace

void reserveStdoutForJson() {
  std::cout.flush();
  std::fflush(stdout);
  jsonFd = ::dup(STDOUT_FILENO);
  ::dup2(STDERR_FILENO, STDOUT_FILENO);
}

void writeJsonFile(const std::string &path, const nlohmann::ordered_json &json,
                   int indent) {
  if (path == "-") { // --json -: to standard output, alone
    std::cout.flush();
    std::fflush(stdout);
    std::string text = json.dump(indent) + "\n";
    for (size_t done = 0; done < text.size();) {
      ssize_t n = ::write(jsonFd, text.data() + done, text.size() - done);
      if (n <= 0)
        fail("-: cannot write the JSON to standard output: {}",
             std::strerror(errno));
      done += static_cast<size_t>(n);
    }
    return;
  }
  writeFileAtomic(path, json.dump(indent) + "\n");
}

} // namespace snnc
