//===- CfgParser.h - Darknet .cfg syntax ------------------------*- C++ -*-===//
//
// Parses the INI-like syntax of darknet configuration files into sections of
// key/value options, keeping line numbers so that later stages can report
// errors at the right place. Semantics (which keys mean what) live in
// NetworkBuilder.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_COMPILER_DARKNET_CFGPARSER_H
#define SNNC_COMPILER_DARKNET_CFGPARSER_H

#include <string>
#include <string_view>
#include <vector>

namespace snnc::darknet {

struct CfgOption {
  std::string key;
  std::string value;
  int line = 0;
};

struct CfgSection {
  std::string type; ///< e.g. "convolutional", without brackets.
  int line = 0;
  std::vector<CfgOption> options;
};

struct CfgFile {
  std::string path; ///< For error messages.
  std::vector<CfgSection> sections;
};

/// Parses cfg text. Comments start with '#' or ';'; whitespace is ignored
/// (darknet strips all of it). Throws snnc::Error on syntax errors: a line
/// outside any section, a line without '=', an empty key, an empty section
/// name, or a key given twice in one section.
CfgFile parseCfg(std::string_view text, const std::string &path);

/// Reads and parses a cfg file; throws snnc::Error if it cannot be read.
CfgFile readCfgFile(const std::string &path);

} // namespace snnc::darknet

#endif // SNNC_COMPILER_DARKNET_CFGPARSER_H
