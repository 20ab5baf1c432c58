//===- ChipConfigTests.cpp - Counting and validating configurations -------===//
//
// One case per rule of ChipConfig::validate: a consistent configuration
// with one field broken must be rejected with a message naming the place
// and the numbers.
//
//===----------------------------------------------------------------------===//
#include "runtime/chip/ChipConfig.h"
#include "runtime/support/Error.h"
#include "test/unit/chipconfig/TestConfigs.h"

#include <catch2/catch.hpp>

#include <functional>
#include <limits>

using namespace snnc::chipcfg;
using namespace snnc::chipcfg::test;
using Catch::Matchers::Contains;

namespace {

std::string errorAfter(const std::function<void(ChipConfig &)> &edit,
                       ChipConfig c = sampleBinary()) {
  edit(c);
  try {
    c.validate();
  } catch (const snnc::Error &e) {
    return e.what();
  }
  FAIL("validate() accepted the edited configuration");
  return "";
}

} // namespace

TEST_CASE("the samples are valid and counted", "[chipcfg]") {
  ChipConfig b = sampleBinary();
  REQUIRE_NOTHROW(b.validate());
  REQUIRE(b.neuronCount() == 3 + 3 + 2);
  REQUIRE(b.synapseCount() == 6 + 6 + 2);
  ChipConfig w = sampleWeighted();
  REQUIRE_NOTHROW(w.validate());
  REQUIRE(w.neuronCount() == 4);
  REQUIRE(w.synapseCount() == 6);
  // A default configuration (nothing mapped) is consistent.
  REQUIRE_NOTHROW(ChipConfig().validate());
  REQUIRE(ChipConfig().neuronCount() == 0);
}

TEST_CASE("chip limits", "[chipcfg]") {
  REQUIRE_THAT(errorAfter([](ChipConfig &c) { c.chip.axonsPerCore = 3; }),
               Contains("prototype 0 ('conv1_p'): 4 axons exceed the chip's 3 "
                        "axons per core"));
  REQUIRE_THAT(errorAfter([](ChipConfig &c) { c.chip.neuronsPerCore = 2; }),
               Contains("prototype 0 ('conv1_p'): 3 neurons exceed the chip's "
                        "2 neurons per core"));
  // 0 means unlimited.
  ChipConfig c = sampleBinary();
  c.chip.axonsPerCore = c.chip.neuronsPerCore = 0;
  REQUIRE_NOTHROW(c.validate());
  REQUIRE_THAT(errorAfter([](ChipConfig &c) { c.chip.potentialBits = 33; }),
               Contains("chip: potential_bits=33 is outside 2..32"));
  REQUIRE_THAT(errorAfter([](ChipConfig &c) { c.chip.maxDelay = 4097; }),
               Contains("chip: max_delay=4097 exceeds snnc's longest delay "
                        "of 4096 ticks"));
}

TEST_CASE("crossbar structure", "[chipcfg]") {
  REQUIRE_THAT(
      errorAfter([](ChipConfig &c) { c.prototypes[0].rowStart.pop_back(); }),
      Contains("prototype 0 ('conv1_p'): rowStart has 4 entries, expected 5 "
               "(4 axons + 1)"));
  REQUIRE_THAT(
      errorAfter([](ChipConfig &c) { c.prototypes[0].rowStart[0] = 1; }),
      Contains("rowStart[0] is 1, expected 0"));
  REQUIRE_THAT(
      errorAfter([](ChipConfig &c) { c.prototypes[0].rowStart[2] = 1; }),
      Contains("rowStart decreases at axon 1: 2 then 1"));
  REQUIRE_THAT(
      errorAfter([](ChipConfig &c) { c.prototypes[0].column.push_back(0); }),
      Contains("rowStart ends at 6, expected 7"));
  REQUIRE_THAT(
      errorAfter([](ChipConfig &c) { c.prototypes[0].column[1] = 3; }),
      Contains("prototype 0 ('conv1_p'): axon 0 connects to neuron 3, but the "
               "prototype has 3 neurons"));
  REQUIRE_THAT(errorAfter([](ChipConfig &c) { c.prototypes[0].column[4] = 0; }),
               Contains("axon 3: neurons not strictly increasing (0 then 0)"));
}

