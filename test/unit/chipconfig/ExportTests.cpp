//===- ExportTests.cpp - IBM model file and RANC exporters ----------------===//
//
// Expected values are computed by hand in the comments from the formats'
// definitions (docs/FORMATS.md; IBM's model files as NeMo reads them,
// RANC's simulator/src/decode.hpp), not by running the exporters.
//
//===----------------------------------------------------------------------===//
#include "backends/config/ConfigExport.h"
#include "runtime/support/Error.h"
#include "test/unit/chipconfig/TestConfigs.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace snnc::chipcfg;
using namespace snnc::chipcfg::test;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using Json = nlohmann::json;

namespace {

/// Fits both formats: binary crossbars, one target per neuron, delays
/// 1..15, unsigned spikes, non-negative unique coordinates, resets RANC
/// has (the saturating type 1 resets absolutely to beta).
ChipConfig exportable() {
  ChipConfig c;
  c.network = "export";
  c.layers = {{"conv", "conv", 10}, {"out", "output", 0}};

  CorePrototype p0;
  p0.name = "p0";
  p0.axons = 3;
  p0.neurons = 4;
  p0.axonTypes = {0, 2, 3};
  p0.rowStart = {0, 3, 4, 4}; // axon 0 -> {0, 1, 3}, axon 1 -> {2}
  p0.column = {0, 1, 3, 2};
  p0.neuronTypes = {neuronType({1, -2, 0, 255}, -3, 7, 0, ResetMode::Linear,
                               NegativeMode::Reset),
                    neuronType({0, 0, 0, 0}, 0, 2, 3, ResetMode::Absolute,
                               NegativeMode::Saturate, 3, -1)};
  p0.neuronType = {0, 1, 0, 0};

  CorePrototype p1;
  p1.name = "p1";
  p1.axons = 2;
  p1.neurons = 2;
  p1.axonTypes = {1, 1};
  p1.rowStart = {0, 1, 2};
  p1.column = {0, 1};
  p1.neuronTypes = {p0.neuronTypes[0]};
  p1.neuronType = {0, 0};
  c.prototypes = {p0, p1};

  Core c0; // at (0, 0)
  c0.targetStart = {0, 1, 2, 3, 3};
  c0.targets = {tg(1, 0, 1), tg(1, 1, 2), tg(2, 0, 15)};
  Core c1; // at (1, 0)
  c1.x = 1;
  c1.targetStart = {0, 1, 1, 1, 1};
  c1.targets = {tg(2, 1, 1)};
  Core c2; // at (0, 1), the outputs
  c2.prototype = 1;
  c2.y = 1;
  c2.level = 1;
  c2.layer = 1;
  c2.targetStart = {0, 0, 0};
  c.cores = {c0, c1, c2};

  c.input.channels = c.input.height = c.input.width = 1;
  c.input.targetStart = {0, 1};
  c.input.targets = {tg(0, 0, 1)};

  OutputMap o;
  o.name = "head";
  o.channels = o.height = o.width = 1;
  o.decoding = OutputDecoding::SpikeCount;
  o.scale = {1};
  o.positive = {ref(2, 0)};
  o.negative = {ref(2, 1)};
  c.outputs = {o};
  return c;
}

std::vector<InputSpike> spikes() {
  InputSpike a, b;
  b.tick = 2;
  b.core = 1;
  b.axon = 2;
  return {a, b};
}

std::vector<std::string> lines(const std::string &text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    out.push_back(line);
  return out;
}

/// The JSON object of a line such as `"core":{...},`.
Json memberValue(std::string line, const std::string &key) {
  REQUIRE(line.rfind("\"" + key + "\":", 0) == 0);
  line = line.substr(key.size() + 3);
  if (line.back() == ',')
    line.pop_back();
  return Json::parse(line);
}

std::string ibmError(const ChipConfig &c) {
  try {
    ibmModelJson(c);
  } catch (const snnc::Error &e) {
    return e.what();
  }
  FAIL("exported");
  return "";
}

std::string rancError(const ChipConfig &c) {
  try {
    rancInputJson(c, {});
  } catch (const snnc::Error &e) {
    return e.what();
  }
  FAIL("exported");
  return "";
}

} // namespace

