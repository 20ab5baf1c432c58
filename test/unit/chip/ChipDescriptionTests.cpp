//===- ChipDescriptionTests.cpp - Chip profiles and their validation ------===//
//
// Expected values come from the issue's profile definitions and
// REFERENCE.md section 5 (TrueNorth facts), not from the parser.
//
//===----------------------------------------------------------------------===//
#include "compiler/chip/ChipDescription.h"
#include "runtime/support/Error.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <string>

using namespace snnc::chip;
using Catch::Matchers::Contains;

namespace {

/// The truenorth profile as text, with one line replaced or appended.
std::string variant(const std::string &from, const std::string &to) {
  std::string text = R"(name: test
core:
  axons: 256
  neurons: 256
  crossbar: binary
  axon_types: 4
  weight_bits: 9
  threshold_bits: 18
  potential_bits: 20
  leak_bits: 9
neuron:
  signed_spikes: false
  targets: 1
  delay: [1, 15]
mesh:
  cores_x: 64
  cores_y: 64
board:
  chips: 1
readout: spikes
tick_hz: 1000
energy:
  synaptic_event_pj: 26
  hop_pj: 0
  static_power_mw: 65
  sources: test
)";
  if (!from.empty()) {
    size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
  }
  return text;
}

std::string errorOf(const std::string &text) {
  try {
    parseChipDescription(text, "chip.yaml");
  } catch (const snnc::Error &e) {
    return e.what();
  }
  return "no error";
}

} // namespace

TEST_CASE("the shipped profiles hold the documented chips", "[chip]") {
  CHECK(builtinProfiles() ==
        std::vector<std::string>{"reference", "truenorth-x", "truenorth"});

  ChipDescription tn = loadChip("truenorth");
  CHECK(tn.name == "truenorth");
  CHECK(tn.axonsPerCore == 256);
  CHECK(tn.neuronsPerCore == 256);
  CHECK(tn.crossbar == CrossbarKind::Binary);
  CHECK(tn.axonTypes == 4);
  CHECK(tn.weightBits == 9);
  CHECK_FALSE(tn.signedSpikes);
  CHECK(tn.targetsPerNeuron == 1);
  CHECK(tn.minDelay == 1);
  CHECK(tn.maxDelay == 15);
  CHECK(tn.coresPerChip() == 4096); // 64 x 64
  CHECK(tn.readout == Readout::Spikes);
  CHECK(tn.tickHz == 1000);
  CHECK(tn.synapticEventPj == 26);

  ChipDescription x = loadChip("truenorth-x");
  CHECK(x.crossbar == CrossbarKind::Weighted);
  CHECK(x.weightBits == 8);
  CHECK(x.signedSpikes);
  CHECK(x.targetsPerNeuron == 0); // multicast
  CHECK(x.readout == Readout::Membrane);
  CHECK(x.coresPerChip() == 4096);

  ChipDescription ref = loadChip("reference");
  CHECK(ref.unlimitedAxons());
  CHECK(ref.neuronsPerCore == 0);
  CHECK(ref.weightBits == 32);
  CHECK(ref.minDelay == 0);      // same-tick delivery, as the graph-level sim
  CHECK(tn.chipsPerBoard == 16); // NS16e
}

TEST_CASE("a profile file loads by path", "[chip]") {
  std::string path = "chip-description-test.yaml";
  {
    std::ofstream out(path);
    out << variant("cores_x: 64", "cores_x: 8");
  }
  ChipDescription c = loadChip(path);
  CHECK(c.coresX == 8);
  CHECK(c.coresPerChip() == 8 * 64);
  std::remove(path.c_str());
}

