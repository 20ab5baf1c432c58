//===- Placement.cpp - Cores onto the mesh --------------------------------===//

#include "compiler/mapping/Placement.h"

#include "runtime/support/Error.h"

#include <utility>

namespace snnc::mapping {

std::pair<int64_t, int64_t> hilbertCell(int64_t n, int64_t d) {
  // The classic iterative conversion (Hilbert 1891; the d2xy routine).
  int64_t x = 0, y = 0;
  for (int64_t s = 1; s < n; s *= 2) {
    int64_t rx = 1 & (d / 2);
    int64_t ry = 1 & (d ^ rx);
    if (ry == 0) {
      if (rx == 1) {
        x = s - 1 - x;
        y = s - 1 - y;
      }
      std::swap(x, y);
    }
    x += s * rx;
    y += s * ry;
    d /= 4;
  }
  return {x, y};
}

int64_t hilbertIndex(int64_t n, int64_t x, int64_t y) {
  // The classic xy2d routine.
  int64_t d = 0;
  for (int64_t s = n / 2; s > 0; s /= 2) {
    int64_t rx = (x & s) > 0, ry = (y & s) > 0;
    d += s * s * ((3 * rx) ^ ry);
    if (ry == 0) {
      if (rx == 1) {
        x = s - 1 - x;
        y = s - 1 - y;
      }
      std::swap(x, y);
    }
  }
  return d;
}

std::vector<std::pair<int32_t, int32_t>>
hilbertPlacement(size_t count, int64_t width, int64_t height) {
  if (static_cast<int64_t>(count) > width * height)
    fail("{} cores do not fit a {}x{} mesh", count, width, height);
  int64_t n = 1;
  while (n < width || n < height)
    n *= 2;
  std::vector<std::pair<int32_t, int32_t>> cells;
  cells.reserve(count);
  for (int64_t d = 0; cells.size() < count && d < n * n; ++d) {
    auto [x, y] = hilbertCell(n, d);
    if (x < width && y < height)
      cells.push_back({static_cast<int32_t>(x), static_cast<int32_t>(y)});
  }
  return cells;
}

} // namespace snnc::mapping
