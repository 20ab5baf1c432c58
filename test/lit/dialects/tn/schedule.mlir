// RUN: split-file %s %t
// RUN: snnc-opt %t/net.mlir --tn-schedule | FileCheck %s
// RUN: snnc-opt %t/net.mlir --tn-schedule | snnc-opt | FileCheck %s
// RUN: snnc-opt %t/net.mlir --tn-schedule="readout-after-fill=true" | FileCheck %s --check-prefix=FILL
// RUN: not snnc-opt %t/net.mlir --tn-schedule --tn-schedule 2>&1 | FileCheck %s --check-prefix=TWICE
// RUN: not snnc-opt %t/unsplit.mlir --tn-schedule 2>&1 | FileCheck %s --check-prefix=FANOUT
// RUN: not snnc-opt %t/skip.mlir --tn-schedule 2>&1 | FileCheck %s --check-prefix=DELAY

// The network of split-fanout.mlir after tn-split-fanout: host -> "a"
// (core 0, one leaky neuron: leak 3, alpha 10, beta 8, saturating) ->
// "a.split1" (core 2, three splitters) -> "b" (core 1, the output). By
// hand, with the chip's minimum delay 1: "a" is fed by the host, so
// tau = 1, level 1; "a.split1" tau 2, level 2; "b" tau 3, level 3. Every
// route then has delay 1 (the offsets' difference), the pixel's route to
// "a" delay tau(a) = 1. The leaky neuron starts tau * leak = 3 lower: -3
// (above its floor -8). The output sees the input after 3 ticks (latency)
// and integrates after readout_delay = 0 + 3 (6 with readout-after-fill).

// CHECK: tn.core_type @ta {{{.*}}neuron_types = [#tn.neuron<weights = [0, 0, 0, 0], leak = 3, alpha = 10, beta = 8, reset = linear, negative = saturate, v_init = -3>]
// CHECK: tn.core_type @ts {{{.*}}neuron_types = [#tn.neuron<weights = [0, 0, 0, 0], alpha = 1, reset = absolute, negative = saturate>]
// CHECK: tn.core_group "a" {{{.*}}level = 1 : i64{{.*}}targets = dense<[2, 0, 1]> : tensor<3xi32>, tau = 1 : i64
// CHECK: tn.core_group "b" {{{.*}}level = 3 : i64{{.*}}tau = 3 : i64
// CHECK: tn.core_group "a.split1" {{{.*}}level = 2 : i64{{.*}}targets = dense<[1, 0, 1, 1, 1, 1, 1, 2, 1]> : tensor<9xi32>, tau = 2 : i64
// CHECK: tn.input {{{.*}}targets = dense<[0, 0, 1]> : tensor<3xi32>
// CHECK: tn.output "b" {{{.*}}latency = 3 : i64{{.*}}readout_delay = 3 : i64
// FILL: tn.output "b" {{{.*}}latency = 3 : i64{{.*}}readout_delay = 6 : i64

// TWICE: error: tn-schedule: the network is already scheduled

// Before tn-split-fanout neuron 0 of "a" has three targets on a chip that
// allows one.
// FANOUT: error: tn-schedule: neuron 0 of core 0 (group 'a') has 3 targets; chip 'tiny' allows 1 per neuron (run tn-split-fanout first)

// "b" reads "a" directly and through "a.sum" (tau 2): it starts at tau 3,
// so the direct route needs delay 2 on a chip that delays by 1 at most.
// DELAY: error: tn-schedule: group 'b': its inputs from 'a' need a delay of 2 ticks to arrive aligned; chip 'short' delays spikes by at most 1 ticks