TEST_CASE("binary and weighted crossbar fields", "[chipcfg]") {
  REQUIRE_THAT(
      errorAfter([](ChipConfig &c) { c.prototypes[1].axonTypes = {0}; }),
      Contains("prototype 1 ('out_p'): 1 axon types for 2 axons"));
  REQUIRE_THAT(
      errorAfter([](ChipConfig &c) { c.prototypes[1].axonTypes[1] = 4; }),
      Contains("prototype 1 ('out_p'): axon 1 has type 4, expected 0..3"));
  REQUIRE_THAT(
      errorAfter([](ChipConfig &c) {
        c.prototypes[1].weight = {1, 1};
      }),
      Contains("binary crossbar has 2 per-synapse weights, expected none"));
  REQUIRE_THAT(
      errorAfter([](ChipConfig &c) { c.prototypes[0].weight.pop_back(); },
                 sampleWeighted()),
      Contains("prototype 0 ('w'): weighted crossbar has 2 weights for 3 "
               "synapses"));
  REQUIRE_THAT(errorAfter(
                   [](ChipConfig &c) {
                     c.prototypes[0].axonTypes = {0, 0, 0};
                   },
                   sampleWeighted()),
               Contains("weighted crossbar has 3 axon types, expected none"));
  REQUIRE_THAT(
      errorAfter(
          [](ChipConfig &c) { c.prototypes[0].neuronTypes[1].weights[2] = 1; },
          sampleWeighted()),
      Contains("neuron type 1: weighted crossbar, but type weight 2 is 1"));
}

TEST_CASE("neuron types", "[chipcfg]") {
  REQUIRE_THAT(
      errorAfter([](ChipConfig &c) { c.prototypes[0].neuronType.pop_back(); }),
      Contains("prototype 0 ('conv1_p'): 2 neuron type indices for 3 "
               "neurons"));
  REQUIRE_THAT(
      errorAfter([](ChipConfig &c) { c.prototypes[0].neuronType[2] = 2; }),
      Contains("neuron 2 has type 2, but the prototype has 2 neuron types"));
  REQUIRE_THAT(errorAfter([](ChipConfig &c) {
                 c.prototypes[0].neuronTypes[1].alpha = 0;
               }),
               Contains("neuron type 1: threshold alpha 0 must be > 0"));
  REQUIRE_THAT(
      errorAfter(
          [](ChipConfig &c) { c.prototypes[0].neuronTypes[0].beta = -1; }),
      Contains("neuron type 0: negative threshold beta -1 must be >= 0"));
  REQUIRE_THAT(errorAfter([](ChipConfig &c) {
                 c.prototypes[0].neuronTypes[0].reset = ResetMode(7);
               }),
               Contains("neuron type 0: unknown reset mode 7"));
}

TEST_CASE("cores and targets", "[chipcfg]") {
  REQUIRE_THAT(errorAfter([](ChipConfig &c) { c.cores[1].prototype = 2; }),
               Contains("core 1: prototype 2 out of range (2 prototypes)"));
  REQUIRE_THAT(errorAfter([](ChipConfig &c) { c.cores[2].layer = 2; }),
               Contains("core 2: layer 2 out of range (2 layers)"));
  REQUIRE_THAT(
      errorAfter([](ChipConfig &c) { c.cores[1].targetStart.push_back(2); }),
      Contains("core 1 (prototype 0): targetStart has 5 entries, expected 4 "
               "(3 neurons + 1)"));
  REQUIRE_THAT(
      errorAfter([](ChipConfig &c) { c.cores[1].targetStart[3] = 1; }),
      Contains("core 1 (prototype 0): targetStart ends at 1, expected 2"));
  REQUIRE_THAT(
      errorAfter([](ChipConfig &c) { c.cores[0].targets[1].core = 3; }),
      Contains("core 0 neuron 0 target 1: target core 3 out of range (3 "
               "cores)"));
  REQUIRE_THAT(
      errorAfter([](ChipConfig &c) { c.cores[0].targets[1].axon = 2; }),
      Contains("core 0 neuron 0 target 1: target axon 2 of core 2 out of "
               "range (its prototype 1 has 2 axons)"));
  REQUIRE_THAT(
      errorAfter([](ChipConfig &c) { c.cores[1].targets[1].delay = 16; }),
      Contains("core 1 neuron 2 target 0: delay 16 to core 0 axon 3 exceeds "
               "the chip's maximum delay 15"));
  // Delay 0 only goes to a deeper core.
  REQUIRE_THAT(
      errorAfter([](ChipConfig &c) { c.cores[1].targets[1].delay = 0; }),
      Contains("core 1 neuron 2 target 0: delay-0 target core 0 has level 0, "
               "which is not above the sender's level 0"));
  REQUIRE_THAT(errorAfter([](ChipConfig &c) { c.cores[2].level = 0; }),
               Contains("core 0 neuron 1 target 0: delay-0 target core 2 has "
                        "level 0"));
}

