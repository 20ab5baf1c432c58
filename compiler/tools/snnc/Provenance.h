//===- Provenance.h - What made a result: version, command, inputs -*- C++
//-*-===//
//
// Every JSON result snnc writes (report.json, --json, --energy-json) carries
// a "provenance" object: the snnc version and git revision, the full command
// line and every option's value (defaults included), and the SHA-256 of the
// model files, the QAT metadata and the chip description, with the list of
// calibration images. Two results with equal provenance were made from the
// same inputs by the same build.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_TOOLS_SNNC_PROVENANCE_H
#define SNNC_TOOLS_SNNC_PROVENANCE_H

#include "compiler/driver/ModelLoader.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace snnc::cli {

/// Remembers the process's command line (main() calls it once).
void setCommandLine(int argc, char **argv);

/// Version, revision, command line and the options of `command` (the
/// parsed subcommand).
nlohmann::ordered_json provenance(const CLI::App &command);

/// Adds "model": the cfg, the weights (or the generated weights' seed) and
/// the names file, each with its path and SHA-256.
void addModelProvenance(nlohmann::ordered_json &json,
                        const ModelOptions &model);

/// Adds "chip": the profile name or file and the SHA-256 of its YAML text.
void addChipProvenance(nlohmann::ordered_json &json, const std::string &chip);

/// Adds `key`: {"path", "sha256"} of a file (skipped when `path` is empty).
void addFileProvenance(nlohmann::ordered_json &json, const std::string &key,
                       const std::string &path);

} // namespace snnc::cli

#endif // SNNC_TOOLS_SNNC_PROVENANCE_H
