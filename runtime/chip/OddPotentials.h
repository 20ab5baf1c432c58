//===- OddPotentials.h - Does a neuron's potential stay odd? ----*- C++ -*-===//
//
// A neuron whose thresholds, weights, leak and linear resets are even and
// whose start and absolute reset value are odd only ever holds odd
// potentials (up to the chip's clamp at its even lower bound, which a
// mapped network does not reach). It never sits exactly on -beta, so
// TrueNorth's negative test V < -beta and snnc's (and RANC's symmetric)
// V <= -beta give the same spikes. The exporters accept such neurons where
// the two tests would otherwise differ; compiler/mapping/OddPotentials.h
// produces them.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_CHIP_ODDPOTENTIALS_H
#define SNNC_RUNTIME_CHIP_ODDPOTENTIALS_H

#include "runtime/chip/ChipConfig.h"

namespace snnc::chipcfg {

/// Null when every potential of a neuron of type `t` in `p` stays odd;
/// otherwise the first reason it may not (a static string).
const char *oddPotentialProblem(const CorePrototype &p, const NeuronType &t);

/// The first type of `p` whose potentials may become even, with its reason.
const char *oddPotentialProblem(const CorePrototype &p);

} // namespace snnc::chipcfg

#endif // SNNC_RUNTIME_CHIP_ODDPOTENTIALS_H
