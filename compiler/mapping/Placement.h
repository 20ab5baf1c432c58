//===- Placement.h - Cores onto the mesh ------------------------*- C++ -*-===//
//
// Places cores along a Hilbert curve over the board's mesh, in an order
// the mapper chooses (by the image region the cores work on, then layer by
// layer): cores next to each other in that order land close together on
// the mesh, which keeps spike routes short.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_COMPILER_MAPPING_PLACEMENT_H
#define SNNC_COMPILER_MAPPING_PLACEMENT_H

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace snnc::mapping {

/// Mesh coordinates (x, y) for `count` cores on a width x height mesh
/// (count <= width * height): the first `count` cells of the Hilbert curve
/// over the smallest power-of-two square covering the mesh, skipping cells
/// outside it.
std::vector<std::pair<int32_t, int32_t>>
hilbertPlacement(size_t count, int64_t width, int64_t height);

/// Position on the Hilbert curve of an n x n square (n a power of two) of
/// cell (x, y): the inverse of hilbertCell.
int64_t hilbertIndex(int64_t n, int64_t x, int64_t y);

/// Cell (x, y) of position d on the Hilbert curve of an n x n square (n a
/// power of two).
std::pair<int64_t, int64_t> hilbertCell(int64_t n, int64_t d);

} // namespace snnc::mapping

#endif // SNNC_COMPILER_MAPPING_PLACEMENT_H
