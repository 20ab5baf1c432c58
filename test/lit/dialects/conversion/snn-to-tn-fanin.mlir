// RUN: split-file %s %t
// RUN: snnc-opt %t/net.mlir --snn-quantize="chip=%t/tiny-weighted.yaml" --snn-to-tn="chip=%t/tiny-weighted.yaml" --tn-split-fanout --tn-schedule --tn-place --tn-finish | FileCheck %s
// RUN: snnc-opt %t/net.mlir --snn-quantize="chip=%t/tiny-weighted.yaml" --snn-to-tn="chip=%t/tiny-weighted.yaml relay-copies=2" --tn-split-fanout --tn-schedule --tn-place --tn-finish | FileCheck %s --check-prefix=K2
// RUN: snnc-opt %t/net.mlir --snn-quantize="chip=%t/tiny-weighted.yaml" --snn-to-tn="chip=%t/tiny-weighted.yaml" --tn-split-fanout --tn-schedule="readout-after-fill=true" --tn-place --tn-finish | FileCheck %s --check-prefix=FILL
// RUN: not snnc-opt %t/net.mlir --snn-quantize="chip=%t/tiny-weighted.yaml" --snn-to-tn="chip=%t/tiny-weighted.yaml relay-copies=17" --tn-split-fanout --tn-schedule --tn-place --tn-finish 2>&1 | FileCheck %s --check-prefix=BAD

// Fan-in split on a chip of 16-axon, 8-neuron weighted cores (signed
// spikes, multicast). The output layer is a 3x3 convolution over 3
// channels (padding 1, a 1x1 map): 27 inputs > 16 axons. By hand:
//  - quantization: w = 0.25; the fan-in (27 > 16 axons) will be split, so
//    the threshold must fit one synapse weight (a relay spike carries one
//    threshold): s = min(127 / 0.25, (2^19 - 1) / (4 * 256), 127 / 1) = 127:
//    weights round(31.75) = 32, threshold 127.
//  - one input channel per core (9 axons: the 3x3 window): 3 partial
//    sums; each core holds 6 relay neurons (one per output channel).
//  - relays are signed neurons with threshold = the weight their spikes
//    carry into the sum: about twice a relay's share of the threshold,
//    ceil(2 * 127 / 3) = 85, starting at 85 / 2 = 42 (rounding), no leak,
//    linear reset, signed spikes (negative = 2).
//  - sums: 3 relays per output, 16 axons per core: 5 outputs (15 axons)
//    in the first core, 1 in the second, each relay axon weighing 85.
//  - tick offsets: conv 1, relays 2, sums 3 (the output is read after 3).

// CHECK: tn.core_type @p1_{{.*}}axons = 9 : i64{{.*}}neuron_types = [#tn.neuron<weights = [0, 0, 0, 0], alpha = 85, beta = 85, reset = linear, negative = spike, v_init = 42>{{.*}}neurons = 6 : i64{{.*}}weights = dense<32> : tensor<54xi32>}
// CHECK: tn.core_type @p4_{{.*}}axons = 15 : i64, columns = dense<[0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]>{{.*}}neurons = 5 : i64{{.*}}weights = dense<85> : tensor<15xi32>}
// CHECK: tn.core_type @p5_{{.*}}axons = 3 : i64{{.*}}neurons = 1 : i64
// CHECK: tn.core_group "conv@{{[0-9]+}}" {{{.*}}tau = 1 : i64
// CHECK: tn.core_group "output@{{[0-9]+}}.partial" {{{.*}}cores = 3 : i64{{.*}}role = "relay"{{.*}}tau = 2 : i64
// CHECK: tn.core_group "output@{{[0-9]+}}" {{{.*}}cores = 2 : i64{{.*}}macs = 162 : i64, role = "sum"{{.*}}tau = 3 : i64
// CHECK: tn.output {{.*}}readout_delay = 3 : i64

