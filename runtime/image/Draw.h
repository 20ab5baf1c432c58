//===- Draw.h - Annotating images with detections ---------------*- C++ -*-===//
//
// Draws boxes and "name 0.87" labels onto 8-bit RGB images for inspection.
// Everything is clipped to the image: boxes partly or wholly outside it, or
// with non-finite coordinates, never write out of bounds.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_IMAGE_DRAW_H
#define SNNC_RUNTIME_IMAGE_DRAW_H

#include "runtime/detection/Detection.h"
#include "runtime/image/Image.h"

#include <cstdint>
#include <string>
#include <vector>

namespace snnc {

struct Rgb8 {
  uint8_t r = 0, g = 0, b = 0;
};

/// A saturated colour per class: hues step by the golden ratio, so nearby
/// class ids get well-separated colours, and the same id always gets the
/// same colour.
Rgb8 classColor(int classId);

/// Fills the half-open rectangle [x0, x1) x [y0, y1), clipped to the image.
void fillRect(Rgb8Image &image, int x0, int y0, int x1, int y1, Rgb8 color);

/// Draws `text` (printable ASCII; others become '?') with stb_easy_font,
/// each font unit `scale` pixels, top-left at (x, y), clipped.
void drawText(Rgb8Image &image, int x, int y, const std::string &text,
              int scale, Rgb8 color);

/// Size in pixels that drawText covers for `text` at `scale`.
struct TextSize {
  int width = 0, height = 0;
};
TextSize measureText(const std::string &text, int scale);

/// Where a detection's label goes: [x0, x1) x [y0, y1) and its text.
struct LabelPlacement {
  size_t detection = 0; ///< Index into the detections.
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  std::string text;
  int textScale = 1;
};

/// The frame thickness and text scale for an image: thin lines and small
/// text on small images (under 256 px on the short side), so that labels
/// on 128-px images cover little of them.
int frameThickness(int width, int height);
int labelScale(int width, int height);

/// Places the label "name score" of each drawable detection (boxes wholly
/// outside the image get none), best scores first: above its box when that
/// fits, else inside its top edge; when that spot overlaps a label placed
/// before, the nearest row (then a column shifted by half a label) where it
/// overlaps none, within the box's height and three label heights around
/// it (a label far from its box names nothing); when there is none, the
/// preferred spot. Every label lies on the image. Class ids outside classNames
/// are labelled "class <id>".
std::vector<LabelPlacement>
layoutLabels(int width, int height, const Detections &detections,
             const std::vector<std::string> &classNames);

/// Draws each detection's box (inside its edges) in its class colour, then
/// the labels of layoutLabels filled in the same colour.
void drawDetections(Rgb8Image &image, const Detections &detections,
                    const std::vector<std::string> &classNames);

} // namespace snnc

#endif // SNNC_RUNTIME_IMAGE_DRAW_H
