//===- PlaceNetwork.cpp - The mapped network's cores onto chips -----------===//
//
// As many chips as the cores need, in a near-square grid; cores sorted by
// the image region they work on (a Hilbert curve over the image), then in
// creation order (layer by layer), and laid along a Hilbert curve over the
// mesh: the cores of every layer that handle one region end up next to
// each other, which keeps routes short.
//
//===----------------------------------------------------------------------===//
#include "compiler/mapping/Mapper.h"
#include "compiler/mapping/OddPotentials.h"
#include "compiler/mapping/Placement.h"

#include "runtime/support/Error.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace snnc::mapping {

using namespace chipcfg;

void placeNetwork(MappedNetwork &net, const chip::ChipDescription &chip,
                  const MappingOptions &options) {
  if (net.placed)
    fail("the network is already placed");
  if (net.coreSpot.size() != net.config.cores.size())
    fail("internal: {} cores but {} image spots", net.config.cores.size(),
         net.coreSpot.size());
  ChipConfig &cfg = net.config;
  const size_t cores = cfg.cores.size();
  int64_t perChip = chip.coresX * chip.coresY;
  int64_t chips = (static_cast<int64_t>(cores) + perChip - 1) / perChip;
  if (options.maxChips && chips > options.maxChips)
    fail("network '{}' needs {} cores = {} chips of {} cores ({}x{}); at most "
         "{} chips are allowed (--max-chips)",
         cfg.network, cores, chips, perChip, chip.coresX, chip.coresY,
         options.maxChips);
  int64_t chipsX = static_cast<int64_t>(std::ceil(std::sqrt(double(chips))));
  int64_t chipsY = chipsX ? (chips + chipsX - 1) / chipsX : 0;
  cfg.chip.chipsX = static_cast<uint32_t>(chipsX);
  cfg.chip.chipsY = static_cast<uint32_t>(chipsY);
  std::vector<uint32_t> order(cores);
  std::iota(order.begin(), order.end(), 0u);
  {
    constexpr int64_t kGrid = 1024;
    std::vector<int64_t> key(cores);
    for (size_t c = 0; c < cores; ++c) {
      auto [y, x] = net.coreSpot[c];
      int64_t gy = std::clamp<int64_t>(int64_t(y * kGrid), 0, kGrid - 1);
      int64_t gx = std::clamp<int64_t>(int64_t(x * kGrid), 0, kGrid - 1);
      key[c] = hilbertIndex(kGrid, gx, gy);
    }
    std::stable_sort(order.begin(), order.end(),
                     [&](uint32_t a, uint32_t b) { return key[a] < key[b]; });
  }
  std::vector<std::pair<int32_t, int32_t>> xy =
      hilbertPlacement(cores, chipsX * chip.coresX, chipsY * chip.coresY);
  for (size_t i = 0; i < cores; ++i) {
    cfg.cores[order[i]].x = xy[i].first;
    cfg.cores[order[i]].y = xy[i].second;
  }
  net.placed = true;
}

void finishNetwork(MappedNetwork &net, const chip::ChipDescription &chip) {
  if (!net.scheduled)
    fail("odd potentials are encoded after scheduling (run tn-schedule "
         "first): the start potentials still change there");
  if (chip.portableNeurons && !net.oddEncoded) {
    encodeOddPotentials(net.config);
    net.oddEncoded = true;
  }
}

} // namespace snnc::mapping
