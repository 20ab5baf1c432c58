//===- SnnDialect.td - The snn dialect ---------------------*- tablegen -*-===//
#ifndef SNNC_DIALECTS_SNN_SNNDIALECT_TD
#define SNNC_DIALECTS_SNN_SNNDIALECT_TD

include "mlir/IR/OpBase.td"

def Snn_Dialect : Dialect {
  let name = "snn";
  let cppNamespace = "::snnc::snn";
  let summary = "Spiking layers of a converted detector";
  let description = [{
    A value of an snn op is a spike train over ticks, one neuron per tensor
    element (NCHW, batch 1); the f32 element type names the unit of the
    values the spikes carry (+-1 after normalization). Layers carry their
    synaptic weights and neuron parameters. `snn.output` decodes its train
    back to an analog tensor, which the `ann` detection heads consume.
    Semantics per tick: docs/SNN.md.
  }];
  let useDefaultAttributePrinterParser = 1;
}

#endif // SNNC_DIALECTS_SNN_SNNDIALECT_TD
