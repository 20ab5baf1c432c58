//===- PlacementJson.h - Where a compiled network sits on the board -*- C++
//-*-===//
//
// placement.json, written by snnc compile beside the configuration and drawn
// by scripts/plot_compile.py as placement.png: the board's mesh, every core's
// coordinates and layer, and the busiest core-to-core links (by the number
// of neuron targets they carry).
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_BACKENDS_REPORT_PLACEMENTJSON_H
#define SNNC_BACKENDS_REPORT_PLACEMENTJSON_H

#include "runtime/chip/ChipConfig.h"

#include <nlohmann/json.hpp>

namespace snnc {

/// {"network", "chip", "mesh": {cores_x, cores_y, chips_x, chips_y},
///  "layers": [{name, kind}], "cores": {"x": [], "y": [], "layer": []},
///  "routes": [{"from": [x, y], "to": [x, y], "targets": n, "layer": l}]}
/// with the `topRoutes` busiest links, busiest first (ties by core index).
nlohmann::ordered_json placementJson(const chipcfg::ChipConfig &config,
                                     size_t topRoutes = 200);

} // namespace snnc

#endif // SNNC_BACKENDS_REPORT_PLACEMENTJSON_H
