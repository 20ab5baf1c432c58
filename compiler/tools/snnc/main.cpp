//===- main.cpp - The snnc command-line driver ----------------------------===//
#include "compiler/tools/snnc/Commands.h"

#include "runtime/support/Error.h"

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
  int threads = 0;
  app.add_option("-j,--threads", threads,
                 "Worker threads (default: all cores); results do not depend "
                 "on it")
      ->check(CLI::NonNegativeNumber);
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

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError &e) {
    if (e.get_exit_code() == 0) // --help and friends
      return app.exit(e);
    std::cerr << "snnc: error: " << e.what() << "\n";
    return 1;
  }
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