TEST_CASE("bad chip descriptions name the file, line, field and value",
          "[chip][errors]") {
  CHECK(errorOf(variant("", "")) == "no error");
  // Line numbers are 1-based lines of the text above.
  CHECK_THAT(errorOf(variant("  leak_bits: 9", "  leak_bits: 9\n  spare: 1")),
             Contains("chip.yaml:11:3: unknown field 'core.spare'"));
  CHECK_THAT(errorOf(variant("  neurons: 256\n", "")),
             Contains("missing field 'core.neurons'"));
  CHECK_THAT(errorOf(variant("axons: 256", "axons: many")),
             Contains("chip.yaml:3:10: 'core.axons' must be an integer, got "
                      "'many'"));
  CHECK_THAT(errorOf(variant("weight_bits: 9", "weight_bits: 64")),
             Contains("'core.weight_bits' = 64 is out of range [2, 32]"));
  CHECK_THAT(errorOf(variant("delay: [1, 15]", "delay: [15, 1]")),
             Contains("'neuron.delay' = [15, 1]: max is below min"));
  // One limit for every stage (runtime/chip/Limits.h): the issue's
  // reproducer, a delay the emulator would refuse at run time.
  CHECK_THAT(errorOf(variant("delay: [1, 15]", "delay: [1, 4097]")),
             Contains("chip.yaml:14:14: 'neuron.delay[1]' = 4097 is out of "
                      "range [1, 4096]"));
  CHECK_NOTHROW(errorOf(variant("delay: [1, 15]", "delay: [1, 4096]")));
  CHECK_THAT(errorOf(variant("axon_types: 4", "axon_types: 5")),
             Contains("'core.axon_types' = 5 is out of range [1, 4]"));
  CHECK_THAT(errorOf(variant("delay: [1, 15]", "delay: 3")),
             Contains("'neuron.delay' must be [min, max]"));
  CHECK_THAT(errorOf(variant("crossbar: binary", "crossbar: analog")),
             Contains("'core.crossbar' must be one of binary, weighted, got "
                      "'analog'"));
  CHECK_THAT(errorOf(variant("crossbar: binary", "crossbar: weighted")),
             Contains("'core.axon_types' = 4 but a weighted crossbar"));
  CHECK_THAT(errorOf(variant("signed_spikes: false", "signed_spikes: maybe")),
             Contains("'neuron.signed_spikes' must be true or false"));
  CHECK_THAT(errorOf(variant("potential_bits: 20", "potential_bits: 10")),
             Contains("'core.potential_bits' = 10 is smaller than "
                      "'core.threshold_bits' = 18"));
  CHECK_THAT(errorOf(variant("tick_hz: 1000", "tick_hz: .nan")),
             Contains("'tick_hz' must be a finite number"));
  CHECK_THAT(errorOf("core: [1, 2"),
             Contains("chip.yaml:") && Contains("invalid YAML"));
  CHECK_THAT(errorOf(""), Contains("chip.yaml: empty chip description"));
  CHECK_THAT(errorOf("- 1\n- 2\n"), Contains("must be a mapping"));
  CHECK_THAT(errorOf(variant("mesh:\n  cores_x: 64\n  cores_y: 64", "mesh: 4")),
             Contains("'mesh' must be a mapping"));
  CHECK_THROWS_WITH(loadChip("nosuch"),
                    Contains("'nosuch' is neither a chip profile (reference, "
                             "truenorth-x, truenorth) nor a readable file"));
}

TEST_CASE("chipDescriptionYaml reads back to the same description", "[chip]") {
  // The shipped profiles, and a file-like description with odd numbers and
  // text that needs quoting.
  std::vector<ChipDescription> chips;
  for (const std::string &name : builtinProfiles())
    chips.push_back(loadChip(name));
  ChipDescription odd = loadChip("truenorth-x");
  odd.name = "odd: chip # not a comment";
  odd.description = "quotes \" and\nnew lines";
  odd.tickHz = 1234.5678901234567;
  odd.synapticEventPj = 0.1;
  odd.energySources = "";
  chips.push_back(odd);
  for (const ChipDescription &c : chips) {
    INFO(c.name);
    ChipDescription r = parseChipDescription(chipDescriptionYaml(c), "yaml");
    CHECK(r.name == c.name);
    CHECK(r.description == c.description);
    CHECK(r.axonsPerCore == c.axonsPerCore);
    CHECK(r.neuronsPerCore == c.neuronsPerCore);
    CHECK(r.crossbar == c.crossbar);
    CHECK(r.axonTypes == c.axonTypes);
    CHECK(r.weightBits == c.weightBits);
    CHECK(r.thresholdBits == c.thresholdBits);
    CHECK(r.potentialBits == c.potentialBits);
    CHECK(r.leakBits == c.leakBits);
    CHECK(r.signedSpikes == c.signedSpikes);
    CHECK(r.targetsPerNeuron == c.targetsPerNeuron);
    CHECK(r.minDelay == c.minDelay);
    CHECK(r.maxDelay == c.maxDelay);
    CHECK(r.portableNeurons == c.portableNeurons);
    CHECK(r.coresX == c.coresX);
    CHECK(r.coresY == c.coresY);
    CHECK(r.chipsPerBoard == c.chipsPerBoard);
    CHECK(r.readout == c.readout);
    CHECK(r.tickHz == c.tickHz);
    CHECK(r.synapticEventPj == c.synapticEventPj);
    CHECK(r.hopPj == c.hopPj);
    CHECK(r.staticPowerMw == c.staticPowerMw);
    CHECK(r.energySources == c.energySources);
  }
}
