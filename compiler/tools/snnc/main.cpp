//===- main.cpp - The snnc command-line driver ----------------------------===//
#include "compiler/tools/snnc/Commands.h"

#include "compiler/tools/common/CliSupport.h"
#include "compiler/tools/snnc/Provenance.h"
#include "runtime/support/Error.h"
#include "runtime/support/Suggest.h"

#include <tbb/global_control.h>

#include <iostream>
#include <memory>
#include <new>

namespace snnc::cli {

void addModelOptions(CLI::App &command, ModelOptions &options,
                     bool foldOption) {
  command.add_option("model", options.cfgPath, "Darknet .cfg file")
      ->required()
      ->check(CLI::ExistingFile);
  command.add_option("-w,--weights", options.weightsPath,
                     "Darknet .weights file (default: the cfg's path with "
                     ".weights)");
  command.add_flag("--random-weights", options.randomWeights,
                   "Use deterministic generated weights instead of a file");
  command.add_option("--seed", options.seed, "Seed for --random-weights");
  command.add_option("--names", options.namesPath,
                     "Class names file (default: the only *.names file next "
                     "to the cfg)");
  if (foldOption)
    command.add_flag("!--no-fold-bn", options.foldBatchNorm,
                     "Keep batch_norm ops instead of folding them into "
                     "conv2d (folded by default)");
}

static std::unique_ptr<tbb::global_control> threadLimit;

/// CLI11 reports a misspelled subcommand as "A subcommand is required";
/// name it and the known ones instead. Returns false after printing.
static bool checkSubcommandName(CLI::App &app, int argc, char **argv) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "-j" || arg == "--threads") {
      ++i; // its value
      continue;
    }
    if (!arg.empty() && arg[0] == '-')
      continue;
    for (const CLI::App *sub : app.get_subcommands({}))
      if (sub->get_name() == arg)
        return true;
    std::string known;
    for (const CLI::App *sub : app.get_subcommands({}))
      known += (known.empty() ? "" : ", ") + sub->get_name();
    std::vector<std::string> names;
    for (const CLI::App *sub : app.get_subcommands({}))
      names.push_back(sub->get_name());
    std::string guess = snnc::closestName(arg, names);
    std::cerr << "snnc: error: unknown subcommand '" << arg << "'"
              << (guess.empty() ? "" : "; did you mean '" + guess + "'?")
              << " (subcommands: " << known << ")\n";
    return false;
  }
  return true;
}

void setThreadCount(int threads) {
  if (threads > 0)
    threadLimit = std::make_unique<tbb::global_control>(
        tbb::global_control::max_allowed_parallelism, threads);
}

} // namespace snnc::cli

int main(int argc, char **argv) {
  using namespace snnc::cli;
  CLI::App app{"snnc: compiles Tiny-YOLO detectors to spiking neural "
               "networks for TrueNorth-style neuromorphic chips"};
  app.require_subcommand(1);
  // `snnc detect ... -j 1` works too: options a subcommand does not know
  // fall through to the top level.
  app.fallthrough();
  addVersionFlag(app, "snnc");
  setCommandLine(argc, argv);
  int threads = 0;
  app.add_option("-j,--threads", threads,
                 "Worker threads (default: all cores); results do not depend "
                 "on it; before or after the subcommand")
      ->check(atLeast(0));
  std::vector<std::pair<CLI::App *, Runner>> commands;
  auto add = [&](Runner runner) {
    commands.emplace_back(app.get_subcommands({}).back(), std::move(runner));
  };
  add(registerImport(app));
  add(registerStats(app));
  add(registerDetect(app));
  add(registerEval(app));
  add(registerGenWeights(app));
  add(registerCalibrate(app));
  add(registerSweep(app));
  add(registerChip(app));
  add(registerCompile(app));
  add(registerVerify(app));
  add(registerRun(app));
  add(registerPlot(app));

  if (!checkSubcommandName(app, argc, argv))
    return 1;
  if (int status = parseCommandLine(app, argc, argv, "snnc"); status >= 0)
    return status;
  setThreadCount(threads);
  try {
    for (auto &[command, runner] : commands)
      if (command->parsed())
        return runner();
  } catch (const snnc::Error &e) {
    std::cerr << "snnc: error: " << e.what() << "\n";
    return 1;
  } catch (const std::bad_alloc &) {
    // Mapping a large network onto small cores can need more memory than
    // the machine has (every core, neuron and route is explicit).
    std::cerr << "snnc: error: out of memory (the process could not "
                 "allocate more; a mapping onto a binary-crossbar chip can "
                 "be made smaller with --axon-copies 2)\n";
    return 1;
  } catch (const std::exception &e) {
    std::cerr << "snnc: internal error: " << e.what() << "\n";
    return 2;
  }
  return 0;
}