// readout-after-fill: the output integrates after twice its latency of 3
// ticks (snnc compile's --readout-delay auto).
// FILL: tn.output {{.*}}readout_delay = 6 : i64

// With 2 staggered relay copies (relay-copies=2), by hand:
//  - the relay threshold 85 becomes 2 x unit, unit = (85 + 1) / 2 = 43:
//    threshold 86; copy j starts at (2j + 1) * 43 / 2 = 21 and 64; each
//    spike carries 43 into the sum.
//  - 2 relay neurons per output: 4 of the 6 channels per 8-neuron core,
//    so each input group takes 2 cores (4 + 2 channels): 6 cores.
//  - sums: 3 x 2 = 6 relay axons per output, 2 outputs per 16-axon core
//    (12 axons), 3 cores, weights 43.

// K2: tn.core_type @p1_{{.*}}axons = 9 : i64{{.*}}neuron_types = [#tn.neuron<weights = [0, 0, 0, 0], alpha = 86, beta = 86, reset = linear, negative = spike, v_init = 21>, #tn.neuron<weights = [0, 0, 0, 0], alpha = 86, beta = 86, reset = linear, negative = spike, v_init = 64>, {{.*}}neurons = 8 : i64
// K2: tn.core_type @p2_{{.*}}axons = 9 : i64{{.*}}neurons = 4 : i64
// K2: tn.core_type @p7_{{.*}}axons = 12 : i64, columns = dense<[0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]>{{.*}}neurons = 2 : i64{{.*}}weights = dense<43> : tensor<12xi32>}
// K2: tn.core_group "output@{{[0-9]+}}.partial" {{{.*}}cores = 6 : i64{{.*}}role = "relay"
// K2: tn.core_group "output@{{[0-9]+}}" {{{.*}}cores = 3 : i64{{.*}}role = "sum"{{.*}}tau = 3 : i64

// BAD: relay-copies is 17; it must be 1..16

//--- tiny-weighted.yaml
name: tiny-weighted
description: truenorth-x-like cores of 16 axons x 8 neurons, for tests.
core: {axons: 16, neurons: 8, crossbar: weighted, axon_types: 1, weight_bits: 8, threshold_bits: 18, potential_bits: 20, leak_bits: 9}
neuron: {signed_spikes: true, targets: 0, delay: [1, 15]}
mesh: {cores_x: 4, cores_y: 4}
board: {chips: 1}
readout: membrane
tick_hz: 1000
energy: {synaptic_event_pj: 26, hop_pj: 0, static_power_mw: 65, sources: test}

//--- net.mlir
func.func @split() -> tensor<1x6x1x1xf32> {
  %0 = snn.encoder {mode = #snn.encoding<spikes>} : tensor<1x3x1x1xf32>
  %1 = snn.conv %0 {weight = dense<0.5> : tensor<3x3x1x1xf32>, bias = dense<0.0> : tensor<3xf32>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, v_th = 1.0 : f32, v_th_neg = 10.0 : f32, reset = #snn.reset<subtract>, v_init = 0.0 : f32} : tensor<1x3x1x1xf32> -> tensor<1x3x1x1xf32>
  %2 = snn.output %1 {weight = dense<0.25> : tensor<6x3x3x3xf32>, bias = dense<0.0> : tensor<6xf32>, strides = array<i64: 1, 1>, padding = array<i64: 1, 1, 1, 1>, decode = #snn.decoding<vmem>, v_th = 1.0 : f32, output_scale = array<f32: 1.0, 1.0, 1.0, 1.0, 1.0, 1.0>} : tensor<1x3x1x1xf32> -> tensor<1x6x1x1xf32>
  %3 = ann.region %2 {classes = 1, coords = 4, num = 1, softmax = true, anchors = array<f32: 1.0, 1.0>} : tensor<1x6x1x1xf32> -> tensor<1x6x1x1xf32>
  return %3 : tensor<1x6x1x1xf32>
}
