//===- CliSupport.cpp - Conventions shared by snnc's command-line tools ---===//
#include "compiler/tools/common/CliSupport.h"

#include "runtime/support/Version.h"

#include <fmt/format.h>

#include <cmath>
#include <iostream>

namespace snnc::cli {

namespace {

/// Parses a number as CLI11 would hand it to the option, or fails.
bool parseNumber(const std::string &text, double &value) {
  try {
    size_t used = 0;
    value = std::stod(text, &used);
    return used == text.size() && std::isfinite(value);
  } catch (const std::exception &) {
    return false;
  }
}

} // namespace

CLI::Validator atLeast(double minimum) {
  return CLI::Validator(
      [minimum](std::string &text) -> std::string {
        double v = 0;
        if (!parseNumber(text, v))
          return fmt::format("'{}' is not a number", text);
        if (v < minimum)
          return fmt::format("{} is below the minimum {:g}", text, minimum);
        return "";
      },
      fmt::format(">= {:g}", minimum));
}

CLI::Validator between(double lo, double hi) {
  return CLI::Validator(
      [lo, hi](std::string &text) -> std::string {
        double v = 0;
        if (!parseNumber(text, v))
          return fmt::format("'{}' is not a number", text);
        if (v < lo || v > hi)
          return fmt::format("{} is outside {:g}..{:g}", text, lo, hi);
        return "";
      },
      fmt::format("{:g}..{:g}", lo, hi));
}

void addVersionFlag(CLI::App &app, const std::string &tool) {
  app.set_version_flag("--version", versionLine(tool),
                       "Print the version and the git revision, and exit");
}

int parseCommandLine(CLI::App &app, int argc, char **argv,
                     const std::string &tool) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError &e) {
    if (e.get_exit_code() == 0) // --help, --version
      return app.exit(e);
    std::cerr << tool << ": error: " << e.what() << "\n";
    return 1;
  }
  return -1;
}

} // namespace snnc::cli
