// RUN: snnc-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(ann-to-snn))' -verify-diagnostics -o /dev/null
// RUN: not snnc-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(ann-to-snn{norm=batch}))' -o /dev/null 2>&1 | FileCheck %s --check-prefix=OPT
// RUN: not snnc-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(ann-to-snn{v-init=1.5}))' -o /dev/null 2>&1 | FileCheck %s --check-prefix=VINIT
// The enum options are checked as they are parsed, naming the option and the value.
// OPT: for the --norm option: Cannot find option named 'batch'!
// VINIT: ann-to-snn: v-init must be in [0, 1) (a fraction of Vth), got 1.5

func.func @not_calibrated() -> tensor<1x6x1x1xf32> {
  %0 = ann.input : tensor<1x1x1x1xf32>
  // expected-error @+1 {{ann-to-snn: no 'snnc.calibration' on this layer output}}
  %1 = ann.conv2d %0 {weight = dense<1.0> : tensor<6x1x1x1xf32>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>} : tensor<1x1x1x1xf32> -> tensor<1x6x1x1xf32>
  %2 = ann.region %1 {classes = 1, coords = 4, num = 1, softmax = true, anchors = array<f32: 1.0, 1.0>} : tensor<1x6x1x1xf32> -> tensor<1x6x1x1xf32>
  return %2 : tensor<1x6x1x1xf32>
}

// -----

func.func @percentile_missing() -> tensor<1x6x1x1xf32> {
  %0 = ann.input : tensor<1x1x1x1xf32>
  // expected-error @+1 {{ann-to-snn: percentile 99.9 was not calibrated (available: 99, 100)}}
  %1 = ann.conv2d %0 {weight = dense<1.0> : tensor<6x1x1x1xf32>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, snnc.calibration = {images = 1 : i64, percentiles = array<f32: 99.0, 100.0>, layer = array<f32: 2.0, 2.0>, channel = array<f32: 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0>}} : tensor<1x1x1x1xf32> -> tensor<1x6x1x1xf32>
  %2 = ann.region %1 {classes = 1, coords = 4, num = 1, softmax = true, anchors = array<f32: 1.0, 1.0>} : tensor<1x6x1x1xf32> -> tensor<1x6x1x1xf32>
  return %2 : tensor<1x6x1x1xf32>
}

// -----

func.func @malformed_calibration() -> tensor<1x6x1x1xf32> {
  %0 = ann.input : tensor<1x1x1x1xf32>
  // expected-error @+1 {{malformed 'snnc.calibration': 2 percentiles, 2 layer values and 3 channel values for 6 channels}}
  %1 = ann.conv2d %0 {weight = dense<1.0> : tensor<6x1x1x1xf32>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, snnc.calibration = {images = 1 : i64, percentiles = array<f32: 99.9, 100.0>, layer = array<f32: 2.0, 2.0>, channel = array<f32: 2.0, 2.0, 2.0>}} : tensor<1x1x1x1xf32> -> tensor<1x6x1x1xf32>
  %2 = ann.region %1 {classes = 1, coords = 4, num = 1, softmax = true, anchors = array<f32: 1.0, 1.0>} : tensor<1x6x1x1xf32> -> tensor<1x6x1x1xf32>
  return %2 : tensor<1x6x1x1xf32>
}

// -----

func.func @batch_norm_left(%arg0: tensor<1x2x1x1xf32>) {
  %0 = ann.input : tensor<1x1x1x1xf32>
  // expected-error @+1 {{ann-to-snn: fold batch norm first (ann-fold-batch-norm)}}
  %1 = ann.batch_norm %arg0 {scale = dense<1.0> : tensor<2xf32>, shift = dense<0.0> : tensor<2xf32>, mean = dense<0.0> : tensor<2xf32>, variance = dense<1.0> : tensor<2xf32>, epsilon = 1.0e-6 : f32} : tensor<1x2x1x1xf32> -> tensor<1x2x1x1xf32>
  return
}
