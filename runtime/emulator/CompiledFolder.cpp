//===- CompiledFolder.cpp - A compile output folder, checked whole --------===//
#include "runtime/emulator/CompiledFolder.h"

#include "runtime/emulator/HostSession.h"
#include "runtime/support/Error.h"
#include "runtime/support/Files.h"
#include "runtime/support/Sha256.h"

#include <filesystem>

namespace fs = std::filesystem;

namespace snnc::emu {

CompiledFolder openCompiledFolder(const std::string &outDir) {
  CompiledFolder folder;
  folder.configPath = findConfigFile(outDir);
  folder.configBytes = readFileBytes(folder.configPath);
  const fs::path reportPath = fs::path(outDir) / "report.json";
  std::error_code ec;
  if (!fs::is_regular_file(reportPath, ec)) {
    folder.note = fmt::format("{}: no report.json: the configuration cannot "
                              "be checked against its compilation",
                              outDir);
    return folder;
  }
  try {
    folder.report = nlohmann::json::parse(readFileBytes(reportPath.string()));
  } catch (const nlohmann::json::exception &e) {
    fail("{}: not valid JSON ({})", reportPath.string(), e.what());
  }
  auto hashes = folder.report.find("configuration");
  if (hashes == folder.report.end() || !hashes->is_object()) {
    folder.note = fmt::format("{}: written before reports named their "
                              "configuration files by content: not checked",
                              reportPath.string());
    return folder;
  }
  for (const char *name :
       {kConfigFileName, kConfigTextFileName, "classes.names"}) {
    fs::path file = fs::path(outDir) / name;
    if (!fs::is_regular_file(file, ec))
      continue;
    auto expected = hashes->find(name);
    std::string actual = file.string() == folder.configPath
                             ? sha256Hex(folder.configBytes)
                             : sha256OfFile(file.string());
    if (expected == hashes->end() && std::string(name) == "classes.names")
      continue; // reports of earlier versions hashed the configuration only
    if (expected == hashes->end() || !expected->is_string())
      fail("{}: report.json does not list it: the folder mixes two "
           "compilations; compile again into this folder",
           file.string());
    if (expected->get<std::string>() != actual)
      fail("{}: its SHA-256 {} differs from {} in report.json: the folder "
           "mixes two compilations; compile again into this folder",
           file.string(), actual.substr(0, 16),
           expected->get<std::string>().substr(0, 16));
  }
  return folder;
}

} // namespace snnc::emu