TEST_CASE("IBM run-length arrays", "[chipcfg][export]") {
  // 0..3 ascending by 1, 5..9 by 2, then a run of three 4s.
  REQUIRE(ibmRunLength({0, 1, 2, 3, 5, 7, 9, 4, 4, 4}) ==
          R"(["0:3","5:2:9","4x3"])");
  // Pairs stay plain; descending sequences stay plain (NeMo's reader only
  // expands ascending ranges).
  REQUIRE(ibmRunLength({3, 2, 1, 7, 7}) == "[3,2,1,7,7]");
  REQUIRE(ibmRunLength({-1, -1, -1, -1}) == R"(["-1x4"])");
  REQUIRE(ibmRunLength({}) == "[]");
}

TEST_CASE("IBM model file of a small configuration", "[chipcfg][export]") {
  ChipConfig c = exportable();
  std::string model = ibmModelJson(c);
  REQUIRE(model == ibmModelJson(c)); // deterministic
  std::vector<std::string> l = lines(model);

  REQUIRE(l[0] == "{");
  REQUIRE(l[1] == R"("model":{"coreCount":3,"neuronclass":"NeuronGeneral",)"
                  R"("crossbarSize":256,"crossbarclass":"CrossbarBinary",)"
                  R"("networking":"INTRA","useCrossbarPrototypes":true},)");
  REQUIRE(l[2] == R"("crossbarTypes":[)");
  REQUIRE(l[3] == R"({"name":"coreProt0000000","crossbar":{"rows":[)");
  // Axon 0 reaches neurons 0, 1 and 3: bits 7, 6 and 4 of the first byte,
  // 0xD0; axon 1 (type 2) reaches neuron 2: 0x20; axon 2 has type 3 and no
  // synapse; axons 3..255 are padding.
  std::string zeros31;
  for (int i = 0; i < 31; ++i)
    zeros31 += " 00";
  REQUIRE(l[4] == R"({"type":"S0","synapses":"D0)" + zeros31 + "\"},");
  REQUIRE(l[5] == R"({"type":"S2","synapses":"20)" + zeros31 + "\"},");
  REQUIRE(l[6] == R"({"type":"S3","synapses":"00)" + zeros31 + "\"},");
  REQUIRE(l[7] == R"({"type":"S0","synapses":"00)" + zeros31 + "\"},");
  REQUIRE(l[4 + 255] == R"({"type":"S0","synapses":"00)" + zeros31 + "\"}");
  REQUIRE(l[260] == "]}},");
  REQUIRE(l[261] == R"({"name":"coreProt0000001","crossbar":{"rows":[)");
  // Prototype 1: types S1 S1, neuron 0 then neuron 1.
  REQUIRE(l[262] == R"({"type":"S1","synapses":"80)" + zeros31 + "\"},");
  REQUIRE(l[263] == R"({"type":"S1","synapses":"40)" + zeros31 + "\"},");
  REQUIRE(l[518] == "]}}");
  REQUIRE(l[519] == "],");

  // Neuron types: prototype 1's only type equals prototype 0's first, so
  // there are two. Type 1: weights 1, -2, 0, 255 as sigma/s, leak -3, linear
  // reset (gamma 1), reset at the negative threshold (kappa false).
  REQUIRE(l[520] == R"("neuronTypes":[)");
  REQUIRE(l[521] ==
          R"({"name":"N00000001","class":"NeuronGeneral","sigma0":1,)"
          R"("sigma1":-1,"sigma2":1,"sigma3":1,"s0":1,"s1":2,"s2":0,)"
          R"("s3":255,"b0":false,"b1":false,"b2":false,"b3":false,)"
          R"("sigma_lambda":-1,"lambda":3,"c_lambda":false,"epsilon":false,)"
          R"("alpha":7,"beta":0,"TM":0,"gamma":1,"kappa":false,)"
          R"("sigma_VR":1,"VR":0,"V":0},)");
  // Type 2: absolute reset (gamma 0) to 3 = 2^2 - 1 (VR 2), saturating
  // (kappa), V(0) = -1.
  REQUIRE(l[522] ==
          R"({"name":"N00000002","class":"NeuronGeneral","sigma0":1,)"
          R"("sigma1":1,"sigma2":1,"sigma3":1,"s0":0,"s1":0,"s2":0,)"
          R"("s3":0,"b0":false,"b1":false,"b2":false,"b3":false,)"
          R"("sigma_lambda":1,"lambda":0,"c_lambda":false,"epsilon":false,)"
          R"("alpha":2,"beta":3,"TM":0,"gamma":0,"kappa":true,)"
          R"("sigma_VR":1,"VR":2,"V":-1})");
  REQUIRE(l[523] == "],");

  // Core 0: neuron types 1 2 1 1 then 252 unused (0); targets core 1, 1, 2
  // then none (-1); axons 0 1 0 then 0s; delays 1 2 15 then 1s.
  Json core0 = memberValue(l[524], "core");
  REQUIRE(core0["id"] == 0);
  REQUIRE(core0["crossbar"]["name"] == "coreProt0000000");
  REQUIRE(core0["metadata"]["layerType"] == "conv");
  const Json &n0 = core0["neurons"];
  REQUIRE(n0["dendrites"].dump() == R"(["0:255"])");
  REQUIRE(n0["types"].dump() == R"([1,2,1,1,"0x252"])");
  REQUIRE(n0["destCores"].dump() == R"([1,1,2,"-1x253"])");
  REQUIRE(n0["destAxons"].dump() == R"([0,1,"0x254"])");
  REQUIRE(n0["destDelays"].dump() == R"([1,2,15,"1x253"])");
  Json core1 = memberValue(l[525], "core");
  REQUIRE(core1["neurons"]["destCores"].dump() == R"([2,"-1x255"])");
  REQUIRE(core1["neurons"]["destAxons"].dump() == R"([1,"0x255"])");
  // Core 2: prototype 1, two neurons of type 1 without targets.
  Json core2 = memberValue(l[526], "core");
  REQUIRE(core2["id"] == 2);
  REQUIRE(core2["crossbar"]["name"] == "coreProt0000001");
  REQUIRE(core2["neurons"]["types"].dump() == R"([1,1,"0x254"])");
  REQUIRE(core2["neurons"]["destCores"].dump() == R"(["-1x256"])");
  REQUIRE(core2["neurons"]["destDelays"].dump() == R"(["1x256"])");
  REQUIRE(l[527] == "}");
  REQUIRE(l.size() == 528);
  // The whole file is JSON (its repeated "core" keys included).
  REQUIRE_NOTHROW(Json::parse(model));
}

