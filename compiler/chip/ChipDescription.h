//===- ChipDescription.h - TrueNorth-style chip descriptions ----*- C++ -*-===//
//
// What the mapper must respect: core size and crossbar kind, integer
// precisions, spike signedness, fan-out per neuron, delays, mesh and board
// size, readout and tick rate, and the energy constants the reports use.
// Read from YAML (docs/CHIP.md); every field is validated with an error that
// names the file, line, field and value.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_COMPILER_CHIP_CHIPDESCRIPTION_H
#define SNNC_COMPILER_CHIP_CHIPDESCRIPTION_H

#include <cstdint>
#include <string>
#include <vector>

namespace snnc::chip {

enum class CrossbarKind {
  /// Binary connectivity; each axon has a type and each neuron a signed
  /// weight per type (TrueNorth).
  Binary,
  /// A signed integer weight per synapse.
  Weighted,
};

enum class Readout { Spikes, Membrane };

/// 0 in a limit means "unlimited" (the `reference` profile).
struct ChipDescription {
  std::string name, description, path;

  // Core.
  int64_t axonsPerCore = 256, neuronsPerCore = 256;
  CrossbarKind crossbar = CrossbarKind::Binary;
  int64_t axonTypes = 4;  ///< Binary crossbars only.
  int64_t weightBits = 9; ///< Signed, including the sign bit.
  int64_t thresholdBits = 18;
  int64_t potentialBits = 20;
  int64_t leakBits = 9;

  // Neurons.
  bool signedSpikes = false;
  int64_t targetsPerNeuron = 1; ///< 0: multicast to any number.
  int64_t minDelay = 1, maxDelay = 15;
  /// Only neurons that IBM's TrueNorth tools and RANC run bit for bit: the
  /// compiler keeps every membrane potential odd (parameters doubled, V(0)
  /// = 2 v0 + 1) so that TrueNorth's negative test V < -beta and snnc's
  /// V <= -beta never disagree, and emits no saturating neuron (RANC has
  /// none). Costs one bit of each field's range. Needs a spike readout.
  bool portableNeurons = false;

  // Mesh and board.
  int64_t coresX = 64, coresY = 64;
  int64_t chipsPerBoard = 1;

  Readout readout = Readout::Spikes;
  double tickHz = 1000;

  // Energy (reports).
  double synapticEventPj = 26;
  double hopPj = 0;
  double staticPowerMw = 65;
  std::string energySources;

  bool unlimitedAxons() const { return axonsPerCore == 0; }
  int64_t coresPerChip() const { return coresX * coresY; }
};

/// Parses a chip description; throws snnc::Error naming `path`, the line
/// and column, the field and the value on any problem.
ChipDescription parseChipDescription(const std::string &text,
                                     const std::string &path);
ChipDescription readChipDescription(const std::string &path);

/// `c` as a chip description file that parseChipDescription reads back to
/// the same fields (the module's `tn.target` verifies through it).
std::string chipDescriptionYaml(const ChipDescription &c);

/// A shipped profile by name (truenorth, truenorth-x, reference), or a YAML
/// file path.
ChipDescription loadChip(const std::string &profileOrPath);

/// The YAML text of a shipped profile or a chip description file (for
/// `snnc chip --yaml` and content hashes); fails as loadChip does.
std::string chipDescriptionText(const std::string &profileOrPath);

/// Names of the shipped profiles.
std::vector<std::string> builtinProfiles();

} // namespace snnc::chip

#endif // SNNC_COMPILER_CHIP_CHIPDESCRIPTION_H
