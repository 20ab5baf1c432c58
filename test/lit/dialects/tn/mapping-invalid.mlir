// RUN: snnc-opt %s -split-input-file -verify-diagnostics -o /dev/null

// The IR between the mapping passes, and the chip's limits once the module
// names its chip (tn.target).

// expected-error @+1 {{'kind' must be "conv", "output" or "max_pool"; got "dense"}}
tn.layer "l" {comparators = 0 : i64, kind = "dense", macs = 0 : i64, pair_neurons = 0 : i64, relays = 0 : i64, splitters = 0 : i64, tiling = ""}

// -----

// expected-error @+1 {{macs and neuron counts must be >= 0}}
tn.layer "l" {comparators = 0 : i64, kind = "conv", macs = 0 : i64, pair_neurons = 0 : i64, relays = -1 : i64, splitters = 0 : i64, tiling = ""}

// -----

tn.core_type @a {axon_types = dense<> : tensor<0xi32>, axons = 1 : i64, columns = dense<0> : tensor<1xi32>, crossbar = "weighted", neuron_type_of = dense<0> : tensor<1xi32>, neuron_types = [#tn.neuron<weights = [0, 0, 0, 0], alpha = 1, reset = linear, negative = saturate>], neurons = 1 : i64, row_start = dense<[0, 1]> : tensor<2xi32>, weights = dense<1> : tensor<1xi32>}
// Neither placed nor where it works in the image.
// expected-error @+1 {{needs 'coords' (placed cores) or 'spots' (where unplaced cores work in the image)}}
tn.core_group "g" {core_types = dense<0> : tensor<1xi32>, cores = 1 : i64, macs = 0 : i64, role = "conv", target_start = dense<[0, 0]> : tensor<2xi32>, targets = dense<> : tensor<0xi32>, types = [@a]}

// -----

tn.core_type @a {axon_types = dense<> : tensor<0xi32>, axons = 1 : i64, columns = dense<0> : tensor<1xi32>, crossbar = "weighted", neuron_type_of = dense<0> : tensor<1xi32>, neuron_types = [#tn.neuron<weights = [0, 0, 0, 0], alpha = 1, reset = linear, negative = saturate>], neurons = 1 : i64, row_start = dense<[0, 1]> : tensor<2xi32>, weights = dense<1> : tensor<1xi32>}
// expected-error @+1 {{'tau' and 'level' are set together (tn-schedule)}}
tn.core_group "g" {core_types = dense<0> : tensor<1xi32>, cores = 1 : i64, macs = 0 : i64, role = "conv", spots = array<f32: 0.5, 0.5>, target_start = dense<[0, 0]> : tensor<2xi32>, targets = dense<> : tensor<0xi32>, tau = 1 : i64, types = [@a]}

// -----

tn.core_type @a {axon_types = dense<> : tensor<0xi32>, axons = 1 : i64, columns = dense<0> : tensor<1xi32>, crossbar = "weighted", neuron_type_of = dense<0> : tensor<1xi32>, neuron_types = [#tn.neuron<weights = [0, 0, 0, 0], alpha = 1, reset = linear, negative = saturate>], neurons = 1 : i64, row_start = dense<[0, 1]> : tensor<2xi32>, weights = dense<1> : tensor<1xi32>}
// expected-error @+1 {{'spots' has 2 values, expected 4}}
tn.core_group "g" {core_types = dense<0> : tensor<2xi32>, cores = 2 : i64, macs = 0 : i64, role = "conv", spots = array<f32: 0.5, 0.5>, target_start = dense<[0, 0, 0, 0]> : tensor<4xi32>, targets = dense<> : tensor<0xi32>, types = [@a]}

// -----

// A core type of 5 axons on a chip of 4-axon cores.
module attributes {tn.target = #tn.target<name = "tiny", axons = 4, neurons = 4, crossbar = "weighted", axon_types = 1, weight_bits = 9, threshold_bits = 18, potential_bits = 20, leak_bits = 9, signed_spikes = true, targets = 1, min_delay = 1, max_delay = 2, portable = false, cores_x = 2, cores_y = 2, chips = 1, readout = "spikes", tick_hz = 1.000000e+03 : f64, synaptic_event_pj = 2.600000e+01 : f64, hop_pj = 0.000000e+00 : f64, static_power_mw = 6.500000e+01 : f64>} {
  tn.core_type @wide {axon_types = dense<> : tensor<0xi32>, axons = 5 : i64, columns = dense<0> : tensor<5xi32>, crossbar = "weighted", neuron_type_of = dense<0> : tensor<1xi32>, neuron_types = [#tn.neuron<weights = [0, 0, 0, 0], alpha = 1, reset = linear, negative = saturate>], neurons = 1 : i64, row_start = dense<[0, 1, 2, 3, 4, 5]> : tensor<6xi32>, weights = dense<1> : tensor<5xi32>}
  // expected-error @+1 {{@wide has 5 axons; a core of chip 'tiny' has 4}}
  tn.core_group "g" {core_types = dense<0> : tensor<1xi32>, cores = 1 : i64, macs = 0 : i64, role = "conv", spots = array<f32: 0.5, 0.5>, target_start = dense<[0, 0]> : tensor<2xi32>, targets = dense<> : tensor<0xi32>, types = [@wide]}
}

// -----

// Scheduled: a route delayed by 3 ticks on a chip that delays by 1..2.
module attributes {tn.target = #tn.target<name = "tiny", axons = 4, neurons = 4, crossbar = "weighted", axon_types = 1, weight_bits = 9, threshold_bits = 18, potential_bits = 20, leak_bits = 9, signed_spikes = true, targets = 1, min_delay = 1, max_delay = 2, portable = false, cores_x = 2, cores_y = 2, chips = 1, readout = "spikes", tick_hz = 1.000000e+03 : f64, synaptic_event_pj = 2.600000e+01 : f64, hop_pj = 0.000000e+00 : f64, static_power_mw = 6.500000e+01 : f64>} {
  tn.core_type @a {axon_types = dense<> : tensor<0xi32>, axons = 1 : i64, columns = dense<0> : tensor<1xi32>, crossbar = "weighted", neuron_type_of = dense<0> : tensor<1xi32>, neuron_types = [#tn.neuron<weights = [0, 0, 0, 0], alpha = 1, reset = linear, negative = saturate>], neurons = 1 : i64, row_start = dense<[0, 1]> : tensor<2xi32>, weights = dense<1> : tensor<1xi32>}
  // expected-error @+1 {{a route has delay 3; chip 'tiny' delays by 1..2 ticks}}
  tn.core_group "g" {coords = dense<0> : tensor<2xi32>, core_types = dense<0> : tensor<1xi32>, cores = 1 : i64, level = 1 : i64, macs = 0 : i64, role = "conv", target_start = dense<[0, 1]> : tensor<2xi32>, targets = dense<[0, 0, 3]> : tensor<3xi32>, tau = 1 : i64, types = [@a]}
}

// -----

// Scheduled: a neuron with two targets on a chip that allows one.
module attributes {tn.target = #tn.target<name = "tiny", axons = 4, neurons = 4, crossbar = "weighted", axon_types = 1, weight_bits = 9, threshold_bits = 18, potential_bits = 20, leak_bits = 9, signed_spikes = true, targets = 1, min_delay = 1, max_delay = 2, portable = false, cores_x = 2, cores_y = 2, chips = 1, readout = "spikes", tick_hz = 1.000000e+03 : f64, synaptic_event_pj = 2.600000e+01 : f64, hop_pj = 0.000000e+00 : f64, static_power_mw = 6.500000e+01 : f64>} {
  tn.core_type @a {axon_types = dense<> : tensor<0xi32>, axons = 1 : i64, columns = dense<0> : tensor<1xi32>, crossbar = "weighted", neuron_type_of = dense<0> : tensor<1xi32>, neuron_types = [#tn.neuron<weights = [0, 0, 0, 0], alpha = 1, reset = linear, negative = saturate>], neurons = 1 : i64, row_start = dense<[0, 1]> : tensor<2xi32>, weights = dense<1> : tensor<1xi32>}
  // expected-error @+1 {{a neuron has 2 targets; chip 'tiny' allows 1 (tn-split-fanout)}}
  tn.core_group "g" {coords = dense<0> : tensor<2xi32>, core_types = dense<0> : tensor<1xi32>, cores = 1 : i64, level = 1 : i64, macs = 0 : i64, role = "conv", target_start = dense<[0, 2]> : tensor<2xi32>, targets = dense<[0, 0, 1, 0, 0, 1]> : tensor<6xi32>, tau = 1 : i64, types = [@a]}
}
