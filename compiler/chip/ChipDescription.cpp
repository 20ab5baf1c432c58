//===- ChipDescription.cpp - TrueNorth-style chip descriptions ------------===//
//
// yaml-cpp throws; everything it throws is turned into snnc::Error here, with
// the file, line and column (yaml-cpp marks are 0-based).
//
//===----------------------------------------------------------------------===//
#include "compiler/chip/ChipDescription.h"

#include "runtime/chip/Limits.h"
#include "runtime/support/Error.h"
#include "runtime/support/Suggest.h"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

namespace snnc::chip {

// Generated from profiles/*.yaml (ChipProfiles.cpp).
extern const std::vector<std::pair<std::string, std::string>> kProfiles;

namespace {

class Reader {
public:
  explicit Reader(const std::string &path) : path(path) {}

  std::string where(const YAML::Node &node) const {
    YAML::Mark m = node.Mark();
    if (m.line < 0)
      return path;
    return path + ":" + std::to_string(m.line + 1) + ":" +
           std::to_string(m.column + 1);
  }

  /// The map `node` (at `field`), rejecting keys outside `allowed`.
  void checkMap(const YAML::Node &node, const std::string &field,
                std::initializer_list<const char *> allowed) const {
    if (!node.IsMap())
      fail("{}: '{}' must be a mapping", where(node), field);
    std::set<std::string> names(allowed.begin(), allowed.end());
    for (const auto &kv : node) {
      std::string key = kv.first.Scalar();
      if (!names.count(key))
        fail("{}: unknown field '{}{}{}'", where(kv.first), field,
             field.empty() ? "" : ".", key);
    }
  }

  YAML::Node require(const YAML::Node &map, const std::string &parent,
                     const char *key) const {
    YAML::Node node = map[key];
    if (!node)
      fail("{}: missing field '{}{}{}'", where(map), parent,
           parent.empty() ? "" : ".", key);
    return node;
  }

  int64_t integer(const YAML::Node &node, const std::string &field, int64_t min,
                  int64_t max) const {
    int64_t value = 0;
    if (!node.IsScalar() || !YAML::convert<int64_t>::decode(node, value))
      fail("{}: '{}' must be an integer, got '{}'", where(node), field,
           node.IsScalar() ? node.Scalar() : std::string("a non-scalar"));
    if (value < min || value > max)
      fail("{}: '{}' = {} is out of range [{}, {}]", where(node), field, value,
           min, max);
    return value;
  }

  double number(const YAML::Node &node, const std::string &field, double min,
                double max) const {
    double value = 0;
    if (!node.IsScalar() || !YAML::convert<double>::decode(node, value) ||
        !std::isfinite(value))
      fail("{}: '{}' must be a finite number, got '{}'", where(node), field,
           node.IsScalar() ? node.Scalar() : std::string("a non-scalar"));
    if (value < min || value > max)
      fail("{}: '{}' = {} is out of range [{}, {}]", where(node), field, value,
           min, max);
    return value;
  }

  bool boolean(const YAML::Node &node, const std::string &field) const {
    bool value = false;
    if (!node.IsScalar() || !YAML::convert<bool>::decode(node, value))
      fail("{}: '{}' must be true or false, got '{}'", where(node), field,
           node.IsScalar() ? node.Scalar() : std::string("a non-scalar"));
    return value;
  }

  std::string choice(const YAML::Node &node, const std::string &field,
                     std::initializer_list<const char *> allowed) const {
    if (!node.IsScalar())
      fail("{}: '{}' must be a string", where(node), field);
    for (const char *a : allowed)
      if (node.Scalar() == a)
        return a;
    std::string list;
    for (const char *a : allowed)
      list += (list.empty() ? "" : ", ") + std::string(a);
    fail("{}: '{}' must be one of {}, got '{}'", where(node), field, list,
         node.Scalar());
  }

  std::string text(const YAML::Node &node, const std::string &field) const {
    if (!node.IsScalar())
      fail("{}: '{}' must be a string", where(node), field);
    return node.Scalar();
  }

