//===- Detector.cpp - Image in, detections out ----------------------------===//
#include "runtime/inference/Detector.h"

#include "runtime/detection/Decode.h"
#include "runtime/detection/Nms.h"
#include "runtime/image/Resize.h"
#include "runtime/support/Error.h"

#include <algorithm>

namespace snnc {

Tensor preprocess(const Image &image, const Graph &graph, bool letterbox) {
  const TensorShape &in = graph.input().shape;
  if (image.channels != in.c)
    fail("network '{}' expects {} channels, the image has {}", graph.name, in.c,
         image.channels);
  int w = static_cast<int>(in.w), h = static_cast<int>(in.h);
  Image sized =
      letterbox ? letterboxImage(image, w, h).image : resizeImage(image, w, h);
  return Tensor{in, std::move(sized.data)};
}

Detections decodeHeads(const Graph &graph, const std::vector<Tensor> &heads,
                       int imageW, int imageH, const DetectorOptions &options) {
  ImageGeometry geometry;
  geometry.netW = static_cast<int>(graph.input().shape.w);
  geometry.netH = static_cast<int>(graph.input().shape.h);
  geometry.imageW = imageW;
  geometry.imageH = imageH;
  geometry.letterbox = options.letterbox;
  Detections all;
  for (size_t i = 0; i < heads.size(); ++i) {
    const Node &node = graph.nodes[graph.outputs[i]];
    int h = static_cast<int>(node.shape.h), w = static_cast<int>(node.shape.w);
    Detections d = node.kind == NodeKind::Region
                       ? decodeRegion(heads[i].data.data(), h, w, node.region,
                                      geometry, options.threshold)
                       : decodeYolo(heads[i].data.data(), h, w, node.yolo,
                                    geometry, options.threshold);
    all.insert(all.end(), d.begin(), d.end());
  }
  all = nmsPerClass(std::move(all), options.nms);
  if (options.maxDetections)
    all = keepTop(std::move(all), options.maxDetections);
  return all;
}

Detections detect(const Executor &executor, const Image &image,
                  const DetectorOptions &options) {
  Tensor input = preprocess(image, executor.graph(), options.letterbox);
  return decodeHeads(executor.graph(), executor.run(input), image.width,
                     image.height, options);
}

} // namespace snnc
