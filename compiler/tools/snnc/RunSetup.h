//===- RunSetup.h - What a run of a compiled network decides first -*- C++
//-*-===//
//
// The choices `snnc run` makes before it emulates, apart from its command
// line so that the Python API (python/, docs/PYTHON.md) makes the same
// ones: the class names of the compiled network, the checkpoints, and the
// DNN whose mAP goes beside the chip's.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_TOOLS_SNNC_RUNSETUP_H
#define SNNC_TOOLS_SNNC_RUNSETUP_H

#include "compiler/driver/ModelLoader.h"
#include "runtime/chip/ChipConfig.h"
#include "runtime/detection/Detection.h"
#include "runtime/tooling/RunResults.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace snnc::cli {

/// The classes of the compiled network's (first) head.
int headClasses(const chipcfg::ChipConfig &config);

/// `namesPath` (--names); else the names the configuration carries; else
/// the only *.names file in `outDir` (configurations of format version 1);
/// else the VOC names for a 20-class network; else class0, class1, ... (not
/// when `evaluating`: mAP needs the real names).
std::vector<std::string> runClassNames(const std::string &namesPath,
                                       const std::string &outDir,
                                       bool evaluating,
                                       const chipcfg::ChipConfig &config);

/// The checkpoints: `given` (--checkpoints; checked against `ticks`, sorted,
/// duplicates merged), else {ticks} for images and 8, 16, 32, ... < ticks
/// and ticks for evaluation.
std::vector<int> runCheckpoints(const std::vector<int> &given, int ticks,
                                bool evaluating);

/// `snnc run --readout-delay`: each output of `config` integrates after its
/// latency plus `value` ticks ("auto": plus its latency again), replacing
/// the delay the compile chose; empty keeps it. Errors name `option`.
void setRunReadoutDelay(chipcfg::ChipConfig &config, const std::string &value,
                        const std::string &option);

/// The longest latency of the outputs: ticks before any sees the input.
uint32_t outputLatency(const chipcfg::ChipConfig &config);

/// The warning for a run of `ticks` ticks that ends at or before the
/// outputs' latency (nothing seen) or their readout delay (the transient
/// decoded), naming the option as `ticksOption`/`delayOption` call it;
/// empty when the run is long enough.
std::string shortRunWarning(const chipcfg::ChipConfig &config, int ticks,
                            const std::string &ticksOption,
                            const std::string &delayOption);

/// The DNN the chip's mAP is measured against: the model files report.json
/// names (or --dnn), evaluated by `snnc eval` on the same images with the
/// same detector options. Float activations always (the guide's
/// reference); "as trained" too when the compile used QAT metadata.
struct DnnReference {
  std::string description;
  std::optional<Model> model;
  std::optional<Graph> asTrained;
  std::string skipped; ///< Why there is none.

  /// The graphs to compare a run with (none when there is no model).
  DnnReferenceGraphs graphs() const {
    DnnReferenceGraphs g;
    if (model) {
      g.floatGraph = &model->graph;
      g.asTrained = asTrained ? &*asTrained : nullptr;
      g.description = description;
    }
    return g;
  }
};

/// `dnnCfg` (--dnn) when given, else the model of `report`'s provenance if
/// its files are unchanged; fails when its class count is not `classes`.
DnnReference loadDnnReference(const std::string &dnnCfg,
                              const nlohmann::json &report, int classes);

} // namespace snnc::cli

#endif // SNNC_TOOLS_SNNC_RUNSETUP_H
