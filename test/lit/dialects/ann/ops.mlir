// RUN: snnc-opt %s | snnc-opt | FileCheck %s
// Every ann op parses, verifies, prints and re-parses to the same IR.

// CHECK-LABEL: func.func @all_ops
func.func @all_ops() -> (tensor<1x30x2x2xf32>, tensor<1x21x4x4xf32>) {
  // CHECK: %[[IN:.*]] = ann.input : tensor<1x3x4x4xf32>
  %0 = ann.input : tensor<1x3x4x4xf32>
  // CHECK: %[[C:.*]] = ann.conv2d %[[IN]] {padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>, weight = dense<5.000000e-01> : tensor<4x3x3x3xf32>} : tensor<1x3x4x4xf32> -> tensor<1x4x4x4xf32>
  %1 = ann.conv2d %0 {weight = dense<0.5> : tensor<4x3x3x3xf32>, strides = array<i64: 1, 1>, padding = array<i64: 1, 1, 1, 1>} : tensor<1x3x4x4xf32> -> tensor<1x4x4x4xf32>
  // CHECK: ann.batch_norm %[[C]] {epsilon = 9.99999997E-7 : f32
  %2 = ann.batch_norm %1 {scale = dense<2.0> : tensor<4xf32>, shift = dense<1.0> : tensor<4xf32>, mean = dense<0.5> : tensor<4xf32>, variance = dense<4.0> : tensor<4xf32>, epsilon = 1.0e-6 : f32} : tensor<1x4x4x4xf32> -> tensor<1x4x4x4xf32>
  // CHECK: ann.leaky_relu {{.*}} {slope = 1.000000e-01 : f32}
  %3 = ann.leaky_relu %2 {slope = 0.1 : f32} : tensor<1x4x4x4xf32> -> tensor<1x4x4x4xf32>
  // CHECK: ann.relu
  %4 = ann.relu %3 : tensor<1x4x4x4xf32> -> tensor<1x4x4x4xf32>
  // darknet's size 2 / stride 1 max-pool pads only at the bottom and right.
  // CHECK: ann.max_pool {{.*}} {kernel = array<i64: 2, 2>, padding = array<i64: 0, 0, 1, 1>, strides = array<i64: 1, 1>} : tensor<1x4x4x4xf32> -> tensor<1x4x4x4xf32>
  %5 = ann.max_pool %4 {kernel = array<i64: 2, 2>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 1, 1>} : tensor<1x4x4x4xf32> -> tensor<1x4x4x4xf32>
  // CHECK: ann.max_pool {{.*}} -> tensor<1x4x2x2xf32>
  %6 = ann.max_pool %5 {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding = array<i64: 0, 0, 1, 1>} : tensor<1x4x4x4xf32> -> tensor<1x4x2x2xf32>
  // CHECK: ann.conv2d {{.*}}bias = dense<0.000000e+00> : tensor<30xf32>
  %7 = ann.conv2d %6 {weight = dense<0.1> : tensor<30x4x1x1xf32>, bias = dense<0.0> : tensor<30xf32>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>} : tensor<1x4x2x2xf32> -> tensor<1x30x2x2xf32>
  // CHECK: ann.region {{.*}}classes = 1 : i64, coords = 4 : i64, num = 5 : i64, softmax = true
  %8 = ann.region %7 {classes = 1, coords = 4, num = 5, softmax = true, anchors = array<f32: 1.0, 1.0, 2.0, 2.0, 3.0, 3.0, 4.0, 4.0, 5.0, 5.0>} : tensor<1x30x2x2xf32> -> tensor<1x30x2x2xf32>
  // CHECK: ann.upsample {{.*}} {scale = 2 : i64} : tensor<1x4x2x2xf32> -> tensor<1x4x4x4xf32>
  %9 = ann.upsample %6 {scale = 2} : tensor<1x4x2x2xf32> -> tensor<1x4x4x4xf32>
  // CHECK: ann.concat {{.*}} : (tensor<1x4x4x4xf32>, tensor<1x3x4x4xf32>) -> tensor<1x7x4x4xf32>
  %10 = ann.concat %9, %0 : (tensor<1x4x4x4xf32>, tensor<1x3x4x4xf32>) -> tensor<1x7x4x4xf32>
  %11 = ann.conv2d %10 {weight = dense<0.1> : tensor<21x7x1x1xf32>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>} : tensor<1x7x4x4xf32> -> tensor<1x21x4x4xf32>
  // CHECK: ann.yolo {{.*}}classes = 2 : i64, mask = array<i64: 1, 2, 3>
  %12 = ann.yolo %11 {classes = 2, anchors = array<f32: 10.0, 14.0, 23.0, 27.0, 37.0, 58.0, 81.0, 82.0>, mask = array<i64: 1, 2, 3>} : tensor<1x21x4x4xf32> -> tensor<1x21x4x4xf32>
  return %8, %12 : tensor<1x30x2x2xf32>, tensor<1x21x4x4xf32>
}

// Parameters stored as resource blobs survive the round trip.
// CHECK-LABEL: func.func @resources
// CHECK: weight = dense_resource<w> : tensor<1x1x1x1xf32>
// CHECK: w: "0x040000000000803F"
func.func @resources() -> tensor<1x1x1x1xf32> {
  %0 = ann.input : tensor<1x1x1x1xf32>
  %1 = ann.conv2d %0 {weight = dense_resource<w> : tensor<1x1x1x1xf32>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>} : tensor<1x1x1x1xf32> -> tensor<1x1x1x1xf32>
  return %1 : tensor<1x1x1x1xf32>
}

{-#
  dialect_resources: {
    builtin: {
      w: "0x040000000000803F"
    }
  }
#-}