TEST_CASE("input map", "[chipcfg]") {
  REQUIRE_THAT(errorAfter([](ChipConfig &c) { c.input.width = 3; }),
               Contains("input map (1x1x3): targetStart has 3 entries, "
                        "expected 4 (3 pixels + 1)"));
  REQUIRE_THAT(
      errorAfter([](ChipConfig &c) { c.input.targets[2].axon = 4; }),
      Contains("input pixel 1 target 0: target axon 4 of core 0 out of range"));
  REQUIRE_THAT(errorAfter([](ChipConfig &c) { c.input.targets[0].delay = 99; }),
               Contains("input pixel 0 target 0: delay 99"));
  // Sizes whose product would not fit the 32-bit offsets.
  REQUIRE_THAT(errorAfter([](ChipConfig &c) {
                 c.input.channels = c.input.height = 1 << 16;
               }),
               Contains("input map (65536x65536x2): 65536x65536x2 pixels "
                        "exceed 2^32 - 1"));
  REQUIRE_THAT(errorAfter([](ChipConfig &c) {
                 c.input.channels = c.input.height = c.input.width =
                     0xffffffffu;
               }),
               Contains("pixels exceed 2^32 - 1"));
  // The host has no level: delay 0 to any core is fine.
  ChipConfig c = sampleBinary();
  c.input.targets[0].delay = 0;
  REQUIRE_NOTHROW(c.validate());
}

TEST_CASE("outputs", "[chipcfg]") {
  REQUIRE_THAT(
      errorAfter([](ChipConfig &c) { c.outputs[0].scale.push_back(1); }),
      Contains("output 0 ('region0'): 2 scales for 1 channels"));
  REQUIRE_THAT(
      errorAfter([](ChipConfig &c) { c.outputs[0].positive.clear(); }),
      Contains("output 0 ('region0'): 0 positive neurons for 1 elements "
               "(1x1x1)"));
  REQUIRE_THAT(errorAfter([](ChipConfig &c) {
                 c.outputs[0].negative.push_back(ref(2, 0));
               }),
               Contains("2 negative neurons, expected none or 1"));
  REQUIRE_THAT(
      errorAfter([](ChipConfig &c) { c.outputs[0].positive[0].core = 5; }),
      Contains("output 0 ('region0') element 0 positive neuron: core 5 out of "
               "range (3 cores)"));
  REQUIRE_THAT(
      errorAfter([](ChipConfig &c) { c.outputs[0].negative[0].neuron = 2; }),
      Contains("element 0 negative neuron: neuron 2 of core 2 out of range "
               "(its prototype 1 has 2 neurons)"));
  REQUIRE_THAT(errorAfter([](ChipConfig &c) {
                 c.outputs[0].height = 1 << 20;
                 c.outputs[0].width = 1 << 12;
               }),
               Contains("output 0 ('region0'): 1x1048576x4096 elements exceed "
                        "2^32 - 1"));
  // Values the host decodes with (issue 16's reproducers: `scale nan` loaded
  // and printed boxes at -nan; readout_delay=4000000000 wrapped to "none").
  REQUIRE(errorAfter([](ChipConfig &c) {
            c.outputs[0].scale[0] = std::numeric_limits<float>::quiet_NaN();
          }) == "output 0 ('region0'): scale of channel 0 is nan; scales must "
                "be finite");
  REQUIRE_THAT(errorAfter([](ChipConfig &c) {
                 c.outputs[0].scale[0] =
                     -std::numeric_limits<float>::infinity();
               }),
               Contains("scale of channel 0 is -inf"));
  REQUIRE(errorAfter([](ChipConfig &c) {
            c.outputs[0].readoutDelay = 4000000000u;
          }) == "output 0 ('region0'): readout_delay=4000000000 is not "
                "below the longest run (65536 ticks)");
  // An output integrates only after its input can reach it; the class names
  // are those of the heads.
  REQUIRE(errorAfter([](ChipConfig &c) {
            c.outputs[0].readoutDelay = 3;
            c.outputs[0].latency = 4;
          }) == "output 0 ('region0'): latency=4 is above readout_delay=3 (an "
                "output integrates only after the input reaches it)");
  REQUIRE(errorAfter([](ChipConfig &c) {
            c.classNames = {"cat", "dog"};
          }) == "output 0 ('region0'): the head has 1 classes, the "
                "configuration names 2");
  REQUIRE_NOTHROW([] {
    ChipConfig named = sampleBinary();
    named.classNames = {"cat"};
    named.validate();
  }());
  // Negative neurons are optional.
  ChipConfig c = sampleBinary();
  c.outputs[0].negative.clear();
  REQUIRE_NOTHROW(c.validate());
}
