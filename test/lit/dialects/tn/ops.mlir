// RUN: snnc-opt %s | FileCheck %s
// RUN: snnc-opt %s | snnc-opt | FileCheck %s

// A hand-made chip of two cores: core 0 (type @relay) has 2 axons and 2
// neurons; axon 0 reaches both neurons, axon 1 neuron 1 (CSR by axon);
// its neurons send to core 1 (type @sum) axon 0 and 1 with delay 1. One
// 1x1x2 input: pixel p to core 0 axon p, delay 1. The printed form parses
// back to itself.

// The detector's class names travel as `tn.class_names`.
// CHECK: module attributes {tn.class_names = ["dog", "potted plant"], tn.network = "hand"}
module attributes {tn.class_names = ["dog", "potted plant"], tn.network = "hand"} {
  // CHECK: tn.core_type @relay {
  // CHECK-SAME: axon_types = dense<[0, 1]> : tensor<2xi32>
  // CHECK-SAME: columns = dense<[0, 1, 1]> : tensor<3xi32>
  // CHECK-SAME: neuron_types = [#tn.neuron<weights = [1, -1, 0, 0], alpha = 2, reset = linear, negative = saturate>]
  // CHECK-SAME: row_start = dense<[0, 2, 3]> : tensor<3xi32>
  tn.core_type @relay {axon_types = dense<[0, 1]> : tensor<2xi32>, axons = 2 : i64, columns = dense<[0, 1, 1]> : tensor<3xi32>, crossbar = "binary", neuron_type_of = dense<[0, 0]> : tensor<2xi32>, neuron_types = [#tn.neuron<weights = [1, -1, 0, 0], alpha = 2, reset = linear, negative = saturate>], neurons = 2 : i64, row_start = dense<[0, 2, 3]> : tensor<3xi32>, weights = dense<> : tensor<0xi32>}
  // A weighted core whose name cannot be its symbol: the name is kept.
  // CHECK: tn.core_type @p1 {
  // CHECK-SAME: crossbar = "weighted"
  // CHECK-SAME: name = "sum@1"
  // CHECK-SAME: weights = dense<[3, -2]> : tensor<2xi32>
  tn.core_type @p1 {axon_types = dense<> : tensor<0xi32>, axons = 2 : i64, columns = dense<[0, 0]> : tensor<2xi32>, crossbar = "weighted", name = "sum@1", neuron_type_of = dense<0> : tensor<1xi32>, neuron_types = [#tn.neuron<weights = [0, 0, 0, 0], alpha = 4, beta = 4, reset = linear, negative = spike>], neurons = 1 : i64, row_start = dense<[0, 1, 2]> : tensor<3xi32>, weights = dense<[3, -2]> : tensor<2xi32>}
  // CHECK: tn.core_group "relays" {
  // CHECK-SAME: types = [@relay]
  tn.core_group "relays" {coords = dense<[0, 0]> : tensor<2xi32>, core_types = dense<0> : tensor<1xi32>, cores = 1 : i64, level = 0 : i64, macs = 4 : i64, role = "relay", target_start = dense<[0, 1, 2]> : tensor<3xi32>, targets = dense<[1, 0, 1, 1, 1, 1]> : tensor<6xi32>, tau = 1 : i64, types = [@relay]}
  // CHECK: tn.core_group "sum" {
  // CHECK-SAME: types = [@p1]
  tn.core_group "sum" {coords = dense<[1, 0]> : tensor<2xi32>, core_types = dense<0> : tensor<1xi32>, cores = 1 : i64, level = 1 : i64, macs = 2 : i64, role = "sum", target_start = dense<[0, 0]> : tensor<2xi32>, targets = dense<> : tensor<0xi32>, tau = 1 : i64, types = [@p1]}
  // CHECK: tn.input {channels = 1 : i64, height = 1 : i64
  tn.input {channels = 1 : i64, height = 1 : i64, target_start = dense<[0, 1, 2]> : tensor<3xi32>, targets = dense<[0, 0, 1, 0, 1, 1]> : tensor<6xi32>, width = 2 : i64}
  // One 1x1x1 output held by core 1's neuron 0: the input reaches it after
  // 1 tick (latency), it integrates after 2 (readout_delay).
  // CHECK: tn.output "out" {
  // CHECK-SAME: latency = 1 : i64
  // CHECK-SAME: readout_delay = 2 : i64
  tn.output "out" {channels = 1 : i64, decoding = "membrane", head = {anchors = array<f32: 1.0, 1.0>, classes = 1 : i64, coords = 4 : i64, kind = "region", num = 1 : i64, softmax = true}, height = 1 : i64, latency = 1 : i64, negative = dense<> : tensor<0xi32>, positive = dense<[1, 0]> : tensor<2xi32>, readout_delay = 2 : i64, scale = array<f32: 0.5>, width = 1 : i64}
}
