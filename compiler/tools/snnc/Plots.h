//===- Plots.h - PNG pictures through the scripts/plot_*.py scripts -*- C++
//-*-===//
//
// Pictures are drawn by Python scripts (Debian's python3-matplotlib) that
// read the JSON/CSV files a command wrote; a missing Python or matplotlib
// costs the pictures only, with a warning that gives the command to rerun.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_TOOLS_SNNC_PLOTS_H
#define SNNC_TOOLS_SNNC_PLOTS_H

#include <string>
#include <vector>

namespace snnc::cli {

/// Runs scripts/NAME with `args` (its stdout discarded when `quiet`); on
/// failure warns (naming the command to rerun, unless `!warn`: the caller
/// fails with its own message) and returns false.
bool runPlotScript(const std::string &script,
                   const std::vector<std::string> &args, bool quiet = false,
                   bool warn = true);

/// placement.png and layers.png of a compile output folder.
bool plotCompileOutput(const std::string &outDir, bool progress);

} // namespace snnc::cli

#endif // SNNC_TOOLS_SNNC_PLOTS_H
