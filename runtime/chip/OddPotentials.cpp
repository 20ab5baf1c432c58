//===- OddPotentials.cpp - Does a neuron's potential stay odd? ------------===//

#include "runtime/chip/OddPotentials.h"

namespace snnc::chipcfg {

namespace {
bool odd(int64_t v) { return (v & 1) != 0; }
} // namespace

const char *oddPotentialProblem(const CorePrototype &p, const NeuronType &t) {
  if (!odd(t.vInit))
    return "the initial potential is even";
  if (odd(t.leak))
    return "the leak is odd";
  if (odd(t.alpha))
    return "the positive threshold is odd";
  if (odd(t.beta))
    return "the negative threshold is odd";
  if (t.reset == ResetMode::Absolute && !odd(t.resetValue))
    return "the absolute reset value is even";
  for (int32_t w : t.weights)
    if (odd(w))
      return "an axon-type weight is odd";
  for (int32_t w : p.weight)
    if (odd(w))
      return "a synapse weight is odd";
  return nullptr;
}

const char *oddPotentialProblem(const CorePrototype &p) {
  for (const NeuronType &t : p.neuronTypes)
    if (const char *why = oddPotentialProblem(p, t))
      return why;
  return nullptr;
}

} // namespace snnc::chipcfg