  const std::string &path;
};

ChipDescription parseRoot(const YAML::Node &root, const Reader &r) {
  ChipDescription c;
  c.path = r.path;
  if (!root || root.IsNull())
    fail("{}: empty chip description", r.path);
  r.checkMap(root, "",
             {"name", "description", "core", "neuron", "mesh", "board",
              "readout", "tick_hz", "energy"});
  c.name = r.text(r.require(root, "", "name"), "name");
  if (root["description"])
    c.description = r.text(root["description"], "description");

  YAML::Node core = r.require(root, "", "core");
  r.checkMap(core, "core",
             {"axons", "neurons", "crossbar", "axon_types", "weight_bits",
              "threshold_bits", "potential_bits", "leak_bits"});
  const int64_t big = chipcfg::kMaxCoreSide;
  c.axonsPerCore =
      r.integer(r.require(core, "core", "axons"), "core.axons", 0, big);
  c.neuronsPerCore =
      r.integer(r.require(core, "core", "neurons"), "core.neurons", 0, big);
  c.crossbar = r.choice(r.require(core, "core", "crossbar"), "core.crossbar",
                        {"binary", "weighted"}) == "binary"
                   ? CrossbarKind::Binary
                   : CrossbarKind::Weighted;
  c.axonTypes = r.integer(r.require(core, "core", "axon_types"),
                          "core.axon_types", 1, chipcfg::kMaxAxonTypes);
  c.weightBits = r.integer(r.require(core, "core", "weight_bits"),
                           "core.weight_bits", 2, 32);
  c.thresholdBits = r.integer(r.require(core, "core", "threshold_bits"),
                              "core.threshold_bits", 2, 32);
  c.potentialBits = r.integer(r.require(core, "core", "potential_bits"),
                              "core.potential_bits", chipcfg::kMinPotentialBits,
                              chipcfg::kMaxPotentialBits);
  c.leakBits =
      r.integer(r.require(core, "core", "leak_bits"), "core.leak_bits", 1, 32);
  if (c.crossbar == CrossbarKind::Weighted && c.axonTypes != 1)
    fail("{}: 'core.axon_types' = {} but a weighted crossbar has one weight "
         "per synapse (set 1)",
         r.where(core["axon_types"]), c.axonTypes);
  if (c.potentialBits < c.thresholdBits)
    fail("{}: 'core.potential_bits' = {} is smaller than "
         "'core.threshold_bits' = {}",
         r.where(core["potential_bits"]), c.potentialBits, c.thresholdBits);

  YAML::Node neuron = r.require(root, "", "neuron");
  r.checkMap(neuron, "neuron",
             {"signed_spikes", "targets", "delay", "portable"});
  c.signedSpikes = r.boolean(r.require(neuron, "neuron", "signed_spikes"),
                             "neuron.signed_spikes");
  c.targetsPerNeuron = r.integer(r.require(neuron, "neuron", "targets"),
                                 "neuron.targets", 0, big);
  YAML::Node delay = r.require(neuron, "neuron", "delay");
  if (!delay.IsSequence() || delay.size() != 2)
    fail("{}: 'neuron.delay' must be [min, max]", r.where(delay));
  c.minDelay = r.integer(delay[0], "neuron.delay[0]", 0, chipcfg::kMaxDelay);
  c.maxDelay = r.integer(delay[1], "neuron.delay[1]", 1, chipcfg::kMaxDelay);
  if (c.maxDelay < c.minDelay)
    fail("{}: 'neuron.delay' = [{}, {}]: max is below min", r.where(delay),
         c.minDelay, c.maxDelay);

  if (neuron["portable"])
    c.portableNeurons = r.boolean(neuron["portable"], "neuron.portable");

  YAML::Node mesh = r.require(root, "", "mesh");
  r.checkMap(mesh, "mesh", {"cores_x", "cores_y"});
  c.coresX =
      r.integer(r.require(mesh, "mesh", "cores_x"), "mesh.cores_x", 1, 1 << 16);
  c.coresY =
      r.integer(r.require(mesh, "mesh", "cores_y"), "mesh.cores_y", 1, 1 << 16);
  YAML::Node board = r.require(root, "", "board");
  r.checkMap(board, "board", {"chips"});
  c.chipsPerBoard =
      r.integer(r.require(board, "board", "chips"), "board.chips", 1, 1 << 16);

  c.readout = r.choice(r.require(root, "", "readout"), "readout",
                       {"spikes", "membrane"}) == "spikes"
                  ? Readout::Spikes
                  : Readout::Membrane;
  c.tickHz = r.number(r.require(root, "", "tick_hz"), "tick_hz", 1e-3, 1e9);
  if (c.portableNeurons) {
    // What IBM's and RANC's formats hold: binary crossbars, unsigned
    // spikes, spikes read out; and a bit to spare for odd potentials.
    const char *why = c.crossbar != CrossbarKind::Binary ? "a weighted crossbar"
                      : c.signedSpikes                   ? "signed spikes"
                      : c.readout != Readout::Spikes     ? "a membrane readout"
                                                         : nullptr;
    if (why)
      fail("{}: 'neuron.portable' is true but the chip has {}; IBM's "
           "TrueNorth tools and RANC run binary crossbars, unsigned spikes "
           "and a spike readout only",
           r.where(neuron["portable"]), why);
    for (auto [bits, name] : {std::pair{c.weightBits, "core.weight_bits"},
                              {c.thresholdBits, "core.threshold_bits"},
                              {c.leakBits, "core.leak_bits"}})
      if (bits < 3)
        fail("{}: 'neuron.portable' keeps potentials odd by doubling every "
             "parameter, which needs '{}' >= 3 (found {})",
             r.where(neuron["portable"]), name, bits);
  }

  YAML::Node energy = r.require(root, "", "energy");
  r.checkMap(energy, "energy",
             {"synaptic_event_pj", "hop_pj", "static_power_mw", "sources"});
  c.synapticEventPj = r.number(r.require(energy, "energy", "synaptic_event_pj"),
                               "energy.synaptic_event_pj", 0, 1e9);
  c.hopPj =
      r.number(r.require(energy, "energy", "hop_pj"), "energy.hop_pj", 0, 1e9);
  c.staticPowerMw = r.number(r.require(energy, "energy", "static_power_mw"),
                             "energy.static_power_mw", 0, 1e9);
  c.energySources =
      r.text(r.require(energy, "energy", "sources"), "energy.sources");
  return c;
}

} // namespace

ChipDescription parseChipDescription(const std::string &text,
                                     const std::string &path) {
  Reader reader(path);
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception &e) {
    fail("{}:{}:{}: invalid YAML: {}", path, e.mark.line + 1, e.mark.column + 1,
         e.msg);
  }
  try {
    return parseRoot(root, reader);
  } catch (const YAML::Exception &e) {
    fail("{}:{}:{}: {}", path, e.mark.line + 1, e.mark.column + 1, e.msg);
  }
}

