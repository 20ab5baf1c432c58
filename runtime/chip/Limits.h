//===- Limits.h - The limits every stage of snnc agrees on -------*- C++
//-*-===//
//
// One definition of each limit that more than one stage checks: the chip
// description parser (compiler/chip), the configuration validator, the
// emulator, the exporters and the HIL server all read these, so a chip
// description that parses compiles, validates and runs, and a value one
// stage refuses is refused by all of them with the same number.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_CHIP_LIMITS_H
#define SNNC_RUNTIME_CHIP_LIMITS_H

#include <cstdint>

namespace snnc::chipcfg {

/// Longest axonal delay in ticks ('neuron.delay' of a chip description,
/// max_delay of a configuration). The emulator keeps a ring of
/// max_delay + 1 input slots per core; TrueNorth itself has 15.
inline constexpr uint32_t kMaxDelay = 4096;

/// Axon types of a binary crossbar (TrueNorth's G0..G3): each neuron type
/// holds one weight per axon type and configurations store a type in 2 bits.
inline constexpr uint32_t kMaxAxonTypes = 4;

/// Membrane potential width in bits (the emulator's fast path holds
/// potentials in 32 bits).
inline constexpr uint32_t kMinPotentialBits = 2;
inline constexpr uint32_t kMaxPotentialBits = 32;

/// Axons and neurons of one core.
inline constexpr uint32_t kMaxCoreSide = uint32_t(1) << 24;

/// Ticks one image, one exported input or one HIL STEP_MANY request may
/// span; output readout delays stay below it.
inline constexpr uint32_t kMaxTicks = 65536;

} // namespace snnc::chipcfg

#endif // SNNC_RUNTIME_CHIP_LIMITS_H