TEST_CASE("IBM spike file", "[chipcfg][export]") {
  REQUIRE(ibmSpikesJson(exportable(), spikes()) ==
          "{\"class\":\"SpikeWriter\",\"encoding\":\"TEXT\","
          "\"nscsVersion\":\"1.4.0\"}\n"
          "{\"version\":\"sfto1.0\",\"defaultDestinationDelay\":1}\n"
          "{\"spike\":{\"srcTime\":0,\"destCore\":0,\"destAxon\":0}}\n"
          "{\"spike\":{\"srcTime\":2,\"destCore\":1,\"destAxon\":2}}\n");
  InputSpike bad;
  bad.tick = 4;
  bad.core = 5;
  REQUIRE_THROWS_WITH(ibmSpikesJson(exportable(), {bad}),
                      "IBM model file: input spike 0 (tick 4): core 5 out of "
                      "range (3 cores)");
  bad.core = 2;
  bad.axon = 2;
  REQUIRE_THROWS_WITH(ibmSpikesJson(exportable(), {bad}),
                      Contains("axon 2 of core 2 out of range (2 axons)"));
}

TEST_CASE("configurations IBM's model file cannot hold", "[chipcfg][export]") {
  REQUIRE_THAT(ibmError(sampleWeighted()),
               StartsWith("IBM model file: the chip ('truenorth-x') has "
                          "signed spikes"));
  ChipConfig w = sampleWeighted();
  w.chip.signedSpikes = false;
  REQUIRE_THAT(ibmError(w), Contains("has weighted crossbars; the format "
                                     "needs binary crossbars with 4 axon "
                                     "types"));
  REQUIRE_THAT(ibmError(sampleBinary()),
               Contains("core 0 neuron 0 has 2 targets; the format allows one "
                        "per neuron"));

  ChipConfig big = exportable();
  big.chip.axonsPerCore = 0;
  CorePrototype &p1 = big.prototypes[1];
  p1.axons = 300;
  p1.axonTypes.assign(300, 0);
  p1.rowStart.resize(301, 2);
  REQUIRE_THAT(ibmError(big),
               Contains("prototype 1 ('p1') has 300 axons x 2 neurons; the "
                        "format's cores have at most 256 x 256"));

  ChipConfig c = exportable();
  c.cores[0].targets[2].delay = 0; // core 2 is deeper: valid, not exportable
  REQUIRE_THAT(ibmError(c), Contains("core 0 neuron 2: delay 0 to core 2 axon "
                                     "0 is outside the format's range 1..15"));
  c = exportable();
  c.prototypes[0].neuronTypes[1].fires = false;
  REQUIRE_THAT(ibmError(c), Contains("prototype 0 ('p0') neuron type 1 never "
                                     "fires"));
  c = exportable();
  c.prototypes[0].neuronTypes[0].weights[3] = 256;
  REQUIRE_THAT(ibmError(c),
               Contains("prototype 0 ('p0') neuron type 0: weight 256 for "
                        "axon type 3 exceeds TrueNorth's range -255..255"));
  c = exportable();
  c.prototypes[0].neuronTypes[1].resetValue = 4;
  REQUIRE_THAT(ibmError(c), Contains("reset value 4 is not of TrueNorth's "
                                     "form sigma_VR * (2^VR - 1)"));
  c = exportable();
  c.prototypes[0].neuronTypes[0].alpha = 1 << 18;
  REQUIRE_THAT(ibmError(c), Contains("thresholds alpha 262144 / beta 0 "
                                     "exceed TrueNorth's 18 bits"));
  c = exportable();
  c.prototypes[0].neuronTypes[0].negative = NegativeMode::Spike;
  REQUIRE_THAT(ibmError(c), Contains("neuron type 0 emits negative spikes"));
  // snnc resets at V <= -beta, TrueNorth at V < -beta: an absolute reset
  // takes beta - 1; a linear one matches only for beta 0; saturation
  // always matches (type 1 of exportable(): beta 3 stays 3).
  c = exportable();
  c.prototypes[0].neuronTypes[0].reset = ResetMode::Absolute;
  c.prototypes[0].neuronTypes[0].beta = 5;
  REQUIRE_THAT(ibmModelJson(c), Contains(R"("alpha":7,"beta":4,"TM":0,)"
                                         R"("gamma":0,"kappa":false,)"));
  c.prototypes[0].neuronTypes[0].beta = 0; // reset value 0: V <= 0 -> 0
  REQUIRE_THAT(ibmModelJson(c), Contains(R"("alpha":7,"beta":0,"TM":0,)"
                                         R"("gamma":0,"kappa":false,)"));
  c.prototypes[0].neuronTypes[0].resetValue = 1;
  REQUIRE_THAT(ibmError(c), Contains("neuron type 0: an absolute negative "
                                     "reset to -1 at V <= 0 (beta 0) has no "
                                     "TrueNorth equivalent"));
  c = exportable();
  c.prototypes[0].neuronTypes[0].beta = 2; // linear
  REQUIRE_THAT(ibmError(c), Contains("neuron type 0: a linear negative reset "
                                     "with beta 2 has no TrueNorth "
                                     "equivalent"));
  REQUIRE_THAT(ibmError(c), Contains("the initial potential is even"));
  // Unless its potentials stay odd (V(0) odd; thresholds, weights and leak
  // even): V never equals -beta, where alone V < -beta and V <= -beta part,
  // so beta is written as it is.
  NeuronType &odd = c.prototypes[0].neuronTypes[0];
  odd.weights = {2, -2, 0, 254};
  odd.leak = -4;
  odd.alpha = 8;
  odd.vInit = 1;
  REQUIRE_THAT(ibmModelJson(c), Contains(R"("alpha":8,"beta":2,"TM":0,)"
                                         R"("gamma":1,"kappa":false,)"));
  odd.leak = -3;
  REQUIRE_THAT(ibmError(c), Contains("the leak is odd"));
  REQUIRE_THAT(
      ibmModelJson(exportable()),
      Contains(R"("alpha":2,"beta":3,"TM":0,"gamma":0,"kappa":true,)"));
  // A reset value only matters for the absolute reset.
  c = exportable();
  c.prototypes[0].neuronTypes[0].resetValue = 4; // linear reset: unused
  REQUIRE_NOTHROW(ibmModelJson(c));
}

