//===- CompiledFolder.h - A compile output folder, checked whole -*- C++
//-*-===//
//
// `snnc compile` writes report.json last, with the SHA-256 of every
// configuration file it wrote and of classes.names. Opening the folder
// checks each of them present against it, so a folder that mixes files of two
// compilations (a binary configuration of one model beside the report of
// another) is refused instead of emulating one network while describing
// another.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_EMULATOR_COMPILEDFOLDER_H
#define SNNC_RUNTIME_EMULATOR_COMPILEDFOLDER_H

#include <nlohmann/json.hpp>

#include <string>

namespace snnc::emu {

struct CompiledFolder {
  std::string configPath; ///< The configuration to load (binary first).
  std::string configBytes;
  /// report.json (null when the folder has none: a configuration copied
  /// alone, which cannot be checked; `note` says so).
  nlohmann::json report;
  std::string note;
};

/// Finds the configuration in `outDir`, reads it and checks it against
/// report.json; throws snnc::Error naming the file and both hashes on a
/// mismatch.
CompiledFolder openCompiledFolder(const std::string &outDir);

} // namespace snnc::emu

#endif // SNNC_RUNTIME_EMULATOR_COMPILEDFOLDER_H
