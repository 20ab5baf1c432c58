//===- Heads.h - Parameters of darknet's detection heads --------*- C++ -*-===//
//
// The [region] (YOLOv2) and [yolo] (YOLOv3) layer parameters that activation
// and decoding need. A head's tensor is CHW with one block of channels per
// anchor; within a block the entries are [tx, ty, tw, th, (more coords),
// objectness, class 0, class 1, ...], each a full h x w plane. The index of
// entry e of anchor n at (row, col) is ((n * stride + e) * h + row) * w + col,
// stride = coords + 1 + classes: darknet's entry_index.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_DETECTION_HEADS_H
#define SNNC_RUNTIME_DETECTION_HEADS_H

#include <vector>

namespace snnc {

/// YOLOv2 [region]. Anchors are (w, h) pairs in grid cells, `num` of them.
struct RegionHead {
  int classes = 20, coords = 4, num = 5;
  bool softmax = true; ///< Softmax over classes; else logistic per class.
  std::vector<float> anchors;
};

/// YOLOv3 [yolo]. Anchors are (w, h) pairs in pixels of the network input;
/// `mask` selects the pairs this head predicts (one anchor block each).
struct YoloHead {
  int classes = 80;
  std::vector<float> anchors;
  std::vector<int> mask;
};

/// Channels a head's tensor must have.
int regionChannels(const RegionHead &head);
int yoloChannels(const YoloHead &head);

/// Throw snnc::Error when the parameters are inconsistent (too few anchors,
/// mask out of range, coords < 4, non-positive counts).
void validate(const RegionHead &head);
void validate(const YoloHead &head);

} // namespace snnc

#endif // SNNC_RUNTIME_DETECTION_HEADS_H
