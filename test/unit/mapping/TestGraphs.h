//===- TestGraphs.h - Small spiking graphs for the mapping tests -*- C++
//-*-===//
//
// The pieces the mapping tests build their networks from: seeded integer
// weights and thresholds, a spike encoder, a comparator max-pool.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_TEST_UNIT_MAPPING_TESTGRAPHS_H
#define SNNC_TEST_UNIT_MAPPING_TESTGRAPHS_H

#include "compiler/chip/ChipDescription.h"
#include "compiler/mapping/Mapper.h"
#include "compiler/mapping/Quantize.h"
#include "runtime/snn/SpikingGraph.h"

#include <cmath>

#include <random>
#include <string>
#include <vector>

namespace snnc::mappingtest {

/// n integers uniform in [lo, hi] from `seed`, as floats.
inline std::vector<float> randomInts(size_t n, int lo, int hi, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> d(lo, hi);
  std::vector<float> v(n);
  for (float &x : v)
    x = static_cast<float>(d(rng));
  return v;
}

/// The image encoder (spike trains) of a graph's node 0.
inline SpikingNode spikeEncoder(TensorShape shape) {
  SpikingNode enc;
  enc.kind = SpikingKind::Encoder;
  enc.name = "image";
  enc.shape = shape;
  enc.encoder = EncoderMode::Spikes;
  return enc;
}

/// A 2x2 stride-2 comparator max-pool of node `input`, output `shape`.
inline SpikingNode comparatorPool(std::string name, int input,
                                  TensorShape shape) {
  SpikingNode pool;
  pool.kind = SpikingKind::SpikingMaxPool;
  pool.name = std::move(name);
  pool.inputs = {input};
  pool.kernel = {2, 2};
  pool.strides = {2, 2};
  pool.pool = PoolStrategy::Comparator;
  pool.shape = shape;
  return pool;
}

inline SpikingNode conv(std::string name, int input, TensorShape in,
                        int64_t outC, int64_t k, int64_t pad, unsigned seed) {
  SpikingNode n;
  n.kind = SpikingKind::SpikingConv;
  n.name = std::move(name);
  n.inputs = {input};
  n.kernel = {k, k};
  n.strides = {1, 1};
  n.padding = {pad, pad, pad, pad};
  n.shape = {outC, in.h + 2 * pad - k + 1, in.w + 2 * pad - k + 1};
  n.weights = randomInts(outC * in.c * k * k, -12, 16, seed);
  n.bias = randomInts(outC, -3, 4, seed + 1);
  n.vthPosC = randomInts(outC, 30, 60, seed + 2);
  return n;
}

/// encoder 2x8x8 (spikes) -> conv3x3 IBT (4 ch) -> comparator pool 2x2 ->
/// conv1x1 (3 ch, no negative spikes, reset to zero) -> output 1x1 (6 ch,
/// membrane, region head with one class).
inline SpikingGraph equivalenceNetwork() {
  SpikingGraph g;
  g.name = "equivalence";
  SpikingNode enc = spikeEncoder({2, 8, 8});
  g.nodes.push_back(enc);

  SpikingNode c1 = conv("conv1", 0, enc.shape, 4, 3, 1, 7);
  c1.negativeSpikes = true;
  for (float t : c1.vthPosC)
    c1.vthNegC.push_back(10 * t);
  c1.vInitC = randomInts(4, 0, 20, 9);
  g.nodes.push_back(c1);

  SpikingNode pool = comparatorPool("pool1", 1, {4, 4, 4});
  g.nodes.push_back(pool);

  SpikingNode c2 = conv("conv2", 2, pool.shape, 3, 1, 0, 21);
  c2.reset = ResetMode::Zero;
  g.nodes.push_back(c2);

  SpikingNode out = conv("head", 3, c2.shape, 6, 1, 0, 33);
  out.kind = SpikingKind::Output;
  out.decoding = Decoding::Membrane;
  out.vthPosC.clear();
  out.outputScale = {0.5f, 0.25f, 0.125f, 1.0f, 2.0f, 0.75f};
  out.region.num = 1;
  out.region.classes = 1;
  out.region.anchors = {1.0f, 1.0f};
  g.nodes.push_back(out);
  g.outputs = {4};
  return g;
}

/// `g` (equivalenceNetwork) as the chip's quantization leaves it: weights
/// are already integers within 8-bit range; on binary crossbars the levels
/// need weights m * g with |m| <= 7 and g at most the chip's largest step
/// (15: portable neurons spare a bit), thresholds and leaks scale with
/// them; a chip that reads spikes decodes the output by spike count.
inline SpikingGraph forChip(const SpikingGraph &g,
                            const chip::ChipDescription &chip) {
  SpikingGraph q = g;
  const double step = double(
      mapping::precisionOf(chip, mapping::MappingOptions().axonCopies).stepMax);
  if (chip.crossbar == chip::CrossbarKind::Binary)
    for (SpikingNode &n : q.nodes)
      for (float &w : n.weights)
        w = std::round(w / 16 * 7) * step;
  if (chip.readout == chip::Readout::Spikes) {
    q.nodes[4].decoding = Decoding::SpikeCount;
    q.nodes[4].vthPosC = randomInts(6, 40, 50, 3);
  }
  if (chip.crossbar == chip::CrossbarKind::Binary)
    for (SpikingNode &n : q.nodes) {
      for (float &t : n.vthPosC)
        t = std::round(t * step * 7 / 16);
      for (float &t : n.vthNegC)
        t = std::round(t * step * 7 / 16);
    }
  return q;
}

} // namespace snnc::mappingtest

#endif // SNNC_TEST_UNIT_MAPPING_TESTGRAPHS_H
