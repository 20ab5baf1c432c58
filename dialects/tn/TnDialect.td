//===- TnDialect.td - The tn dialect -----------------------*- tablegen -*-===//
#ifndef SNNC_DIALECTS_TN_TNDIALECT_TD
#define SNNC_DIALECTS_TN_TNDIALECT_TD

include "mlir/IR/OpBase.td"

def Tn_Dialect : Dialect {
  let name = "tn";
  let cppNamespace = "::snnc::tn";
  let summary = "A network mapped onto TrueNorth-style cores";
  let description = [{
    A network on TrueNorth-style cores, from `snn-to-tn` through the mapping
    passes (tn-split-fanout, tn-schedule, tn-place, tn-finish): the layers
    (`tn.layer`), core prototypes (`tn.core_type`: crossbar, axon types,
    `#tn.neuron` types) shared by identical cores, groups of core instances
    (`tn.core_group`: every neuron's spike routes as (core, axon, delay);
    image spots, then mesh coordinates; tick offset and level once
    scheduled), the host's input map (`tn.input`) and the outputs it reads
    (`tn.output`). The module carries the chip (`tn.target`, `tn.chip`).
    Cores are numbered across the groups in order. Large arrays are `dense_resource`
    blobs; small ones print inline. The configuration files
    (docs/FORMATS.md) are emitted from this IR.
  }];
  let useDefaultAttributePrinterParser = 1;
}

#endif // SNNC_DIALECTS_TN_TNDIALECT_TD
