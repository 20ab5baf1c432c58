//===- ChipBindings.cpp - Chip descriptions in Python ---------------------===//
//
// snnc.chip("truenorth") is `snnc chip truenorth`: the validated
// description (a shipped profile or a YAML file), read-only, with
// to_dict() holding the fields of `snnc chip --json` and the rest.
//
//===----------------------------------------------------------------------===//
#include "python/src/Bindings.h"
#include "python/src/Convert.h"

#include "compiler/chip/ChipDescription.h"

#include <pybind11/stl.h>

namespace snnc::python {

namespace {

const char *crossbarName(const chip::ChipDescription &c) {
  return c.crossbar == chip::CrossbarKind::Binary ? "binary" : "weighted";
}

const char *readoutName(const chip::ChipDescription &c) {
  return c.readout == chip::Readout::Spikes ? "spikes" : "membrane";
}

/// Every field; the first ones in `snnc chip --json`'s order and spelling.
py::dict chipDict(const chip::ChipDescription &c) {
  py::dict d;
  d["name"] = c.name;
  d["axonsPerCore"] = c.axonsPerCore;
  d["neuronsPerCore"] = c.neuronsPerCore;
  d["crossbar"] = crossbarName(c);
  d["axonTypes"] = c.axonTypes;
  d["weightBits"] = c.weightBits;
  d["thresholdBits"] = c.thresholdBits;
  d["potentialBits"] = c.potentialBits;
  d["signedSpikes"] = c.signedSpikes;
  d["targetsPerNeuron"] = c.targetsPerNeuron;
  d["minDelay"] = c.minDelay;
  d["maxDelay"] = c.maxDelay;
  d["coresX"] = c.coresX;
  d["coresY"] = c.coresY;
  d["chipsPerBoard"] = c.chipsPerBoard;
  d["readout"] = readoutName(c);
  d["tickHz"] = c.tickHz;
  d["synapticEventPj"] = c.synapticEventPj;
  d["hopPj"] = c.hopPj;
  d["staticPowerMw"] = c.staticPowerMw;
  d["leakBits"] = c.leakBits;
  d["portableNeurons"] = c.portableNeurons;
  d["description"] = c.description;
  d["energySources"] = c.energySources;
  d["path"] = c.path;
  return d;
}

} // namespace

void bindChip(py::module_ &m) {
  using chip::ChipDescription;
  py::class_<ChipDescription>(
      m, "ChipDescription",
      "A validated chip description (docs/CHIP.md); 0 in a limit means "
      "unlimited.")
      .def_readonly("name", &ChipDescription::name)
      .def_readonly("description", &ChipDescription::description)
      .def_readonly("path", &ChipDescription::path)
      .def_readonly("axons_per_core", &ChipDescription::axonsPerCore)
      .def_readonly("neurons_per_core", &ChipDescription::neuronsPerCore)
      .def_property_readonly("crossbar", &crossbarName)
      .def_readonly("axon_types", &ChipDescription::axonTypes)
      .def_readonly("weight_bits", &ChipDescription::weightBits)
      .def_readonly("threshold_bits", &ChipDescription::thresholdBits)
      .def_readonly("potential_bits", &ChipDescription::potentialBits)
      .def_readonly("leak_bits", &ChipDescription::leakBits)
      .def_readonly("signed_spikes", &ChipDescription::signedSpikes)
      .def_readonly("targets_per_neuron", &ChipDescription::targetsPerNeuron)
      .def_readonly("min_delay", &ChipDescription::minDelay)
      .def_readonly("max_delay", &ChipDescription::maxDelay)
      .def_readonly("portable_neurons", &ChipDescription::portableNeurons)
      .def_readonly("cores_x", &ChipDescription::coresX)
      .def_readonly("cores_y", &ChipDescription::coresY)
      .def_readonly("chips_per_board", &ChipDescription::chipsPerBoard)
      .def_property_readonly("readout", &readoutName)
      .def_readonly("tick_hz", &ChipDescription::tickHz)
      .def_readonly("synaptic_event_pj", &ChipDescription::synapticEventPj)
      .def_readonly("hop_pj", &ChipDescription::hopPj)
      .def_readonly("static_power_mw", &ChipDescription::staticPowerMw)
      .def_readonly("energy_sources", &ChipDescription::energySources)
      .def_property_readonly("cores_per_chip", &ChipDescription::coresPerChip)
      .def("to_dict", &chipDict,
           "The fields as `snnc chip --json` names them (camelCase), then "
           "leakBits, portableNeurons, description, energySources, path.")
      .def("__repr__", [](const ChipDescription &c) {
        return "<snnc.ChipDescription '" + c.name + "'>";
      });

  m.def(
      "chip",
      [](const py::object &nameOrPath) {
        return chip::loadChip(pathOf(nameOrPath));
      },
      py::arg("name_or_path"),
      "A shipped chip profile (truenorth, truenorth-x, reference) or a chip "
      "description YAML file, validated as `snnc chip` does.");
  m.def(
      "chip_yaml",
      [](const py::object &nameOrPath) {
        return chip::chipDescriptionText(pathOf(nameOrPath));
      },
      py::arg("name_or_path"),
      "The YAML text of a profile or file (`snnc chip NAME --yaml`): a "
      "starting point for a custom chip.");
  m.def("chip_profiles", &chip::builtinProfiles,
        "The names of the shipped chip profiles.");
}

} // namespace snnc::python
