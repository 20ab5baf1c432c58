//===- ConfigExport.h - IBM model files and RANC inputs ---------*- C++ -*-===//
//
// Exporters from a ChipConfig to the formats of two other TrueNorth-style
// tool chains, for configurations that fit them (in practice: those
// compiled for the `truenorth` profile):
//
//  - IBM's model file (the CPE "makeModel" JSON that IBM's NSCS simulator
//    and the open NeMo simulator read) and its spike input file;
//  - the RANC simulator's input.json (cores, input packets, output bus) and
//    config.json (University of Arizona, UA-RCL/RANC).
//
// Both take binary crossbars of at most 256 axons x 256 neurons with 4 axon
// types, one target per neuron and unsigned spikes. Anything else is an
// snnc::Error that names the constraint, the place and the numbers (no
// partial output). docs/FORMATS.md gives the mapping field by field.
// Output is deterministic: equal configurations give equal bytes.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_BACKENDS_CONFIG_CONFIGEXPORT_H
#define SNNC_BACKENDS_CONFIG_CONFIGEXPORT_H

#include "runtime/chip/ChipConfig.h"

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace snnc::chipcfg {

/// A spike the host sends to `axon` of `core` in tick `tick`; it arrives
/// one tick later (IBM's default destination delay, RANC's
/// destination_tick 0).
struct InputSpike {
  uint32_t tick = 0;
  uint32_t core = 0;
  uint32_t axon = 0;
};

//===----------------------------------------------------------------------===//
// IBM model file (NSCS / NeMo)
//===----------------------------------------------------------------------===//

/// Throws snnc::Error when `config` cannot be written as an IBM model file.
void checkIbmExportable(const ChipConfig &config);

/// The model file: "model", "crossbarTypes" (one per prototype, 256 rows),
/// "neuronTypes" (deduplicated over all prototypes) and one "core" member
/// per core (IBM's format repeats the key).
void writeIbmModel(const ChipConfig &config, std::ostream &out);
std::string ibmModelJson(const ChipConfig &config);

/// The spike input file: two header lines, then one JSON object per line:
/// {"spike":{"srcTime":t,"destCore":c,"destAxon":a}}. Spikes are written in
/// the given order; cores and axons are checked against `config`.
void writeIbmSpikes(const ChipConfig &config,
                    const std::vector<InputSpike> &spikes, std::ostream &out);
std::string ibmSpikesJson(const ChipConfig &config,
                          const std::vector<InputSpike> &spikes);

/// Creates `dir` and writes dir/model.json and dir/spikes.json.
void exportIbm(const ChipConfig &config, const std::vector<InputSpike> &spikes,
               const std::string &dir);

/// The run-length form of IBM's per-core arrays: runs of 3 or more equal
/// values as "VxN", ascending progressions of 3 or more as "A:B" (step 1)
/// or "A:S:B", everything else as plain numbers. Exposed for the tests.
std::string ibmRunLength(const std::vector<int64_t> &values);

//===----------------------------------------------------------------------===//
// RANC simulator
//===----------------------------------------------------------------------===//

/// Throws snnc::Error when `config` cannot be written as RANC input.
void checkRancExportable(const ChipConfig &config);

/// input.json: "packets" (one list per tick from 0 to the last spike's),
/// "output_bus" and "cores".
void writeRancInput(const ChipConfig &config,
                    const std::vector<InputSpike> &spikes, std::ostream &out);
std::string rancInputJson(const ChipConfig &config,
                          const std::vector<InputSpike> &spikes);

/// config.json: the grid that holds the cores and the output bus.
std::string rancConfigJson(const ChipConfig &config);

/// Creates `dir` and writes dir/input.json and dir/config.json.
void exportRanc(const ChipConfig &config, const std::vector<InputSpike> &spikes,
                const std::string &dir);

} // namespace snnc::chipcfg

#endif // SNNC_BACKENDS_CONFIG_CONFIGEXPORT_H
