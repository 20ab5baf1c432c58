//===- Plots.cpp - PNG pictures through the scripts/plot_*.py scripts -----===//
#include "compiler/tools/snnc/Plots.h"

#include <cstdlib>
#include <iostream>

namespace snnc::cli {

namespace {
/// Single-quoted for /bin/sh.
std::string shellQuote(const std::string &s) {
  std::string out = "'";
  for (char c : s)
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}
} // namespace

bool runPlotScript(const std::string &script,
                   const std::vector<std::string> &args, bool quiet,
                   bool warn) {
  std::string cmd =
      "/usr/bin/python3 " +
      shellQuote(std::string(SNNC_SOURCE_DIR) + "/scripts/" + script);
  for (const std::string &a : args)
    cmd += " " + shellQuote(a);
  if (std::system((quiet ? cmd + " > /dev/null" : cmd).c_str()) != 0) {
    if (!warn)
      return false;
    std::cerr << "snnc: warning: plotting failed; run: " << cmd << "\n";
    return false;
  }
  return true;
}

bool plotCompileOutput(const std::string &outDir, bool progress) {
  if (progress)
    std::cerr << "compile: drawing placement.png and layers.png\n";
  // The script names the files it wrote: here they are still in the
  // temporary folder, so that line would mislead.
  return runPlotScript("plot_compile.py", {outDir}, /*quiet=*/true);
}

} // namespace snnc::cli
