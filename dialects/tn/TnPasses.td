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

#endif // SNNC_DIALECTS_TN_TNPASSES_TD
