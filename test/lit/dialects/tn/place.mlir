// RUN: split-file %s %t
// RUN: snnc-opt %t/net.mlir --tn-place | FileCheck %s
// RUN: snnc-opt %t/net.mlir --tn-place | snnc-opt | FileCheck %s
// RUN: snnc-opt %t/narrow.mlir --tn-place | FileCheck %s --check-prefix=TWO
// RUN: not snnc-opt %t/narrow.mlir --tn-place="max-chips=1" 2>&1 | FileCheck %s --check-prefix=CHIPS
// RUN: not snnc-opt %t/net.mlir --tn-place --tn-place 2>&1 | FileCheck %s --check-prefix=TWICE
// RUN: not snnc-opt %t/no-target.mlir --tn-place 2>&1 | FileCheck %s --check-prefix=TARGET

// Three one-core groups on a chip of 2x2 cores. Their image spots (y, x):
// "a" (0.9, 0.9), "b" (0.1, 0.9), "a.split1" (0.1, 0.1). The Hilbert curve
// over the image visits the quadrants (x, y) low-low, low-high, high-high,
// high-low, so the cores go in the order a.split1, a, b; the curve over
// the 2x2 mesh visits (0, 0), (0, 1), (1, 1), (1, 0): by hand a.split1 at
// (0, 0), a at (0, 1), b at (1, 1). One chip: a 1x1 grid. `spots` give way
// to `coords`.

// CHECK: module attributes {tn.chip = {{{.*}}chips_x = 1 : i64, chips_y = 1 : i64
// CHECK: tn.core_group "a" {coords = dense<[0, 1]> : tensor<2xi32>
// CHECK-NOT: spots
// CHECK: tn.core_group "b" {coords = dense<1> : tensor<2xi32>
// CHECK: tn.core_group "a.split1" {coords = dense<0> : tensor<2xi32>

// On chips of 1x2 cores the three cores need 2 chips, a 2x1 grid (width
// ceil(sqrt(2)) = 2): the mesh is 2x2 cores again, the same positions.
// TWO: module attributes {tn.chip = {{{.*}}chips_x = 2 : i64, chips_y = 1 : i64
// TWO: tn.core_group "a" {coords = dense<[0, 1]> : tensor<2xi32>
// CHIPS: error: tn-place: network 'hand' needs 3 cores = 2 chips of 2 cores (1x2); at most 1 chips are allowed (--max-chips)

// TWICE: error: tn-place: the network is already placed
// TARGET: error: tn-place: the module names no chip (tn.target); it is set by tn-set-target and snn-to-tn

