//===- Commands.h - snnc subcommands ----------------------------*- C++ -*-===//
//
// Each subcommand registers its options on the CLI11 app and returns the
// function that runs it. Runners throw snnc::Error on bad input; main()
// prints it and exits with status 1.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_TOOLS_SNNC_COMMANDS_H
#define SNNC_TOOLS_SNNC_COMMANDS_H

#include "compiler/driver/ModelLoader.h"

#include <CLI/CLI.hpp>

#include <functional>

namespace snnc::cli {

using Runner = std::function<int()>;

/// Adds the options that name a model (cfg, weights, names, ...).
/// `foldOption` adds --no-fold-bn, for commands whose pipeline folds batch
/// norm by default and may keep it.
void addModelOptions(CLI::App &command, ModelOptions &options,
                     bool foldOption = true);

Runner registerImport(CLI::App &app);
Runner registerStats(CLI::App &app);
Runner registerDetect(CLI::App &app);
Runner registerEval(CLI::App &app);
Runner registerGenWeights(CLI::App &app);
Runner registerSweep(CLI::App &app);
Runner registerCalibrate(CLI::App &app);
Runner registerChip(CLI::App &app);
Runner registerCompile(CLI::App &app);
Runner registerVerify(CLI::App &app);
Runner registerRun(CLI::App &app);

/// Sets the number of worker threads (0: all cores) for the whole process.
void setThreadCount(int threads);

} // namespace snnc::cli

#endif // SNNC_TOOLS_SNNC_COMMANDS_H
