//===- CfgParser.cpp - Darknet .cfg syntax --------------------------------===//
#include "compiler/darknet/CfgParser.h"

#include "runtime/support/Error.h"

#include <cctype>
#include <fstream>
#include <sstream>

namespace snnc::darknet {

namespace {
/// Darknet removes every whitespace character from a line before parsing
/// (strip() in utils.c), so "filters = 16" and "filters=16" are the same.
std::string stripWhitespace(std::string_view line) {
  std::string out;
  out.reserve(line.size());
  for (char c : line)
    if (!std::isspace(static_cast<unsigned char>(c)))
      out.push_back(c);
  return out;
}
/// A line as messages show it: bytes outside printable ASCII as \xNN, so
/// that a binary file's bytes never reach a terminal (or Python) raw.
std::string shown(const std::string &line) {
  std::string out;
  for (unsigned char c : line)
    if (c >= 0x20 && c < 0x7f)
      out.push_back(char(c));
    else
      out += fmt::format("\\x{:02x}", c);
  return out;
}
} // namespace

CfgFile parseCfg(std::string_view text, const std::string &path) {
  CfgFile file;
  file.path = path;
  int lineNo = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos)
      end = text.size();
    std::string_view raw = text.substr(pos, end - pos);
    pos = end + 1;
    ++lineNo;

    if (raw.find('\0') != std::string_view::npos)
      fail("{}:{}: unexpected NUL byte (is this a binary file?)", path, lineNo);
    std::string line = stripWhitespace(raw);
    if (line.empty() || line[0] == '#' || line[0] == ';')
      continue;

    if (line[0] == '[') {
      if (line.back() != ']')
        fail("{}:{}: section header '{}' is missing its closing ']'", path,
             lineNo, shown(line));
      std::string name = line.substr(1, line.size() - 2);
      if (name.empty())
        fail("{}:{}: empty section name '[]'", path, lineNo);
      file.sections.push_back({name, lineNo, {}});
      continue;
    }

    size_t eq = line.find('=');
    if (eq == std::string::npos)
      fail("{}:{}: expected 'key=value' or '[section]', got '{}'", path, lineNo,
           shown(line));
    if (file.sections.empty())
      fail("{}:{}: option '{}' appears before the first [section]", path,
           lineNo, shown(line));
    std::string key = line.substr(0, eq);
    std::string value = line.substr(eq + 1);
    if (key.empty())
      fail("{}:{}: option with an empty key: '{}'", path, lineNo, shown(line));
    CfgSection &section = file.sections.back();
    for (const CfgOption &previous : section.options)
      if (previous.key == key)
        fail("{}:{}: key '{}' in [{}] was already set on line {}", path, lineNo,
             key, section.type, previous.line);
    section.options.push_back({key, value, lineNo});
  }
  return file;
}

CfgFile readCfgFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    fail("{}: cannot open darknet cfg file", path);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return parseCfg(buffer.str(), path);
}

} // namespace snnc::darknet
