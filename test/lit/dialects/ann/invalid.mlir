// RUN: snnc-opt %s -split-input-file -verify-diagnostics
// Each verifier rejects inconsistent IR with a message naming the numbers.

func.func @conv_channels() {
  %0 = ann.input : tensor<1x3x4x4xf32>
  // expected-error @+1 {{'weight' has 2 input channels but the input has 3}}
  %1 = ann.conv2d %0 {weight = dense<0.5> : tensor<4x2x3x3xf32>, strides = array<i64: 1, 1>, padding = array<i64: 1, 1, 1, 1>} : tensor<1x3x4x4xf32> -> tensor<1x4x4x4xf32>
  return
}

// -----

func.func @conv_output_shape() {
  %0 = ann.input : tensor<1x3x4x4xf32>
  // expected-error @+1 {{result shape [1, 4, 4, 4] does not match the expected [1, 4, 2, 2]}}
  %1 = ann.conv2d %0 {weight = dense<0.5> : tensor<4x3x3x3xf32>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>} : tensor<1x3x4x4xf32> -> tensor<1x4x4x4xf32>
  return
}

// -----

func.func @conv_bias_shape() {
  %0 = ann.input : tensor<1x3x4x4xf32>
  // expected-error @+1 {{'bias' has shape [5], expected [4]}}
  %1 = ann.conv2d %0 {weight = dense<0.5> : tensor<4x3x1x1xf32>, bias = dense<0.0> : tensor<5xf32>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>} : tensor<1x3x4x4xf32> -> tensor<1x4x4x4xf32>
  return
}

// -----

func.func @conv_strides() {
  %0 = ann.input : tensor<1x3x4x4xf32>
  // expected-error @+1 {{'strides' values must be >= 1, got [0, 1]}}
  %1 = ann.conv2d %0 {weight = dense<0.5> : tensor<4x3x1x1xf32>, strides = array<i64: 0, 1>, padding = array<i64: 0, 0, 0, 0>} : tensor<1x3x4x4xf32> -> tensor<1x4x4x4xf32>
  return
}

// -----

func.func @conv_padding_arity() {
  %0 = ann.input : tensor<1x3x4x4xf32>
  // expected-error @+1 {{'padding' must be [top, left, bottom, right], got 2 values}}
  %1 = ann.conv2d %0 {weight = dense<0.5> : tensor<4x3x1x1xf32>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0>} : tensor<1x3x4x4xf32> -> tensor<1x4x4x4xf32>
  return
}

// -----

func.func @conv_weight_type() {
  %0 = ann.input : tensor<1x3x4x4xf32>
  // expected-error @+1 {{'weight' must hold f32 values}}
  %1 = ann.conv2d %0 {weight = dense<1> : tensor<4x3x1x1xi8>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>} : tensor<1x3x4x4xf32> -> tensor<1x4x4x4xf32>
  return
}

// -----

func.func @batch_norm_channels(%arg0: tensor<1x4x2x2xf32>) {
  // expected-error @+1 {{'mean' has shape [3], expected [4]}}
  %1 = ann.batch_norm %arg0 {scale = dense<2.0> : tensor<4xf32>, shift = dense<1.0> : tensor<4xf32>, mean = dense<0.5> : tensor<3xf32>, variance = dense<4.0> : tensor<4xf32>, epsilon = 1.0e-6 : f32} : tensor<1x4x2x2xf32> -> tensor<1x4x2x2xf32>
  return
}

// -----

func.func @batch_norm_epsilon(%arg0: tensor<1x1x2x2xf32>) {
  // expected-error @+1 {{'epsilon' must be positive}}
  %1 = ann.batch_norm %arg0 {scale = dense<2.0> : tensor<1xf32>, shift = dense<1.0> : tensor<1xf32>, mean = dense<0.5> : tensor<1xf32>, variance = dense<4.0> : tensor<1xf32>, epsilon = 0.0 : f32} : tensor<1x1x2x2xf32> -> tensor<1x1x2x2xf32>
  return
}

// -----

func.func @leaky_slope(%arg0: tensor<1x1x2x2xf32>) {
  // expected-error @+1 {{'slope' must be in [0, 1), got 1.5}}
  %1 = ann.leaky_relu %arg0 {slope = 1.5 : f32} : tensor<1x1x2x2xf32> -> tensor<1x1x2x2xf32>
  return
}

// -----

func.func @relu_type(%arg0: tensor<1x1x2x2xf32>) {
  // expected-error @+1 {{result type 'tensor<1x1x2x3xf32>' must equal the input type 'tensor<1x1x2x2xf32>'}}
  %1 = ann.relu %arg0 : tensor<1x1x2x2xf32> -> tensor<1x1x2x3xf32>
  return
}

// -----

func.func @dynamic_shape(%arg0: tensor<1x1x?x2xf32>) {
  // expected-error @+1 {{requires static shapes}}
  %1 = ann.relu %arg0 : tensor<1x1x?x2xf32> -> tensor<1x1x?x2xf32>
  return
}

