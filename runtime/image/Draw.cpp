//===- Draw.cpp - Annotating images with detections -----------------------===//
//
// stb_easy_font is header-only with static functions, so it is included
// here directly (no implementation macro is involved). It emits quads in
// font units; rasterising them as filled rectangles is exact because every
// quad is axis-aligned with integer corners.
//
//===----------------------------------------------------------------------===//

#include "runtime/image/Draw.h"

#include <fmt/format.h>

#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#endif
#include <stb_easy_font.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

#include <algorithm>
#include <cmath>
#include <cstring>

namespace snnc {

Rgb8 classColor(int classId) {
  // HSV with S = 0.85, V = 0.95 and hue = frac(id * golden ratio).
  double h =
      std::fmod(std::abs(static_cast<double>(classId)) * 0.6180339887, 1.0) *
      6.0;
  double s = 0.85, v = 0.95;
  int sector = static_cast<int>(h) % 6;
  double f = h - std::floor(h);
  double p = v * (1 - s), q = v * (1 - s * f), t = v * (1 - s * (1 - f));
  double r = v, g = t, b = p;
  switch (sector) {
  case 0:
    r = v, g = t, b = p;
    break;
  case 1:
    r = q, g = v, b = p;
    break;
  case 2:
    r = p, g = v, b = t;
    break;
  case 3:
    r = p, g = q, b = v;
    break;
  case 4:
    r = t, g = p, b = v;
    break;
  default:
    r = v, g = p, b = q;
    break;
  }
  auto byte = [](double x) {
    return static_cast<uint8_t>(std::lround(x * 255));
  };
  return {byte(r), byte(g), byte(b)};
}

void fillRect(Rgb8Image &image, int x0, int y0, int x1, int y1, Rgb8 color) {
  x0 = std::max(x0, 0);
  y0 = std::max(y0, 0);
  x1 = std::min(x1, image.width);
  y1 = std::min(y1, image.height);
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x) {
      uint8_t *p = image.pixel(x, y);
      p[0] = color.r;
      p[1] = color.g;
      p[2] = color.b;
    }
}

namespace {
/// One quad of stb_easy_font output, in font units.
struct Quad {
  float x0, y0, x1, y1;
};
} // namespace

static std::vector<Quad> fontQuads(const std::string &text) {
  // stb_easy_font indexes its glyph table with (char - 32) and takes a
  // mutable string: pass a sanitised copy.
  std::string printable = text;
  for (char &c : printable)
    if (c < 32 || c > 126)
      c = '?';
  // The header estimates ~270 bytes per character; four times that leaves
  // room for the densest glyphs (it truncates silently when short).
  std::vector<char> buffer((printable.size() + 1) * 1024);
  int quads =
      stb_easy_font_print(0, 0, printable.data(), nullptr, buffer.data(),
                          static_cast<int>(buffer.size()));
  // Each vertex: x, y, z as float, then 4 colour bytes (16 bytes).
  std::vector<Quad> result;
  for (int q = 0; q < quads; ++q) {
    Quad quad{1e9f, 1e9f, -1e9f, -1e9f};
    for (int v = 0; v < 4; ++v) {
      float xy[2];
      std::memcpy(xy, buffer.data() + (q * 4 + v) * 16, sizeof xy);
      quad.x0 = std::min(quad.x0, xy[0]);
      quad.y0 = std::min(quad.y0, xy[1]);
      quad.x1 = std::max(quad.x1, xy[0]);
      quad.y1 = std::max(quad.y1, xy[1]);
    }
    result.push_back(quad);
  }
  return result;
}

TextSize measureText(const std::string &text, int scale) {
  TextSize size;
  for (const Quad &q : fontQuads(text)) {
    size.width = std::max(size.width, static_cast<int>(q.x1) * scale);
    size.height = std::max(size.height, static_cast<int>(q.y1) * scale);
  }
  return size;
}

void drawText(Rgb8Image &image, int x, int y, const std::string &text,
              int scale, Rgb8 color) {
  for (const Quad &q : fontQuads(text))
    fillRect(image, x + static_cast<int>(q.x0) * scale,
             y + static_cast<int>(q.y0) * scale,
             x + static_cast<int>(q.x1) * scale,
             y + static_cast<int>(q.y1) * scale, color);
}

/// Rounds a box coordinate to a pixel index, keeping it in a range where the
/// integer arithmetic below cannot overflow. Returns false for NaN.
static bool toPixel(float v, int &out) {
  if (std::isnan(v))
    return false;
  out = static_cast<int>(std::lround(std::clamp(v, -1.0e6f, 1.0e6f)));
  return true;
}

