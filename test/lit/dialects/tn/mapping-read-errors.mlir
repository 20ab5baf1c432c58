// RUN: split-file %s %t
// RUN: not snnc-opt %t/no-layer.mlir --tn-split-fanout 2>&1 | FileCheck %s --check-prefix=NOLAYER
// RUN: not snnc-opt %t/unknown-layer.mlir --tn-place 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// RUN: not snnc-opt %t/mixed.mlir --tn-schedule 2>&1 | FileCheck %s --check-prefix=MIXED
// RUN: not snnc-translate --tn-to-snncfg-text %t/no-layer.mlir 2>&1 | FileCheck %s --check-prefix=UNMAPPED

// What the mapping passes refuse to read (the network of
// split-fanout.mlir, spoilt): a group that names no layer, or a layer that
// does not exist, and a module whose groups are at different stages.
// NOLAYER: error: core group 'a' names no 'layer'; the mapping passes need one
// UNKNOWN: error: core group 'a': layer 'z' is not a tn.layer
// MIXED: error: of 2 core groups 1 are scheduled and 0 placed; a mapping pass runs on all of them
// A configuration is written from mapped IR only.
// UNMAPPED: error: core group 'a' is not scheduled (run tn-schedule); snnc-compile-pipeline runs every mapping pass

//--- no-layer.mlir
module attributes {tn.chip = {axons_per_core = 4 : i64, chips_x = 0 : i64, chips_y = 0 : i64, cores_x = 2 : i64, cores_y = 2 : i64, crossbar = "weighted", hop_pj = 0.0 : f64, max_delay = 15 : i64, neurons_per_core = 4 : i64, potential_bits = 20 : i64, profile = "tiny", signed_spikes = true, static_power_mw = 65.0 : f64, synaptic_event_pj = 26.0 : f64, tick_hz = 1000.0 : f64}, tn.network = "hand", tn.target = #tn.target<name = "tiny", axons = 4, neurons = 4, crossbar = "weighted", axon_types = 1, weight_bits = 9, threshold_bits = 18, potential_bits = 20, leak_bits = 9, signed_spikes = true, targets = 1, min_delay = 1, max_delay = 15, portable = false, cores_x = 2, cores_y = 2, chips = 1, readout = "spikes", tick_hz = 1.000000e+03 : f64, synaptic_event_pj = 2.600000e+01 : f64, hop_pj = 0.000000e+00 : f64, static_power_mw = 6.500000e+01 : f64>} {
  tn.layer "a" {comparators = 0 : i64, kind = "conv", macs = 3 : i64, pair_neurons = 0 : i64, relays = 0 : i64, splitters = 0 : i64, tiling = "one neuron"}
  tn.layer "b" {comparators = 0 : i64, kind = "output", macs = 3 : i64, pair_neurons = 0 : i64, relays = 0 : i64, splitters = 0 : i64, tiling = "one neuron"}
  tn.core_type @ta {axon_types = dense<> : tensor<0xi32>, axons = 1 : i64, columns = dense<0> : tensor<1xi32>, crossbar = "weighted", neuron_type_of = dense<0> : tensor<1xi32>, neuron_types = [array<i32: 0, 0, 0, 0, 0, 1, 0, 1, 1, 0, 0, 1>], neurons = 1 : i64, row_start = dense<[0, 1]> : tensor<2xi32>, weights = dense<1> : tensor<1xi32>}
  tn.core_type @tb {axon_types = dense<> : tensor<0xi32>, axons = 3 : i64, columns = dense<0> : tensor<3xi32>, crossbar = "weighted", neuron_type_of = dense<0> : tensor<1xi32>, neuron_types = [array<i32: 0, 0, 0, 0, 0, 1, 0, 1, 1, 0, 0, 0>], neurons = 1 : i64, row_start = dense<[0, 1, 2, 3]> : tensor<4xi32>, weights = dense<1> : tensor<3xi32>}
  tn.core_group "a" {core_types = dense<0> : tensor<1xi32>, cores = 1 : i64, macs = 3 : i64, role = "conv", spots = array<f32: 0.25, 0.75>, target_start = dense<[0, 3]> : tensor<2xi32>, targets = dense<[1, 0, 0, 1, 1, 0, 1, 2, 0]> : tensor<9xi32>, types = [@ta]}
  tn.core_group "b" {core_types = dense<0> : tensor<1xi32>, cores = 1 : i64, layer = "b", macs = 3 : i64, role = "output", spots = array<f32: 0.25, 0.75>, target_start = dense<0> : tensor<2xi32>, targets = dense<> : tensor<0xi32>, types = [@tb]}
  tn.input {channels = 1 : i64, height = 1 : i64, target_start = dense<[0, 1]> : tensor<2xi32>, targets = dense<0> : tensor<3xi32>, width = 1 : i64}
  tn.output "b" {channels = 1 : i64, decoding = "membrane", head = {anchors = array<f32: 1.0, 1.0>, classes = 1 : i64, coords = 4 : i64, kind = "region", num = 1 : i64, softmax = true}, height = 1 : i64, latency = 0 : i64, negative = dense<> : tensor<0xi32>, positive = dense<[1, 0]> : tensor<2xi32>, readout_delay = 0 : i64, scale = array<f32: 1.0>, width = 1 : i64}
}

