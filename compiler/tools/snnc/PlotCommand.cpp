//===- PlotCommand.cpp - snnc plot: pictures of snnc's results ------------===//
//
// One command for every picture: `snnc run --json` results (mAP and chip
// energy vs ticks, several runs in one figure), a compile folder
// (placement.png, layers.png) or a sweep folder (map_vs_T.png,
// firing_rates.png), drawn by scripts/plot_*.py.
//
//===----------------------------------------------------------------------===//
#include "compiler/tools/snnc/Commands.h"
#include "compiler/tools/snnc/Plots.h"

#include "runtime/support/Error.h"
#include "runtime/support/Files.h"

#include <filesystem>
#include <memory>

namespace fs = std::filesystem;

namespace snnc::cli {

Runner registerPlot(CLI::App &app) {
  auto *command = app.add_subcommand(
      "plot", "Draw PNG pictures of results: run --json files (mAP and "
              "energy vs chip ticks), a compile folder or a sweep folder");
  auto inputs = std::make_shared<std::vector<std::string>>();
  auto output = std::make_shared<std::string>("out/plot/run.png");
  auto title = std::make_shared<std::string>();
  command
      ->add_option("inputs", *inputs,
                   "snnc run --json files, or one compile or sweep folder")
      ->required()
      ->check(CLI::ExistingPath);
  auto *outputOption =
      command
          ->add_option("-o,--output", *output,
                       "PNG for run results (folders get their pictures "
                       "inside)")
          ->capture_default_str();
  command->add_option("--title", *title, "Title of a run-results figure");
  return [=]() {
    std::error_code ec;
    const std::string &first = inputs->front();
    bool ok = false;
    if (fs::is_directory(first, ec)) {
      if (inputs->size() != 1)
        fail("plot: give one compile or sweep folder at a time");
      if (outputOption->count())
        fail("-o: a folder's pictures are written inside it ({}); -o names "
             "the PNG of run results",
             first);
      if (fs::exists(fs::path(first) / "placement.json", ec))
        ok = runPlotScript("plot_compile.py", {first}, false, false);
      else if (fs::exists(fs::path(first) / "sweep.csv", ec))
        ok = runPlotScript("plot_sweep.py", {first}, false, false);
      else
        fail("{}: neither a compile folder (placement.json) nor a sweep "
             "folder (sweep.csv)",
             first);
    } else {
      if (fs::path(*output).extension() != ".png")
        fail("{} (-o): the picture is a PNG: name it .png", *output);
      checkOutputFile(*output, "-o");
      fs::path parent = fs::path(*output).parent_path();
      if (!parent.empty())
        makeDirs(parent.string());
      std::vector<std::string> args = *inputs;
      args.push_back("-o");
      args.push_back(*output);
      if (!title->empty()) {
        args.push_back("--title");
        args.push_back(*title);
      }
      ok = runPlotScript("plot_run.py", args, false, false);
    }
    if (!ok)
      fail("plot: the plot script failed (its message is above)");
    return 0;
  };
}

} // namespace snnc::cli
