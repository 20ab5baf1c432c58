//===- TestGraphs.h - Small spiking graphs for the mapping tests -*- C++
//-*-===//
//
// The pieces the mapping tests build their networks from: seeded integer
// weights and thresholds, a spike encoder, a comparator max-pool.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_TEST_UNIT_MAPPING_TESTGRAPHS_H
#define SNNC_TEST_UNIT_MAPPING_TESTGRAPHS_H

#include "runtime/snn/SpikingGraph.h"

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

} // namespace snnc::mappingtest

#endif // SNNC_TEST_UNIT_MAPPING_TESTGRAPHS_H
