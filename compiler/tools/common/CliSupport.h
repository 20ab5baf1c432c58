//===- CliSupport.h - Conventions shared by snnc's command-line tools -*- C++
//-*-===//
//
// Every tool prints `TOOL: error: ...` and exits 1 on a bad command line,
// has --version, and states ranges in the option's own terms ("--ticks: 0
// is below the minimum 1", not CLI11's double-precision range text).
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_TOOLS_COMMON_CLISUPPORT_H
#define SNNC_TOOLS_COMMON_CLISUPPORT_H

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>

namespace snnc::cli {

/// An integer (or real) of at least `minimum`.
CLI::Validator atLeast(double minimum);
/// A number in [lo, hi].
CLI::Validator between(double lo, double hi);

/// Adds --version (prints versionLine(tool) and exits 0).
void addVersionFlag(CLI::App &app, const std::string &tool);

/// CLI11's message for a command-line error in the user's words: unexpected
/// arguments with the closest option ("did you mean --chip"), a missing
/// value, no such file or folder (path first), the subcommands to choose
/// from. Other messages pass through.
std::string explainParseError(const CLI::App &app, const std::string &what);

/// Parses; on a command-line error prints `TOOL: error: MESSAGE` and
/// returns 1; on --help/--version prints and returns 0; returns -1 when the
/// program should go on.
int parseCommandLine(CLI::App &app, int argc, char **argv,
                     const std::string &tool);

} // namespace snnc::cli

#endif // SNNC_TOOLS_COMMON_CLISUPPORT_H
