// RUN: split-file %s %t
// RUN: snnc-opt %t/portable.mlir --tn-finish | FileCheck %s
// RUN: snnc-opt %t/portable.mlir --tn-finish | snnc-opt | FileCheck %s
// RUN: sed 's/portable = true/portable = false/' %t/portable.mlir | snnc-opt --tn-finish | FileCheck %s --check-prefix=PLAIN
// RUN: not snnc-opt %t/unscheduled.mlir --tn-finish 2>&1 | FileCheck %s --check-prefix=EARLY
// RUN: not snnc-translate --tn-to-snncfg-text %t/portable.mlir 2>&1 | FileCheck %s --check-prefix=UNFINISHED
// RUN: snnc-opt %t/portable.mlir --tn-finish | snnc-translate --tn-to-snncfg-text | FileCheck %s --check-prefix=WRITTEN

// One binary core on a portable chip (TrueNorth-like): by hand, every
// weight, leak and threshold doubles and start and absolute reset values
// become 2 v + 1, so potentials stay odd and never equal a threshold.
//   type 0: weights (1, -1), alpha 3, beta 0, linear reset, v0 = 0
//        -> weights (2, -2), alpha 6, beta 0, v0 = 1 (reset value 0:
//           linear)
//   type 1: weights (1, -1), leak -1, alpha 5, beta 4, absolute reset to
//           0, v0 = -2 -> weights (2, -2), leak -2, alpha 10, beta 8, reset
//           value 1, v0 = -3
// The module is marked tn.odd_potentials. On a chip that is not portable
// nothing changes.

// CHECK: module attributes {{{.*}}tn.odd_potentials
// CHECK: neuron_types = [#tn.neuron<weights = [2, -2, 0, 0], alpha = 6, reset = linear, negative = reset, v_init = 1>, #tn.neuron<weights = [2, -2, 0, 0], leak = -2, alpha = 10, beta = 8, reset = absolute, negative = reset, reset_value = 1, v_init = -3>]
// PLAIN-NOT: tn.odd_potentials
// PLAIN: neuron_types = [#tn.neuron<weights = [1, -1, 0, 0], alpha = 3, reset = linear, negative = reset>, #tn.neuron<weights = [1, -1, 0, 0], leak = -1, alpha = 5, beta = 4, reset = absolute, negative = reset, v_init = -2>]

// A portable chip's configuration is written only with odd potentials.
// UNFINISHED: error: chip 'tn' is portable but the potentials are not odd yet (run tn-finish; snnc-compile-pipeline runs every mapping pass)
// WRITTEN: network

// Start potentials change in tn-schedule: odd ones come after it.
// EARLY: error: tn-finish: odd potentials are encoded after scheduling (run tn-schedule first): the start potentials still change there

