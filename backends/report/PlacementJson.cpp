//===- PlacementJson.cpp - Where a compiled network sits on the board -----===//
#include "backends/report/PlacementJson.h"

#include <algorithm>
#include <cstdint>

namespace snnc {

nlohmann::ordered_json placementJson(const chipcfg::ChipConfig &config,
                                     size_t topRoutes) {
  nlohmann::ordered_json j;
  j["network"] = config.network;
  j["chip"] = config.chip.profile;
  j["mesh"] = {{"cores_x", config.chip.coresX},
               {"cores_y", config.chip.coresY},
               {"chips_x", config.chip.chipsX},
               {"chips_y", config.chip.chipsY}};
  nlohmann::ordered_json layers = nlohmann::ordered_json::array();
  for (const chipcfg::LayerInfo &l : config.layers)
    layers.push_back({{"name", l.name}, {"kind", l.kind}});
  j["layers"] = std::move(layers);

  std::vector<int32_t> xs, ys;
  std::vector<uint32_t> layerOf;
  xs.reserve(config.cores.size());
  ys.reserve(config.cores.size());
  layerOf.reserve(config.cores.size());
  // Targets per (source core, destination core) link: each core's target
  // cores sorted and counted in runs (a hash map over every target of a
  // large network took seconds).
  std::vector<std::pair<uint64_t, uint64_t>> sorted;
  std::vector<uint32_t> to;
  for (uint32_t c = 0; c < config.cores.size(); ++c) {
    const chipcfg::Core &core = config.cores[c];
    xs.push_back(core.x);
    ys.push_back(core.y);
    layerOf.push_back(core.layer);
    to.clear();
    for (const chipcfg::Target &t : core.targets)
      if (t.core != c)
        to.push_back(t.core);
    std::sort(to.begin(), to.end());
    for (size_t i = 0; i < to.size();) {
      size_t k = i;
      while (k < to.size() && to[k] == to[i])
        ++k;
      sorted.push_back({(uint64_t(c) << 32) | to[i], k - i});
      i = k;
    }
  }
  j["cores"] = {{"x", xs}, {"y", ys}, {"layer", layerOf}};

  auto busier = [](const auto &a, const auto &b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  };
  size_t keep = std::min(topRoutes, sorted.size());
  std::partial_sort(sorted.begin(), sorted.begin() + keep, sorted.end(),
                    busier);
  nlohmann::ordered_json routes = nlohmann::ordered_json::array();
  for (size_t i = 0; i < keep; ++i) {
    uint32_t from = uint32_t(sorted[i].first >> 32);
    uint32_t to = uint32_t(sorted[i].first & 0xffffffffu);
    const chipcfg::Core &a = config.cores[from], &b = config.cores[to];
    routes.push_back({{"from", {a.x, a.y}},
                      {"to", {b.x, b.y}},
                      {"targets", sorted[i].second},
                      {"layer", a.layer}});
  }
  j["routes"] = std::move(routes);
  return j;
}

} // namespace snnc
