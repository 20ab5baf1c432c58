// RUN: split-file %s %t
// Each constraint the mapper checks is an error naming the layer, the
// constraint and the numbers; nothing is emitted.

// RUN: not snnc-opt %t/net.mlir --snn-to-tn="chip=truenorth-x" --tn-split-fanout --tn-schedule --tn-place --tn-finish 2>&1 | FileCheck %s --check-prefix=UNQUANTIZED
// UNQUANTIZED: error: snn-to-tn: the network is not quantized; run snn-quantize for chip 'truenorth-x' first

// RUN: not snnc-opt %t/net.mlir --snn-quantize="chip=truenorth-x" --snn-to-tn="chip=reference" --tn-split-fanout --tn-schedule --tn-place --tn-finish 2>&1 | FileCheck %s --check-prefix=OTHER
// OTHER: error: snn-to-tn: the network was quantized for chip 'truenorth-x', not 'reference'

// RUN: not snnc-opt %t/net.mlir --snn-quantize="chip=truenorth" --snn-to-tn="chip=truenorth" --tn-split-fanout --tn-schedule --tn-place --tn-finish 2>&1 | FileCheck %s --check-prefix=READOUT
// READOUT: error: snn-to-tn: layer 'output@{{[0-9]+}}': chip 'truenorth' reads spikes only, but the output is decoded from the membrane potential; convert with --decode count

// RUN: not snnc-opt %t/analog.mlir --snn-quantize="chip=truenorth-x" --snn-to-tn="chip=truenorth-x" --tn-split-fanout --tn-schedule --tn-place --tn-finish 2>&1 | FileCheck %s --check-prefix=ANALOG
// ANALOG: error: snn-to-tn: layer 'encoder@{{[0-9]+}}': the chip receives its input as spikes; convert with --encoder spikes

// RUN: not snnc-opt %t/maxcount.mlir --snn-quantize="chip=truenorth-x" --snn-to-tn="chip=truenorth-x" --tn-split-fanout --tn-schedule --tn-place --tn-finish 2>&1 | FileCheck %s --check-prefix=POOL
// POOL: error: snn-to-tn: layer 'max_pool@{{[0-9]+}}': max-pool strategy 'max_count' has no chip neuron mapping; convert with --max-pool comparator

// One core per chip (a 1x1 mesh) of 16 axons x 8 neurons: the first conv
// needs 2 cores (tiles of 8 outputs), the second 1 (a 2x2 map), the output
// 3 (2x2 positions x 2 of its 6 channels per core): 6 cores.
// RUN: not snnc-opt %t/net.mlir --snn-quantize="chip=%t/one-core.yaml" --snn-to-tn="chip=%t/one-core.yaml" --tn-split-fanout --tn-schedule --tn-place="max-chips=2" --tn-finish 2>&1 | FileCheck %s --check-prefix=CHIPS
// CHIPS: error: tn-place: network 'net' needs 6 cores = 6 chips of 1 cores (1x1); at most 2 chips are allowed (--max-chips)

// The comparator tree feeds window inputs to its second level 2 ticks
// after the first: a chip whose delays stop at 1 cannot align them.
// RUN: not snnc-opt %t/comparator.mlir --snn-quantize="chip=%t/short-delay.yaml" --snn-to-tn="chip=%t/short-delay.yaml" --tn-split-fanout --tn-schedule --tn-place --tn-finish 2>&1 | FileCheck %s --check-prefix=DELAY
// DELAY: error: tn-schedule: group 'max_pool@{{[0-9]+}}.cmp2': its inputs from 'conv@{{[0-9]+}}' need a delay of 2 ticks to arrive aligned; chip 'short-delay' delays spikes by at most 1 ticks

