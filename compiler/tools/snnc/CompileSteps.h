//===- CompileSteps.h - What `snnc compile` does around the pipeline -*- C++
//-*-===//
//
// The steps before and after compileModel that the command and the Python
// API (python/src/CompileBindings.cpp) share: checks before any work,
// provenance, and building the output folder aside and swapping it in.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_COMPILER_TOOLS_SNNC_COMPILESTEPS_H
#define SNNC_COMPILER_TOOLS_SNNC_COMPILESTEPS_H

#include "compiler/chip/ChipDescription.h"
#include "compiler/driver/Compile.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <string>

namespace snnc::cli {

/// `--readout-delay`'s values: "auto" or a whole number of ticks >= 0.
CLI::Validator readoutDelayValidator();

/// Sets the readout delay from a value readoutDelayValidator accepts:
/// "auto" integrates the outputs after twice their pipeline latency
/// (options.readoutAfterFill), a number N after their latency plus N.
void setReadoutDelay(CompileOptions &options, const std::string &value);

/// Refuses, before any work, an export the chip alone rules out; resolves
/// and checks the output folder (options.outDir becomes absolute).
void checkCompileRequest(CompileOptions &options,
                         const chip::ChipDescription &chip);

/// Adds the model, chip, QAT, calibration and effective conversion to
/// `provenance` and stores it in options.provenanceJson.
void setCompileProvenance(CompileOptions &options,
                          const chip::ChipDescription &chip,
                          nlohmann::ordered_json provenance);

/// Compiles into a hidden folder beside options.outDir, draws the plots
/// (unless `plots` is false) and moves it into place whole: a failed compile
/// leaves the folder as it was.
CompileResult compileIntoPlace(CompileOptions options, bool plots);

} // namespace snnc::cli

#endif // SNNC_COMPILER_TOOLS_SNNC_COMPILESTEPS_H
