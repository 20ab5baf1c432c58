//===- CfgParserTests.cpp - Darknet .cfg syntax ---------------------------===//
//
// parseCfg only knows the INI-like syntax; these cases pin comments,
// whitespace handling (darknet's strip() removes every whitespace character),
// line numbers and the wording of every syntax error.
//
//===----------------------------------------------------------------------===//

#include "compiler/darknet/CfgParser.h"
#include "runtime/support/Error.h"

#include <catch2/catch.hpp>

#include <string>

using namespace snnc::darknet;
using Catch::Matchers::Contains;

namespace {
/// The message of the snnc::Error thrown by `f`; any other exception escapes
/// and fails the test case.
template <typename F> std::string errorOf(F &&f) {
  try {
    f();
  } catch (const snnc::Error &e) {
    return e.what();
  }
  return "<no snnc::Error thrown>";
}

std::string parseError(const std::string &text) {
  return errorOf([&] { parseCfg(text, "test.cfg"); });
}
} // namespace

TEST_CASE("cfg: comments, blank lines and whitespace", "[darknet][cfg]") {
  const std::string text = "# leading comment\n"      // line 1
                           "\n"                       // line 2
                           "; semicolon comment\n"    // line 3
                           "  [ net ]  \n"            // line 4
                           "width = 416\n"            // line 5
                           "\th e i g h t=\t4 16\r\n" // line 6
                           "   # indented comment\n"  // line 7
                           "steps=-1, 100 ,20000\n"   // line 8
                           "[convolutional]\n"        // line 9
                           "a=b=c\n"                  // line 10
                           "note=1#x\n"               // line 11
                           "last=7";                  // line 12, no newline
  CfgFile file = parseCfg(text, "test.cfg");
  REQUIRE(file.path == "test.cfg");
  REQUIRE(file.sections.size() == 2);

  const CfgSection &net = file.sections[0];
  CHECK(net.type == "net");
  CHECK(net.line == 4);
  REQUIRE(net.options.size() == 3);
  CHECK(net.options[0].key == "width");
  CHECK(net.options[0].value == "416");
  CHECK(net.options[0].line == 5);
  // Whitespace inside keys and values disappears too, like darknet's strip().
  CHECK(net.options[1].key == "height");
  CHECK(net.options[1].value == "416");
  CHECK(net.options[1].line == 6);
  CHECK(net.options[2].value == "-1,100,20000");
  CHECK(net.options[2].line == 8);

  const CfgSection &conv = file.sections[1];
  CHECK(conv.type == "convolutional");
  CHECK(conv.line == 9);
  REQUIRE(conv.options.size() == 3);
  // Only the first '=' splits; a '#' after the start of a line is not a
  // comment (darknet only checks the first character).
  CHECK(conv.options[0].key == "a");
  CHECK(conv.options[0].value == "b=c");
  CHECK(conv.options[1].value == "1#x");
  CHECK(conv.options[2].key == "last");
  CHECK(conv.options[2].value == "7");
  CHECK(conv.options[2].line == 12);
}

TEST_CASE("cfg: empty input and empty values", "[darknet][cfg]") {
  CHECK(parseCfg("", "e.cfg").sections.empty());
  CHECK(parseCfg("\n\n# only comments\n", "e.cfg").sections.empty());
  CfgFile file = parseCfg("[net]\nwidth=\n", "e.cfg");
  REQUIRE(file.sections.size() == 1);
  REQUIRE(file.sections[0].options.size() == 1);
  CHECK(file.sections[0].options[0].value.empty());
}

TEST_CASE("cfg: section header without closing bracket", "[darknet][cfg]") {
  std::string message = parseError("[net]\nwidth=1\n[convolutional\n");
  CHECK_THAT(message, Contains("test.cfg:3:") && Contains("closing ']'") &&
                          Contains("[convolutional"));
  CHECK_THAT(parseError("["),
             Contains("test.cfg:1:") && Contains("closing ']'"));
}

TEST_CASE("cfg: empty section name", "[darknet][cfg]") {
  CHECK_THAT(parseError("[net]\n[ ]\n"),
             Contains("test.cfg:2:") && Contains("empty section name"));
}

TEST_CASE("cfg: option before any section", "[darknet][cfg]") {
  CHECK_THAT(parseError("# header\nwidth=416\n[net]\n"),
             Contains("test.cfg:2:") && Contains("width=416") &&
                 Contains("before the first [section]"));
}

TEST_CASE("cfg: line without '='", "[darknet][cfg]") {
  CHECK_THAT(parseError("[net]\nwidth=1\nheight 416\n"),
             Contains("test.cfg:3:") && Contains("expected 'key=value'") &&
                 Contains("height416"));
}

TEST_CASE("cfg: empty key", "[darknet][cfg]") {
  CHECK_THAT(parseError("[net]\n = 5\n"),
             Contains("test.cfg:2:") && Contains("empty key"));
}

TEST_CASE("cfg: duplicate key names both lines", "[darknet][cfg]") {
  std::string message = parseError("[net]\n"           // 1
                                   "width=416\n"       // 2
                                   "[convolutional]\n" // 3
                                   "filters=16\n"      // 4
                                   "size=3\n"          // 5
                                   "filters = 32\n");  // 6
  CHECK_THAT(message, Contains("test.cfg:6:") && Contains("'filters'") &&
                          Contains("[convolutional]") &&
                          Contains("already set on line 4"));
  // The same key in two different sections is fine.
  CHECK_NOTHROW(parseCfg("[a]\nk=1\n[b]\nk=2\n", "test.cfg"));
}

TEST_CASE("cfg: NUL bytes are rejected with the line", "[darknet][cfg]") {
  std::string text = "[net]\nwidth=4";
  text.push_back('\0');
  text += "16\n";
  CHECK_THAT(parseError(text), Contains("test.cfg:2:") && Contains("NUL"));

  // Even in a comment: a NUL byte means this is not a text file.
  std::string comment = "# a";
  comment.push_back('\0');
  comment += "\n[net]\n";
  CHECK_THAT(parseError(comment), Contains("test.cfg:1:") && Contains("NUL"));
}

TEST_CASE("cfg: readCfgFile names a missing file", "[darknet][cfg]") {
  std::string missing = "/nonexistent/snnc/no-such.cfg";
  CHECK_THAT(errorOf([&] { readCfgFile(missing); }),
             Contains(missing) && Contains("cannot open"));
}
