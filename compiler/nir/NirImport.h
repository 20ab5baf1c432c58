//===- NirImport.h - NIR graphs as snnc spiking networks --------*- C++ -*-===//
//
// Reads a NIR file into a SpikingGraph that snnc's simulator runs and its
// mapper places on a chip. Accepted (everything else is refused with the
// node, its type and the reason):
//   Input (C, H, W)              the analog input (the image every step)
//   Conv2d -> IF                 a spiking convolution (dilation 1, one
//                                group); IF's r folds into the weights
//                                (uniform per channel), v_threshold must be
//                                uniform per channel, v_reset 0 (resets to
//                                zero) or absent (NIR <= 1.0.5: subtracts)
//   SumPool2d -> IF              a convolution with one weight per channel
//   Conv2d -> Output             the output layer (membrane decoding)
// Spiking fires at v > v_threshold; snnc fires at V >= v_th, so v_th is the
// float32 just above v_threshold. The detection heads and decoding come from
// the graph's metadata group "snnc" (written by snnc's export); a NIR file
// without it is refused (NIR has no detection heads).
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_COMPILER_NIR_NIRIMPORT_H
#define SNNC_COMPILER_NIR_NIRIMPORT_H

#include "compiler/nir/NirTree.h"
#include "runtime/snn/SpikingGraph.h"

#include <string>

namespace snnc::nir {

/// True when `path` names a NIR file (by its extension, .nir).
bool isNirPath(const std::string &path);

/// Converts a NIR tree read from `path` (for messages).
SpikingGraph importNir(const Group &root, const std::string &path);

/// Reads and converts a NIR file.
SpikingGraph readNir(const std::string &path);

} // namespace snnc::nir

#endif // SNNC_COMPILER_NIR_NIRIMPORT_H