namespace {

/// The box of a detection in whole pixels, ordered; false when it cannot
/// be drawn (non-finite, or wholly outside the image).
bool pixelBox(const Detection &d, int width, int height, int &x0, int &y0,
              int &x1, int &y1) {
  if (!toPixel(d.box.x0, x0) || !toPixel(d.box.y0, y0) ||
      !toPixel(d.box.x1, x1) || !toPixel(d.box.y1, y1))
    return false;
  if (x1 < x0)
    std::swap(x0, x1);
  if (y1 < y0)
    std::swap(y0, y1);
  // A box wholly outside the image gets neither frame nor label (the label
  // would otherwise be pulled onto the image at a misleading place).
  return !(x1 <= 0 || y1 <= 0 || x0 >= width || y0 >= height);
}

bool overlaps(const LabelPlacement &a, const LabelPlacement &b) {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

} // namespace

int frameThickness(int width, int height) {
  return std::min(width, height) < 256 ? 1 : 3;
}

int labelScale(int width, int height) {
  return std::min(width, height) < 256 ? 1 : 2;
}

std::vector<LabelPlacement>
layoutLabels(int width, int height, const Detections &detections,
             const std::vector<std::string> &classNames) {
  const int scale = labelScale(width, height);
  const int padding = scale;
  std::vector<LabelPlacement> placed;
  // The best detections choose their spots first.
  std::vector<size_t> order(detections.size());
  for (size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return detections[a].score > detections[b].score;
  });
  for (size_t i : order) {
    const Detection &d = detections[i];
    int x0, y0, x1, y1;
    if (!pixelBox(d, width, height, x0, y0, x1, y1))
      continue;
    std::string name =
        d.classId >= 0 && static_cast<size_t>(d.classId) < classNames.size()
            ? classNames[d.classId]
            : fmt::format("class {}", d.classId);
    LabelPlacement label;
    label.detection = i;
    label.text = fmt::format("{} {:.2f}", name, d.score);
    label.textScale = scale;
    TextSize text = measureText(label.text, scale);
    const int w = std::min(text.width + 2 * padding, width);
    const int h = std::min(text.height + 2 * padding, height);
    // Shifted left to stay on the image when the box reaches past its
    // right side.
    const int lx = std::max(0, std::min(x0, width - w));
    auto at = [&](int x, int y) {
      LabelPlacement p = label;
      p.x0 = std::max(0, std::min(x, width - w));
      p.x1 = p.x0 + w;
      p.y0 = std::max(0, std::min(y, height - h));
      p.y1 = p.y0 + h;
      return p;
    };
    auto isFree = [&](const LabelPlacement &p) {
      for (const LabelPlacement &q : placed)
        if (overlaps(p, q))
          return false;
      return true;
    };
    // The preferred spot: above the box, else inside its top edge. When it
    // is taken, the nearest free row (then a column shifted by half a label)
    // within the box's height and three label heights around it.
    const int preferred = y0 - h >= 0 ? y0 - h : std::max(y0, 0);
    std::vector<int> xs = {lx, lx - w / 2, lx + w / 2};
    bool done = false;
    // Only spots near the box: a label far from its box names nothing.
    const int reach = (y1 - y0) + 3 * h;
    for (int distance = 0; !done && distance <= reach; ++distance)
      for (int sign : {1, -1}) {
        if (done || (distance == 0 && sign < 0))
          break;
        int y = preferred + sign * distance;
        if (y < 0 || y > height - h)
          continue;
        for (int x : xs) {
          LabelPlacement p = at(x, y);
          if (isFree(p)) {
            placed.push_back(p);
            done = true;
            break;
          }
        }
      }
    if (!done) // no free spot near the box: keep the preferred one
      placed.push_back(at(lx, preferred));
  }
  return placed;
}

void drawDetections(Rgb8Image &image, const Detections &detections,
                    const std::vector<std::string> &classNames) {
  const int thickness = frameThickness(image.width, image.height);
  // Frames first, then labels, so no frame is drawn over a label.
  for (const Detection &d : detections) {
    int x0, y0, x1, y1;
    if (!pixelBox(d, image.width, image.height, x0, y0, x1, y1))
      continue;
    Rgb8 color = classColor(d.classId);
    // The frame lies inside [x0, x1) x [y0, y1); edges overlap for boxes
    // thinner than twice the thickness, which is harmless.
    fillRect(image, x0, y0, x1, y0 + thickness, color);
    fillRect(image, x0, y1 - thickness, x1, y1, color);
    fillRect(image, x0, y0, x0 + thickness, y1, color);
    fillRect(image, x1 - thickness, y0, x1, y1, color);
  }
  for (const LabelPlacement &label :
       layoutLabels(image.width, image.height, detections, classNames)) {
    Rgb8 color = classColor(detections[label.detection].classId);
    fillRect(image, label.x0, label.y0, label.x1, label.y1, color);
    // Black text on light colours, white on dark (Rec. 601 luma).
    int luma = (299 * color.r + 587 * color.g + 114 * color.b) / 1000;
    Rgb8 ink = luma > 128 ? Rgb8{0, 0, 0} : Rgb8{255, 255, 255};
    drawText(image, label.x0 + label.textScale, label.y0 + label.textScale,
             label.text, label.textScale, ink);
  }
}

} // namespace snnc
