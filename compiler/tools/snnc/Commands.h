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
#include "compiler/tools/common/CliSupport.h"
#include "runtime/eval/Dataset.h"

#include "runtime/image/Image.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <functional>
#include <optional>

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
Runner registerPlot(CLI::App &app);
Runner registerSimulate(CLI::App &app);

/// The one vocabulary of options (docs/CLI.md): defaults every subcommand
/// shares.
/// Output folder of a subcommand that writes files: out/SUBCOMMAND.
std::string defaultOutputDir(const std::string &subcommand);
/// Normalization percentile of calibrated conversions in the graph-level
/// simulator (sweep): measured best from T = 128 on (docs/RESULTS.md).
constexpr float kDefaultPercentile = 99.99f;
/// The same for a chip (compile, verify): at tens of chip ticks a lower
/// ceiling fires sooner; chosen on voc07-train for yolo-lite on truenorth-x
/// (docs/RESULTS.md, "Readout delay and percentile").
constexpr float kDefaultChipPercentile = 99.9f;
/// Calibration images taken from --calib-voc.
constexpr size_t kDefaultCalibCount = 64;

/// Validates one entry of an image list option: a darknet cfg there is the
/// MODEL swallowed by the list (`--calib-images a.jpg model.cfg`).
CLI::Validator imageArgument(const std::string &option);

/// `count` images spread evenly over `all` (every all.size()/count-th, so a
/// subset spans the whole split); all of them when count is 0 or too big.
/// eval, run, sweep, calibrate and compile pick the same images.
std::vector<ImageRecord> spreadImages(const std::vector<ImageRecord> &all,
                                      size_t count);

/// The stems of the annotated pictures of `images`: each image's file stem,
/// with "-2", "-3", ... added where a stem repeats (a.jpg in two folders),
/// so no picture overwrites another.
std::vector<std::string> uniqueStems(const std::vector<std::string> &images);

/// Loads one image of a batch; one that cannot be read must not cost the
/// rest: prints `snnc: error: ... (skipped)`, records the path in `failed`
/// and `{"image", "error"}` in `results`, and returns nothing.
std::optional<Image> loadImageOrSkip(const std::string &path,
                                     std::vector<std::string> &failed,
                                     nlohmann::ordered_json &results);

/// Writes a command's text output: to stdout for "-", else atomically to
/// the file.
void writeTextOutput(const std::string &path, const std::string &text);

/// Sets the number of worker threads (0: all cores) for the whole process.
void setThreadCount(int threads);

} // namespace snnc::cli

#endif // SNNC_TOOLS_SNNC_COMMANDS_H
