// The chip a module is compiled for: #tn.target, set once by tn-set-target
// and read by snn-quantize and snn-to-tn (issue 13).
//
// tn-set-target loads a profile and sets it on the module; it prints and
// parses back unchanged.
// RUN: echo 'module {}' | snnc-opt --tn-set-target=chip=truenorth | FileCheck %s --check-prefix=SET
// SET: module attributes {tn.target = #tn.target<name = "truenorth", description = "{{[^"]+}}", axons = 256, neurons = 256, crossbar = "binary", axon_types = 4, weight_bits = 9, threshold_bits = 18, potential_bits = 20, leak_bits = 9, signed_spikes = false, targets = 1, min_delay = 1, max_delay = 15, portable = true, cores_x = 64, cores_y = 64, chips = 16, readout = "spikes", tick_hz = 1.000000e+03 : f64, synaptic_event_pj = 2.600000e+01 : f64, hop_pj = 0.000000e+00 : f64, static_power_mw = 6.500000e+01 : f64, energy_sources = "{{[^"]+}}">}
// RUN: echo 'module {}' | snnc-opt --tn-set-target=chip=truenorth-x > %t.mlir
// RUN: snnc-opt %t.mlir | diff - %t.mlir
//
// Set twice to the same chip: unchanged; to another: refused.
// RUN: snnc-opt %t.mlir --tn-set-target=chip=truenorth-x | diff - %t.mlir
// RUN: not snnc-opt %t.mlir --tn-set-target=chip=truenorth 2>&1 | FileCheck %s --check-prefix=TWICE
// TWICE: error: tn-set-target: the module is compiled for 'truenorth-x' already; 'truenorth' (truenorth) is a different chip
//
// A chip file that takes a profile's name but differs from it is a
// different chip: compared field by field, not by name.
// RUN: snnc chip truenorth-x --yaml | sed 's/static_power_mw: .*/static_power_mw: 70/' > %t-same-name.yaml
// RUN: not snnc-opt %t.mlir --tn-set-target=chip=%t-same-name.yaml 2>&1 | FileCheck %s --check-prefix=CONTENT
// CONTENT: error: tn-set-target: the module is compiled for 'truenorth-x' already; '{{.*}}same-name.yaml' (truenorth-x) is a different chip
//
// An unknown chip is refused with the profiles' names.
// RUN: not snnc-opt %t.mlir --tn-set-target=chip=truenorht 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: error: tn-set-target: {{.*}}truenorht
//
// The verifier checks the fields as a chip description file is checked.
// RUN: snnc-opt %s -split-input-file -verify-diagnostics -o /dev/null

// A chip written by hand, valid.
module attributes {tn.target = #tn.target<name = "tiny", axons = 256, neurons = 256, crossbar = "binary", axon_types = 4, weight_bits = 9, threshold_bits = 18, potential_bits = 20, leak_bits = 9, signed_spikes = false, targets = 1, min_delay = 1, max_delay = 15, portable = false, cores_x = 64, cores_y = 64, chips = 1, readout = "spikes", tick_hz = 1.000000e+03 : f64, synaptic_event_pj = 2.600000e+01 : f64, hop_pj = 0.000000e+00 : f64, static_power_mw = 6.500000e+01 : f64>} {
}

// -----

// expected-error @+1 {{invalid chip: #tn.target: 'core.axon_types' = 4 but a weighted crossbar has one weight per synapse (set 1)}}
module attributes {tn.target = #tn.target<name = "tiny", axons = 256, neurons = 256, crossbar = "weighted", axon_types = 4, weight_bits = 9, threshold_bits = 18, potential_bits = 20, leak_bits = 9, signed_spikes = false, targets = 1, min_delay = 1, max_delay = 15, portable = false, cores_x = 64, cores_y = 64, chips = 1, readout = "spikes", tick_hz = 1.000000e+03 : f64, synaptic_event_pj = 2.600000e+01 : f64, hop_pj = 0.000000e+00 : f64, static_power_mw = 6.500000e+01 : f64>} {
}

// -----

// expected-error @+1 {{invalid chip: #tn.target: 'neuron.delay' = [9, 3]: max is below min}}
module attributes {tn.target = #tn.target<name = "tiny", axons = 256, neurons = 256, crossbar = "binary", axon_types = 4, weight_bits = 9, threshold_bits = 18, potential_bits = 20, leak_bits = 9, signed_spikes = false, targets = 1, min_delay = 9, max_delay = 3, portable = false, cores_x = 64, cores_y = 64, chips = 1, readout = "spikes", tick_hz = 1.000000e+03 : f64, synaptic_event_pj = 2.600000e+01 : f64, hop_pj = 0.000000e+00 : f64, static_power_mw = 6.500000e+01 : f64>} {
}

// -----

// expected-error @+1 {{invalid chip: #tn.target: 'readout' must be "spikes" or "membrane", got "potential"}}
module attributes {tn.target = #tn.target<name = "tiny", axons = 256, neurons = 256, crossbar = "binary", axon_types = 4, weight_bits = 9, threshold_bits = 18, potential_bits = 20, leak_bits = 9, signed_spikes = false, targets = 1, min_delay = 1, max_delay = 15, portable = false, cores_x = 64, cores_y = 64, chips = 1, readout = "potential", tick_hz = 1.000000e+03 : f64, synaptic_event_pj = 2.600000e+01 : f64, hop_pj = 0.000000e+00 : f64, static_power_mw = 6.500000e+01 : f64>} {
}

// -----

// expected-error @+1 {{invalid chip: #tn.target: 'neuron.portable' is true but the chip has signed spikes}}
module attributes {tn.target = #tn.target<name = "tiny", axons = 256, neurons = 256, crossbar = "binary", axon_types = 4, weight_bits = 9, threshold_bits = 18, potential_bits = 20, leak_bits = 9, signed_spikes = true, targets = 1, min_delay = 1, max_delay = 15, portable = true, cores_x = 64, cores_y = 64, chips = 1, readout = "spikes", tick_hz = 1.000000e+03 : f64, synaptic_event_pj = 2.600000e+01 : f64, hop_pj = 0.000000e+00 : f64, static_power_mw = 6.500000e+01 : f64>} {
}
