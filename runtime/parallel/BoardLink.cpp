//===- BoardLink.cpp - Collectives built on the exchange ------------------===//
#include "runtime/parallel/BoardLink.h"

#include "runtime/support/Error.h"

#include <algorithm>

namespace snnc::par {

std::vector<uint32_t> BoardLink::gather(const std::vector<uint32_t> &mine) {
  std::vector<std::vector<uint32_t>> out(parts(), mine);
  out[part()].clear();
  std::vector<std::vector<uint32_t>> in = exchange(out);
  std::vector<uint32_t> all;
  for (int q = 0; q < parts(); ++q) {
    const std::vector<uint32_t> &from = q == part() ? mine : in[q];
    all.insert(all.end(), from.begin(), from.end());
  }
  return all;
}

void BoardLink::sum(std::vector<uint64_t> &values) {
  std::vector<uint32_t> words(2 * values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    words[2 * i] = static_cast<uint32_t>(values[i]);
    words[2 * i + 1] = static_cast<uint32_t>(values[i] >> 32);
  }
  const std::vector<uint32_t> all = gather(words);
  if (all.size() != words.size() * size_t(parts()))
    fail("board link: the parts summed {} words, {} expected", all.size(),
         words.size() * size_t(parts()));
  std::fill(values.begin(), values.end(), 0);
  for (size_t at = 0; at < all.size(); at += words.size())
    for (size_t i = 0; i < values.size(); ++i)
      values[i] += uint64_t(all[at + 2 * i]) | uint64_t(all[at + 2 * i + 1])
                                                   << 32;
}

} // namespace snnc::par
