// RUN: snnc-opt %s --snn-quantize="chip=truenorth-x" --snn-to-tn="chip=truenorth-x" --tn-split-fanout --tn-schedule --tn-place --tn-finish | FileCheck %s
// RUN: snnc-opt %s --snn-quantize="chip=truenorth-x" --snn-to-tn="chip=truenorth-x" --tn-split-fanout --tn-schedule --tn-place --tn-finish | snnc-opt | FileCheck %s

// A 1x1 convolution (2 channels, IBT) and a membrane-read output on
// truenorth-x. Expected by hand:
//  - quantization (see dialects/snn/quantize.mlir): conv weights 127 and
//    -127, thresholds 254 / 508, negative 2540 / 5080, leak 25 / 0; output
//    weights 51.
//  - tiling: the whole 2x2 map in one core per layer (fewest cores): the
//    conv core has 4 axons (one per pixel) and 8 neurons
//    ((y * 2 + x) * 2 + channel); the output core 8 axons (pixel, channel)
//    and 24 neurons.
//  - types (#tn.neuron): linear reset, signed spikes (negative = spike);
//    the conv group sits at tick offset tau = 1 (the host's spikes take the
//    minimum delay of 1), so channel 0 starts at -tau * leak = -25.
//    Membrane outputs never fire (fires = false): alpha and beta at the 18-
//    and 20-bit limits, no reset (reset = none), saturating floor.
//  - placement: the Hilbert curve of the 64x64 mesh starts (0,0), (1,0).
//  - routes: conv neuron n -> output core 1, axon n, delay 1; pixel p ->
//    conv core 0, axon p, delay 1. Output element (c, y, x) is neuron
//    (y * 2 + x) * 6 + c of core 1, read after tau = 2 ticks.

// CHECK: module attributes {tn.chip = {{{.*}}crossbar = "weighted"{{.*}}profile = "truenorth-x"{{.*}}signed_spikes = true
// CHECK: tn.core_type @[[CONV:p0_[a-z0-9_]+]] {axon_types = dense<> : tensor<0xi32>, axons = 4 : i64, columns = dense<[0, 1, 2, 3, 4, 5, 6, 7]> : tensor<8xi32>, crossbar = "weighted", neuron_type_of = dense<[0, 1, 0, 1, 0, 1, 0, 1]> : tensor<8xi32>, neuron_types = [#tn.neuron<weights = [0, 0, 0, 0], leak = 25, alpha = 254, beta = 2540, reset = linear, negative = spike, v_init = -25>, #tn.neuron<weights = [0, 0, 0, 0], alpha = 508, beta = 5080, reset = linear, negative = spike>], neurons = 8 : i64, row_start = dense<[0, 2, 4, 6, 8]> : tensor<5xi32>, weights = dense<[127, -127, 127, -127, 127, -127, 127, -127]> : tensor<8xi32>}
// CHECK: tn.core_type @[[OUT:p1_[a-z0-9_]+]] {{{.*}}axons = 8 : i64{{.*}}neuron_types = [#tn.neuron<weights = [0, 0, 0, 0], alpha = 131071, beta = 524287, reset = none, negative = saturate, fires = false>{{.*}}neurons = 24 : i64{{.*}}weights = dense<51> : tensor<48xi32>}
// CHECK: tn.core_group "conv@{{[0-9]+}}" {coords = dense<0> : tensor<2xi32>, core_types = dense<0> : tensor<1xi32>, cores = 1 : i64, layer = "conv@{{[0-9]+}}", level = 1 : i64, macs = 8 : i64, role = "conv", target_start = dense<[0, 1, 2, 3, 4, 5, 6, 7, 8]> : tensor<9xi32>, targets = dense<[1, 0, 1, 1, 1, 1, 1, 2, 1, 1, 3, 1, 1, 4, 1, 1, 5, 1, 1, 6, 1, 1, 7, 1]> : tensor<24xi32>, tau = 1 : i64, types = [@[[CONV]]]}
// CHECK: tn.core_group "output@{{[0-9]+}}" {coords = dense<[1, 0]> : tensor<2xi32>{{.*}}level = 2 : i64, macs = 48 : i64, role = "output", target_start = dense<0> : tensor<25xi32>, targets = dense<> : tensor<0xi32>, tau = 2 : i64, types = [@[[OUT]]]}
// CHECK: tn.input {channels = 1 : i64, height = 2 : i64, target_start = dense<[0, 1, 2, 3, 4]> : tensor<5xi32>, targets = dense<[0, 0, 1, 0, 1, 1, 0, 2, 1, 0, 3, 1]> : tensor<12xi32>, width = 2 : i64}
// CHECK: tn.output "output@{{[0-9]+}}" {channels = 6 : i64, decoding = "membrane"{{.*}}negative = dense<> : tensor<0xi32>, positive = dense<[1, 0, 1, 6, 1, 12, 1, 18, 1, 1, 1, 7,{{.*}}readout_delay = 2 : i64
func.func @net() -> tensor<1x6x2x2xf32> {
  %0 = snn.encoder {mode = #snn.encoding<spikes>} : tensor<1x1x2x2xf32>
  %1 = snn.conv %0 {weight = dense<[[[[0.5]]], [[[-0.25]]]]> : tensor<2x1x1x1xf32>, bias = dense<[0.1, 0.0]> : tensor<2xf32>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, v_th = 1.0 : f32, v_th_neg = 10.0 : f32, reset = #snn.reset<subtract>, v_init = 0.0 : f32} : tensor<1x1x2x2xf32> -> tensor<1x2x2x2xf32>
  %2 = snn.output %1 {weight = dense<0.1> : tensor<6x2x1x1xf32>, bias = dense<0.0> : tensor<6xf32>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, decode = #snn.decoding<vmem>, v_th = 1.0 : f32, output_scale = array<f32: 1.0, 1.0, 1.0, 1.0, 1.0, 1.0>} : tensor<1x2x2x2xf32> -> tensor<1x6x2x2xf32>
  %3 = ann.region %2 {classes = 1, coords = 4, num = 1, softmax = true, anchors = array<f32: 1.0, 1.0>} : tensor<1x6x2x2xf32> -> tensor<1x6x2x2xf32>
  return %3 : tensor<1x6x2x2xf32>
}
