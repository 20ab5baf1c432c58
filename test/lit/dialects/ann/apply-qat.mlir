// RUN: split-file %s %t
// RUN: snnc-opt %t/net.mlir --ann-apply-qat="metadata=%t/net.qat.json percentiles=99.9" | FileCheck %s
// RUN: snnc-opt %t/net.mlir --ann-apply-qat="metadata=%t/net.qat.json percentiles=99.9" | snnc-opt | FileCheck %s
// RUN: snnc-opt %t/net.mlir --ann-apply-qat="metadata=%t/no-range.qat.json" | FileCheck %s --check-prefix=NORANGE
// RUN: not snnc-opt %t/net.mlir --ann-apply-qat="metadata=%t/wrong.qat.json" 2>&1 | FileCheck %s --check-prefix=WRONG
// RUN: not snnc-opt %t/net.mlir --ann-apply-qat 2>&1 | FileCheck %s --check-prefix=NOFILE
// RUN: not snnc-opt %t/net.mlir --ann-apply-qat="metadata=%t/net.qat.json percentiles=150" 2>&1 | FileCheck %s --check-prefix=PERCENT
// RUN: snnc-opt %t/net.mlir --ann-apply-qat="metadata=%t/net.qat.json" | sed 's/snnc.darknet_layer = [0-9]* : i64, //' | not snnc-opt --ann-apply-qat="metadata=%t/net.qat.json" 2>&1 | FileCheck %s --check-prefix=NOINDEX

// A two-layer network as `snnc import` writes it (conv 2 leaky - conv 6
// linear - region), with the metadata a QAT model carries: L = 4 levels,
// ceilings 0.5 and 2 for layer 0, the head's range 1..6 for layer 1, 8
// image levels. By hand: the leaky activation's calibration is its
// ceilings at every percentile asked for and 100 (channel-major: 0.5 0.5
// 2 2; the layer's largest, 2, at both), and it carries the quantizer
// {levels = 4, ceilings = [0.5, 2]}; the head convolution's calibration is
// its range, likewise at both percentiles (1 1 2 2 ... 6 6; the layer's 6);
// the module records the 8 image levels.

// CHECK: module attributes {{{.*}}snnc.qat_input_levels = 8 : i64
// CHECK: ann.leaky_relu
// CHECK-SAME: snnc.calibration = {channel = array<f32: 5.000000e-01, 5.000000e-01, 2.000000e+00, 2.000000e+00>, images = 0 : i64, layer = array<f32: 2.000000e+00, 2.000000e+00>, percentiles = array<f32: 9.990000e+01, 1.000000e+02>}
// CHECK-SAME: snnc.qat = {ceilings = array<f32: 5.000000e-01, 2.000000e+00>, levels = 4 : i64}
// CHECK: ann.conv2d
// CHECK-SAME: snnc.calibration = {channel = array<f32: 1.000000e+00, 1.000000e+00, 2.000000e+00, 2.000000e+00, 3.000000e+00, 3.000000e+00, 4.000000e+00, 4.000000e+00, 5.000000e+00, 5.000000e+00, 6.000000e+00, 6.000000e+00>, images = 0 : i64, layer = array<f32: 6.000000e+00, 6.000000e+00>, percentiles = array<f32: 9.990000e+01, 1.000000e+02>}
// CHECK-NOT: snnc.qat_no_range

// Without the head's entry (and no image calibration) the head gets 1 and
// is marked: spike-count readout refuses it.
// NORANGE: ann.conv2d %2
// NORANGE-SAME: snnc.calibration = {channel = array<f32: 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00>
// NORANGE-SAME: snnc.qat_no_range

// WRONG: error: ann-apply-qat: {{.*}}wrong.qat.json: layers[0] says layer 0 has activation 'relu', but {{.*}}q.cfg:6 has 'leaky'
// NOFILE: error: ann-apply-qat: no metadata file (metadata=MODEL.qat.json)
// PERCENT: error: ann-apply-qat: percentile 150 is not in (0, 100]
// NOINDEX: error: ann-apply-qat: {{.*}}net.qat.json: the network's ops carry no darknet layer index ('snnc.darknet_layer'); QAT metadata names the layers of a model imported from a darknet cfg

//--- net.mlir
module attributes {snnc.class_names = ["class0"]} {
  func.func @q() -> tensor<1x6x2x2xf32> {
    %0 = ann.input : tensor<1x1x2x2xf32> loc("q.cfg":1:1)
    %1 = ann.conv2d %0 {bias = dense<[0.0, 0.0]> : tensor<2xf32>, padding = array<i64: 0, 0, 0, 0>, snnc.darknet_layer = 0 : i64, strides = array<i64: 1, 1>, weight = dense<[[[[1.0]]], [[[2.0]]]]> : tensor<2x1x1x1xf32>} : tensor<1x1x2x2xf32> -> tensor<1x2x2x2xf32> loc("q.cfg":6:1)
    %2 = ann.leaky_relu %1 {slope = 1.000000e-01 : f32, snnc.darknet_layer = 0 : i64} : tensor<1x2x2x2xf32> -> tensor<1x2x2x2xf32> loc("q.cfg":6:1)
    %3 = ann.conv2d %2 {bias = dense<0.0> : tensor<6xf32>, padding = array<i64: 0, 0, 0, 0>, snnc.darknet_layer = 1 : i64, strides = array<i64: 1, 1>, weight = dense<1.0> : tensor<6x2x1x1xf32>} : tensor<1x2x2x2xf32> -> tensor<1x6x2x2xf32> loc("q.cfg":11:1)
    %4 = ann.region %3 {anchors = array<f32: 1.000000e+00, 1.000000e+00>, classes = 1 : i64, coords = 4 : i64, num = 1 : i64, softmax = false} : tensor<1x6x2x2xf32> -> tensor<1x6x2x2xf32> loc("q.cfg":16:1)
    return %4 : tensor<1x6x2x2xf32>
  }
}

//--- net.qat.json
{"format": "snnc-qat", "version": 1, "levels": 4, "weight_bits": 8,
 "input_levels": 8, "layers": [
  {"index": 0, "type": "convolutional", "activation": "leaky", "ceiling": [0.5, 2]},
  {"index": 1, "type": "convolutional", "activation": "linear", "ceiling": [1, 2, 3, 4, 5, 6]}]}

//--- no-range.qat.json
{"format": "snnc-qat", "version": 1, "levels": 4, "weight_bits": 8,
 "input_levels": 8, "layers": [
  {"index": 0, "type": "convolutional", "activation": "leaky", "ceiling": [0.5, 2]}]}

//--- wrong.qat.json
{"format": "snnc-qat", "version": 1, "levels": 4, "weight_bits": 8,
 "input_levels": 8, "layers": [
  {"index": 0, "type": "convolutional", "activation": "relu", "ceiling": [0.5, 2]}]}
