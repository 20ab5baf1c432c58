//===- OnnxReaderFuzzer.cpp - libFuzzer target for ONNX models ------------===//
//
// Any input must either read into a consistent layer list (weights sized to
// their layers, routes to earlier layers, positive shapes, a head last) or
// raise snnc::Error naming the file; anything else is a bug. protobuf itself
// is Debian's library (not instrumented); snnc's reader, its constant
// folder and the darknet head check are.
//
//===----------------------------------------------------------------------===//
#include "compiler/onnx/OnnxReader.h"
#include "runtime/support/Error.h"

#include <cstdlib>
#include <string_view>

using namespace snnc;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char *>(data), size);
  try {
    onnx::OnnxModel m = onnx::parseOnnx(bytes, "fuzz.onnx");
    const auto &layers = m.network.layers;
    if (layers.empty() || m.weights.layers.size() != layers.size())
      std::abort();
    for (size_t i = 0; i < layers.size(); ++i) {
      const darknet::Layer &l = layers[i];
      if (l.output.c <= 0 || l.output.h <= 0 || l.output.w <= 0)
        std::abort();
      for (int r : l.routeLayers)
        if (r < 0 || r >= static_cast<int>(i))
          std::abort();
      if (l.kind != darknet::LayerKind::Convolutional)
        continue;
      const darknet::ConvWeights &w = m.weights.layers[i];
      if (static_cast<int64_t>(w.weights.size()) !=
              l.filters * l.input.c * l.size * l.size ||
          static_cast<int64_t>(w.biases.size()) != l.filters ||
          (l.batchNormalize &&
           static_cast<int64_t>(w.variance.size()) != l.filters))
        std::abort();
    }
    darknet::LayerKind last = layers.back().kind;
    if (last != darknet::LayerKind::Region && last != darknet::LayerKind::Yolo)
      std::abort();
  } catch (const Error &) {
  }
  return 0;
}
