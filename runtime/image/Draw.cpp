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

void drawDetections(Rgb8Image &image, const Detections &detections,
                    const std::vector<std::string> &classNames) {
  constexpr int thickness = 3, textScale = 2, padding = 2;
  for (const Detection &d : detections) {
    int x0, y0, x1, y1;
    if (!toPixel(d.box.x0, x0) || !toPixel(d.box.y0, y0) ||
        !toPixel(d.box.x1, x1) || !toPixel(d.box.y1, y1))
      continue;
    if (x1 < x0)
      std::swap(x0, x1);
    if (y1 < y0)
      std::swap(y0, y1);
    // A box wholly outside the image gets neither frame nor label (the label
    // would otherwise be pulled onto the image at a misleading place).
    if (x1 <= 0 || y1 <= 0 || x0 >= image.width || y0 >= image.height)
      continue;
    Rgb8 color = classColor(d.classId);
    // The frame lies inside [x0, x1) x [y0, y1); edges overlap for boxes
    // thinner than twice the thickness, which is harmless.
    fillRect(image, x0, y0, x1, y0 + thickness, color);
    fillRect(image, x0, y1 - thickness, x1, y1, color);
    fillRect(image, x0, y0, x0 + thickness, y1, color);
    fillRect(image, x1 - thickness, y0, x1, y1, color);

    std::string name =
        d.classId >= 0 && static_cast<size_t>(d.classId) < classNames.size()
            ? classNames[d.classId]
            : fmt::format("class {}", d.classId);
    std::string label = fmt::format("{} {:.2f}", name, d.score);
    TextSize text = measureText(label, textScale);
    int labelW = text.width + 2 * padding, labelH = text.height + 2 * padding;
    // Above the box when it fits, else just inside its top edge; shifted
    // left to stay on the image when the box reaches past the right side.
    int lx = std::max(0, std::min(x0, image.width - labelW));
    int ly = y0 - labelH >= 0 ? y0 - labelH : std::max(y0, 0);
    fillRect(image, lx, ly, lx + labelW, ly + labelH, color);
    // Black text on light colours, white on dark (Rec. 601 luma).
    int luma = (299 * color.r + 587 * color.g + 114 * color.b) / 1000;
    Rgb8 ink = luma > 128 ? Rgb8{0, 0, 0} : Rgb8{255, 255, 255};
    drawText(image, lx + padding, ly + padding, label, textScale, ink);
  }
}

} // namespace snnc
