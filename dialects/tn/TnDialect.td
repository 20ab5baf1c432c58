//===- TnDialect.td - The tn dialect -----------------------*- tablegen -*-===//
#ifndef SNNC_DIALECTS_TN_TNDIALECT_TD
#define SNNC_DIALECTS_TN_TNDIALECT_TD

include "mlir/IR/OpBase.td"

def Tn_Dialect : Dialect {
  let name = "tn";
  let cppNamespace = "::snnc::tn";
  let summary = "A network mapped onto TrueNorth-style cores";
  let description = [{
    The result of mapping (`snn-to-tn`): core prototypes (`tn.core_type`:
    crossbar, axon types, neuron types) shared by identical cores, groups of
    core instances (`tn.core_group`: mesh coordinates, level, and every
    neuron's spike routes as (core, axon, delay)), the host's input map
    (`tn.input`) and the outputs it reads (`tn.output`). The module carries
    the chip (`tn.chip`) and the mapping report (`tn.report`). Cores are
    numbered across the groups in order. Large arrays are `dense_resource`
    blobs; small ones print inline. The configuration files
    (docs/FORMATS.md) are emitted from this IR.
  }];
  let useDefaultAttributePrinterParser = 1;
}

#endif // SNNC_DIALECTS_TN_TNDIALECT_TD
