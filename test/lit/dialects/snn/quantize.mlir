// RUN: snnc-opt %s --snn-quantize="chip=truenorth-x" | FileCheck %s --check-prefix=X
// RUN: snnc-opt %s --snn-quantize="chip=truenorth axon-copies=4" | FileCheck %s --check-prefix=TN
// RUN: not snnc-opt %s --snn-quantize="chip=truenorth axon-copies=5" 2>&1 | FileCheck %s --check-prefix=COPIES
// RUN: snnc-opt %s --snn-quantize="chip=truenorth-x" | not snnc-opt --snn-quantize 2>&1 | FileCheck %s --check-prefix=TWICE

// Golden values by hand (compiler/mapping/Quantize.h).
// truenorth-x (8-bit weights, 18-bit thresholds, 9-bit leak, 20-bit V):
//   channel 0: max|w| = 0.5 -> s = 127 / 0.5 = 254 (leak allows 255 / 0.1):
//     w = 127, v_th = 254, v_th_neg = 2540, bias = round(25.4) = 25
//   channel 1: max|w| = 0.25 -> s = 508: w = -127, v_th = 508, 5080, bias 0
//   output (membrane, 256 ticks): s = min(127 / 0.1, (2^19 - 1) / (4 * 256))
//     = 511.999 -> w = round(51.2) = 51, v_th = 512, scale 1/511.999
// X-LABEL: func.func @quantize() {{.*}}attributes {snn.quantized = {axon_copies = 4 : i64, chip = "truenorth-x", ticks = 256 : i64}}
// X: snn.conv {{.*}}bias = dense<[2.500000e+01, 0.000000e+00]> : tensor<2xf32>, channel_v_init = array<f32: 0.000000e+00, 0.000000e+00>, channel_v_th = array<f32: 2.540000e+02, 5.080000e+02>, channel_v_th_neg = array<f32: 2.540000e+03, 5.080000e+03>{{.*}}weight = dense<[{{\[\[}}[1.270000e+02]]], {{\[\[}}[-1.270000e+02]]]]>
// X: snn.output {{.*}}channel_v_th = array<f32: 5.120000e+02, {{.*}}output_scale = array<f32: 0.00195312{{[0-9]*}}, {{.*}}weight = dense<5.100000e+01>
//
// truenorth (binary, 4 copies; portable neurons spare one bit of every
// field for odd potentials: 8-bit type weights, 17-bit thresholds, 8-bit
// leak, 19-bit V; levels -7..7 times a step g <= 127 / 8 = 15):
//   channel 0: s = 7 * 15 / 0.5 = 210: w = 7 * 15 = 105, v_th = 210,
//     v_th_neg = 2100, bias = round(21.0) = 21
//   channel 1: s = 420: w = -105, v_th = 420, 4200, bias 0
//   output: s <= (2^18 - 1) / (4 * 256) = 255.999 -> g = floor(255.999 * 0.1
//     / 7) = 3 -> s = 3 * 7 / 0.1 = 210: w = 21, v_th = 210
// TN: snn.conv {{.*}}bias = dense<[2.100000e+01, 0.000000e+00]> : tensor<2xf32>, {{.*}}channel_v_th = array<f32: 2.100000e+02, 4.200000e+02>, channel_v_th_neg = array<f32: 2.100000e+03, 4.200000e+03>{{.*}}weight = dense<[{{\[\[}}[1.050000e+02]]], {{\[\[}}[-1.050000e+02]]]]>
// TN: snn.output {{.*}}channel_v_th = array<f32: 2.100000e+02, {{.*}}weight = dense<2.100000e+01>

// COPIES: error: snn-quantize: chip 'truenorth': 5 axon copies per input; a binary crossbar with 4 axon types encodes weights with 2 to 4 copies
// TWICE: error: snn-quantize: already quantized (snn.quantized)

func.func @quantize() -> tensor<1x6x2x2xf32> {
  %0 = snn.encoder {mode = #snn.encoding<spikes>} : tensor<1x1x2x2xf32>
  %1 = snn.conv %0 {weight = dense<[[[[0.5]]], [[[-0.25]]]]> : tensor<2x1x1x1xf32>, bias = dense<[0.1, 0.0]> : tensor<2xf32>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, v_th = 1.0 : f32, v_th_neg = 10.0 : f32, reset = #snn.reset<subtract>, v_init = 0.0 : f32} : tensor<1x1x2x2xf32> -> tensor<1x2x2x2xf32>
  %2 = snn.output %1 {weight = dense<0.1> : tensor<6x2x1x1xf32>, bias = dense<0.0> : tensor<6xf32>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, decode = #snn.decoding<vmem>, v_th = 1.0 : f32, output_scale = array<f32: 1.0, 1.0, 1.0, 1.0, 1.0, 1.0>} : tensor<1x2x2x2xf32> -> tensor<1x6x2x2xf32>
  %3 = ann.region %2 {classes = 1, coords = 4, num = 1, softmax = true, anchors = array<f32: 1.0, 1.0>} : tensor<1x6x2x2xf32> -> tensor<1x6x2x2xf32>
  return %3 : tensor<1x6x2x2xf32>
}