// RUN: not snnc-opt %t/fake-quantized.mlir --snn-to-tn="chip=truenorth-x" --tn-split-fanout --tn-schedule --tn-place --tn-finish 2>&1 | FileCheck %s --check-prefix=INTEGER
// INTEGER: error: snn-to-tn: layer 'conv@{{[0-9]+}}': weight 0.5 of output channel 0 is not an integer; run snn-quantize for chip 'truenorth-x' first

// RUN: not snnc-opt %t/too-large.mlir --snn-to-tn="chip=truenorth-x" --tn-split-fanout --tn-schedule --tn-place --tn-finish 2>&1 | FileCheck %s --check-prefix=RANGE
// RANGE: error: snn-to-tn: layer 'conv@{{[0-9]+}}': weight 300 of output channel 0 exceeds the chip's range (|value| <= 127); run snn-quantize for chip 'truenorth-x'

// A 3x3 window does not fit cores of 4 axons.
// RUN: not snnc-opt %t/window.mlir --snn-quantize="chip=%t/four-axons.yaml" --snn-to-tn="chip=%t/four-axons.yaml" --tn-split-fanout --tn-schedule --tn-place --tn-finish 2>&1 | FileCheck %s --check-prefix=WINDOW
// WINDOW: error: snn-to-tn: layer 'conv@{{[0-9]+}}': not even one output of a 3x3 kernel over 1 input trains fits a core of 4 axons and 8 neurons

// A tile limit that holds nothing, on a chip without a core size limit.
// RUN: not snnc-opt %t/net.mlir --snn-quantize="chip=reference" --snn-to-tn="chip=reference unlimited-tile=1" 2>&1 | FileCheck %s --check-prefix=TILE
// TILE: error: snn-to-tn: unlimited-tile is 1; the tiles of a chip without a core size limit need at least 2 axons and neurons

