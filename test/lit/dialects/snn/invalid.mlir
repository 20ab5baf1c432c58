// RUN: snnc-opt %s -split-input-file -verify-diagnostics -o /dev/null

func.func @encoder_mode() {
  // A string is not an encoding (the choices are enum attributes).
  // expected-error @+1 {{attribute 'mode' failed to satisfy constraint: how the image enters}}
  %0 = snn.encoder {mode = "poisson"} : tensor<1x1x4x4xf32>
  return
}

// -----

func.func @conv_threshold(%arg0: tensor<1x1x4x4xf32>) {
  // expected-error @+1 {{'v_th' must be positive and finite, got 0}}
  %1 = snn.conv %arg0 {weight = dense<0.5> : tensor<2x1x1x1xf32>, bias = dense<0.1> : tensor<2xf32>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, v_th = 0.0 : f32, reset = #snn.reset<subtract>, v_init = 0.0 : f32} : tensor<1x1x4x4xf32> -> tensor<1x2x4x4xf32>
  return
}

// -----

func.func @conv_negative_threshold(%arg0: tensor<1x1x4x4xf32>) {
  // expected-error @+1 {{'v_th_neg' must be positive and finite, got -1}}
  %1 = snn.conv %arg0 {weight = dense<0.5> : tensor<2x1x1x1xf32>, bias = dense<0.1> : tensor<2xf32>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, v_th = 1.0 : f32, v_th_neg = -1.0 : f32, reset = #snn.reset<subtract>, v_init = 0.0 : f32} : tensor<1x1x4x4xf32> -> tensor<1x2x4x4xf32>
  return
}

// -----

func.func @conv_reset(%arg0: tensor<1x1x4x4xf32>) {
  // An unknown choice does not parse.
  // expected-error @+2 {{expected ::snnc::snn::Reset to be one of: subtract, zero}}
  // expected-error @+1 {{failed to parse Snn_ResetAttr parameter 'value' which is to be a `::snnc::snn::Reset`}}
  %1 = snn.conv %arg0 {weight = dense<0.5> : tensor<2x1x1x1xf32>, bias = dense<0.1> : tensor<2xf32>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, v_th = 1.0 : f32, reset = #snn.reset<linear>, v_init = 0.0 : f32} : tensor<1x1x4x4xf32> -> tensor<1x2x4x4xf32>
  return
}

// -----

func.func @conv_bias_shape(%arg0: tensor<1x1x4x4xf32>) {
  // expected-error @+1 {{'bias' has shape [3], expected [2]}}
  %1 = snn.conv %arg0 {weight = dense<0.5> : tensor<2x1x1x1xf32>, bias = dense<0.1> : tensor<3xf32>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, v_th = 1.0 : f32, reset = #snn.reset<zero>, v_init = 0.0 : f32} : tensor<1x1x4x4xf32> -> tensor<1x2x4x4xf32>
  return
}

// -----

func.func @pool_strategy(%arg0: tensor<1x2x4x4xf32>) {
  // expected-error @+1 {{attribute 'strategy' failed to satisfy constraint: spiking max-pool strategy}}
  %2 = snn.max_pool %arg0 {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding = array<i64: 0, 0, 1, 1>, strategy = #snn.decoding<vmem>} : tensor<1x2x4x4xf32> -> tensor<1x2x2x2xf32>
  return
}

// -----

func.func @output_scale(%arg0: tensor<1x4x4x4xf32>) {
  // expected-error @+1 {{'output_scale' has 2 values for 6 channels}}
  %5 = snn.output %arg0 {weight = dense<0.1> : tensor<6x4x1x1xf32>, bias = dense<0.0> : tensor<6xf32>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, decode = #snn.decoding<vmem>, v_th = 1.0 : f32, output_scale = array<f32: 1.0, 1.0>} : tensor<1x4x4x4xf32> -> tensor<1x6x4x4xf32>
  return
}

// -----

func.func @output_decode(%arg0: tensor<1x4x4x4xf32>) {
  // expected-error @+1 {{attribute 'decode' failed to satisfy constraint: how an output is read}}
  %5 = snn.output %arg0 {weight = dense<0.1> : tensor<6x4x1x1xf32>, bias = dense<0.0> : tensor<6xf32>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, decode = "count", v_th = 1.0 : f32, output_scale = array<f32: 1.0, 1.0, 1.0, 1.0, 1.0, 1.0>} : tensor<1x4x4x4xf32> -> tensor<1x6x4x4xf32>
  return
}

// -----

func.func @output_delay(%arg0: tensor<1x4x4x4xf32>) {
  // expected-error @+1 {{'readout_delay' must be in [0, 2147483647], got -2}}
  %5 = snn.output %arg0 {weight = dense<0.1> : tensor<6x4x1x1xf32>, bias = dense<0.0> : tensor<6xf32>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, decode = #snn.decoding<vmem>, v_th = 1.0 : f32, output_scale = array<f32: 1.0, 1.0, 1.0, 1.0, 1.0, 1.0>, readout_delay = -2} : tensor<1x4x4x4xf32> -> tensor<1x6x4x4xf32>
  return
}

// -----

func.func @conv_channel_thresholds(%arg0: tensor<1x1x4x4xf32>) {
  // expected-error @+1 {{'channel_v_th' has 3 values for 2 channels}}
  %1 = snn.conv %arg0 {weight = dense<5.0> : tensor<2x1x1x1xf32>, bias = dense<1.0> : tensor<2xf32>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, v_th = 1.0 : f32, reset = #snn.reset<subtract>, v_init = 0.0 : f32, channel_v_th = array<f32: 9.0, 10.0, 11.0>} : tensor<1x1x4x4xf32> -> tensor<1x2x4x4xf32>
  return
}

// -----

func.func @conv_channel_threshold_positive(%arg0: tensor<1x1x4x4xf32>) {
  // expected-error @+1 {{'channel_v_th' channel 1 is 0}}
  %1 = snn.conv %arg0 {weight = dense<5.0> : tensor<2x1x1x1xf32>, bias = dense<1.0> : tensor<2xf32>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, v_th = 1.0 : f32, reset = #snn.reset<subtract>, v_init = 0.0 : f32, channel_v_th = array<f32: 9.0, 0.0>} : tensor<1x1x4x4xf32> -> tensor<1x2x4x4xf32>
  return
}

// -----

func.func @conv_channel_negative_needs_signed(%arg0: tensor<1x1x4x4xf32>) {
  // expected-error @+1 {{'channel_v_th_neg' needs 'v_th_neg' (a signed neuron)}}
  %1 = snn.conv %arg0 {weight = dense<5.0> : tensor<2x1x1x1xf32>, bias = dense<1.0> : tensor<2xf32>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, v_th = 1.0 : f32, reset = #snn.reset<subtract>, v_init = 0.0 : f32, channel_v_th_neg = array<f32: 9.0, 9.0>} : tensor<1x1x4x4xf32> -> tensor<1x2x4x4xf32>
  return
}
