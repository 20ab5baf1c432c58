//===- OddPotentials.cpp - Neurons exact on TrueNorth and RANC ------------===//

#include "compiler/mapping/OddPotentials.h"

#include "runtime/chip/OddPotentials.h"
#include "runtime/support/Error.h"

#include <cstdint>

namespace snnc::mapping {

using chipcfg::NeuronType;
using chipcfg::ResetMode;

namespace {

int32_t checked(int64_t v, const char *field, size_t proto, size_t type) {
  if (v < INT32_MIN || v > INT32_MAX)
    fail("internal: prototype {} neuron type {}: {} {} does not fit 32 bits "
         "once doubled for odd potentials",
         proto, type, field, v);
  return static_cast<int32_t>(v);
}

} // namespace

void encodeOddPotentials(chipcfg::ChipConfig &config) {
  for (size_t pi = 0; pi < config.prototypes.size(); ++pi) {
    chipcfg::CorePrototype &p = config.prototypes[pi];
    for (size_t ti = 0; ti < p.neuronTypes.size(); ++ti) {
      NeuronType &t = p.neuronTypes[ti];
      for (int32_t &w : t.weights)
        w = checked(2 * int64_t(w), "weight", pi, ti);
      t.leak = checked(2 * int64_t(t.leak), "leak", pi, ti);
      t.alpha = checked(2 * int64_t(t.alpha), "alpha", pi, ti);
      t.beta = checked(2 * int64_t(t.beta), "beta", pi, ti);
      t.vInit = checked(2 * int64_t(t.vInit) + 1, "initial potential", pi, ti);
      t.resetValue =
          t.reset == ResetMode::Absolute
              ? checked(2 * int64_t(t.resetValue) + 1, "reset value", pi, ti)
              : 0;
    }
    for (int32_t &w : p.weight)
      w = checked(2 * int64_t(w), "synapse weight", pi, 0);
    if (const char *why = chipcfg::oddPotentialProblem(p))
      fail("internal: prototype {} ('{}'): {} after encoding odd potentials",
           pi, p.name, why);
  }
}

} // namespace snnc::mapping