//--- net.mlir
module attributes {tn.chip = {axons_per_core = 4 : i64, chips_x = 0 : i64, chips_y = 0 : i64, cores_x = 2 : i64, cores_y = 2 : i64, crossbar = "weighted", hop_pj = 0.0 : f64, max_delay = 15 : i64, neurons_per_core = 4 : i64, potential_bits = 20 : i64, profile = "tiny", signed_spikes = true, static_power_mw = 65.0 : f64, synaptic_event_pj = 26.0 : f64, tick_hz = 1000.0 : f64}, tn.network = "hand", tn.target = #tn.target<name = "tiny", axons = 4, neurons = 4, crossbar = "weighted", axon_types = 1, weight_bits = 9, threshold_bits = 18, potential_bits = 20, leak_bits = 9, signed_spikes = true, targets = 1, min_delay = 1, max_delay = 15, portable = false, cores_x = 2, cores_y = 2, chips = 1, readout = "spikes", tick_hz = 1.000000e+03 : f64, synaptic_event_pj = 2.600000e+01 : f64, hop_pj = 0.000000e+00 : f64, static_power_mw = 6.500000e+01 : f64>} {
  tn.layer "a" {comparators = 0 : i64, kind = "conv", macs = 3 : i64, pair_neurons = 0 : i64, relays = 0 : i64, splitters = 0 : i64, tiling = "one neuron"}
  tn.layer "b" {comparators = 0 : i64, kind = "output", macs = 3 : i64, pair_neurons = 0 : i64, relays = 0 : i64, splitters = 0 : i64, tiling = "one neuron"}
  tn.core_type @ta {axon_types = dense<> : tensor<0xi32>, axons = 1 : i64, columns = dense<0> : tensor<1xi32>, crossbar = "weighted", neuron_type_of = dense<0> : tensor<1xi32>, neuron_types = [#tn.neuron<weights = [0, 0, 0, 0], leak = 3, alpha = 10, beta = 8, reset = linear, negative = saturate>], neurons = 1 : i64, row_start = dense<[0, 1]> : tensor<2xi32>, weights = dense<1> : tensor<1xi32>}
  tn.core_type @tb {axon_types = dense<> : tensor<0xi32>, axons = 3 : i64, columns = dense<0> : tensor<3xi32>, crossbar = "weighted", neuron_type_of = dense<0> : tensor<1xi32>, neuron_types = [#tn.neuron<weights = [0, 0, 0, 0], alpha = 1, reset = linear, negative = saturate, fires = false>], neurons = 1 : i64, row_start = dense<[0, 1, 2, 3]> : tensor<4xi32>, weights = dense<1> : tensor<3xi32>}
  tn.core_type @ts {axon_types = dense<> : tensor<0xi32>, axons = 1 : i64, columns = dense<[0, 1, 2]> : tensor<3xi32>, crossbar = "weighted", neuron_type_of = dense<0> : tensor<3xi32>, neuron_types = [#tn.neuron<weights = [0, 0, 0, 0], alpha = 1, reset = absolute, negative = saturate>], neurons = 3 : i64, row_start = dense<[0, 3]> : tensor<2xi32>, weights = dense<1> : tensor<3xi32>}
  tn.core_group "a" {core_types = dense<0> : tensor<1xi32>, cores = 1 : i64, layer = "a", macs = 3 : i64, role = "conv", spots = array<f32: 0.9, 0.9>, target_start = dense<[0, 1]> : tensor<2xi32>, targets = dense<[2, 0, 0]> : tensor<3xi32>, types = [@ta]}
  tn.core_group "b" {core_types = dense<0> : tensor<1xi32>, cores = 1 : i64, layer = "b", macs = 3 : i64, role = "output", spots = array<f32: 0.1, 0.9>, target_start = dense<0> : tensor<2xi32>, targets = dense<> : tensor<0xi32>, types = [@tb]}
  tn.core_group "a.split1" {core_types = dense<0> : tensor<1xi32>, cores = 1 : i64, layer = "a", macs = 0 : i64, role = "splitter", spots = array<f32: 0.1, 0.1>, target_start = dense<[0, 1, 2, 3]> : tensor<4xi32>, targets = dense<[1, 0, 0, 1, 1, 0, 1, 2, 0]> : tensor<9xi32>, types = [@ts]}
  tn.input {channels = 1 : i64, height = 1 : i64, target_start = dense<[0, 1]> : tensor<2xi32>, targets = dense<0> : tensor<3xi32>, width = 1 : i64}
  tn.output "b" {channels = 1 : i64, decoding = "membrane", head = {anchors = array<f32: 1.0, 1.0>, classes = 1 : i64, coords = 4 : i64, kind = "region", num = 1 : i64, softmax = true}, height = 1 : i64, latency = 0 : i64, negative = dense<> : tensor<0xi32>, positive = dense<[1, 0]> : tensor<2xi32>, readout_delay = 0 : i64, scale = array<f32: 1.0>, width = 1 : i64}
}

//--- narrow.mlir
module attributes {tn.chip = {axons_per_core = 4 : i64, chips_x = 0 : i64, chips_y = 0 : i64, cores_x = 1 : i64, cores_y = 2 : i64, crossbar = "weighted", hop_pj = 0.0 : f64, max_delay = 15 : i64, neurons_per_core = 4 : i64, potential_bits = 20 : i64, profile = "tiny", signed_spikes = true, static_power_mw = 65.0 : f64, synaptic_event_pj = 26.0 : f64, tick_hz = 1000.0 : f64}, tn.network = "hand", tn.target = #tn.target<name = "narrow", axons = 4, neurons = 4, crossbar = "weighted", axon_types = 1, weight_bits = 9, threshold_bits = 18, potential_bits = 20, leak_bits = 9, signed_spikes = true, targets = 1, min_delay = 1, max_delay = 15, portable = false, cores_x = 1, cores_y = 2, chips = 1, readout = "spikes", tick_hz = 1.000000e+03 : f64, synaptic_event_pj = 2.600000e+01 : f64, hop_pj = 0.000000e+00 : f64, static_power_mw = 6.500000e+01 : f64>} {
  tn.layer "a" {comparators = 0 : i64, kind = "conv", macs = 3 : i64, pair_neurons = 0 : i64, relays = 0 : i64, splitters = 0 : i64, tiling = "one neuron"}
  tn.layer "b" {comparators = 0 : i64, kind = "output", macs = 3 : i64, pair_neurons = 0 : i64, relays = 0 : i64, splitters = 0 : i64, tiling = "one neuron"}
  tn.core_type @ta {axon_types = dense<> : tensor<0xi32>, axons = 1 : i64, columns = dense<0> : tensor<1xi32>, crossbar = "weighted", neuron_type_of = dense<0> : tensor<1xi32>, neuron_types = [#tn.neuron<weights = [0, 0, 0, 0], leak = 3, alpha = 10, beta = 8, reset = linear, negative = saturate>], neurons = 1 : i64, row_start = dense<[0, 1]> : tensor<2xi32>, weights = dense<1> : tensor<1xi32>}
  tn.core_type @tb {axon_types = dense<> : tensor<0xi32>, axons = 3 : i64, columns = dense<0> : tensor<3xi32>, crossbar = "weighted", neuron_type_of = dense<0> : tensor<1xi32>, neuron_types = [#tn.neuron<weights = [0, 0, 0, 0], alpha = 1, reset = linear, negative = saturate, fires = false>], neurons = 1 : i64, row_start = dense<[0, 1, 2, 3]> : tensor<4xi32>, weights = dense<1> : tensor<3xi32>}
  tn.core_type @ts {axon_types = dense<> : tensor<0xi32>, axons = 1 : i64, columns = dense<[0, 1, 2]> : tensor<3xi32>, crossbar = "weighted", neuron_type_of = dense<0> : tensor<3xi32>, neuron_types = [#tn.neuron<weights = [0, 0, 0, 0], alpha = 1, reset = absolute, negative = saturate>], neurons = 3 : i64, row_start = dense<[0, 3]> : tensor<2xi32>, weights = dense<1> : tensor<3xi32>}
  tn.core_group "a" {core_types = dense<0> : tensor<1xi32>, cores = 1 : i64, layer = "a", macs = 3 : i64, role = "conv", spots = array<f32: 0.9, 0.9>, target_start = dense<[0, 1]> : tensor<2xi32>, targets = dense<[2, 0, 0]> : tensor<3xi32>, types = [@ta]}
  tn.core_group "b" {core_types = dense<0> : tensor<1xi32>, cores = 1 : i64, layer = "b", macs = 3 : i64, role = "output", spots = array<f32: 0.1, 0.9>, target_start = dense<0> : tensor<2xi32>, targets = dense<> : tensor<0xi32>, types = [@tb]}
  tn.core_group "a.split1" {core_types = dense<0> : tensor<1xi32>, cores = 1 : i64, layer = "a", macs = 0 : i64, role = "splitter", spots = array<f32: 0.1, 0.1>, target_start = dense<[0, 1, 2, 3]> : tensor<4xi32>, targets = dense<[1, 0, 0, 1, 1, 0, 1, 2, 0]> : tensor<9xi32>, types = [@ts]}
  tn.input {channels = 1 : i64, height = 1 : i64, target_start = dense<[0, 1]> : tensor<2xi32>, targets = dense<0> : tensor<3xi32>, width = 1 : i64}
  tn.output "b" {channels = 1 : i64, decoding = "membrane", head = {anchors = array<f32: 1.0, 1.0>, classes = 1 : i64, coords = 4 : i64, kind = "region", num = 1 : i64, softmax = true}, height = 1 : i64, latency = 0 : i64, negative = dense<> : tensor<0xi32>, positive = dense<[1, 0]> : tensor<2xi32>, readout_delay = 0 : i64, scale = array<f32: 1.0>, width = 1 : i64}
}

//--- no-target.mlir
module attributes {tn.chip = {axons_per_core = 4 : i64, chips_x = 0 : i64, chips_y = 0 : i64, cores_x = 2 : i64, cores_y = 2 : i64, crossbar = "weighted", hop_pj = 0.0 : f64, max_delay = 15 : i64, neurons_per_core = 4 : i64, potential_bits = 20 : i64, profile = "tiny", signed_spikes = true, static_power_mw = 65.0 : f64, synaptic_event_pj = 26.0 : f64, tick_hz = 1000.0 : f64}, tn.network = "hand"} {
  tn.layer "a" {comparators = 0 : i64, kind = "conv", macs = 3 : i64, pair_neurons = 0 : i64, relays = 0 : i64, splitters = 0 : i64, tiling = "one neuron"}
  tn.layer "b" {comparators = 0 : i64, kind = "output", macs = 3 : i64, pair_neurons = 0 : i64, relays = 0 : i64, splitters = 0 : i64, tiling = "one neuron"}
  tn.core_type @ta {axon_types = dense<> : tensor<0xi32>, axons = 1 : i64, columns = dense<0> : tensor<1xi32>, crossbar = "weighted", neuron_type_of = dense<0> : tensor<1xi32>, neuron_types = [#tn.neuron<weights = [0, 0, 0, 0], leak = 3, alpha = 10, beta = 8, reset = linear, negative = saturate>], neurons = 1 : i64, row_start = dense<[0, 1]> : tensor<2xi32>, weights = dense<1> : tensor<1xi32>}
  tn.core_type @tb {axon_types = dense<> : tensor<0xi32>, axons = 3 : i64, columns = dense<0> : tensor<3xi32>, crossbar = "weighted", neuron_type_of = dense<0> : tensor<1xi32>, neuron_types = [#tn.neuron<weights = [0, 0, 0, 0], alpha = 1, reset = linear, negative = saturate, fires = false>], neurons = 1 : i64, row_start = dense<[0, 1, 2, 3]> : tensor<4xi32>, weights = dense<1> : tensor<3xi32>}
  tn.core_type @ts {axon_types = dense<> : tensor<0xi32>, axons = 1 : i64, columns = dense<[0, 1, 2]> : tensor<3xi32>, crossbar = "weighted", neuron_type_of = dense<0> : tensor<3xi32>, neuron_types = [#tn.neuron<weights = [0, 0, 0, 0], alpha = 1, reset = absolute, negative = saturate>], neurons = 3 : i64, row_start = dense<[0, 3]> : tensor<2xi32>, weights = dense<1> : tensor<3xi32>}
  tn.core_group "a" {core_types = dense<0> : tensor<1xi32>, cores = 1 : i64, layer = "a", macs = 3 : i64, role = "conv", spots = array<f32: 0.9, 0.9>, target_start = dense<[0, 1]> : tensor<2xi32>, targets = dense<[2, 0, 0]> : tensor<3xi32>, types = [@ta]}
  tn.core_group "b" {core_types = dense<0> : tensor<1xi32>, cores = 1 : i64, layer = "b", macs = 3 : i64, role = "output", spots = array<f32: 0.1, 0.9>, target_start = dense<0> : tensor<2xi32>, targets = dense<> : tensor<0xi32>, types = [@tb]}
  tn.core_group "a.split1" {core_types = dense<0> : tensor<1xi32>, cores = 1 : i64, layer = "a", macs = 0 : i64, role = "splitter", spots = array<f32: 0.1, 0.1>, target_start = dense<[0, 1, 2, 3]> : tensor<4xi32>, targets = dense<[1, 0, 0, 1, 1, 0, 1, 2, 0]> : tensor<9xi32>, types = [@ts]}
  tn.input {channels = 1 : i64, height = 1 : i64, target_start = dense<[0, 1]> : tensor<2xi32>, targets = dense<0> : tensor<3xi32>, width = 1 : i64}
  tn.output "b" {channels = 1 : i64, decoding = "membrane", head = {anchors = array<f32: 1.0, 1.0>, classes = 1 : i64, coords = 4 : i64, kind = "region", num = 1 : i64, softmax = true}, height = 1 : i64, latency = 0 : i64, negative = dense<> : tensor<0xi32>, positive = dense<[1, 0]> : tensor<2xi32>, readout_delay = 0 : i64, scale = array<f32: 1.0>, width = 1 : i64}
}