//--- portable.mlir
module attributes {tn.chip = {axons_per_core = 4 : i64, chips_x = 1 : i64, chips_y = 1 : i64, cores_x = 2 : i64, cores_y = 2 : i64, crossbar = "binary", hop_pj = 0.0 : f64, max_delay = 15 : i64, neurons_per_core = 4 : i64, potential_bits = 20 : i64, profile = "tn", signed_spikes = false, static_power_mw = 65.0 : f64, synaptic_event_pj = 26.0 : f64, tick_hz = 1000.0 : f64}, tn.network = "hand", tn.target = #tn.target<name = "tn", axons = 4, neurons = 4, crossbar = "binary", axon_types = 4, weight_bits = 9, threshold_bits = 18, potential_bits = 20, leak_bits = 9, signed_spikes = false, targets = 1, min_delay = 1, max_delay = 15, portable = true, cores_x = 2, cores_y = 2, chips = 1, readout = "spikes", tick_hz = 1.000000e+03 : f64, synaptic_event_pj = 2.600000e+01 : f64, hop_pj = 0.000000e+00 : f64, static_power_mw = 6.500000e+01 : f64>} {
  tn.layer "a" {comparators = 0 : i64, kind = "output", macs = 2 : i64, pair_neurons = 0 : i64, relays = 0 : i64, splitters = 0 : i64, tiling = "two neurons"}
  tn.core_type @t {axon_types = dense<[0, 1]> : tensor<2xi32>, axons = 2 : i64, columns = dense<[0, 1, 0, 1]> : tensor<4xi32>, crossbar = "binary", neuron_type_of = dense<[0, 1]> : tensor<2xi32>, neuron_types = [#tn.neuron<weights = [1, -1, 0, 0], alpha = 3, reset = linear, negative = reset>, #tn.neuron<weights = [1, -1, 0, 0], leak = -1, alpha = 5, beta = 4, reset = absolute, negative = reset, v_init = -2>], neurons = 2 : i64, row_start = dense<[0, 2, 4]> : tensor<3xi32>, weights = dense<> : tensor<0xi32>}
  tn.core_group "a" {coords = dense<0> : tensor<2xi32>, core_types = dense<0> : tensor<1xi32>, cores = 1 : i64, layer = "a", level = 1 : i64, macs = 2 : i64, role = "output", target_start = dense<0> : tensor<3xi32>, targets = dense<> : tensor<0xi32>, tau = 1 : i64, types = [@t]}
  tn.input {channels = 1 : i64, height = 1 : i64, target_start = dense<[0, 2]> : tensor<2xi32>, targets = dense<[0, 0, 1, 0, 1, 1]> : tensor<6xi32>, width = 1 : i64}
  tn.output "a" {channels = 2 : i64, decoding = "count", head = {anchors = array<f32: 1.0, 1.0>, classes = 1 : i64, coords = 4 : i64, kind = "region", num = 1 : i64, softmax = true}, height = 1 : i64, latency = 1 : i64, negative = dense<> : tensor<0xi32>, positive = dense<[0, 0, 0, 1]> : tensor<4xi32>, readout_delay = 1 : i64, scale = array<f32: 1.0, 1.0>, width = 1 : i64}
}

//--- unscheduled.mlir
module attributes {tn.chip = {axons_per_core = 4 : i64, chips_x = 1 : i64, chips_y = 1 : i64, cores_x = 2 : i64, cores_y = 2 : i64, crossbar = "binary", hop_pj = 0.0 : f64, max_delay = 15 : i64, neurons_per_core = 4 : i64, potential_bits = 20 : i64, profile = "tn", signed_spikes = false, static_power_mw = 65.0 : f64, synaptic_event_pj = 26.0 : f64, tick_hz = 1000.0 : f64}, tn.network = "hand", tn.target = #tn.target<name = "tn", axons = 4, neurons = 4, crossbar = "binary", axon_types = 4, weight_bits = 9, threshold_bits = 18, potential_bits = 20, leak_bits = 9, signed_spikes = false, targets = 1, min_delay = 1, max_delay = 15, portable = true, cores_x = 2, cores_y = 2, chips = 1, readout = "spikes", tick_hz = 1.000000e+03 : f64, synaptic_event_pj = 2.600000e+01 : f64, hop_pj = 0.000000e+00 : f64, static_power_mw = 6.500000e+01 : f64>} {
  tn.layer "a" {comparators = 0 : i64, kind = "output", macs = 2 : i64, pair_neurons = 0 : i64, relays = 0 : i64, splitters = 0 : i64, tiling = "two neurons"}
  tn.core_type @t {axon_types = dense<[0, 1]> : tensor<2xi32>, axons = 2 : i64, columns = dense<[0, 1, 0, 1]> : tensor<4xi32>, crossbar = "binary", neuron_type_of = dense<0> : tensor<2xi32>, neuron_types = [#tn.neuron<weights = [1, -1, 0, 0], alpha = 3, reset = linear, negative = reset>], neurons = 2 : i64, row_start = dense<[0, 2, 4]> : tensor<3xi32>, weights = dense<> : tensor<0xi32>}
  tn.core_group "a" {core_types = dense<0> : tensor<1xi32>, cores = 1 : i64, layer = "a", macs = 2 : i64, role = "output", spots = array<f32: 0.5, 0.5>, target_start = dense<0> : tensor<3xi32>, targets = dense<> : tensor<0xi32>, types = [@t]}
  tn.input {channels = 1 : i64, height = 1 : i64, target_start = dense<[0, 2]> : tensor<2xi32>, targets = dense<[0, 0, 0, 0, 1, 0]> : tensor<6xi32>, width = 1 : i64}
}
