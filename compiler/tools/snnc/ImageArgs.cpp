//===- ImageArgs.cpp - Shared option vocabulary of the snnc subcommands ---===//
#include "compiler/tools/snnc/Commands.h"

#include "runtime/support/Files.h"

#include <fmt/format.h>

#include <iostream>

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

void writeTextOutput(const std::string &path, const std::string &text) {
  if (path == "-") {
    std::cout << text;
    std::cout.flush();
    return;
  }
  writeFileAtomic(path, text);
}

} // namespace snnc::cli
