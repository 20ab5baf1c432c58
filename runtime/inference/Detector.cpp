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

Detections decodeHeadTensors(const std::vector<HeadInfo> &info,
                             const std::vector<Tensor> &heads, int netW,
                             int netH, int imageW, int imageH,
                             const DetectorOptions &options) {
  if (info.size() != heads.size())
    fail("{} head tensors for {} heads", heads.size(), info.size());
  ImageGeometry geometry;
  geometry.netW = netW;
  geometry.netH = netH;
  geometry.imageW = imageW;
  geometry.imageH = imageH;
  geometry.letterbox = options.letterbox;
  Detections all;
  for (size_t i = 0; i < heads.size(); ++i) {
    int h = static_cast<int>(heads[i].shape.h);
    int w = static_cast<int>(heads[i].shape.w);
    Detections d =
        info[i].isRegion
            ? decodeRegion(heads[i].data.data(), h, w, info[i].region, geometry,
                           options.threshold)
            : decodeYolo(heads[i].data.data(), h, w, info[i].yolo, geometry,
                         options.threshold);
    all.insert(all.end(), d.begin(), d.end());
  }
  all = nmsPerClass(std::move(all), options.nms);
  if (options.maxDetections)
    all = keepTop(std::move(all), options.maxDetections);
  return all;
}

Detections decodeHeads(const Graph &graph, const std::vector<Tensor> &heads,
                       int imageW, int imageH, const DetectorOptions &options) {
  std::vector<HeadInfo> info;
  for (int out : graph.outputs) {
    const Node &node = graph.nodes[out];
    HeadInfo h;
    h.isRegion = node.kind == NodeKind::Region;
    h.region = node.region;
    h.yolo = node.yolo;
    info.push_back(h);
  }
  return decodeHeadTensors(info, heads, static_cast<int>(graph.input().shape.w),
                           static_cast<int>(graph.input().shape.h), imageW,
                           imageH, options);
}

Detections detect(const Executor &executor, const Image &image,
                  const DetectorOptions &options) {
  Tensor input = preprocess(image, executor.graph(), options.letterbox);
  return decodeHeads(executor.graph(), executor.run(input), image.width,
                     image.height, options);
}

} // namespace snnc