//--- unknown-layer.mlir
module attributes {tn.chip = {axons_per_core = 4 : i64, chips_x = 0 : i64, chips_y = 0 : i64, cores_x = 2 : i64, cores_y = 2 : i64, crossbar = "weighted", hop_pj = 0.0 : f64, max_delay = 15 : i64, neurons_per_core = 4 : i64, potential_bits = 20 : i64, profile = "tiny", signed_spikes = true, static_power_mw = 65.0 : f64, synaptic_event_pj = 26.0 : f64, tick_hz = 1000.0 : f64}, tn.network = "hand", tn.target = #tn.target<name = "tiny", axons = 4, neurons = 4, crossbar = "weighted", axon_types = 1, weight_bits = 9, threshold_bits = 18, potential_bits = 20, leak_bits = 9, signed_spikes = true, targets = 1, min_delay = 1, max_delay = 15, portable = false, cores_x = 2, cores_y = 2, chips = 1, readout = "spikes", tick_hz = 1.000000e+03 : f64, synaptic_event_pj = 2.600000e+01 : f64, hop_pj = 0.000000e+00 : f64, static_power_mw = 6.500000e+01 : f64>} {
  tn.layer "a" {comparators = 0 : i64, kind = "conv", macs = 3 : i64, pair_neurons = 0 : i64, relays = 0 : i64, splitters = 0 : i64, tiling = "one neuron"}
  tn.layer "b" {comparators = 0 : i64, kind = "output", macs = 3 : i64, pair_neurons = 0 : i64, relays = 0 : i64, splitters = 0 : i64, tiling = "one neuron"}
  tn.core_type @ta {axon_types = dense<> : tensor<0xi32>, axons = 1 : i64, columns = dense<0> : tensor<1xi32>, crossbar = "weighted", neuron_type_of = dense<0> : tensor<1xi32>, neuron_types = [array<i32: 0, 0, 0, 0, 0, 1, 0, 1, 1, 0, 0, 1>], neurons = 1 : i64, row_start = dense<[0, 1]> : tensor<2xi32>, weights = dense<1> : tensor<1xi32>}
  tn.core_type @tb {axon_types = dense<> : tensor<0xi32>, axons = 3 : i64, columns = dense<0> : tensor<3xi32>, crossbar = "weighted", neuron_type_of = dense<0> : tensor<1xi32>, neuron_types = [array<i32: 0, 0, 0, 0, 0, 1, 0, 1, 1, 0, 0, 0>], neurons = 1 : i64, row_start = dense<[0, 1, 2, 3]> : tensor<4xi32>, weights = dense<1> : tensor<3xi32>}
  tn.core_group "a" {core_types = dense<0> : tensor<1xi32>, cores = 1 : i64, layer = "z", macs = 3 : i64, role = "conv", spots = array<f32: 0.25, 0.75>, target_start = dense<[0, 3]> : tensor<2xi32>, targets = dense<[1, 0, 0, 1, 1, 0, 1, 2, 0]> : tensor<9xi32>, types = [@ta]}
  tn.core_group "b" {core_types = dense<0> : tensor<1xi32>, cores = 1 : i64, layer = "b", macs = 3 : i64, role = "output", spots = array<f32: 0.25, 0.75>, target_start = dense<0> : tensor<2xi32>, targets = dense<> : tensor<0xi32>, types = [@tb]}
  tn.input {channels = 1 : i64, height = 1 : i64, target_start = dense<[0, 1]> : tensor<2xi32>, targets = dense<0> : tensor<3xi32>, width = 1 : i64}
  tn.output "b" {channels = 1 : i64, decoding = "membrane", head = {anchors = array<f32: 1.0, 1.0>, classes = 1 : i64, coords = 4 : i64, kind = "region", num = 1 : i64, softmax = true}, height = 1 : i64, latency = 0 : i64, negative = dense<> : tensor<0xi32>, positive = dense<[1, 0]> : tensor<2xi32>, readout_delay = 0 : i64, scale = array<f32: 1.0>, width = 1 : i64}
}

