//===- ClassNames.cpp - Darknet .names files ------------------------------===//

#include "runtime/eval/ClassNames.h"

#include "runtime/eval/Text.h"
#include "runtime/support/Error.h"

#include <fstream>

namespace snnc {

std::vector<std::string> readClassNames(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    fail("{}: cannot open class names file", path);

  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line))
    lines.emplace_back(eval_detail::trim(line));
  if (in.bad())
    fail("{}: read error", path);

  // Trailing blank lines are harmless (editors add them); blank lines before
  // the last name would create nameless classes and shift later indices.
  while (!lines.empty() && lines.back().empty())
    lines.pop_back();
  if (lines.empty())
    fail("{}: no class names (empty file)", path);
  for (std::size_t i = 0; i < lines.size(); ++i)
    if (lines[i].empty())
      fail("{}:{}: empty class name before the last name", path, i + 1);
  return lines;
}

} // namespace snnc