// -----

func.func @pool_shape(%arg0: tensor<1x4x13x13xf32>) {
  // darknet's size 2 / stride 1 pool keeps 13x13 only with the extra
  // bottom/right padding; without it the result is 12x12.
  // expected-error @+1 {{result shape [1, 4, 13, 13] does not match the expected [1, 4, 12, 12]}}
  %1 = ann.max_pool %arg0 {kernel = array<i64: 2, 2>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>} : tensor<1x4x13x13xf32> -> tensor<1x4x13x13xf32>
  return
}

// -----

func.func @pool_padding(%arg0: tensor<1x4x4x4xf32>) {
  // expected-error @+1 {{padding must be smaller than the kernel}}
  %1 = ann.max_pool %arg0 {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding = array<i64: 0, 0, 2, 2>} : tensor<1x4x4x4xf32> -> tensor<1x4x4x4xf32>
  return
}

// -----

func.func @upsample_shape(%arg0: tensor<1x4x4x4xf32>) {
  // expected-error @+1 {{does not match scale 2}}
  %1 = ann.upsample %arg0 {scale = 2} : tensor<1x4x4x4xf32> -> tensor<1x4x8x7xf32>
  return
}

// -----

func.func @upsample_scale(%arg0: tensor<1x4x4x4xf32>) {
  // expected-error @+1 {{attribute 'scale' failed to satisfy constraint}}
  %1 = ann.upsample %arg0 {scale = 0} : tensor<1x4x4x4xf32> -> tensor<1x4x4x4xf32>
  return
}

// -----

func.func @concat_channels(%a: tensor<1x4x4x4xf32>, %b: tensor<1x3x4x4xf32>) {
  // expected-error @+1 {{inputs have 7 channels in total but the result has 8}}
  %1 = ann.concat %a, %b : (tensor<1x4x4x4xf32>, tensor<1x3x4x4xf32>) -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @concat_spatial(%a: tensor<1x4x4x4xf32>, %b: tensor<1x3x2x2xf32>) {
  // expected-error @+1 {{input 1 of type 'tensor<1x3x2x2xf32>' differs from the result 'tensor<1x7x4x4xf32>' outside the channel dimension}}
  %1 = ann.concat %a, %b : (tensor<1x4x4x4xf32>, tensor<1x3x2x2xf32>) -> tensor<1x7x4x4xf32>
  return
}

// -----

func.func @region_channels(%arg0: tensor<1x124x13x13xf32>) {
  // expected-error @+1 {{input has 124 channels, expected num*(coords+1+classes) = 125}}
  %1 = ann.region %arg0 {classes = 20, coords = 4, num = 5, softmax = true, anchors = array<f32: 1.0, 1.0, 2.0, 2.0, 3.0, 3.0, 4.0, 4.0, 5.0, 5.0>} : tensor<1x124x13x13xf32> -> tensor<1x124x13x13xf32>
  return
}

// -----

func.func @region_anchors(%arg0: tensor<1x125x13x13xf32>) {
  // expected-error @+1 {{has 8 anchor values, expected 2*num = 10}}
  %1 = ann.region %arg0 {classes = 20, coords = 4, num = 5, softmax = true, anchors = array<f32: 1.0, 1.0, 2.0, 2.0, 3.0, 3.0, 4.0, 4.0>} : tensor<1x125x13x13xf32> -> tensor<1x125x13x13xf32>
  return
}

// -----

func.func @yolo_mask(%arg0: tensor<1x21x4x4xf32>) {
  // expected-error @+1 {{mask index 4 is outside the 4 anchors}}
  %1 = ann.yolo %arg0 {classes = 2, anchors = array<f32: 10.0, 14.0, 23.0, 27.0, 37.0, 58.0, 81.0, 82.0>, mask = array<i64: 1, 2, 4>} : tensor<1x21x4x4xf32> -> tensor<1x21x4x4xf32>
  return
}

// -----

func.func @yolo_channels(%arg0: tensor<1x20x4x4xf32>) {
  // expected-error @+1 {{input has 20 channels, expected len(mask)*(5+classes) = 21}}
  %1 = ann.yolo %arg0 {classes = 2, anchors = array<f32: 10.0, 14.0, 23.0, 27.0, 37.0, 58.0, 81.0, 82.0>, mask = array<i64: 1, 2, 3>} : tensor<1x20x4x4xf32> -> tensor<1x20x4x4xf32>
  return
}

// -----

func.func @input_batch() {
  // expected-error @+1 {{batch size must be 1, got 2}}
  %0 = ann.input : tensor<2x3x4x4xf32>
  return
}

// -----

func.func @input_element_type() {
  // expected-error @+1 {{must be 4D tensor of 32-bit float values}}
  %0 = ann.input : tensor<1x3x4x4xf16>
  return
}
