//===- CliSupport.cpp - Conventions shared by snnc's command-line tools ---===//
#include "compiler/tools/common/CliSupport.h"

#include "runtime/support/Suggest.h"
#include "runtime/support/Version.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <regex>
#include <sstream>

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

namespace {

/// The option names of `app` (not of its subcommands).
std::vector<std::string> optionNames(const CLI::App &app) {
  std::vector<std::string> out;
  for (const CLI::Option *o : app.get_options()) {
    for (const std::string &n : o->get_lnames())
      out.push_back("--" + n);
    for (const std::string &n : o->get_snames())
      out.push_back("-" + n);
  }
  return out;
}

std::string join(const std::vector<std::string> &items) {
  std::string out;
  for (const std::string &i : items)
    out += (out.empty() ? "" : ", ") + i;
  return out;
}

} // namespace

std::string explainParseError(const CLI::App &app, const std::string &what) {
  std::smatch m;
  // "The following argument(s) was/were not expected: A B": name them, and
  // the closest option to each misspelled one.
  static const std::regex unexpected(
      "The following arguments? (?:was|were) not expected: (.*)");
  if (std::regex_match(what, m, unexpected)) {
    // The options of the subcommand being parsed (and the top level's) are
    // the candidates; an option of another subcommand is named as such.
    std::vector<CLI::App *> parsed = app.get_subcommands();
    const CLI::App *scope = parsed.empty() ? &app : parsed.front();
    std::vector<std::string> names = optionNames(*scope);
    if (scope != &app)
      for (const std::string &n : optionNames(app))
        names.push_back(n);
    std::vector<std::string> words, hints;
    std::istringstream in(m[1].str());
    for (std::string w; in >> w;)
      words.insert(words.begin(), w); // CLI11 lists them last first
    for (const std::string &w : words) {
      if (w.size() < 2 || w[0] != '-')
        continue;
      std::vector<std::string> owners;
      for (const CLI::App *sub : app.get_subcommands({})) {
        std::vector<std::string> theirs = optionNames(*sub);
        if (sub != scope &&
            std::find(theirs.begin(), theirs.end(), w) != theirs.end())
          owners.push_back(sub->get_name());
      }
      if (!owners.empty() && scope != &app) {
        hints.push_back(scope->get_name() + " has no " + w +
                        " (it is an option of " + join(owners) + ")");
        continue;
      }
      std::string guess = closestName(w, names);
      if (!guess.empty())
        hints.push_back("did you mean " + guess + " for " + w + "?");
    }
    std::string out = "unexpected argument" +
                      std::string(words.size() > 1 ? "s " : " ") + join(words);
    for (const std::string &h : hints)
      out += "; " + h;
    return out;
  }
  static const std::regex missingValue("(.*): \\d+ required \\S+ missing");
  if (std::regex_match(what, m, missingValue))
    return m[1].str() + " needs a value";
  static const std::regex tooMany(
      "(.*): At Most (\\d+) required but received (\\d+)");
  if (std::regex_match(what, m, tooMany))
    return m[1].str() + " takes " + m[2].str() + " value(s), got " +
           m[3].str() + " (given twice?)";
  static const std::regex noFile("(.*): File does not exist: (.*)");
  if (std::regex_match(what, m, noFile))
    return m[2].str() + ": no such file (" + m[1].str() + ")";
  static const std::regex noDir("(.*): Directory does not exist: (.*)");
  if (std::regex_match(what, m, noDir))
    return m[2].str() + ": no such folder (" + m[1].str() + ")";
  static const std::regex noPath("(.*): Path does not exist: (.*)");
  if (std::regex_match(what, m, noPath))
    return m[2].str() + ": no such file or folder (" + m[1].str() + ")";
  static const std::regex notDir("(.*): Directory is actually a file: (.*)");
  if (std::regex_match(what, m, notDir))
    return m[2].str() + ": is a file, not a folder (" + m[1].str() + ")";
  static const std::regex notFile("(.*): File is actually a directory: (.*)");
  if (std::regex_match(what, m, notFile))
    return m[2].str() + ": is a folder, not a file (" + m[1].str() + ")";
  if (what == "A subcommand is required") {
    std::vector<std::string> subs;
    for (const CLI::App *sub : app.get_subcommands({}))
      subs.push_back(sub->get_name());
    return "give a subcommand: " + join(subs) + " (--help says more)";
  }
  return what;
}

int parseCommandLine(CLI::App &app, int argc, char **argv,
                     const std::string &tool) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError &e) {
    if (e.get_exit_code() == 0) // --help, --version
      return app.exit(e);
    std::cerr << tool << ": error: " << explainParseError(app, e.what())
              << "\n";
    return 1;
  }
  return -1;
}

} // namespace snnc::cli
