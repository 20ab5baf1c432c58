//===- OddPotentials.h - Neurons exact on TrueNorth and RANC ----*- C++ -*-===//
//
// TrueNorth crosses the negative threshold at V < -beta, snnc and RANC's
// symmetric mode at V <= -beta. The two disagree only at V = -beta. When
// every threshold, weight, leak and linear reset is even and every start
// and absolute reset value is odd, a potential is always odd and never
// equals -beta (or alpha): the same neuron then behaves identically under
// both tests, tick for tick. encodeOddPotentials doubles a configuration's
// parameters and sets V(0) = 2 v0 + 1 (reset value 2 R + 1), which keeps
// every spike the same up to half a unit of the original potential.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_COMPILER_MAPPING_ODDPOTENTIALS_H
#define SNNC_COMPILER_MAPPING_ODDPOTENTIALS_H

#include "runtime/chip/ChipConfig.h"

namespace snnc::mapping {

/// Doubles every neuron type of `config` (weights, leak, thresholds) and
/// makes its start and absolute reset value odd. Throws snnc::Error if a
/// doubled value leaves its 32-bit field (the mapping quantizes within half
/// the chip's ranges, so it does not happen for a portable chip).
void encodeOddPotentials(chipcfg::ChipConfig &config);

} // namespace snnc::mapping

#endif // SNNC_COMPILER_MAPPING_ODDPOTENTIALS_H