//--- net.mlir
module attributes {tn.chip = {axons_per_core = 4 : i64, chips_x = 0 : i64, chips_y = 0 : i64, cores_x = 2 : i64, cores_y = 2 : i64, crossbar = "weighted", hop_pj = 0.0 : f64, max_delay = 15 : i64, neurons_per_core = 4 : i64, potential_bits = 20 : i64, profile = "tiny", signed_spikes = true, static_power_mw = 65.0 : f64, synaptic_event_pj = 26.0 : f64, tick_hz = 1000.0 : f64}, tn.network = "hand", tn.target = #tn.target<name = "tiny", axons = 4, neurons = 4, crossbar = "weighted", axon_types = 1, weight_bits = 9, threshold_bits = 18, potential_bits = 20, leak_bits = 9, signed_spikes = true, targets = 1, min_delay = 1, max_delay = 15, portable = false, cores_x = 2, cores_y = 2, chips = 1, readout = "spikes", tick_hz = 1.000000e+03 : f64, synaptic_event_pj = 2.600000e+01 : f64, hop_pj = 0.000000e+00 : f64, static_power_mw = 6.500000e+01 : f64>} {
  tn.layer "a" {comparators = 0 : i64, kind = "conv", macs = 3 : i64, pair_neurons = 0 : i64, relays = 0 : i64, splitters = 0 : i64, tiling = "one neuron"}
  tn.layer "b" {comparators = 0 : i64, kind = "output", macs = 3 : i64, pair_neurons = 0 : i64, relays = 0 : i64, splitters = 0 : i64, tiling = "one neuron"}
  tn.core_type @ta {axon_types = dense<> : tensor<0xi32>, axons = 1 : i64, columns = dense<0> : tensor<1xi32>, crossbar = "weighted", neuron_type_of = dense<0> : tensor<1xi32>, neuron_types = [#tn.neuron<weights = [0, 0, 0, 0], leak = 3, alpha = 10, beta = 8, reset = linear, negative = saturate>], neurons = 1 : i64, row_start = dense<[0, 1]> : tensor<2xi32>, weights = dense<1> : tensor<1xi32>}
  tn.core_type @tb {axon_types = dense<> : tensor<0xi32>, axons = 3 : i64, columns = dense<0> : tensor<3xi32>, crossbar = "weighted", neuron_type_of = dense<0> : tensor<1xi32>, neuron_types = [#tn.neuron<weights = [0, 0, 0, 0], alpha = 1, reset = linear, negative = saturate, fires = false>], neurons = 1 : i64, row_start = dense<[0, 1, 2, 3]> : tensor<4xi32>, weights = dense<1> : tensor<3xi32>}
  tn.core_type @ts {axon_types = dense<> : tensor<0xi32>, axons = 1 : i64, columns = dense<[0, 1, 2]> : tensor<3xi32>, crossbar = "weighted", neuron_type_of = dense<0> : tensor<3xi32>, neuron_types = [#tn.neuron<weights = [0, 0, 0, 0], alpha = 1, reset = absolute, negative = saturate>], neurons = 3 : i64, row_start = dense<[0, 3]> : tensor<2xi32>, weights = dense<1> : tensor<3xi32>}
  tn.core_group "a" {core_types = dense<0> : tensor<1xi32>, cores = 1 : i64, layer = "a", macs = 3 : i64, role = "conv", spots = array<f32: 0.25, 0.75>, target_start = dense<[0, 1]> : tensor<2xi32>, targets = dense<[2, 0, 0]> : tensor<3xi32>, types = [@ta]}
  tn.core_group "b" {core_types = dense<0> : tensor<1xi32>, cores = 1 : i64, layer = "b", macs = 3 : i64, role = "output", spots = array<f32: 0.25, 0.75>, target_start = dense<0> : tensor<2xi32>, targets = dense<> : tensor<0xi32>, types = [@tb]}
  tn.core_group "a.split1" {core_types = dense<0> : tensor<1xi32>, cores = 1 : i64, layer = "a", macs = 0 : i64, role = "splitter", spots = array<f32: 0.25, 0.75>, target_start = dense<[0, 1, 2, 3]> : tensor<4xi32>, targets = dense<[1, 0, 0, 1, 1, 0, 1, 2, 0]> : tensor<9xi32>, types = [@ts]}
  tn.input {channels = 1 : i64, height = 1 : i64, target_start = dense<[0, 1]> : tensor<2xi32>, targets = dense<0> : tensor<3xi32>, width = 1 : i64}
  tn.output "b" {channels = 1 : i64, decoding = "membrane", head = {anchors = array<f32: 1.0, 1.0>, classes = 1 : i64, coords = 4 : i64, kind = "region", num = 1 : i64, softmax = true}, height = 1 : i64, latency = 0 : i64, negative = dense<> : tensor<0xi32>, positive = dense<[1, 0]> : tensor<2xi32>, readout_delay = 0 : i64, scale = array<f32: 1.0>, width = 1 : i64}
}

//--- unsplit.mlir
module attributes {tn.chip = {axons_per_core = 4 : i64, chips_x = 0 : i64, chips_y = 0 : i64, cores_x = 2 : i64, cores_y = 2 : i64, crossbar = "weighted", hop_pj = 0.0 : f64, max_delay = 15 : i64, neurons_per_core = 4 : i64, potential_bits = 20 : i64, profile = "tiny", signed_spikes = true, static_power_mw = 65.0 : f64, synaptic_event_pj = 26.0 : f64, tick_hz = 1000.0 : f64}, tn.network = "hand", tn.target = #tn.target<name = "tiny", axons = 4, neurons = 4, crossbar = "weighted", axon_types = 1, weight_bits = 9, threshold_bits = 18, potential_bits = 20, leak_bits = 9, signed_spikes = true, targets = 1, min_delay = 1, max_delay = 15, portable = false, cores_x = 2, cores_y = 2, chips = 1, readout = "spikes", tick_hz = 1.000000e+03 : f64, synaptic_event_pj = 2.600000e+01 : f64, hop_pj = 0.000000e+00 : f64, static_power_mw = 6.500000e+01 : f64>} {
  tn.layer "a" {comparators = 0 : i64, kind = "conv", macs = 3 : i64, pair_neurons = 0 : i64, relays = 0 : i64, splitters = 0 : i64, tiling = "one neuron"}
  tn.layer "b" {comparators = 0 : i64, kind = "output", macs = 3 : i64, pair_neurons = 0 : i64, relays = 0 : i64, splitters = 0 : i64, tiling = "one neuron"}
  tn.core_type @ta {axon_types = dense<> : tensor<0xi32>, axons = 1 : i64, columns = dense<0> : tensor<1xi32>, crossbar = "weighted", neuron_type_of = dense<0> : tensor<1xi32>, neuron_types = [#tn.neuron<weights = [0, 0, 0, 0], alpha = 1, reset = linear, negative = saturate>], neurons = 1 : i64, row_start = dense<[0, 1]> : tensor<2xi32>, weights = dense<1> : tensor<1xi32>}
  tn.core_type @tb {axon_types = dense<> : tensor<0xi32>, axons = 3 : i64, columns = dense<0> : tensor<3xi32>, crossbar = "weighted", neuron_type_of = dense<0> : tensor<1xi32>, neuron_types = [#tn.neuron<weights = [0, 0, 0, 0], alpha = 1, reset = linear, negative = saturate, fires = false>], neurons = 1 : i64, row_start = dense<[0, 1, 2, 3]> : tensor<4xi32>, weights = dense<1> : tensor<3xi32>}
  tn.core_group "a" {core_types = dense<0> : tensor<1xi32>, cores = 1 : i64, layer = "a", macs = 3 : i64, role = "conv", spots = array<f32: 0.25, 0.75>, target_start = dense<[0, 3]> : tensor<2xi32>, targets = dense<[1, 0, 0, 1, 1, 0, 1, 2, 0]> : tensor<9xi32>, types = [@ta]}
  tn.core_group "b" {core_types = dense<0> : tensor<1xi32>, cores = 1 : i64, layer = "b", macs = 3 : i64, role = "output", spots = array<f32: 0.25, 0.75>, target_start = dense<0> : tensor<2xi32>, targets = dense<> : tensor<0xi32>, types = [@tb]}
  tn.input {channels = 1 : i64, height = 1 : i64, target_start = dense<[0, 1]> : tensor<2xi32>, targets = dense<0> : tensor<3xi32>, width = 1 : i64}
  tn.output "b" {channels = 1 : i64, decoding = "membrane", head = {anchors = array<f32: 1.0, 1.0>, classes = 1 : i64, coords = 4 : i64, kind = "region", num = 1 : i64, softmax = true}, height = 1 : i64, latency = 0 : i64, negative = dense<> : tensor<0xi32>, positive = dense<[1, 0]> : tensor<2xi32>, readout_delay = 0 : i64, scale = array<f32: 1.0>, width = 1 : i64}
}

//--- skip.mlir
module attributes {tn.chip = {axons_per_core = 4 : i64, chips_x = 0 : i64, chips_y = 0 : i64, cores_x = 2 : i64, cores_y = 2 : i64, crossbar = "weighted", hop_pj = 0.0 : f64, max_delay = 1 : i64, neurons_per_core = 4 : i64, potential_bits = 20 : i64, profile = "tiny", signed_spikes = true, static_power_mw = 65.0 : f64, synaptic_event_pj = 26.0 : f64, tick_hz = 1000.0 : f64}, tn.network = "hand", tn.target = #tn.target<name = "short", axons = 4, neurons = 4, crossbar = "weighted", axon_types = 1, weight_bits = 9, threshold_bits = 18, potential_bits = 20, leak_bits = 9, signed_spikes = true, targets = 0, min_delay = 1, max_delay = 1, portable = false, cores_x = 2, cores_y = 2, chips = 1, readout = "spikes", tick_hz = 1.000000e+03 : f64, synaptic_event_pj = 2.600000e+01 : f64, hop_pj = 0.000000e+00 : f64, static_power_mw = 6.500000e+01 : f64>} {
  tn.layer "a" {comparators = 0 : i64, kind = "conv", macs = 3 : i64, pair_neurons = 0 : i64, relays = 0 : i64, splitters = 0 : i64, tiling = "one neuron"}
  tn.layer "b" {comparators = 0 : i64, kind = "output", macs = 3 : i64, pair_neurons = 0 : i64, relays = 0 : i64, splitters = 0 : i64, tiling = "one neuron"}
  tn.core_type @ta {axon_types = dense<> : tensor<0xi32>, axons = 1 : i64, columns = dense<0> : tensor<1xi32>, crossbar = "weighted", neuron_type_of = dense<0> : tensor<1xi32>, neuron_types = [#tn.neuron<weights = [0, 0, 0, 0], leak = 3, alpha = 10, beta = 8, reset = linear, negative = saturate>], neurons = 1 : i64, row_start = dense<[0, 1]> : tensor<2xi32>, weights = dense<1> : tensor<1xi32>}
  tn.core_type @tm {axon_types = dense<> : tensor<0xi32>, axons = 1 : i64, columns = dense<0> : tensor<1xi32>, crossbar = "weighted", neuron_type_of = dense<0> : tensor<1xi32>, neuron_types = [#tn.neuron<weights = [0, 0, 0, 0], alpha = 1, reset = linear, negative = saturate>], neurons = 1 : i64, row_start = dense<[0, 1]> : tensor<2xi32>, weights = dense<1> : tensor<1xi32>}
  tn.core_type @tb {axon_types = dense<> : tensor<0xi32>, axons = 2 : i64, columns = dense<0> : tensor<2xi32>, crossbar = "weighted", neuron_type_of = dense<0> : tensor<1xi32>, neuron_types = [#tn.neuron<weights = [0, 0, 0, 0], alpha = 1, reset = linear, negative = saturate, fires = false>], neurons = 1 : i64, row_start = dense<[0, 1, 2]> : tensor<3xi32>, weights = dense<1> : tensor<2xi32>}
  tn.core_group "a" {core_types = dense<0> : tensor<1xi32>, cores = 1 : i64, layer = "a", macs = 3 : i64, role = "conv", spots = array<f32: 0.25, 0.75>, target_start = dense<[0, 2]> : tensor<2xi32>, targets = dense<[1, 0, 0, 2, 0, 0]> : tensor<6xi32>, types = [@ta]}
  tn.core_group "a.sum" {core_types = dense<0> : tensor<1xi32>, cores = 1 : i64, layer = "a", macs = 0 : i64, role = "relay", spots = array<f32: 0.25, 0.75>, target_start = dense<[0, 1]> : tensor<2xi32>, targets = dense<[2, 1, 0]> : tensor<3xi32>, types = [@tm]}
  tn.core_group "b" {core_types = dense<0> : tensor<1xi32>, cores = 1 : i64, layer = "b", macs = 3 : i64, role = "output", spots = array<f32: 0.25, 0.75>, target_start = dense<0> : tensor<2xi32>, targets = dense<> : tensor<0xi32>, types = [@tb]}
  tn.input {channels = 1 : i64, height = 1 : i64, target_start = dense<[0, 1]> : tensor<2xi32>, targets = dense<0> : tensor<3xi32>, width = 1 : i64}
  tn.output "b" {channels = 1 : i64, decoding = "membrane", head = {anchors = array<f32: 1.0, 1.0>, classes = 1 : i64, coords = 4 : i64, kind = "region", num = 1 : i64, softmax = true}, height = 1 : i64, latency = 0 : i64, negative = dense<> : tensor<0xi32>, positive = dense<[2, 0]> : tensor<2xi32>, readout_delay = 0 : i64, scale = array<f32: 1.0>, width = 1 : i64}
}
