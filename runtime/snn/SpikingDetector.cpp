//===- SpikingDetector.cpp - Detections from a spiking simulation ---------===//
#include "runtime/snn/SpikingDetector.h"

#include "runtime/detection/Decode.h"
#include "runtime/detection/Nms.h"
#include "runtime/image/Resize.h"
#include "runtime/support/Error.h"

namespace snnc {

Tensor preprocess(const Image &image, const SpikingGraph &graph,
                  bool letterbox) {
  const TensorShape &in = graph.input().shape;
  if (image.channels != in.c)
    fail("spiking network '{}' expects {} channels, the image has {}",
         graph.name, in.c, image.channels);
  int w = static_cast<int>(in.w), h = static_cast<int>(in.h);
  Image sized =
      letterbox ? letterboxImage(image, w, h).image : resizeImage(image, w, h);
  return Tensor{in, std::move(sized.data)};
}

Detections decodeHeads(const SpikingGraph &graph,
                       const std::vector<Tensor> &heads, int imageW, int imageH,
                       const DetectorOptions &options) {
  if (heads.size() != graph.outputs.size())
    fail("spiking network '{}' has {} heads, got {} tensors", graph.name,
         graph.outputs.size(), heads.size());
  ImageGeometry geometry;
  geometry.netW = static_cast<int>(graph.input().shape.w);
  geometry.netH = static_cast<int>(graph.input().shape.h);
  geometry.imageW = imageW;
  geometry.imageH = imageH;
  geometry.letterbox = options.letterbox;
  Detections all;
  for (size_t i = 0; i < heads.size(); ++i) {
    const SpikingNode &node = graph.nodes[graph.outputs[i]];
    if (!(heads[i].shape == node.shape) ||
        heads[i].data.size() != static_cast<size_t>(node.shape.size()))
      fail("spiking network '{}': head {} ({}) is {}x{}x{}, got {}x{}x{}",
           graph.name, i, node.name, node.shape.c, node.shape.h, node.shape.w,
           heads[i].shape.c, heads[i].shape.h, heads[i].shape.w);
    int h = static_cast<int>(node.shape.h), w = static_cast<int>(node.shape.w);
    Detections d = node.isRegion
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

std::vector<Detections> decodeCheckpoints(const SpikingGraph &graph,
                                          const SimulationResult &result,
                                          int imageW, int imageH,
                                          const DetectorOptions &options) {
  std::vector<Detections> out;
  out.reserve(result.heads.size());
  for (const std::vector<Tensor> &heads : result.heads)
    out.push_back(decodeHeads(graph, heads, imageW, imageH, options));
  return out;
}

} // namespace snnc
