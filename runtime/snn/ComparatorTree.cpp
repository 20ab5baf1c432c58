//===- ComparatorTree.cpp - Max-pool out of integrate-and-fire neurons ----===//

#include "runtime/snn/ComparatorTree.h"

#include <algorithm>

namespace snnc {

ComparatorTree buildComparatorTree(int n) {
  ComparatorTree tree;
  tree.inputs = n;
  // Each set is the trains whose sum estimates the max of a range of
  // inputs, with the comparator depth of that estimate.
  struct Set {
    std::vector<int> trains;
    int depth;
  };
  std::vector<Set> sets;
  for (int i = 0; i < n; ++i)
    sets.push_back({{i}, 0});
  while (sets.size() > 1) {
    std::vector<Set> next;
    for (size_t i = 0; i + 1 < sets.size(); i += 2) {
      const Set &a = sets[i], &b = sets[i + 1];
      int id = n + static_cast<int>(tree.comparators.size());
      tree.comparators.push_back({a.trains, b.trains});
      Set merged{b.trains, std::max(a.depth, b.depth) + 1};
      merged.trains.push_back(id);
      next.push_back(std::move(merged));
    }
    if (sets.size() % 2)
      next.push_back(sets.back());
    sets = std::move(next);
  }
  tree.output = sets.front().trains;
  tree.depth = sets.front().depth;
  return tree;
}

} // namespace snnc
