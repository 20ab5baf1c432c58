//===- Heads.cpp - Parameters of darknet's detection heads ----------------===//

#include "runtime/detection/Heads.h"

#include "runtime/support/Error.h"

namespace snnc {

int regionChannels(const RegionHead &head) {
  return head.num * (head.coords + 1 + head.classes);
}

int yoloChannels(const YoloHead &head) {
  return static_cast<int>(head.mask.size()) * (4 + 1 + head.classes);
}

void validate(const RegionHead &head) {
  if (head.classes <= 0 || head.num <= 0 || head.coords < 4)
    fail("region head: invalid classes={} num={} coords={}", head.classes,
         head.num, head.coords);
  if (head.anchors.size() < 2 * static_cast<size_t>(head.num))
    fail("region head: {} anchors need {} values, got {}", head.num,
         2 * head.num, head.anchors.size());
}

void validate(const YoloHead &head) {
  if (head.classes <= 0 || head.mask.empty())
    fail("yolo head: invalid classes={} with {} mask entries", head.classes,
         head.mask.size());
  for (int m : head.mask)
    if (m < 0 || 2 * static_cast<size_t>(m) + 1 >= head.anchors.size())
      fail("yolo head: mask entry {} out of range for {} anchor pairs", m,
           head.anchors.size() / 2);
}

} // namespace snnc