TEST_CASE("RANC input of a small configuration", "[chipcfg][export]") {
  ChipConfig c = exportable();
  std::string input = rancInputJson(c, spikes());
  REQUIRE(input == rancInputJson(c, spikes()));
  Json j = Json::parse(input);

  // Spikes in ticks 0 and 2: three tick lists, the middle one empty; the
  // packets address cores by grid coordinates.
  REQUIRE(j["packets"].dump() ==
          R"([[{"destination_axon":0,"destination_core":[0,0],)"
          R"("destination_tick":0}],[],[{"destination_axon":2,)"
          R"("destination_core":[1,0],"destination_tick":0}]])");
  // Cores span x 0..1: the bus is at (2, 0). Outputs: core 2 neurons 0 and
  // 1 (indices 0, 1); core 0 neuron 3 and core 1 neurons 1..3 have no
  // target but a synapse each, so they may fire: indices 2, 3, 4, 5 (one
  // each, so that RANC never sees two spikes at one index).
  REQUIRE(j["output_bus"].dump() == R"({"coordinates":[2,0],"num_outputs":6})");
  REQUIRE(j["cores"].size() == 3);

  const Json &core0 = j["cores"][0];
  REQUIRE(core0["coordinates"].dump() == "[0,0]");
  REQUIRE(core0["axons"].size() == 256);
  REQUIRE(core0["axons"][0] == 0);
  REQUIRE(core0["axons"][1] == 2);
  REQUIRE(core0["axons"][2] == 3);
  REQUIRE(core0["axons"][3] == 0);
  // connections[neuron][axon]: neurons 0, 1, 3 on axon 0, neuron 2 on axon 1.
  const Json &conn = core0["connections"];
  REQUIRE(conn.size() == 4);
  for (int n = 0; n < 4; ++n) {
    REQUIRE(conn[n].size() == 256);
    int sum = 0;
    for (const Json &x : conn[n])
      sum += x.get<int>();
    REQUIRE(sum == 1);
  }
  REQUIRE(conn[0][0] == 1);
  REQUIRE(conn[1][0] == 1);
  REQUIRE(conn[2][1] == 1);
  REQUIRE(conn[3][0] == 1);

  const Json &neurons = core0["neurons"];
  REQUIRE(neurons.size() == 4);
  // Neuron 0 -> core 1 (at (1, 0)) axon 0 with delay 1: offset [1, 0],
  // tick 0 (RANC adds one).
  REQUIRE(neurons[0].dump() ==
          R"({"current_potential":0,"destination_axon":0,)"
          R"("destination_core_offset":[1,0],"destination_tick":0,"leak":-3,)"
          R"("negative_threshold":0,"positive_threshold":7,)"
          R"("reset_mode":1,"reset_potential":0,"weights":[1,-2,0,255]})");
  // Neuron 1 (type 1) -> core 1 axon 1, delay 2; absolute reset to 3,
  // negative threshold -3.
  REQUIRE(neurons[1].dump() ==
          R"({"current_potential":-1,"destination_axon":1,)"
          R"("destination_core_offset":[1,0],"destination_tick":1,"leak":0,)"
          R"("negative_threshold":-3,"positive_threshold":2,)"
          R"("reset_mode":0,"reset_potential":3,"weights":[0,0,0,0]})");
  // Neuron 2 -> core 2 at (0, 1), delay 15.
  REQUIRE(neurons[2]["destination_core_offset"].dump() == "[0,1]");
  REQUIRE(neurons[2]["destination_tick"] == 14);
  // Neuron 3: no target -> the bus, its own index 2.
  REQUIRE(neurons[3]["destination_core_offset"].dump() == "[2,0]");
  REQUIRE(neurons[3]["destination_axon"] == 2);
  REQUIRE(j["cores"][1]["neurons"][3]["destination_axon"] == 5);

  // Without the synapse of neuron 3 (type 0: leak -3, V(0) 0 < alpha 7)
  // neuron 3 never fires: cores 0 and 1 share one silent index after the
  // strays (core 1 neurons 1 and 2: indices 2 and 3; silent: 4).
  {
    ChipConfig quiet = exportable();
    quiet.prototypes[0].rowStart = {0, 2, 3, 3};
    quiet.prototypes[0].column = {0, 1, 2};
    Json q = Json::parse(rancInputJson(quiet, {}));
    REQUIRE(q["output_bus"]["num_outputs"] == 5);
    REQUIRE(q["cores"][0]["neurons"][3]["destination_axon"] == 4);
    REQUIRE(q["cores"][1]["neurons"][1]["destination_axon"] == 2);
    REQUIRE(q["cores"][1]["neurons"][2]["destination_axon"] == 3);
    REQUIRE(q["cores"][1]["neurons"][3]["destination_axon"] == 4);
  }

  const Json &core2 = j["cores"][2];
  REQUIRE(core2["coordinates"].dump() == "[0,1]");
  REQUIRE(core2["neurons"][0]["destination_core_offset"].dump() == "[2,-1]");
  REQUIRE(core2["neurons"][0]["destination_axon"] == 0);
  REQUIRE(core2["neurons"][1]["destination_axon"] == 1);

  // The raw file keeps RANC's key order (packets, output_bus, cores) and
  // the documented one for neurons.
  REQUIRE_THAT(input, StartsWith("{\"packets\":[\n"));
  REQUIRE_THAT(input, Contains("{\"reset_potential\":0,\"weights\":[1,-2,0,"
                               "255],\"leak\":-3,\"positive_threshold\":7,"
                               "\"negative_threshold\":0,"
                               "\"destination_core_offset\":[1,0],"
                               "\"destination_axon\":0,\"destination_tick\":"
                               "0,\"current_potential\":0,\"reset_mode\":1}"));

  Json cfg = Json::parse(rancConfigJson(c));
  REQUIRE(cfg.dump() ==
          R"({"core_controller_trace_verbosity":0,"max_tick_offset":16,)"
          R"("neuron_block_trace_verbosity":0,"neuron_reset_type":1,)"
          R"("num_axons":256,"num_cores_x":3,"num_cores_y":2,)"
          R"("num_neurons":256,"num_weights":4,)"
          R"("scheduler_trace_verbosity":0})");
}

