//===- IbmExport.cpp - IBM model file (NSCS / NeMo) and spike file --------===//
//
// The model file follows the files IBM's Corelet Programming Environment
// writes (and markplagge/NeMo's libs/model_reader reads): a "model" header,
// a library of crossbar prototypes ("crossbarTypes", one per snnc
// prototype, always 256 rows), a library of neuron types ("neuronTypes",
// deduplicated, named N%08X with ids from 1; id 0 marks an unused neuron)
// and one "core" member per core (the key repeats, as in IBM's files; cores
// come last because readers take every member from the first "core" on).
// Each core lists 256 neurons as run-length arrays of neuron type ids,
// destination cores (-1: none), axons and delays.
//
//===----------------------------------------------------------------------===//
#include "backends/config/ConfigExport.h"

#include "backends/config/ExportCommon.h"
#include "runtime/chip/OddPotentials.h"
#include "runtime/support/Error.h"

#include <nlohmann/json.hpp>

#include <array>
#include <map>
#include <sstream>

namespace snnc::chipcfg {
namespace {

using Json = nlohmann::ordered_json;
using exportdetail::kCoreSize;

constexpr const char *kFormat = "IBM model file";
/// TrueNorth's parameter widths: 8-bit weight and leak magnitudes (signs
/// apart), 18-bit thresholds.
constexpr int64_t kMaxMagnitude = 255;
constexpr int64_t kMaxThreshold = (int64_t(1) << 18) - 1;

/// The TrueNorth parameters of a neuron type, in IBM's key order after
/// name and class: sigma0..3, s0..3, sigma_lambda, lambda, alpha, beta,
/// gamma, kappa, sigma_VR, VR, V (b0..3, c_lambda, epsilon and TM are 0).
using IbmParams = std::array<int64_t, 17>;

int64_t sign(int64_t v) { return v < 0 ? -1 : 1; }
int64_t magnitude(int64_t v) { return v < 0 ? -v : v; }

IbmParams ibmParams(const ChipConfig &c, size_t pi, size_t ti) {
  const CorePrototype &p = c.prototypes[pi];
  const NeuronType &t = p.neuronTypes[ti];
  auto where = [&] {
    return fmt::format("prototype {} ('{}') neuron type {}", pi, p.name, ti);
  };
  IbmParams r{};
  for (int k = 0; k < 4; ++k) {
    if (magnitude(t.weights[k]) > kMaxMagnitude)
      fail("{}: {}: weight {} for axon type {} exceeds TrueNorth's range "
           "-255..255 (sigma * s, s of 8 bits)",
           kFormat, where(), t.weights[k], k);
    r[k] = sign(t.weights[k]);
    r[4 + k] = magnitude(t.weights[k]);
  }
  if (magnitude(t.leak) > kMaxMagnitude)
    fail("{}: {}: leak {} exceeds TrueNorth's range -255..255", kFormat,
         where(), t.leak);
  r[8] = sign(t.leak);
  r[9] = magnitude(t.leak);
  if (t.alpha > kMaxThreshold || t.beta > kMaxThreshold)
    fail("{}: {}: thresholds alpha {} / beta {} exceed TrueNorth's 18 bits "
         "({})",
         kFormat, where(), t.alpha, t.beta, kMaxThreshold);
  r[10] = t.alpha;
  // snnc crosses the negative threshold at V <= -beta, TrueNorth at
  // V < -beta. Saturating at -beta and not resetting are the same either
  // way (at V = -beta they change nothing); an absolute reset needs the
  // TrueNorth threshold beta - 1; a linear reset (V += beta) matches only
  // for beta = 0.
  // A neuron whose potentials stay odd never sits on -beta, where alone
  // the two tests differ (runtime/chip/OddPotentials.h): it needs nothing.
  int64_t beta = t.beta;
  const bool odd = oddPotentialProblem(p, t) == nullptr;
  if (odd) {
  } else if (t.negative == NegativeMode::Reset &&
             t.reset == ResetMode::Absolute) {
    if (beta > 0)
      beta -= 1;
    else if (t.resetValue != 0)
      fail("{}: {}: an absolute negative reset to {} at V <= 0 (beta 0) has "
           "no TrueNorth equivalent (TrueNorth resets at V < -beta, and beta "
           "cannot be -1)",
           kFormat, where(), -int64_t(t.resetValue));
  } else if (t.negative == NegativeMode::Reset &&
             t.reset == ResetMode::Linear && beta != 0) {
    fail("{}: {}: a linear negative reset with beta {} has no TrueNorth "
         "equivalent (snnc adds beta at V <= -beta, TrueNorth at V < -beta; "
         "only beta 0, saturation or potentials that stay odd match: {})",
         kFormat, where(), beta, oddPotentialProblem(p, t));
  }
  r[11] = beta;
  r[12] = int64_t(t.reset); // gamma: 0 absolute, 1 linear, 2 none
  r[13] = t.negative == NegativeMode::Saturate ? 1 : 0; // kappa
  // The reset potential is stored as sigma_VR * (2^VR - 1).
  int64_t limit = (int64_t(1) << (c.chip.potentialBits - 1)) - 1;
  uint64_t m = uint64_t(magnitude(t.resetValue)) + 1;
  bool representable = (m & (m - 1)) == 0 && magnitude(t.resetValue) <= limit;
  if (representable) {
    int vr = 0;
    while ((uint64_t(1) << vr) < m)
      ++vr;
    r[14] = sign(t.resetValue);
    r[15] = vr;
  } else if (t.reset == ResetMode::Absolute) {
    fail("{}: {}: reset value {} is not of TrueNorth's form sigma_VR * "
         "(2^VR - 1) within the {}-bit potential",
         kFormat, where(), t.resetValue, c.chip.potentialBits);
  } else {
    r[14] = 1; // unused by linear and no reset
    r[15] = 0;
  }
  if (t.vInit < -limit - 1 || t.vInit > limit)
    fail("{}: {}: initial potential {} is outside the {}-bit potential",
         kFormat, where(), t.vInit, c.chip.potentialBits);
  r[16] = t.vInit;
  return r;
}

Json neuronTypeJson(uint32_t id, const IbmParams &r) {
  Json j;
  j["name"] = fmt::format("N{:08X}", id);
  j["class"] = "NeuronGeneral";
  for (int k = 0; k < 4; ++k)
    j[fmt::format("sigma{}", k)] = r[k];
  for (int k = 0; k < 4; ++k)
    j[fmt::format("s{}", k)] = r[4 + k];
  for (int k = 0; k < 4; ++k)
    j[fmt::format("b{}", k)] = false;
  j["sigma_lambda"] = r[8];
  j["lambda"] = r[9];
  j["c_lambda"] = false;
  j["epsilon"] = false;
  j["alpha"] = r[10];
  j["beta"] = r[11];
  j["TM"] = 0;
  j["gamma"] = r[12];
  j["kappa"] = r[13] != 0;
  j["sigma_VR"] = r[14];
  j["VR"] = r[15];
  j["V"] = r[16];
  return j;
}

Json runLength(const std::vector<int64_t> &v) {
  Json out = Json::array();
  size_t i = 0, n = v.size();
  while (i < n) {
    size_t run = 1;
    while (i + run < n && v[i + run] == v[i])
      ++run;
    if (run >= 3) {
      out.push_back(fmt::format("{}x{}", v[i], run));
      i += run;
      continue;
    }
    if (i + 2 < n && v[i + 1] > v[i]) {
      int64_t step = v[i + 1] - v[i];
      size_t length = 2;
      while (i + length < n && v[i + length] - v[i + length - 1] == step)
        ++length;
      if (length >= 3) {
        int64_t last = v[i + length - 1];
        out.push_back(step == 1 ? fmt::format("{}:{}", v[i], last)
                                : fmt::format("{}:{}:{}", v[i], step, last));
        i += length;
        continue;
      }
    }
    out.push_back(v[i]);
    ++i;
  }
  return out;
}

/// Row `a` of prototype `p` as 32 space-separated hex bytes, neuron 0 in
/// the most significant bit of the first byte.
std::string synapseRow(const CorePrototype &p, uint32_t a) {
  std::array<uint8_t, kCoreSize / 8> bytes{};
  if (a < p.axons)
    for (uint32_t s = p.rowStart[a]; s < p.rowStart[a + 1]; ++s)
      bytes[p.column[s] / 8] |= uint8_t(0x80 >> (p.column[s] % 8));
  std::string row;
  for (size_t i = 0; i < bytes.size(); ++i)
    row += fmt::format(i ? " {:02X}" : "{:02X}", bytes[i]);
  return row;
}

std::string crossbarName(size_t pi) { return fmt::format("coreProt{:07}", pi); }

} // namespace

std::string ibmRunLength(const std::vector<int64_t> &values) {
  return runLength(values).dump();
}

void checkIbmExportable(const ChipConfig &config) {
  exportdetail::checkCommon(config, kFormat, 15);
  for (size_t pi = 0; pi < config.prototypes.size(); ++pi)
    for (size_t ti = 0; ti < config.prototypes[pi].neuronTypes.size(); ++ti)
      ibmParams(config, pi, ti);
}

void writeIbmModel(const ChipConfig &c, std::ostream &out) {
  checkIbmExportable(c);

  // Neuron types over all prototypes, first seen first.
  std::map<IbmParams, uint32_t> ids;
  std::vector<Json> types;
  std::vector<std::vector<uint32_t>> typeId(c.prototypes.size());
  for (size_t pi = 0; pi < c.prototypes.size(); ++pi) {
    for (size_t ti = 0; ti < c.prototypes[pi].neuronTypes.size(); ++ti) {
      IbmParams r = ibmParams(c, pi, ti);
      auto [it, added] = ids.emplace(r, uint32_t(ids.size() + 1));
      if (added)
        types.push_back(neuronTypeJson(it->second, r));
      typeId[pi].push_back(it->second);
    }
  }

  Json model;
  model["coreCount"] = c.cores.size();
  model["neuronclass"] = "NeuronGeneral";
  model["crossbarSize"] = kCoreSize;
  model["crossbarclass"] = "CrossbarBinary";
  model["networking"] = "INTRA";
  model["useCrossbarPrototypes"] = true;
  out << "{\n\"model\":" << model.dump() << ",\n\"crossbarTypes\":[";

  for (size_t pi = 0; pi < c.prototypes.size(); ++pi) {
    const CorePrototype &p = c.prototypes[pi];
    out << (pi ? ",\n" : "\n") << "{\"name\":\"" << crossbarName(pi)
        << "\",\"crossbar\":{\"rows\":[";
    for (uint32_t a = 0; a < kCoreSize; ++a) {
      Json row;
      row["type"] = fmt::format("S{}", a < p.axons ? p.axonTypes[a] : 0);
      row["synapses"] = synapseRow(p, a);
      out << (a ? ",\n" : "\n") << row.dump();
    }
    out << "\n]}}";
  }
  out << "\n],\n\"neuronTypes\":[";
  for (size_t i = 0; i < types.size(); ++i)
    out << (i ? ",\n" : "\n") << types[i].dump();
  out << "\n]";

  std::vector<int64_t> type(kCoreSize), destCore(kCoreSize),
      destAxon(kCoreSize), destDelay(kCoreSize);
  for (size_t ci = 0; ci < c.cores.size(); ++ci) {
    const Core &core = c.cores[ci];
    const CorePrototype &p = c.prototypes[core.prototype];
    for (uint32_t n = 0; n < kCoreSize; ++n) {
      type[n] = 0;
      destCore[n] = -1;
      destAxon[n] = 0;
      destDelay[n] = 1;
      if (n >= p.neurons)
        continue;
      type[n] = typeId[core.prototype][p.neuronType[n]];
      if (core.targetStart[n + 1] > core.targetStart[n]) {
        const Target &t = core.targets[core.targetStart[n]];
        destCore[n] = t.core;
        destAxon[n] = t.axon;
        destDelay[n] = t.delay;
      }
    }
    Json j;
    Json &meta = j["metadata"];
    meta["coreletClass"] = "snnc";
    meta["coreletId"] = 0;
    meta["coreNumber"] = ci;
    meta["parentCoreletId"] = Json::array();
    meta["layerNumber"] = core.layer;
    meta["layerType"] = c.layers[core.layer].kind;
    j["id"] = ci;
    j["timeScaleExponent"] = 0;
    j["rngSeed"] = 4294967295u;
    Json &neurons = j["neurons"];
    neurons["dendrites"] = Json::array({fmt::format("0:{}", kCoreSize - 1)});
    neurons["types"] = runLength(type);
    neurons["destCores"] = runLength(destCore);
    neurons["destAxons"] = runLength(destAxon);
    neurons["destDelays"] = runLength(destDelay);
    j["crossbar"]["name"] = crossbarName(core.prototype);
    out << ",\n\"core\":" << j.dump();
  }
  out << "\n}\n";
}

std::string ibmModelJson(const ChipConfig &config) {
  std::ostringstream out;
  writeIbmModel(config, out);
  return out.str();
}

void writeIbmSpikes(const ChipConfig &c, const std::vector<InputSpike> &spikes,
                    std::ostream &out) {
  for (size_t i = 0; i < spikes.size(); ++i) {
    const InputSpike &s = spikes[i];
    if (s.core >= c.cores.size())
      fail("{}: input spike {} (tick {}): core {} out of range ({} cores)",
           kFormat, i, s.tick, s.core, c.cores.size());
    uint32_t axons = c.prototypes[c.cores[s.core].prototype].axons;
    if (s.axon >= axons)
      fail("{}: input spike {} (tick {}): axon {} of core {} out of range ({} "
           "axons)",
           kFormat, i, s.tick, s.axon, s.core, axons);
  }
  out << "{\"class\":\"SpikeWriter\",\"encoding\":\"TEXT\","
         "\"nscsVersion\":\"1.4.0\"}\n"
         "{\"version\":\"sfto1.0\",\"defaultDestinationDelay\":1}\n";
  for (const InputSpike &s : spikes)
    out << fmt::format(
        "{{\"spike\":{{\"srcTime\":{},\"destCore\":{},\"destAxon\":{}}}}}\n",
        s.tick, s.core, s.axon);
}

std::string ibmSpikesJson(const ChipConfig &config,
                          const std::vector<InputSpike> &spikes) {
  std::ostringstream out;
  writeIbmSpikes(config, spikes, out);
  return out.str();
}

void exportIbm(const ChipConfig &config, const std::vector<InputSpike> &spikes,
               const std::string &dir) {
  std::string model = ibmModelJson(config);
  std::string spikeFile = ibmSpikesJson(config, spikes);
  exportdetail::makeDirectory(dir);
  exportdetail::writeFile(dir + "/model.json", model);
  exportdetail::writeFile(dir + "/spikes.json", spikeFile);
}

} // namespace snnc::chipcfg
