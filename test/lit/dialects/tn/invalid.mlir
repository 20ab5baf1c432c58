// RUN: snnc-opt %s -split-input-file -verify-diagnostics -o /dev/null

// expected-error @+1 {{'crossbar' must be "binary" or "weighted"; got "analog"}}
tn.core_type @a {axon_types = dense<> : tensor<0xi32>, axons = 1 : i64, columns = dense<0> : tensor<1xi32>, crossbar = "analog", neuron_type_of = dense<0> : tensor<1xi32>, neuron_types = [#tn.neuron<weights = [0, 0, 0, 0], alpha = 1, reset = linear, negative = saturate>], neurons = 1 : i64, row_start = dense<[0, 1]> : tensor<2xi32>, weights = dense<1> : tensor<1xi32>}

// -----

// A neuron type with threshold 0.
// expected-error @+1 {{a neuron needs alpha >= 1 and beta >= 0, got 0 and 0}}
tn.core_type @a {axon_types = dense<> : tensor<0xi32>, axons = 1 : i64, columns = dense<0> : tensor<1xi32>, crossbar = "weighted", neuron_type_of = dense<0> : tensor<1xi32>, neuron_types = [#tn.neuron<weights = [0, 0, 0, 0], alpha = 0, reset = linear, negative = saturate>], neurons = 1 : i64, row_start = dense<[0, 1]> : tensor<2xi32>, weights = dense<1> : tensor<1xi32>}

// -----

// A synapse to neuron 2 of a core of 2.
// expected-error @+1 {{column 2 is not a neuron of the 2}}
tn.core_type @a {axon_types = dense<[0]> : tensor<1xi32>, axons = 1 : i64, columns = dense<2> : tensor<1xi32>, crossbar = "binary", neuron_type_of = dense<0> : tensor<2xi32>, neuron_types = [#tn.neuron<weights = [1, 0, 0, 0], alpha = 1, reset = linear, negative = saturate>], neurons = 2 : i64, row_start = dense<[0, 1]> : tensor<2xi32>, weights = dense<> : tensor<0xi32>}

// -----

// expected-error @+1 {{axon type 4 is not in 0..3}}
tn.core_type @a {axon_types = dense<[4]> : tensor<1xi32>, axons = 1 : i64, columns = dense<0> : tensor<1xi32>, crossbar = "binary", neuron_type_of = dense<0> : tensor<1xi32>, neuron_types = [#tn.neuron<weights = [1, 0, 0, 0], alpha = 1, reset = linear, negative = saturate>], neurons = 1 : i64, row_start = dense<[0, 1]> : tensor<2xi32>, weights = dense<> : tensor<0xi32>}

// -----

// expected-error @+1 {{'row_start' must not decrease}}
tn.core_type @a {axon_types = dense<> : tensor<0xi32>, axons = 2 : i64, columns = dense<0> : tensor<1xi32>, crossbar = "weighted", neuron_type_of = dense<0> : tensor<1xi32>, neuron_types = [#tn.neuron<weights = [0, 0, 0, 0], alpha = 1, reset = linear, negative = saturate>], neurons = 1 : i64, row_start = dense<[0, 1, 0]> : tensor<3xi32>, weights = dense<1> : tensor<1xi32>}

// -----

// A group naming a symbol that is not a core type.
tn.input {channels = 1 : i64, height = 1 : i64, target_start = dense<[0, 0]> : tensor<2xi32>, targets = dense<> : tensor<0xi32>, width = 1 : i64}
// expected-error @+1 {{@nothing is not a tn.core_type}}
tn.core_group "g" {coords = dense<0> : tensor<2xi32>, core_types = dense<0> : tensor<1xi32>, cores = 1 : i64, level = 0 : i64, macs = 0 : i64, role = "conv", target_start = dense<[0, 0]> : tensor<2xi32>, targets = dense<> : tensor<0xi32>, tau = 0 : i64, types = [@nothing]}

// -----

tn.core_type @a {axon_types = dense<> : tensor<0xi32>, axons = 1 : i64, columns = dense<0> : tensor<1xi32>, crossbar = "weighted", neuron_type_of = dense<0> : tensor<1xi32>, neuron_types = [#tn.neuron<weights = [0, 0, 0, 0], alpha = 1, reset = linear, negative = saturate>], neurons = 1 : i64, row_start = dense<[0, 1]> : tensor<2xi32>, weights = dense<1> : tensor<1xi32>}
// Routes are (core, axon, delay) triples: 4 values are not.
// expected-error @+1 {{'targets' has 4 values; routes are (core, axon, delay) triples}}
tn.core_group "g" {coords = dense<0> : tensor<2xi32>, core_types = dense<0> : tensor<1xi32>, cores = 1 : i64, level = 0 : i64, macs = 0 : i64, role = "conv", target_start = dense<[0, 1]> : tensor<2xi32>, targets = dense<[0, 0, 1, 0]> : tensor<4xi32>, tau = 0 : i64, types = [@a]}

// -----

tn.core_type @a {axon_types = dense<> : tensor<0xi32>, axons = 1 : i64, columns = dense<0> : tensor<1xi32>, crossbar = "weighted", neuron_type_of = dense<0> : tensor<1xi32>, neuron_types = [#tn.neuron<weights = [0, 0, 0, 0], alpha = 1, reset = linear, negative = saturate>], neurons = 1 : i64, row_start = dense<[0, 1]> : tensor<2xi32>, weights = dense<1> : tensor<1xi32>}
// expected-error @+1 {{'coords' has 2 values, expected 4}}
tn.core_group "g" {coords = dense<0> : tensor<2xi32>, core_types = dense<0> : tensor<2xi32>, cores = 2 : i64, level = 0 : i64, macs = 0 : i64, role = "conv", target_start = dense<[0, 0, 0]> : tensor<3xi32>, targets = dense<> : tensor<0xi32>, tau = 0 : i64, types = [@a]}

// -----

// An output cannot integrate before the input reaches it.
// expected-error @+1 {{'latency' must be in [0, readout_delay = 2], got 3}}
tn.output "out" {channels = 1 : i64, decoding = "membrane", head = {anchors = array<f32: 1.0, 1.0>, classes = 1 : i64, coords = 4 : i64, kind = "region", num = 1 : i64, softmax = true}, height = 1 : i64, latency = 3 : i64, negative = dense<> : tensor<0xi32>, positive = dense<[1, 0]> : tensor<2xi32>, readout_delay = 2 : i64, scale = array<f32: 0.5>, width = 1 : i64}

// -----

// Three axon-type weights.
// expected-error @+1 {{a neuron has 4 axon-type weights, got 3}}
tn.core_type @a {axon_types = dense<> : tensor<0xi32>, axons = 1 : i64, columns = dense<0> : tensor<1xi32>, crossbar = "weighted", neuron_type_of = dense<0> : tensor<1xi32>, neuron_types = [#tn.neuron<weights = [0, 0, 0], alpha = 1, reset = linear, negative = saturate>], neurons = 1 : i64, row_start = dense<[0, 1]> : tensor<2xi32>, weights = dense<1> : tensor<1xi32>}

// -----

// A reset mode the chip does not have.
// expected-error @+2 {{expected ::snnc::tn::ResetMode to be one of: absolute, linear, none}}
// expected-error @+1 {{failed to parse Tn_NeuronAttr parameter 'reset'}}
tn.core_type @a {axon_types = dense<> : tensor<0xi32>, axons = 1 : i64, columns = dense<0> : tensor<1xi32>, crossbar = "weighted", neuron_type_of = dense<0> : tensor<1xi32>, neuron_types = [#tn.neuron<weights = [0, 0, 0, 0], alpha = 1, reset = halfway, negative = saturate>], neurons = 1 : i64, row_start = dense<[0, 1]> : tensor<2xi32>, weights = dense<1> : tensor<1xi32>}