TEST_CASE("configurations RANC cannot hold", "[chipcfg][export]") {
  REQUIRE_THAT(rancError(sampleBinary()),
               StartsWith("RANC input: core 0 neuron 0 has 2 targets"));
  REQUIRE_THAT(rancError(sampleWeighted()), Contains("signed spikes"));
  ChipConfig c = exportable();
  c.cores[2].x = -1;
  REQUIRE_THAT(rancError(c), Contains("core 2 is at (-1, 1); RANC's grid "
                                      "coordinates start at 0"));
  c = exportable();
  c.cores[2].x = 1;
  c.cores[2].y = 0;
  REQUIRE_THAT(rancError(c), Contains("cores 1 and 2 are both at (1, 0)"));
  c = exportable();
  c.prototypes[0].neuronTypes[0].reset = ResetMode::None;
  REQUIRE_THAT(rancError(c), Contains("prototype 0 ('p0') neuron type 0 does "
                                      "not reset after a spike"));
  c = exportable();
  c.prototypes[0].neuronTypes[0].negative = NegativeMode::Saturate;
  REQUIRE_THAT(rancError(c), Contains("neuron type 0 saturates at -beta = 0 "
                                      "with linear reset to 0; RANC has no "
                                      "saturation"));
  c = exportable();
  c.outputs[0].positive = {ref(0, 0)};
  REQUIRE_THAT(rancError(c), Contains("output 'head' reads core 0 neuron 0, "
                                      "which also has a target"));
  c = exportable();
  c.chip.maxDelay = 20;
  c.cores[0].targets[0].delay = 17;
  REQUIRE_THAT(rancError(c), Contains("core 0 neuron 0: delay 17 to core 1 "
                                      "axon 0 is outside the format's range "
                                      "1..15"));
  // RANC's scheduler holds 16 words: a delay of 16 lands on the word being
  // read and is dropped, so 15 (destination_tick 14) is the longest.
  c.cores[0].targets[0].delay = 16;
  REQUIRE_THAT(rancError(c), Contains("delay 16 to core 1 axon 0 is outside "
                                      "the format's range 1..15"));
  c.cores[0].targets[0].delay = 15;
  REQUIRE(Json::parse(rancInputJson(
              c, {}))["cores"][0]["neurons"][0]["destination_tick"] == 14);
  // Two sources on one axon: core 0 neuron 2 and core 1 neuron 0 both to
  // core 2 axon 0.
  c = exportable();
  c.cores[1].targets[0] = tg(2, 0, 1);
  REQUIRE_THAT(rancError(c), Contains("axon 0 of core 2 has more than one "
                                      "source (one is neuron 0 of core 1)"));
  c = exportable();
  c.input.targets[0] = tg(1, 0, 1); // core 0 neuron 0's axon
  REQUIRE_THAT(rancError(c), Contains("axon 0 of core 1 has more than one "
                                      "source (one is input pixel 0)"));
  REQUIRE_THROWS_WITH(rancConfigJson(sampleBinary()),
                      Contains("has 2 targets"));
}

TEST_CASE("exporting into folders", "[chipcfg][export]") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / "snnc-export-test";
  fs::remove_all(dir);
  auto read = [](const fs::path &p) {
    std::ifstream in(p, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)),
                       std::istreambuf_iterator<char>());
  };
  exportIbm(exportable(), spikes(), (dir / "ibm").string());
  REQUIRE(read(dir / "ibm" / "model.json") == ibmModelJson(exportable()));
  REQUIRE(read(dir / "ibm" / "spikes.json") ==
          ibmSpikesJson(exportable(), spikes()));
  exportRanc(exportable(), spikes(), (dir / "ranc").string());
  REQUIRE(read(dir / "ranc" / "input.json") ==
          rancInputJson(exportable(), spikes()));
  REQUIRE(read(dir / "ranc" / "config.json") == rancConfigJson(exportable()));
  // Nothing is written for a configuration that does not fit.
  REQUIRE_THROWS(exportIbm(sampleBinary(), {}, (dir / "bad").string()));
  REQUIRE_FALSE(fs::exists(dir / "bad"));
  fs::remove_all(dir);
}
