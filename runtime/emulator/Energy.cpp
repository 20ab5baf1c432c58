//===- Energy.cpp - Energy per image from the emulator's counters ---------===//
#include "runtime/emulator/Energy.h"

#include "runtime/support/Error.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <set>

namespace snnc::emu {

using namespace chipcfg;

double gpuEnergyJ(double flops, double gflops, double powerW) {
  return flops / (gflops * 1e9) * powerW;
}

double truenorthPowerW(double flopsPerStep, double gflopsPerW) {
  return flopsPerStep / (gflopsPerW * 1e9);
}

double truenorthEnergyJ(double flopsPerStep, double gflopsPerW, double steps,
                        double stepSeconds) {
  return truenorthPowerW(flopsPerStep, gflopsPerW) * steps * stepSeconds;
}

void accumulateCounters(std::vector<CoreCounters> &total,
                        const std::vector<CoreCounters> &add) {
  if (total.empty())
    total.resize(add.size());
  if (total.size() != add.size())
    fail("cannot add counters of {} cores to counters of {} cores", add.size(),
         total.size());
  for (size_t i = 0; i < add.size(); ++i) {
    CoreCounters &t = total[i];
    const CoreCounters &a = add[i];
    t.spikesIn += a.spikesIn;
    t.spikesOut += a.spikesOut;
    t.synapticEvents += a.synapticEvents;
    t.hops += a.hops;
    t.activeTicks += a.activeTicks;
    t.saturations += a.saturations;
  }
}

EnergyReport computeEnergy(const ChipConfig &config,
                           const std::vector<CoreCounters> &totals,
                           uint64_t images, uint64_t ticksPerImage,
                           const EnergyConstants &constants) {
  if (totals.size() != config.cores.size())
    fail("energy: counters of {} cores for a configuration of {} cores",
         totals.size(), config.cores.size());
  if (images == 0 || ticksPerImage == 0)
    fail("energy: {} images of {} ticks; both must be positive", images,
         ticksPerImage);
  const ChipInfo &chip = config.chip;
  if (!(chip.tickHz > 0))
    fail("energy: tick rate {} Hz must be positive", chip.tickHz);
  EnergyReport r;
  r.network = config.network;
  r.profile = chip.profile;
  r.images = images;
  r.ticks = ticksPerImage;
  r.tickHz = chip.tickHz;
  r.constants = constants;
  r.synapticEventPj = chip.synapticEventPj;
  r.hopPj = chip.hopPj;
  r.staticPowerMw = chip.staticPowerMw;

  const double per = 1.0 / static_cast<double>(images);
  r.layers.resize(config.layers.size());
  for (size_t l = 0; l < config.layers.size(); ++l) {
    r.layers[l].name = config.layers[l].name;
    r.layers[l].kind = config.layers[l].kind;
    r.layers[l].macs = config.layers[l].macs;
    r.dnnMacs += config.layers[l].macs;
  }
  LayerEnergyRow unassigned;
  unassigned.name = "(no layer)";
  for (size_t c = 0; c < totals.size(); ++c) {
    const CoreCounters &k = totals[c];
    uint32_t layer = config.cores[c].layer;
    LayerEnergyRow &row =
        layer < r.layers.size() ? r.layers[layer] : unassigned;
    ++row.cores;
    row.activeCores += k.activeTicks > 0;
    row.spikesIn += k.spikesIn * per;
    row.spikesOut += k.spikesOut * per;
    row.synapticEvents += k.synapticEvents * per;
    row.hops += k.hops * per;
    row.activeCoreTicks += k.activeTicks * per;
    ++r.cores;
    r.activeCores += k.activeTicks > 0;
    r.spikesIn += k.spikesIn * per;
    r.spikesOut += k.spikesOut * per;
    r.synapticEvents += k.synapticEvents * per;
    r.hops += k.hops * per;
    r.activeCoreTicks += k.activeTicks * per;
    r.saturations += k.saturations * per;
  }
  if (unassigned.cores)
    r.layers.push_back(unassigned);

  // (a) The chip model. Every chip that holds a core of the network is
  // powered for the whole run.
  std::set<std::pair<int64_t, int64_t>> chips;
  for (const Core &core : config.cores)
    chips.insert({core.x / std::max<int64_t>(1, chip.coresX),
                  core.y / std::max<int64_t>(1, chip.coresY)});
  r.chips = chips.size();
  r.seconds = static_cast<double>(ticksPerImage) / chip.tickHz;
  r.chipSynapticJ = r.synapticEvents * chip.synapticEventPj * 1e-12;
  r.chipHopJ = r.hops * chip.hopPj * 1e-12;
  r.chipStaticJ =
      chip.staticPowerMw * 1e-3 * static_cast<double>(r.chips) * r.seconds;
  r.chipTotalJ = r.chipSynapticJ + r.chipHopJ + r.chipStaticJ;

  // (b) Operation count.
  const double macs = static_cast<double>(r.dnnMacs);
  r.dnnFp32J = macs * constants.fp32MacPj * 1e-12;
  r.snnFp32J = r.synapticEvents * constants.fp32AddPj * 1e-12;
  r.dnnInt32J = macs * constants.int32MacPj * 1e-12;
  r.snnInt32J = r.synapticEvents * constants.int32AddPj * 1e-12;

  // (c) Table 2.
  r.gpuFlops = 2 * macs;
  r.gpuJ = gpuEnergyJ(r.gpuFlops, constants.gpuGflops, constants.gpuPowerW);
  r.snnFlopsPerTick = r.synapticEvents / static_cast<double>(ticksPerImage);
  r.truenorthPowerW =
      truenorthPowerW(r.snnFlopsPerTick, constants.chipGflopsPerW);
  r.truenorthJ =
      truenorthEnergyJ(r.snnFlopsPerTick, constants.chipGflopsPerW,
                       static_cast<double>(ticksPerImage), 1.0 / chip.tickHz);
  return r;
}

namespace {

std::string ratio(double a, double b) {
  return b > 0 ? fmt::format("{:.3g}x", a / b) : std::string("-");
}

} // namespace

std::string formatEnergyReport(const EnergyReport &r) {
  std::string s;
  s +=
      fmt::format("energy of '{}' on '{}': {} image(s) x {} ticks ({:g} s of "
                  "chip time per image at {:g} Hz)\n",
                  r.network, r.profile, r.images, r.ticks, r.seconds, r.tickHz);
  s += "per image, by layer:\n";
  s += fmt::format("  {:<24} {:<10} {:>7} {:>7} {:>12} {:>12} {:>14} {:>12} "
                   "{:>14}\n",
                   "layer", "kind", "cores", "active", "spikes in",
                   "spikes out", "syn. events", "hops", "DNN MACs");
  for (const LayerEnergyRow &l : r.layers)
    s += fmt::format("  {:<24} {:<10} {:>7} {:>7} {:>12.4g} {:>12.4g} "
                     "{:>14.4g} {:>12.4g} {:>14}\n",
                     l.name, l.kind, l.cores, l.activeCores, l.spikesIn,
                     l.spikesOut, l.synapticEvents, l.hops, l.macs);
  s += fmt::format("  {:<24} {:<10} {:>7} {:>7} {:>12.4g} {:>12.4g} {:>14.4g} "
                   "{:>12.4g} {:>14}\n",
                   "total", "", r.cores, r.activeCores, r.spikesIn, r.spikesOut,
                   r.synapticEvents, r.hops, r.dnnMacs);
  if (r.saturations > 0)
    s += fmt::format("  potentials clamped to the chip's range: {:.4g} per "
                     "image\n",
                     r.saturations);
  s += fmt::format("(a) the chip model: {:.4g} events x {:g} pJ + {:.4g} hops "
                   "x {:g} pJ + {:g} mW x {} chip(s) x {:g} s\n",
                   r.synapticEvents, r.synapticEventPj, r.hops, r.hopPj,
                   r.staticPowerMw, r.chips, r.seconds);
  s += fmt::format("    = {:.4g} J synaptic + {:.4g} J hops + {:.4g} J "
                   "static = {:.4g} J per image\n",
                   r.chipSynapticJ, r.chipHopJ, r.chipStaticJ, r.chipTotalJ);
  s += fmt::format("    against the DNN on a GPU, {:.4g} J per image ((c)'s "
                   "GPU row): the chip takes {}\n",
                   r.gpuJ,
                   r.chipTotalJ <= r.gpuJ
                       ? fmt::format("{} less", ratio(r.gpuJ, r.chipTotalJ))
                       : fmt::format("{} more", ratio(r.chipTotalJ, r.gpuJ)));
  s += "(b) operation count (Horowitz 2014), J per image:\n";
  s += fmt::format("    {:<6} {:>14} {:>14} {:>12}\n", "", "DNN (MAC)",
                   "SNN (AC)", "DNN/SNN");
  s += fmt::format("    {:<6} {:>14.4g} {:>14.4g} {:>12}\n", "FP32", r.dnnFp32J,
                   r.snnFp32J, ratio(r.dnnFp32J, r.snnFp32J));
  s += fmt::format("    {:<6} {:>14.4g} {:>14.4g} {:>12}\n", "INT32",
                   r.dnnInt32J, r.snnInt32J, ratio(r.dnnInt32J, r.snnInt32J));
  s += fmt::format("    ({} MACs, {:g}/{:g} pJ FP32, {:g}/{:g} pJ INT32)\n",
                   r.dnnMacs, r.constants.fp32MacPj, r.constants.fp32AddPj,
                   r.constants.int32MacPj, r.constants.int32AddPj);
  s += "(c) the paper's Table 2 formula (its TrueNorth row rates operations "
       "at 400 GFLOPS/W; it is not the chip model (a)):\n";
  s += fmt::format("    GPU:       {:.4g} FLOPs / {:g} GFLOPS x {:g} W = "
                   "{:.4g} J\n",
                   r.gpuFlops, r.constants.gpuGflops, r.constants.gpuPowerW,
                   r.gpuJ);
  s += fmt::format("    TrueNorth: {:.4g} FLOPs per step / {:g} GFLOPS/W = "
                   "{:.4g} W x {} steps x {:g} s = {:.4g} J ({} less)\n",
                   r.snnFlopsPerTick, r.constants.chipGflopsPerW,
                   r.truenorthPowerW, r.ticks, 1.0 / r.tickHz, r.truenorthJ,
                   ratio(r.gpuJ, r.truenorthJ));
  return s;
}

nlohmann::json energyJson(const EnergyReport &r) {
  nlohmann::json j;
  j["network"] = r.network;
  j["profile"] = r.profile;
  j["images"] = r.images;
  j["ticksPerImage"] = r.ticks;
  j["tickHz"] = r.tickHz;
  j["perImage"] = {{"cores", r.cores},
                   {"activeCores", r.activeCores},
                   {"spikesIn", r.spikesIn},
                   {"spikesOut", r.spikesOut},
                   {"synapticEvents", r.synapticEvents},
                   {"hops", r.hops},
                   {"activeCoreTicks", r.activeCoreTicks},
                   {"saturations", r.saturations}};
  j["chip"] = {{"chips", r.chips},      {"synapticEventPj", r.synapticEventPj},
               {"hopPj", r.hopPj},      {"staticPowerMw", r.staticPowerMw},
               {"seconds", r.seconds},  {"synapticJ", r.chipSynapticJ},
               {"hopJ", r.chipHopJ},    {"staticJ", r.chipStaticJ},
               {"totalJ", r.chipTotalJ}};
  j["operations"] = {{"dnnMacs", r.dnnMacs},
                     {"snnAccumulates", r.synapticEvents},
                     {"fp32MacPj", r.constants.fp32MacPj},
                     {"fp32AddPj", r.constants.fp32AddPj},
                     {"int32MacPj", r.constants.int32MacPj},
                     {"int32AddPj", r.constants.int32AddPj},
                     {"dnnFp32J", r.dnnFp32J},
                     {"snnFp32J", r.snnFp32J},
                     {"dnnInt32J", r.dnnInt32J},
                     {"snnInt32J", r.snnInt32J}};
  j["table2"] = {{"gpuFlops", r.gpuFlops},
                 {"gpuGflops", r.constants.gpuGflops},
                 {"gpuPowerW", r.constants.gpuPowerW},
                 {"gpuJ", r.gpuJ},
                 {"snnFlopsPerStep", r.snnFlopsPerTick},
                 {"chipGflopsPerW", r.constants.chipGflopsPerW},
                 {"chipPowerW", r.truenorthPowerW},
                 {"steps", r.ticks},
                 {"chipJ", r.truenorthJ}};
  nlohmann::json layers = nlohmann::json::array();
  for (const LayerEnergyRow &l : r.layers)
    layers.push_back({{"name", l.name},
                      {"kind", l.kind},
                      {"cores", l.cores},
                      {"activeCores", l.activeCores},
                      {"spikesIn", l.spikesIn},
                      {"spikesOut", l.spikesOut},
                      {"synapticEvents", l.synapticEvents},
                      {"hops", l.hops},
                      {"activeCoreTicks", l.activeCoreTicks},
                      {"macs", l.macs}});
  j["layers"] = std::move(layers);
  return j;
}

} // namespace snnc::emu
