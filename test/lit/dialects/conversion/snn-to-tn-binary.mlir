// RUN: split-file %s %t
// RUN: snnc-opt %t/net.mlir --snn-quantize="chip=%t/tiny-binary.yaml axon-copies=2" --snn-to-tn="chip=%t/tiny-binary.yaml" --tn-split-fanout --tn-schedule --tn-place --tn-finish | FileCheck %s

// A TrueNorth-like chip of 16-axon, 16-neuron cores (binary crossbar,
// unsigned spikes, one target per neuron), 2 axon copies per input (levels
// m in -1..1 times a step g <= 255 / 2 = 127, types weigh g * {1, -2}).
// By hand:
//  - conv: w = 0.5 -> m = 1, g = 127 (s = 254): threshold 254, negative
//    2540. Its IBT neurons become pairs: P [127, -254 | alpha 254, beta
//    2540, linear, negative reset (0)] and the mirror N [-127, 254 | alpha
//    2540, beta 254]. One core holds the 2x2 map: pixel p on axons 2p
//    (type 0) and 2p + 1 (type 1); m = 1 uses copy 0 only, so only the
//    even axons are wired (and receive the host's spikes).
//  - output (spike count, 6 channels alternating 0.25 / -0.5): channel 0
//    w = 127 (m = 1), threshold 508; channel 1 w = -127 (m = -1), 254.
//    Tiles of 2x2 positions x 2 channels (16 axons: position p, train
//    P/N, copy; 16 neurons), three cores. For position p: the P train's
//    copy 0 (axon 4p) reaches both channels (m = 1 is bit 0, m = -1 is
//    bits 0 and 1), copy 1 (4p + 1) channel 1 only; the N train carries
//    -1, so channel 0 sees m = -1 (axons 4p + 2 and 4p + 3) and channel 1
//    m = 1 (axon 4p + 2). Neurons: channel 0 P, N = 4p, 4p + 1; channel 1
//    P, N = 4p + 2, 4p + 3.
//  - splitters: each conv neuron drives 2 axons in each of 3 cores (6
//    targets, 1 allowed): 48 splitter neurons in 16-neuron cores; a
//    neuron whose splitters straddle two cores needs a second round.
//    Every neuron then has at most one target.

// CHECK: tn.core_type @[[CONV:p0_[a-z0-9_]+]] {axon_types = dense<[0, 1, 0, 1, 0, 1, 0, 1]> : tensor<8xi32>, axons = 8 : i64, columns = dense<[0, 1, 2, 3, 4, 5, 6, 7]> : tensor<8xi32>, crossbar = "binary", neuron_type_of = dense<[0, 1, 0, 1, 0, 1, 0, 1]> : tensor<8xi32>, neuron_types = [#tn.neuron<weights = [127, -254, 0, 0], alpha = 254, beta = 2540, reset = linear, negative = reset>, #tn.neuron<weights = [-127, 254, 0, 0], alpha = 2540, beta = 254, reset = linear, negative = reset>], neurons = 8 : i64, row_start = dense<[0, 2, 2, 4, 4, 6, 6, 8, 8]> : tensor<9xi32>
// CHECK: tn.core_type @p1_{{.*}}axons = 16 : i64, columns = dense<[0, 1, 2, 3, 2, 3, 0, 1, 2, 3, 0, 1, 4, 5, 6, 7, 6, 7, 4, 5, 6, 7, 4, 5,{{.*}}neuron_types = [#tn.neuron<weights = [127, -254, 0, 0], alpha = 508, beta = 508, reset = linear, negative = reset>, #tn.neuron<weights = [-127, 254, 0, 0], alpha = 508, beta = 508, reset = linear, negative = reset>, #tn.neuron<weights = [127, -254, 0, 0], alpha = 254, beta = 254, reset = linear, negative = reset>, #tn.neuron<weights = [-127, 254, 0, 0], alpha = 254, beta = 254, reset = linear, negative = reset>], neurons = 16 : i64, row_start = dense<[0, 4, 6, 10, 12,
// Splitters copy their one input: weight 1, threshold 1, reset to 0.
// CHECK: tn.core_type @{{.*}}split1 {{{.*}}neuron_types = [#tn.neuron<weights = [1, -1, 0, 0], alpha = 1, reset = absolute, negative = saturate>]
// CHECK: tn.core_group "conv@{{[0-9]+}}" {{{.*}}role = "conv", target_start = dense<[0, 1, 2, 3, 4, 5, 6, 7, 8]>
// CHECK: tn.core_group "output@{{[0-9]+}}" {{{.*}}cores = 3 : i64{{.*}}role = "output"
// CHECK: tn.core_group "conv@{{[0-9]+}}.split1" {{{.*}}cores = 3 : i64{{.*}}role = "splitter", target_start = dense<[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 0, 1,
// CHECK: tn.core_group "conv@{{[0-9]+}}.split2" {{{.*}}role = "splitter"
// Host pixels reach the even (copy 0) axons of the conv core.
// CHECK: tn.input {{{.*}}targets = dense<[0, 0, 1, 0, 2, 1, 0, 4, 1, 0, 6, 1]>
// Spike counts: positive and negative neurons of each element.
// CHECK: tn.output "output@{{[0-9]+}}" {channels = 6 : i64, decoding = "count"{{.*}}negative = dense<[1, 1, 1, 5, 1, 9, 1, 13, 1, 3,{{.*}}positive = dense<[1, 0, 1, 4, 1, 8, 1, 12, 1, 2,

//--- tiny-binary.yaml
name: tiny-binary
description: TrueNorth-like cores of 16 axons x 16 neurons, for tests.
core: {axons: 16, neurons: 16, crossbar: binary, axon_types: 4, weight_bits: 9, threshold_bits: 18, potential_bits: 20, leak_bits: 9}
neuron: {signed_spikes: false, targets: 1, delay: [1, 15]}
mesh: {cores_x: 4, cores_y: 4}
board: {chips: 1}
readout: spikes
tick_hz: 1000
energy: {synaptic_event_pj: 26, hop_pj: 0, static_power_mw: 65, sources: test}

//--- net.mlir
func.func @pairs() -> tensor<1x6x2x2xf32> {
  %0 = snn.encoder {mode = #snn.encoding<spikes>} : tensor<1x1x2x2xf32>
  %1 = snn.conv %0 {weight = dense<0.5> : tensor<1x1x1x1xf32>, bias = dense<0.0> : tensor<1xf32>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, v_th = 1.0 : f32, v_th_neg = 10.0 : f32, reset = #snn.reset<subtract>, v_init = 0.0 : f32} : tensor<1x1x2x2xf32> -> tensor<1x1x2x2xf32>
  %2 = snn.output %1 {weight = dense<[[[[0.25]]], [[[-0.5]]], [[[0.25]]], [[[-0.5]]], [[[0.25]]], [[[-0.5]]]]> : tensor<6x1x1x1xf32>, bias = dense<0.0> : tensor<6xf32>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, decode = #snn.decoding<count>, v_th = 1.0 : f32, output_scale = array<f32: 1.0, 1.0, 1.0, 1.0, 1.0, 1.0>} : tensor<1x1x2x2xf32> -> tensor<1x6x2x2xf32>
  %3 = ann.region %2 {classes = 1, coords = 4, num = 1, softmax = true, anchors = array<f32: 1.0, 1.0>} : tensor<1x6x2x2xf32> -> tensor<1x6x2x2xf32>
  return %3 : tensor<1x6x2x2xf32>
}
