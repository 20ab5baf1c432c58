// RUN: snnc-opt %s --tn-split-fanout | FileCheck %s
// RUN: snnc-opt %s --tn-split-fanout | snnc-opt | FileCheck %s
// RUN: snnc-opt %s --tn-split-fanout --tn-split-fanout | FileCheck %s

// A hand-made network on a chip whose neurons reach one axon (targets = 1):
// layer "a" is one neuron (core 0) that feeds axons 0, 1 and 2 of the
// output core (core 1). By hand, tn-split-fanout gives each of the three
// routes a splitter of its own: a new group "a.split1" (role splitter,
// layer "a") of one core (core 2) with one axon, fed by neuron 0 of core 0,
// and three neurons (threshold 1, absolute reset to 0, no negative
// threshold: beta 0, saturate) that send to core 1 axons 0, 1, 2 in the
// order of the original routes. The core works where its producer works
// (spots 0.25, 0.75). tn.layer "a" counts 3 splitters. Routes keep delay 0
// (tn-schedule sets them). A second run finds nothing to split.

// CHECK-LABEL: module attributes
// CHECK: tn.layer "a" {comparators = 0 : i64, kind = "conv", macs = 3 : i64, pair_neurons = 0 : i64, relays = 0 : i64, splitters = 3 : i64, tiling = "one neuron"}
// CHECK: tn.layer "b" {{{.*}}splitters = 0 : i64
// CHECK: tn.core_type @ta
// CHECK: tn.core_type @tb
// CHECK: tn.core_type @p2_a_split1 {axon_types = dense<> : tensor<0xi32>, axons = 1 : i64, columns = dense<[0, 1, 2]> : tensor<3xi32>, crossbar = "weighted", neuron_type_of = dense<0> : tensor<3xi32>, neuron_types = [#tn.neuron<weights = [0, 0, 0, 0], alpha = 1, reset = absolute, negative = saturate>], neurons = 3 : i64, row_start = dense<[0, 3]> : tensor<2xi32>, weights = dense<1> : tensor<3xi32>}
// CHECK: tn.core_group "a" {{{.*}}layer = "a"{{.*}}spots = array<f32: 2.500000e-01, 7.500000e-01>, target_start = dense<[0, 1]> : tensor<2xi32>, targets = dense<[2, 0, 0]> : tensor<3xi32>
// CHECK: tn.core_group "b" {{{.*}}target_start = dense<0> : tensor<2xi32>, targets = dense<> : tensor<0xi32>
// CHECK: tn.core_group "a.split1" {core_types = dense<0> : tensor<1xi32>, cores = 1 : i64, layer = "a", macs = 0 : i64, role = "splitter", spots = array<f32: 2.500000e-01, 7.500000e-01>, target_start = dense<[0, 1, 2, 3]> : tensor<4xi32>, targets = dense<[1, 0, 0, 1, 1, 0, 1, 2, 0]> : tensor<9xi32>, types = [@p2_a_split1]}
// CHECK: tn.input
// CHECK: tn.output "b"
// CHECK-NOT: tn.core_group

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
