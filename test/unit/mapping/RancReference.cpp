//===- RancReference.cpp - RANC's simulator rules, read from its files ----===//
#include "test/unit/mapping/RancReference.h"

#include <nlohmann/json.hpp>

#include <map>
#include <stdexcept>

namespace snnc::test {
namespace {

struct Neuron {
  int64_t resetPotential = 0, leak = 0, positive = 0, negative = 0;
  int64_t weights[4] = {0, 0, 0, 0};
  int64_t dx = 0, dy = 0, axon = 0, destinationTick = 0, v = 0;
  int resetMode = 1;
};

struct Core {
  int64_t x = 0, y = 0;
  std::vector<int> axonType;
  std::vector<Neuron> neurons;
  std::vector<std::vector<uint32_t>> neuronsOfAxon; ///< connections, by axon
  std::vector<std::vector<char>> words;             ///< scheduler SRAM
};

} // namespace

RancRun runRancReference(const std::string &inputJson,
                         const std::string &configJson, uint32_t ticks) {
  const nlohmann::json config = nlohmann::json::parse(configJson);
  const int offsets = config.at("max_tick_offset").get<int>();
  const bool symmetric = config.at("neuron_reset_type").get<int>() == 1;
  const size_t axons = config.at("num_axons").get<size_t>();

  std::vector<Core> cores;
  std::map<std::pair<int64_t, int64_t>, size_t> at;
  std::vector<std::vector<std::pair<size_t, uint32_t>>> packets;
  int64_t busX = 0, busY = 0;
  {
    const nlohmann::json input = nlohmann::json::parse(inputJson);
    busX = input.at("output_bus").at("coordinates")[0].get<int64_t>();
    busY = input.at("output_bus").at("coordinates")[1].get<int64_t>();
    for (const auto &jc : input.at("cores")) {
      Core c;
      c.x = jc.at("coordinates")[0].get<int64_t>();
      c.y = jc.at("coordinates")[1].get<int64_t>();
      c.axonType = jc.at("axons").get<std::vector<int>>();
      c.neuronsOfAxon.resize(axons);
      const auto &conn = jc.at("connections");
      for (const auto &jn : jc.at("neurons")) {
        Neuron n;
        n.resetPotential = jn.at("reset_potential").get<int64_t>();
        for (int k = 0; k < 4; ++k)
          n.weights[k] = jn.at("weights")[k].get<int64_t>();
        n.leak = jn.at("leak").get<int64_t>();
        n.positive = jn.at("positive_threshold").get<int64_t>();
        n.negative = jn.at("negative_threshold").get<int64_t>();
        n.dx = jn.at("destination_core_offset")[0].get<int64_t>();
        n.dy = jn.at("destination_core_offset")[1].get<int64_t>();
        n.axon = jn.at("destination_axon").get<int64_t>();
        n.destinationTick = jn.at("destination_tick").get<int64_t>();
        n.v = jn.at("current_potential").get<int64_t>();
        n.resetMode = jn.at("reset_mode").get<int>();
        const auto &row = conn.at(c.neurons.size());
        for (size_t a = 0; a < axons; ++a)
          if (row.at(a).get<int>() != 0)
            c.neuronsOfAxon[a].push_back(uint32_t(c.neurons.size()));
        c.neurons.push_back(n);
      }
      c.words.assign(offsets, std::vector<char>(axons, 0));
      at[{c.x, c.y}] = cores.size();
      cores.push_back(std::move(c));
    }
    for (const auto &list : input.at("packets")) {
      packets.emplace_back();
      for (const auto &p : list) {
        auto key = std::make_pair(p.at("destination_core")[0].get<int64_t>(),
                                  p.at("destination_core")[1].get<int64_t>());
        if (p.at("destination_tick").get<int>() != 0)
          throw std::runtime_error("input packets with a tick offset");
        packets.back().push_back(
            {at.at(key), p.at("destination_axon").get<uint32_t>()});
      }
    }
  }

  RancRun run;
  int word = offsets - 1; // every core's current word (they move together)
  auto write = [&](Core &c, int64_t offset, uint32_t axon) {
    int w = int((word + offset + 1) % offsets);
    if (w == word) {
      ++run.droppedPackets;
      return;
    }
    char &bit = c.words[w].at(axon);
    if (bit)
      ++run.duplicates;
    bit = 1;
  };
  if (!packets.empty())
    for (auto [core, axon] : packets[0])
      write(cores[core], 0, axon);
  for (uint32_t tick = 1; tick <= ticks; ++tick) {
    word = (word + 1) % offsets;
    run.bus.emplace_back();
    std::vector<char> busSeen;
    if (tick < packets.size())
      for (auto [core, axon] : packets[tick])
        write(cores[core], 0, axon);
    for (size_t ci = 0; ci < cores.size(); ++ci) {
      Core &c = cores[ci];
      std::vector<char> &spikes = c.words[word];
      for (size_t a = 0; a < axons; ++a)
        if (spikes[a])
          for (uint32_t n : c.neuronsOfAxon[a])
            c.neurons[n].v += c.neurons[n].weights[c.axonType[a]];
      for (size_t ni = 0; ni < c.neurons.size(); ++ni) {
        Neuron &n = c.neurons[ni];
        n.v += n.leak;
        if (n.v >= n.positive) {
          run.spikes.push_back({tick, uint32_t(ci), uint32_t(ni)});
          int64_t x = c.x + n.dx, y = c.y + n.dy;
          if (x == busX && y == busY) {
            if (busSeen.size() <= size_t(n.axon))
              busSeen.resize(n.axon + 1, 0);
            if (busSeen[n.axon])
              ++run.busCollisions;
            else
              run.bus.back().push_back(uint32_t(n.axon));
            busSeen[n.axon] = 1;
          } else {
            write(cores[at.at({x, y})], n.destinationTick, uint32_t(n.axon));
          }
          n.v = n.resetMode == 0 ? n.resetPotential : n.v - n.positive;
        } else if (symmetric ? n.v <= n.negative : n.v < n.negative) {
          n.v = n.resetMode == 0 ? -n.resetPotential : n.v - n.negative;
        }
      }
      std::fill(spikes.begin(), spikes.end(), 0);
    }
  }
  return run;
}

} // namespace snnc::test
