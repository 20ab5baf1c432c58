// RUN: snnc-opt %s --pass-pipeline='builtin.module(func.func(ann-to-snn{norm=channel percentile=99.9 neuron=ibt}))' | FileCheck %s --check-prefix=CHAN
// RUN: snnc-opt %s --pass-pipeline='builtin.module(func.func(ann-to-snn{norm=layer percentile=99.9 neuron=signed reset=zero v-init=0.5 decode=count encoder=spikes}))' | FileCheck %s --check-prefix=LAYER
// RUN: snnc-opt %s --pass-pipeline='builtin.module(func.func(ann-to-snn{neuron=if percentile=100}))' | FileCheck %s --check-prefix=IF
// RUN: snnc-opt %s --pass-pipeline='builtin.module(func.func(ann-to-snn{readout-delay=8 max-pool=max_count}))' | FileCheck %s --check-prefix=DELAY
// DELAY: snn.output {{.*}}readout_delay = 8 : i64

// Hand computation. Layer 1: W = [2, 4], b = [1, -2], lambda at 99.9:
// channel = [2, 4], layer = 4. The encoder's lambda is 1 (the image).
//   channel norm (Eq. 5): W~ = [2*1/2, 4*1/4] = [1, 1]; b~ = [1/2, -2/4]
//     = [0.5, -0.5]  -> weight 0x3F800000 x2, bias 0x3F000000 0xBF000000
//   layer norm (Eq. 4):   W~ = [2/4, 4/4] = [0.5, 1]; b~ = [0.25, -0.5]
//     -> weight 0x3F000000 0x3F800000, bias 0x3E800000 0xBF000000
//   percentile 100 (max): channel = [2.5, 8]: W~ = [0.8, 0.5] (IF run)
// Output layer: W = [1, 3] per output channel, b = 0, lambda = 2 for every
// channel (both norms).
//   channel norm: W~ = [1*2/2, 3*4/2] = [1, 6]  -> 0x3F800000 0x40C00000
//   layer norm:   W~ = [1*4/2, 3*4/2] = [2, 6]  -> 0x40000000 0x40C00000
// IBT negative threshold: Vth / alpha = 1 / 0.1 = 10.

// CHAN: %[[E:.*]] = snn.encoder {mode = #snn.encoding<analog>} : tensor<1x1x1x1xf32>
// CHAN: %[[C:.*]] = snn.conv %[[E]] {bias = dense_resource<[[B1:[a-z0-9_]+]]> : tensor<2xf32>, padding = array<i64: 0, 0, 0, 0>, reset = #snn.reset<subtract>, strides = array<i64: 1, 1>, v_init = 0.000000e+00 : f32, v_th = 1.000000e+00 : f32, v_th_neg = 1.000000e+01 : f32, weight = dense_resource<[[W1:[a-z0-9_]+]]> : tensor<2x1x1x1xf32>}
// CHAN: %[[O:.*]] = snn.output %[[C]] {bias = {{.*}}, decode = #snn.decoding<vmem>, output_scale = array<f32: 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00>, {{.*}}weight = dense_resource<[[W2:[a-z0-9_]+]]> : tensor<6x2x1x1xf32>}
// CHAN: %[[R:.*]] = ann.region %[[O]]
// CHAN: return %[[R]]
// CHAN-NOT: ann.conv2d
// CHAN-NOT: ann.leaky_relu
// CHAN: [[B1]]: "0x040000000000003F000000BF"
// CHAN: [[W1]]: "0x040000000000803F0000803F"
// CHAN: [[W2]]: "0x040000000000803F0000C0400000803F0000C040

// LAYER: snn.encoder {mode = #snn.encoding<spikes>}
// LAYER: snn.conv {{.*}}reset = #snn.reset<zero>{{.*}}v_init = 5.000000e-01 : f32, v_th = 1.000000e+00 : f32, v_th_neg = 1.000000e+00 : f32, weight = dense_resource<[[W1:[a-z0-9_]+]]>
// LAYER: snn.output {{.*}}decode = #snn.decoding<count>{{.*}}weight = dense_resource<[[W2:[a-z0-9_]+]]>
// LAYER: [[W1]]: "0x040000000000003F0000803F"
// LAYER: [[W2]]: "0x04000000000000400000C040

// IF: snn.conv
// IF-NOT: v_th_neg
// IF-SAME: weight = dense_resource<[[W1:[a-z0-9_]+]]>
// IF: [[W1]]: "0x04000000CDCC4C3F0000003F"

func.func @net() -> tensor<1x6x1x1xf32> {
  %0 = ann.input : tensor<1x1x1x1xf32>
  %1 = ann.conv2d %0 {weight = dense<[[[[2.0]]], [[[4.0]]]]> : tensor<2x1x1x1xf32>, bias = dense<[1.0, -2.0]> : tensor<2xf32>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>} : tensor<1x1x1x1xf32> -> tensor<1x2x1x1xf32>
  %2 = ann.leaky_relu %1 {slope = 0.1 : f32, snnc.calibration = {images = 1 : i64, percentiles = array<f32: 99.9, 100.0>, layer = array<f32: 4.0, 8.0>, channel = array<f32: 2.0, 2.5, 4.0, 8.0>}} : tensor<1x2x1x1xf32> -> tensor<1x2x1x1xf32>
  %3 = ann.conv2d %2 {weight = dense<[[[[1.0]], [[3.0]]], [[[1.0]], [[3.0]]], [[[1.0]], [[3.0]]], [[[1.0]], [[3.0]]], [[[1.0]], [[3.0]]], [[[1.0]], [[3.0]]]]> : tensor<6x2x1x1xf32>, bias = dense<0.0> : tensor<6xf32>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, snnc.calibration = {images = 1 : i64, percentiles = array<f32: 99.9, 100.0>, layer = array<f32: 2.0, 2.0>, channel = array<f32: 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0>}} : tensor<1x2x1x1xf32> -> tensor<1x6x1x1xf32>
  %4 = ann.region %3 {classes = 1, coords = 4, num = 1, softmax = true, anchors = array<f32: 1.0, 1.0>} : tensor<1x6x1x1xf32> -> tensor<1x6x1x1xf32>
  return %4 : tensor<1x6x1x1xf32>
}
