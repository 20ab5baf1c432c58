// RUN: snnc-opt %s | snnc-opt | FileCheck %s

// CHECK-LABEL: func.func @spiking
// CHECK: snn.encoder {mode = #snn.encoding<analog>} : tensor<1x1x4x4xf32>
// CHECK: snn.conv {{.*}}reset = #snn.reset<subtract>{{.*}}v_th_neg = 1.000000e+01 : f32
// CHECK: snn.max_pool {{.*}}strategy = #snn.max_pool<spike_count>
// CHECK: snn.upsample {{.*}} {scale = 2 : i64}
// CHECK: snn.concat
// CHECK: snn.output {{.*}}decode = #snn.decoding<vmem>
// CHECK: ann.region
func.func @spiking() -> tensor<1x6x4x4xf32> {
  %0 = snn.encoder {mode = #snn.encoding<analog>} : tensor<1x1x4x4xf32>
  %1 = snn.conv %0 {weight = dense<0.5> : tensor<2x1x3x3xf32>, bias = dense<0.1> : tensor<2xf32>, strides = array<i64: 1, 1>, padding = array<i64: 1, 1, 1, 1>, v_th = 1.0 : f32, v_th_neg = 10.0 : f32, reset = #snn.reset<subtract>, v_init = 0.5 : f32} : tensor<1x1x4x4xf32> -> tensor<1x2x4x4xf32>
  %2 = snn.max_pool %1 {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding = array<i64: 0, 0, 1, 1>, strategy = #snn.max_pool<spike_count>} : tensor<1x2x4x4xf32> -> tensor<1x2x2x2xf32>
  %3 = snn.upsample %2 {scale = 2} : tensor<1x2x2x2xf32> -> tensor<1x2x4x4xf32>
  %4 = snn.concat %3, %1 : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x4x4x4xf32>
  %5 = snn.output %4 {weight = dense<0.1> : tensor<6x4x1x1xf32>, bias = dense<0.0> : tensor<6xf32>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, decode = #snn.decoding<vmem>, v_th = 1.0 : f32, output_scale = array<f32: 1.0, 1.0, 1.0, 1.0, 1.0, 1.0>} : tensor<1x4x4x4xf32> -> tensor<1x6x4x4xf32>
  %6 = ann.region %5 {classes = 1, coords = 4, num = 1, softmax = true, anchors = array<f32: 1.0, 1.0>} : tensor<1x6x4x4xf32> -> tensor<1x6x4x4xf32>
  return %6 : tensor<1x6x4x4xf32>
}
