//===- TnPasses.td - Passes of the tn dialect ---------------*- tablegen -*-===//
#ifndef SNNC_DIALECTS_TN_TNPASSES_TD
#define SNNC_DIALECTS_TN_TNPASSES_TD

include "mlir/Pass/PassBase.td"

def TnSetTarget : Pass<"tn-set-target", "mlir::ModuleOp"> {
  let summary = "Set the chip the module is compiled for (tn.target)";
  let description = [{
    Loads the chip description (a shipped profile or a YAML file) once and
    sets it on the module as `tn.target = #tn.target<...>`, which
    `snn-quantize` and `snn-to-tn` read. A module that already names another
    chip is an error; the same chip leaves it as it is.
  }];
  let dependentDialects = ["::snnc::tn::TnDialect"];
  let options = [
    Option<"chip", "chip", "std::string", /*default=*/"\"truenorth-x\"",
           "Chip profile (truenorth, truenorth-x, reference) or YAML file">,
  ];
}

//===----------------------------------------------------------------------===//
// The mapping, after snn-to-tn (docs/MAPPING.md). Each pass reads the chip
// from `tn.target` and runs one phase of compiler/mapping on the module's
// network.
//===----------------------------------------------------------------------===//

def TnSplitFanout : Pass<"tn-split-fanout", "mlir::ModuleOp"> {
  let summary = "Give neurons with more targets than the chip allows "
                "splitter neurons";
  let description = [{
    On a chip whose neurons reach at most `targets` axons (TrueNorth: one),
    each route of a neuron with more becomes a splitter neuron of its own
    (threshold 1, reset to zero: one spike out per spike in), packed into
    new core groups `<group>.split<round>` after the producer's, which the
    neuron feeds (one axon per splitter core). Splitters that span several
    cores may need splitting again: rounds until every neuron fits. The
    splitters are counted on the producer's `tn.layer`. Runs before
    tn-schedule (a splitter adds a tick of latency).
  }];
  let options = [
    Option<"unlimitedTile", "unlimited-tile", "int64_t", /*default=*/"4096",
           "Axons and neurons of a splitter core on chips without a core "
           "size limit">,
    Option<"releaseArrays", "release-arrays", "bool", /*default=*/"true",
           "Free the ops the pass replaces, and their arrays, before its "
           "phase runs (off: more memory, but a failed pass leaves the "
           "module as it was and a copy sharing its arrays, e.g. "
           "--mlir-pass-pipeline-crash-reproducer's, stays readable)">,
  ];
}

def TnSchedule : Pass<"tn-schedule", "mlir::ModuleOp"> {
  let summary = "Tick offsets, levels and route delays";
  let description = [{
    Every group's inputs arrive aligned: its tick offset `tau` is the
    largest offset of its producers plus the chip's minimum delay (groups
    the host feeds start at it), each route's delay is the difference of
    the two offsets (an error names both layers when it exceeds the chip's
    maximum delay), `level` orders groups for delay-0 routes. Leaky neurons
    start tau * leak lower, so the ticks before their inputs arrive leave
    them where the graph-level neuron starts. The outputs get their
    `latency` (the offset of the groups holding them) and their
    `readout_delay` (the network's, plus the latency, plus it again with
    readout-after-fill). Neurons must not have more targets than the chip
    allows (tn-split-fanout).
  }];
  let options = [
    Option<"readoutAfterFill", "readout-after-fill", "bool",
           /*default=*/"false",
           "Outputs integrate only after twice their latency (the layers "
           "below still fill up during the first)">,
    Option<"releaseArrays", "release-arrays", "bool", /*default=*/"true",
           "Free the ops the pass replaces, and their arrays, before its "
           "phase runs (off: more memory, but a failed pass leaves the "
           "module as it was and a copy sharing its arrays, e.g. "
           "--mlir-pass-pipeline-crash-reproducer's, stays readable)">,
  ];
}

def TnPlace : Pass<"tn-place", "mlir::ModuleOp"> {
  let summary = "Place the cores on the mesh of as many chips as needed";
  let description = [{
    The cores need ceil(cores / cores per chip) chips in a near-square grid
    (at most max-chips, else an error with the numbers). They are laid
    along a Hilbert curve over the mesh in the order of the image region
    they work on (their `spots`, itself ordered along a Hilbert curve over
    the image), then in creation order: the cores of every layer that
    handle one region end up close together, which keeps routes short.
    `spots` become `coords`; `tn.chip` gets the chip grid.
  }];
  let options = [
    Option<"maxChips", "max-chips", "int64_t", /*default=*/"0",
           "Largest number of chips the network may use (0: as many as "
           "needed)">,
    Option<"releaseArrays", "release-arrays", "bool", /*default=*/"true",
           "Free the ops the pass replaces, and their arrays, before its "
           "phase runs (off: more memory, but a failed pass leaves the "
           "module as it was and a copy sharing its arrays, e.g. "
           "--mlir-pass-pipeline-crash-reproducer's, stays readable)">,
  ];
}

def TnFinish : Pass<"tn-finish", "mlir::ModuleOp"> {
  let summary = "Make potentials odd on portable chips";
  let description = [{
    On a chip whose neurons must behave the same under TrueNorth's and
    RANC's negative-threshold tests (`portable`), doubles every neuron
    type's weights, leak and thresholds and makes start and reset values
    odd, so that a potential never equals a threshold
    (compiler/mapping/OddPotentials.h); marks the module
    `tn.odd_potentials`. Elsewhere it changes nothing. Runs after
    tn-schedule, which sets the start potentials.
  }];
  let options = [
    Option<"releaseArrays", "release-arrays", "bool", /*default=*/"true",
           "Free the ops the pass replaces, and their arrays, before its "
           "phase runs (off: more memory, but a failed pass leaves the "
           "module as it was and a copy sharing its arrays, e.g. "
           "--mlir-pass-pipeline-crash-reproducer's, stays readable)">,
  ];
}

#endif // SNNC_DIALECTS_TN_TNPASSES_TD