//--- net.mlir
func.func @net() -> tensor<1x6x2x2xf32> {
  %0 = snn.encoder {mode = #snn.encoding<spikes>} : tensor<1x1x4x4xf32>
  %1 = snn.conv %0 {weight = dense<0.5> : tensor<1x1x1x1xf32>, bias = dense<0.0> : tensor<1xf32>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, v_th = 1.0 : f32, v_th_neg = 10.0 : f32, reset = #snn.reset<subtract>, v_init = 0.0 : f32} : tensor<1x1x4x4xf32> -> tensor<1x1x4x4xf32>
  %2 = snn.conv %1 {weight = dense<0.5> : tensor<1x1x2x2xf32>, bias = dense<0.0> : tensor<1xf32>, strides = array<i64: 2, 2>, padding = array<i64: 0, 0, 0, 0>, v_th = 1.0 : f32, v_th_neg = 10.0 : f32, reset = #snn.reset<subtract>, v_init = 0.0 : f32} : tensor<1x1x4x4xf32> -> tensor<1x1x2x2xf32>
  %3 = snn.output %2 {weight = dense<0.1> : tensor<6x1x1x1xf32>, bias = dense<0.0> : tensor<6xf32>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, decode = #snn.decoding<vmem>, v_th = 1.0 : f32, output_scale = array<f32: 1.0, 1.0, 1.0, 1.0, 1.0, 1.0>} : tensor<1x1x2x2xf32> -> tensor<1x6x2x2xf32>
  %4 = ann.region %3 {classes = 1, coords = 4, num = 1, softmax = true, anchors = array<f32: 1.0, 1.0>} : tensor<1x6x2x2xf32> -> tensor<1x6x2x2xf32>
  return %4 : tensor<1x6x2x2xf32>
}
//--- analog.mlir
func.func @net() -> tensor<1x6x2x2xf32> {
  %0 = snn.encoder {mode = #snn.encoding<analog>} : tensor<1x1x4x4xf32>
  %1 = snn.conv %0 {weight = dense<0.5> : tensor<1x1x1x1xf32>, bias = dense<0.0> : tensor<1xf32>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, v_th = 1.0 : f32, v_th_neg = 10.0 : f32, reset = #snn.reset<subtract>, v_init = 0.0 : f32} : tensor<1x1x4x4xf32> -> tensor<1x1x4x4xf32>
  %2 = snn.conv %1 {weight = dense<0.5> : tensor<1x1x2x2xf32>, bias = dense<0.0> : tensor<1xf32>, strides = array<i64: 2, 2>, padding = array<i64: 0, 0, 0, 0>, v_th = 1.0 : f32, v_th_neg = 10.0 : f32, reset = #snn.reset<subtract>, v_init = 0.0 : f32} : tensor<1x1x4x4xf32> -> tensor<1x1x2x2xf32>
  %3 = snn.output %2 {weight = dense<0.1> : tensor<6x1x1x1xf32>, bias = dense<0.0> : tensor<6xf32>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, decode = #snn.decoding<vmem>, v_th = 1.0 : f32, output_scale = array<f32: 1.0, 1.0, 1.0, 1.0, 1.0, 1.0>} : tensor<1x1x2x2xf32> -> tensor<1x6x2x2xf32>
  %4 = ann.region %3 {classes = 1, coords = 4, num = 1, softmax = true, anchors = array<f32: 1.0, 1.0>} : tensor<1x6x2x2xf32> -> tensor<1x6x2x2xf32>
  return %4 : tensor<1x6x2x2xf32>
}
//--- maxcount.mlir
func.func @net() -> tensor<1x6x2x2xf32> {
  %0 = snn.encoder {mode = #snn.encoding<spikes>} : tensor<1x1x4x4xf32>
  %1 = snn.conv %0 {weight = dense<0.5> : tensor<1x1x1x1xf32>, bias = dense<0.0> : tensor<1xf32>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, v_th = 1.0 : f32, v_th_neg = 10.0 : f32, reset = #snn.reset<subtract>, v_init = 0.0 : f32} : tensor<1x1x4x4xf32> -> tensor<1x1x4x4xf32>
  %2 = snn.max_pool %1 {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding = array<i64: 0, 0, 0, 0>, strategy = #snn.max_pool<max_count>} : tensor<1x1x4x4xf32> -> tensor<1x1x2x2xf32>
  %3 = snn.output %2 {weight = dense<0.1> : tensor<6x1x1x1xf32>, bias = dense<0.0> : tensor<6xf32>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, decode = #snn.decoding<vmem>, v_th = 1.0 : f32, output_scale = array<f32: 1.0, 1.0, 1.0, 1.0, 1.0, 1.0>} : tensor<1x1x2x2xf32> -> tensor<1x6x2x2xf32>
  %4 = ann.region %3 {classes = 1, coords = 4, num = 1, softmax = true, anchors = array<f32: 1.0, 1.0>} : tensor<1x6x2x2xf32> -> tensor<1x6x2x2xf32>
  return %4 : tensor<1x6x2x2xf32>
}
//--- comparator.mlir
func.func @net() -> tensor<1x6x2x2xf32> {
  %0 = snn.encoder {mode = #snn.encoding<spikes>} : tensor<1x1x4x4xf32>
  %1 = snn.conv %0 {weight = dense<0.5> : tensor<1x1x1x1xf32>, bias = dense<0.0> : tensor<1xf32>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, v_th = 1.0 : f32, v_th_neg = 10.0 : f32, reset = #snn.reset<subtract>, v_init = 0.0 : f32} : tensor<1x1x4x4xf32> -> tensor<1x1x4x4xf32>
  %2 = snn.max_pool %1 {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding = array<i64: 0, 0, 0, 0>, strategy = #snn.max_pool<comparator>} : tensor<1x1x4x4xf32> -> tensor<1x1x2x2xf32>
  %3 = snn.output %2 {weight = dense<0.1> : tensor<6x1x1x1xf32>, bias = dense<0.0> : tensor<6xf32>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, decode = #snn.decoding<vmem>, v_th = 1.0 : f32, output_scale = array<f32: 1.0, 1.0, 1.0, 1.0, 1.0, 1.0>} : tensor<1x1x2x2xf32> -> tensor<1x6x2x2xf32>
  %4 = ann.region %3 {classes = 1, coords = 4, num = 1, softmax = true, anchors = array<f32: 1.0, 1.0>} : tensor<1x6x2x2xf32> -> tensor<1x6x2x2xf32>
  return %4 : tensor<1x6x2x2xf32>
}
//--- fake-quantized.mlir
func.func @net() -> tensor<1x6x2x2xf32> attributes {snn.quantized = {axon_copies = 4 : i64, chip = "truenorth-x", ticks = 256 : i64}} {
  %0 = snn.encoder {mode = #snn.encoding<spikes>} : tensor<1x1x4x4xf32>
  %1 = snn.conv %0 {weight = dense<0.5> : tensor<1x1x1x1xf32>, bias = dense<0.0> : tensor<1xf32>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, v_th = 1.0 : f32, v_th_neg = 10.0 : f32, reset = #snn.reset<subtract>, v_init = 0.0 : f32} : tensor<1x1x4x4xf32> -> tensor<1x1x4x4xf32>
  %2 = snn.conv %1 {weight = dense<0.5> : tensor<1x1x2x2xf32>, bias = dense<0.0> : tensor<1xf32>, strides = array<i64: 2, 2>, padding = array<i64: 0, 0, 0, 0>, v_th = 1.0 : f32, v_th_neg = 10.0 : f32, reset = #snn.reset<subtract>, v_init = 0.0 : f32} : tensor<1x1x4x4xf32> -> tensor<1x1x2x2xf32>
  %3 = snn.output %2 {weight = dense<0.1> : tensor<6x1x1x1xf32>, bias = dense<0.0> : tensor<6xf32>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, decode = #snn.decoding<vmem>, v_th = 1.0 : f32, output_scale = array<f32: 1.0, 1.0, 1.0, 1.0, 1.0, 1.0>} : tensor<1x1x2x2xf32> -> tensor<1x6x2x2xf32>
  %4 = ann.region %3 {classes = 1, coords = 4, num = 1, softmax = true, anchors = array<f32: 1.0, 1.0>} : tensor<1x6x2x2xf32> -> tensor<1x6x2x2xf32>
  return %4 : tensor<1x6x2x2xf32>
}
//--- too-large.mlir
func.func @net() -> tensor<1x6x2x2xf32> attributes {snn.quantized = {axon_copies = 4 : i64, chip = "truenorth-x", ticks = 256 : i64}} {
  %0 = snn.encoder {mode = #snn.encoding<spikes>} : tensor<1x1x4x4xf32>
  %1 = snn.conv %0 {weight = dense<300.0> : tensor<1x1x1x1xf32>, bias = dense<0.0> : tensor<1xf32>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, v_th = 1.0 : f32, v_th_neg = 10.0 : f32, reset = #snn.reset<subtract>, v_init = 0.0 : f32} : tensor<1x1x4x4xf32> -> tensor<1x1x4x4xf32>
  %2 = snn.conv %1 {weight = dense<0.5> : tensor<1x1x2x2xf32>, bias = dense<0.0> : tensor<1xf32>, strides = array<i64: 2, 2>, padding = array<i64: 0, 0, 0, 0>, v_th = 1.0 : f32, v_th_neg = 10.0 : f32, reset = #snn.reset<subtract>, v_init = 0.0 : f32} : tensor<1x1x4x4xf32> -> tensor<1x1x2x2xf32>
  %3 = snn.output %2 {weight = dense<0.1> : tensor<6x1x1x1xf32>, bias = dense<0.0> : tensor<6xf32>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, decode = #snn.decoding<vmem>, v_th = 1.0 : f32, output_scale = array<f32: 1.0, 1.0, 1.0, 1.0, 1.0, 1.0>} : tensor<1x1x2x2xf32> -> tensor<1x6x2x2xf32>
  %4 = ann.region %3 {classes = 1, coords = 4, num = 1, softmax = true, anchors = array<f32: 1.0, 1.0>} : tensor<1x6x2x2xf32> -> tensor<1x6x2x2xf32>
  return %4 : tensor<1x6x2x2xf32>
}
//--- window.mlir
func.func @net() -> tensor<1x6x2x2xf32> {
  %0 = snn.encoder {mode = #snn.encoding<spikes>} : tensor<1x1x4x4xf32>
  %1 = snn.conv %0 {weight = dense<0.5> : tensor<1x1x3x3xf32>, bias = dense<0.0> : tensor<1xf32>, strides = array<i64: 1, 1>, padding = array<i64: 1, 1, 1, 1>, v_th = 1.0 : f32, v_th_neg = 10.0 : f32, reset = #snn.reset<subtract>, v_init = 0.0 : f32} : tensor<1x1x4x4xf32> -> tensor<1x1x4x4xf32>
  %2 = snn.conv %1 {weight = dense<0.5> : tensor<1x1x2x2xf32>, bias = dense<0.0> : tensor<1xf32>, strides = array<i64: 2, 2>, padding = array<i64: 0, 0, 0, 0>, v_th = 1.0 : f32, v_th_neg = 10.0 : f32, reset = #snn.reset<subtract>, v_init = 0.0 : f32} : tensor<1x1x4x4xf32> -> tensor<1x1x2x2xf32>
  %3 = snn.output %2 {weight = dense<0.1> : tensor<6x1x1x1xf32>, bias = dense<0.0> : tensor<6xf32>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, decode = #snn.decoding<vmem>, v_th = 1.0 : f32, output_scale = array<f32: 1.0, 1.0, 1.0, 1.0, 1.0, 1.0>} : tensor<1x1x2x2xf32> -> tensor<1x6x2x2xf32>
  %4 = ann.region %3 {classes = 1, coords = 4, num = 1, softmax = true, anchors = array<f32: 1.0, 1.0>} : tensor<1x6x2x2xf32> -> tensor<1x6x2x2xf32>
  return %4 : tensor<1x6x2x2xf32>
}
//--- one-core.yaml
name: one-core
description: test chip
core: {axons: 16, neurons: 8, crossbar: weighted, axon_types: 1, weight_bits: 8, threshold_bits: 18, potential_bits: 20, leak_bits: 9}
neuron: {signed_spikes: true, targets: 0, delay: [1, 15]}
mesh: {cores_x: 1, cores_y: 1}
board: {chips: 1}
readout: membrane
tick_hz: 1000
energy: {synaptic_event_pj: 26, hop_pj: 0, static_power_mw: 65, sources: test}
//--- short-delay.yaml
name: short-delay
description: test chip
core: {axons: 16, neurons: 8, crossbar: weighted, axon_types: 1, weight_bits: 8, threshold_bits: 18, potential_bits: 20, leak_bits: 9}
neuron: {signed_spikes: true, targets: 0, delay: [1, 1]}
mesh: {cores_x: 4, cores_y: 4}
board: {chips: 1}
readout: membrane
tick_hz: 1000
energy: {synaptic_event_pj: 26, hop_pj: 0, static_power_mw: 65, sources: test}
//--- four-axons.yaml
name: four-axons
description: test chip
core: {axons: 4, neurons: 8, crossbar: weighted, axon_types: 1, weight_bits: 8, threshold_bits: 18, potential_bits: 20, leak_bits: 9}
neuron: {signed_spikes: true, targets: 0, delay: [1, 15]}
mesh: {cores_x: 4, cores_y: 4}
board: {chips: 1}
readout: membrane
tick_hz: 1000
energy: {synaptic_event_pj: 26, hop_pj: 0, static_power_mw: 65, sources: test}
