//===- main.cpp - The snnc command-line driver ----------------------------===//
#include "compiler/tools/snnc/Commands.h"

#include "compiler/tools/common/CliSupport.h"
#include "compiler/tools/snnc/Provenance.h"
#include "runtime/parallel/Ranks.h"
#include "runtime/support/Error.h"
#include "runtime/support/MemoryBudget.h"
#include "runtime/support/Suggest.h"
#include "runtime/tooling/Evaluation.h"

#include <tbb/global_control.h>

#include <iostream>
#include <memory>
#include <new>

namespace snnc::cli {

void addModelOptions(CLI::App &command, ModelOptions &options,
                     bool foldOption) {
  command
      .add_option("model", options.cfgPath,
                  "Darknet .cfg file, or an .onnx model (weights inside)")
      ->required()
      ->check(CLI::ExistingFile);
  command.add_option("-w,--weights", options.weightsPath,
                     "Darknet .weights file (default: the cfg's path with "
                     ".weights)");
  command
      .add_option("--head", options.headPath,
                  "ONNX models: the detection heads as darknet [region]/"
                  "[yolo] sections (default: the model's 'snnc.head' "
                  "metadata)")
      ->check(CLI::ExistingFile);
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
    if (arg == "-j" || arg == "--threads" || arg == "--max-memory") {
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

namespace {
/// Under mpirun, `snnc run` spreads its images over the ranks; every other
/// subcommand would do the same work N times, so rank 0 refuses it.
int runCommand(
    const std::vector<std::pair<CLI::App *, snnc::cli::Runner>> &commands) {
  const snnc::par::Ranks &ranks = snnc::par::ranks();
  for (auto &[command, runner] : commands)
    if (command->parsed()) {
      if (ranks.size > 1 && command->get_name() != "run") {
        if (ranks.root())
          std::cerr << "snnc: error: only snnc run spreads its work over "
                       "mpirun ranks; run '"
                    << command->get_name() << "' without mpirun\n";
        return 1;
      }
      return runner();
    }
  return 0;
}

/// Prints an error; under mpirun, stops the other ranks too (they would
/// wait for this one's results forever).
int failWith(const std::string &message, int status) {
  std::cerr << message << "\n";
  if (snnc::par::ranks().size > 1)
    snnc::par::abortRanks(status);
  return status;
}
} // namespace

int main(int argc, char **argv) {
  using namespace snnc::cli;
  snnc::par::initRanks(argc, argv);
  struct Finalize {
    ~Finalize() { snnc::par::finalizeRanks(); }
  } finalize;
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
  std::string maxMemory;
  app.add_option("--max-memory", maxMemory,
                 "Memory heavy work may need (8G, 512M, 2048 in MiB, 0: no "
                 "limit; default: 90% of the machine's); estimated from the "
                 "shapes before the work, refused with the numbers above it")
      ->check(CLI::Validator(
          [](std::string &v) -> std::string {
            try {
              snnc::parseMemorySize(v, "--max-memory");
            } catch (const snnc::Error &e) {
              return std::string(e.what()).substr(sizeof("--max-memory: ") - 1);
            }
            return "";
          },
          "SIZE"));
  std::vector<std::pair<CLI::App *, Runner>> commands;
  auto add = [&](Runner runner) {
    commands.emplace_back(app.get_subcommands({}).back(), std::move(runner));
  };
  add(registerImport(app));
  add(registerStats(app));
  add(registerDetect(app));
  add(registerSimulate(app));
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
  // `--json -` (or --energy-json -, --detections-json -): standard output
  // carries that JSON alone; the report goes to standard error.
  for (int i = 1; i + 1 < argc; ++i) {
    std::string arg = argv[i];
    if ((arg == "--json" || arg == "--energy-json" ||
         arg == "--detections-json") &&
        std::string(argv[i + 1]) == "-") {
      snnc::reserveStdoutForJson();
      break;
    }
  }
  if (int status = parseCommandLine(app, argc, argv, "snnc"); status >= 0)
    return status;
  setThreadCount(threads);
  if (!maxMemory.empty())
    snnc::setMemoryLimit(snnc::parseMemorySize(maxMemory, "--max-memory"));
  try {
    return runCommand(commands);
  } catch (const snnc::Error &e) {
    return failWith(std::string("snnc: error: ") + e.what(), 1);
  } catch (const std::bad_alloc &) {
    // Mapping a large network onto small cores can need more memory than
    // the machine has (every core, neuron and route is explicit).
    return failWith("snnc: error: out of memory (the process could not "
                    "allocate more; a mapping onto a binary-crossbar chip can "
                    "be made smaller with --axon-copies 2)",
                    1);
  } catch (const std::exception &e) {
    return failWith(std::string("snnc: internal error: ") + e.what(), 2);
  }
}