//--- mixed.mlir
module attributes {tn.chip = {axons_per_core = 4 : i64, chips_x = 0 : i64, chips_y = 0 : i64, cores_x = 2 : i64, cores_y = 2 : i64, crossbar = "weighted", hop_pj = 0.0 : f64, max_delay = 15 : i64, neurons_per_core = 4 : i64, potential_bits = 20 : i64, profile = "tiny", signed_spikes = true, static_power_mw = 65.0 : f64, synaptic_event_pj = 26.0 : f64, tick_hz = 1000.0 : f64}, tn.network = "hand", tn.target = #tn.target<name = "tiny", axons = 4, neurons = 4, crossbar = "weighted", axon_types = 1, weight_bits = 9, threshold_bits = 18, potential_bits = 20, leak_bits = 9, signed_spikes = true, targets = 1, min_delay = 1, max_delay = 15, portable = false, cores_x = 2, cores_y = 2, chips = 1, readout = "spikes", tick_hz = 1.000000e+03 : f64, synaptic_event_pj = 2.600000e+01 : f64, hop_pj = 0.000000e+00 : f64, static_power_mw = 6.500000e+01 : f64>} {
  tn.layer "a" {comparators = 0 : i64, kind = "conv", macs = 3 : i64, pair_neurons = 0 : i64, relays = 0 : i64, splitters = 0 : i64, tiling = "one neuron"}
  tn.layer "b" {comparators = 0 : i64, kind = "output", macs = 3 : i64, pair_neurons = 0 : i64, relays = 0 : i64, splitters = 0 : i64, tiling = "one neuron"}
  tn.core_type @ta {axon_types = dense<> : tensor<0xi32>, axons = 1 : i64, columns = dense<0> : tensor<1xi32>, crossbar = "weighted", neuron_type_of = dense<0> : tensor<1xi32>, neuron_types = [array<i32: 0, 0, 0, 0, 0, 1, 0, 1, 1, 0, 0, 1>], neurons = 1 : i64, row_start = dense<[0, 1]> : tensor<2xi32>, weights = dense<1> : tensor<1xi32>}
  tn.core_type @tb {axon_types = dense<> : tensor<0xi32>, axons = 3 : i64, columns = dense<0> : tensor<3xi32>, crossbar = "weighted", neuron_type_of = dense<0> : tensor<1xi32>, neuron_types = [array<i32: 0, 0, 0, 0, 0, 1, 0, 1, 1, 0, 0, 0>], neurons = 1 : i64, row_start = dense<[0, 1, 2, 3]> : tensor<4xi32>, weights = dense<1> : tensor<3xi32>}
  tn.core_group "a" {core_types = dense<0> : tensor<1xi32>, cores = 1 : i64, layer = "a", macs = 3 : i64, role = "conv", spots = array<f32: 0.25, 0.75>, target_start = dense<[0, 3]> : tensor<2xi32>, targets = dense<[1, 0, 0, 1, 1, 0, 1, 2, 0]> : tensor<9xi32>, types = [@ta]}
  tn.core_group "b" {core_types = dense<0> : tensor<1xi32>, cores = 1 : i64, layer = "b", macs = 3 : i64, level = 1 : i64, role = "output", spots = array<f32: 0.25, 0.75>, tau = 1 : i64, target_start = dense<0> : tensor<2xi32>, targets = dense<> : tensor<0xi32>, types = [@tb]}
  tn.input {channels = 1 : i64, height = 1 : i64, target_start = dense<[0, 1]> : tensor<2xi32>, targets = dense<0> : tensor<3xi32>, width = 1 : i64}
  tn.output "b" {channels = 1 : i64, decoding = "membrane", head = {anchors = array<f32: 1.0, 1.0>, classes = 1 : i64, coords = 4 : i64, kind = "region", num = 1 : i64, softmax = true}, height = 1 : i64, latency = 0 : i64, negative = dense<> : tensor<0xi32>, positive = dense<[1, 0]> : tensor<2xi32>, readout_delay = 0 : i64, scale = array<f32: 1.0>, width = 1 : i64}
}
