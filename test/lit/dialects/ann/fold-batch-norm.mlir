// RUN: snnc-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(ann-fold-batch-norm))' | FileCheck %s
// RUN: snnc-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(ann-fold-batch-norm{require-all=true}))' -verify-diagnostics -o /dev/null

// Hand computation (epsilon 1, so the square roots are exact):
//   channel 0: g = 4 / sqrt(3 + 1) = 2;  w' = 0.5 * 2 = 1.0 (0x3F800000)
//              b' = (0 - 0.5) * 2 + 3 = 2.0 (0x40000000)
//   channel 1: g = 1 / sqrt(0 + 1) = 1;  w' = 0.5 (0x3F000000)
//              b' = (0 - 1) * 1 + 0 = -1.0 (0xBF800000)
// Blobs hold a 4-byte alignment then little-endian floats.

// CHECK-LABEL: func.func @fold_without_bias
// CHECK-NOT: ann.batch_norm
// CHECK: %[[C:.*]] = ann.conv2d %{{.*}} {bias = dense_resource<[[B:.*]]> : tensor<2xf32>, padding = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, weight = dense_resource<[[W:.*]]> : tensor<2x1x1x1xf32>}
// CHECK-NEXT: return %[[C]]
// CHECK: [[B]]: "0x0400000000000040000080BF"
// CHECK: [[W]]: "0x040000000000803F0000003F"
func.func @fold_without_bias(%arg0: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %0 = ann.conv2d %arg0 {weight = dense<0.5> : tensor<2x1x1x1xf32>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>} : tensor<1x1x2x2xf32> -> tensor<1x2x2x2xf32>
  %1 = ann.batch_norm %0 {scale = dense<[4.0, 1.0]> : tensor<2xf32>, shift = dense<[3.0, 0.0]> : tensor<2xf32>, mean = dense<[0.5, 1.0]> : tensor<2xf32>, variance = dense<[3.0, 0.0]> : tensor<2xf32>, epsilon = 1.0 : f32} : tensor<1x2x2x2xf32> -> tensor<1x2x2x2xf32>
  return %1 : tensor<1x2x2x2xf32>
}

// -----

// An existing bias is normalized too: channel 0: (1 - 0.5) * 2 + 3 = 4.0
// (0x40800000); channel 1: (1 - 1) * 1 + 0 = 0.
// CHECK-LABEL: func.func @fold_with_bias
// CHECK: bias = dense_resource<[[B:.*]]> : tensor<2xf32>
// CHECK: [[B]]: "0x040000000000804000000000"
func.func @fold_with_bias(%arg0: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %0 = ann.conv2d %arg0 {weight = dense<0.5> : tensor<2x1x1x1xf32>, bias = dense<1.0> : tensor<2xf32>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>} : tensor<1x1x2x2xf32> -> tensor<1x2x2x2xf32>
  %1 = ann.batch_norm %0 {scale = dense<[4.0, 1.0]> : tensor<2xf32>, shift = dense<[3.0, 0.0]> : tensor<2xf32>, mean = dense<[0.5, 1.0]> : tensor<2xf32>, variance = dense<[3.0, 0.0]> : tensor<2xf32>, epsilon = 1.0 : f32} : tensor<1x2x2x2xf32> -> tensor<1x2x2x2xf32>
  return %1 : tensor<1x2x2x2xf32>
}

// -----

// The convolution has a second user: folding would change it, so the
// batch_norm stays (and require-all reports it).
// CHECK-LABEL: func.func @conv_with_two_users
// CHECK: ann.conv2d
// CHECK: ann.batch_norm
func.func @conv_with_two_users(%arg0: tensor<1x1x2x2xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) {
  %0 = ann.conv2d %arg0 {weight = dense<0.5> : tensor<2x1x1x1xf32>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>} : tensor<1x1x2x2xf32> -> tensor<1x2x2x2xf32>
  // expected-error @+1 {{cannot fold: the input is not a single-use ann.conv2d}}
  %1 = ann.batch_norm %0 {scale = dense<1.0> : tensor<2xf32>, shift = dense<0.0> : tensor<2xf32>, mean = dense<0.0> : tensor<2xf32>, variance = dense<1.0> : tensor<2xf32>, epsilon = 1.0e-6 : f32} : tensor<1x2x2x2xf32> -> tensor<1x2x2x2xf32>
  return %0, %1 : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>
}

// -----

// A batch_norm on the network input has no convolution to fold into.
// CHECK-LABEL: func.func @no_conv
// CHECK: ann.batch_norm
func.func @no_conv(%arg0: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  // expected-error @+1 {{cannot fold: the input is not a single-use ann.conv2d}}
  %1 = ann.batch_norm %arg0 {scale = dense<1.0> : tensor<2xf32>, shift = dense<0.0> : tensor<2xf32>, mean = dense<0.0> : tensor<2xf32>, variance = dense<1.0> : tensor<2xf32>, epsilon = 1.0e-6 : f32} : tensor<1x2x2x2xf32> -> tensor<1x2x2x2xf32>
  return %1 : tensor<1x2x2x2xf32>
}