ChipDescription readChipDescription(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    fail("{}: cannot open chip description", path);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return parseChipDescription(buffer.str(), path);
}

std::vector<std::string> builtinProfiles() {
  std::vector<std::string> names;
  for (const auto &[name, text] : kProfiles)
    names.push_back(name);
  return names;
}

std::string chipDescriptionText(const std::string &profileOrPath) {
  for (const auto &[name, text] : kProfiles)
    if (name == profileOrPath)
      return text;
  std::ifstream in(profileOrPath, std::ios::binary);
  if (!in) {
    std::string list;
    for (const std::string &n : builtinProfiles())
      list += (list.empty() ? "" : ", ") + n;
    std::string guess = closestName(profileOrPath, builtinProfiles());
    fail("'{}' is neither a chip profile ({}) nor a readable file{}",
         profileOrPath, list,
         guess.empty() ? "" : "; did you mean '" + guess + "'?");
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string chipDescriptionYaml(const ChipDescription &c) {
  YAML::Emitter out;
  out.SetDoublePrecision(17); // doubles read back bit for bit
  out << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value << c.name;
  if (!c.description.empty())
    out << YAML::Key << "description" << YAML::Value << c.description;
  out << YAML::Key << "core" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "axons" << YAML::Value << c.axonsPerCore;
  out << YAML::Key << "neurons" << YAML::Value << c.neuronsPerCore;
  out << YAML::Key << "crossbar" << YAML::Value
      << (c.crossbar == CrossbarKind::Binary ? "binary" : "weighted");
  out << YAML::Key << "axon_types" << YAML::Value << c.axonTypes;
  out << YAML::Key << "weight_bits" << YAML::Value << c.weightBits;
  out << YAML::Key << "threshold_bits" << YAML::Value << c.thresholdBits;
  out << YAML::Key << "potential_bits" << YAML::Value << c.potentialBits;
  out << YAML::Key << "leak_bits" << YAML::Value << c.leakBits;
  out << YAML::EndMap;
  out << YAML::Key << "neuron" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "signed_spikes" << YAML::Value << c.signedSpikes;
  out << YAML::Key << "targets" << YAML::Value << c.targetsPerNeuron;
  out << YAML::Key << "delay" << YAML::Value << YAML::Flow << YAML::BeginSeq
      << c.minDelay << c.maxDelay << YAML::EndSeq;
  out << YAML::Key << "portable" << YAML::Value << c.portableNeurons;
  out << YAML::EndMap;
  out << YAML::Key << "mesh" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "cores_x" << YAML::Value << c.coresX;
  out << YAML::Key << "cores_y" << YAML::Value << c.coresY;
  out << YAML::EndMap;
  out << YAML::Key << "board" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "chips" << YAML::Value << c.chipsPerBoard;
  out << YAML::EndMap;
  out << YAML::Key << "readout" << YAML::Value
      << (c.readout == Readout::Spikes ? "spikes" : "membrane");
  out << YAML::Key << "tick_hz" << YAML::Value << c.tickHz;
  out << YAML::Key << "energy" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "synaptic_event_pj" << YAML::Value << c.synapticEventPj;
  out << YAML::Key << "hop_pj" << YAML::Value << c.hopPj;
  out << YAML::Key << "static_power_mw" << YAML::Value << c.staticPowerMw;
  out << YAML::Key << "sources" << YAML::Value << c.energySources;
  out << YAML::EndMap;
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

ChipDescription loadChip(const std::string &profileOrPath) {
  for (const auto &[name, text] : kProfiles)
    if (name == profileOrPath)
      return parseChipDescription(text, "<profile " + name + ">");
  return parseChipDescription(chipDescriptionText(profileOrPath),
                              profileOrPath);
}

} // namespace snnc::chip
