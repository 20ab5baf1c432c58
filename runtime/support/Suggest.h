//===- Suggest.h - "did you mean" for misspelled names ----------*- C++ -*-===//
//
// Errors about an unknown option, subcommand or chip profile name the
// closest known one when it is a typo away (edit distance at most 2, or a
// third of the name).
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_SUPPORT_SUGGEST_H
#define SNNC_RUNTIME_SUPPORT_SUGGEST_H

#include <algorithm>
#include <string>
#include <vector>

namespace snnc {

/// Levenshtein distance (insertions, deletions, substitutions).
inline size_t editDistance(const std::string &a, const std::string &b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1,
                         diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

/// The known name closest to `name` if it is a typo away, else "".
inline std::string closestName(const std::string &name,
                               const std::vector<std::string> &known) {
  std::string best;
  size_t bestDistance = std::max<size_t>(2, name.size() / 3) + 1;
  for (const std::string &k : known) {
    size_t d = editDistance(name, k);
    if (d < bestDistance) {
      bestDistance = d;
      best = k;
    }
  }
  return best;
}

} // namespace snnc

#endif // SNNC_RUNTIME_SUPPORT_SUGGEST_H
