//===- ImageArgs.cpp - Shared option vocabulary of the snnc subcommands ---===//
#include "compiler/tools/snnc/Commands.h"

#include "runtime/image/ImageIO.h"
#include "runtime/support/Error.h"
#include "runtime/support/Files.h"

#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <map>
#include <set>

namespace snnc::cli {

std::string defaultOutputDir(const std::string &subcommand) {
  return "out/" + subcommand;
}

CLI::Validator imageArgument(const std::string &option) {
  return CLI::Validator(
      [option](std::string &value) -> std::string {
        if (value.size() > 4 && value.compare(value.size() - 4, 4, ".cfg") == 0)
          return fmt::format("'{}' is a darknet cfg, not an image: give MODEL "
                             "before {}, or end the list with --",
                             value, option);
        std::error_code ec;
        if (std::filesystem::exists(
                std::filesystem::path(value) / "report.json", ec))
          return option == "IMAGE"
                     ? fmt::format("'{}' is a compile output folder, not "
                                   "images (snnc run OUTDIR runs it)",
                                   value)
                     : fmt::format("'{}' is a compile output folder, not "
                                   "images: give OUTDIR before {}, or end "
                                   "the list with --",
                                   value, option);
        return "";
      },
      "IMAGE|FOLDER|LIST.txt");
}

std::vector<ImageRecord> spreadImages(const std::vector<ImageRecord> &all,
                                      size_t count) {
  if (count == 0 || count >= all.size())
    return all;
  std::vector<ImageRecord> out;
  for (size_t i = 0; i < count; ++i)
    out.push_back(all[i * all.size() / count]);
  return out;
}

std::vector<std::string> uniqueStems(const std::vector<std::string> &images) {
  // A repeated stem gets "-2", "-3", ..., skipping any name another image
  // already has (x.jpg, x.png and x-2.jpg give x, x-3 and x-2).
  std::set<std::string> taken;
  for (const std::string &image : images)
    taken.insert(std::filesystem::path(image).stem().string());
  std::set<std::string> used;
  std::vector<std::string> stems;
  for (const std::string &image : images) {
    std::string stem = std::filesystem::path(image).stem().string();
    std::string name = stem;
    for (int n = 2; used.count(name) || (name != stem && taken.count(name));
         ++n)
      name = stem + "-" + std::to_string(n);
    used.insert(name);
    stems.push_back(name);
  }
  return stems;
}

std::optional<Image> loadImageOrSkip(const std::string &path,
                                     std::vector<std::string> &failed,
                                     nlohmann::ordered_json &results) {
  try {
    return loadImage(path);
  } catch (const Error &e) {
    std::cerr << "snnc: error: " << e.what() << " (skipped)\n";
    failed.push_back(path);
    results.push_back({{"image", path}, {"error", e.what()}});
    return std::nullopt;
  }
}

void writeTextOutput(const std::string &path, const std::string &text) {
  if (path == "-") {
    std::cout << text;
    std::cout.flush();
    return;
  }
  writeFileAtomic(path, text);
}

} // namespace snnc::cli
