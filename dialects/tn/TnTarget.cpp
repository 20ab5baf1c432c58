//===- TnTarget.cpp - The chip a module is compiled for -------------------===//
//
// #tn.target holds a chip description field by field. It is checked, and read
// back, through the chip description parser itself (the fields as a
// description file), so the attribute accepts exactly what a chip file does
// and says why not in the same words.
//
//===----------------------------------------------------------------------===//
#include "dialects/tn/TnOps.h"

#include "runtime/support/Error.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

#include <cstring>

using namespace mlir;

namespace snnc::tn {

namespace {

/// The description the parameters spell (unchecked).
chip::ChipDescription
describe(StringRef name, StringRef description, int64_t axons, int64_t neurons,
         StringRef crossbar, int64_t axonTypes, int64_t weightBits,
         int64_t thresholdBits, int64_t potentialBits, int64_t leakBits,
         BoolAttr signedSpikes, int64_t targets, int64_t minDelay,
         int64_t maxDelay, BoolAttr portable, int64_t coresX, int64_t coresY,
         int64_t chips, StringRef readout, FloatAttr tickHz,
         FloatAttr synapticEventPj, FloatAttr hopPj, FloatAttr staticPowerMw,
         StringRef energySources) {
  chip::ChipDescription c;
  c.name = name.str();
  c.description = description.str();
  c.axonsPerCore = axons;
  c.neuronsPerCore = neurons;
  c.crossbar = crossbar == "binary" ? chip::CrossbarKind::Binary
                                    : chip::CrossbarKind::Weighted;
  c.axonTypes = axonTypes;
  c.weightBits = weightBits;
  c.thresholdBits = thresholdBits;
  c.potentialBits = potentialBits;
  c.leakBits = leakBits;
  c.signedSpikes = signedSpikes && signedSpikes.getValue();
  c.targetsPerNeuron = targets;
  c.minDelay = minDelay;
  c.maxDelay = maxDelay;
  c.portableNeurons = portable && portable.getValue();
  c.coresX = coresX;
  c.coresY = coresY;
  c.chipsPerBoard = chips;
  c.readout =
      readout == "spikes" ? chip::Readout::Spikes : chip::Readout::Membrane;
  auto number = [](FloatAttr f) { return f ? f.getValueAsDouble() : 0.0; };
  c.tickHz = number(tickHz);
  c.synapticEventPj = number(synapticEventPj);
  c.hopPj = number(hopPj);
  c.staticPowerMw = number(staticPowerMw);
  c.energySources = energySources.str();
  return c;
}

/// The checks of a chip description file; the message on failure.
std::optional<std::string> checkChip(const chip::ChipDescription &c,
                                     StringRef crossbar, StringRef readout) {
  if (crossbar != "binary" && crossbar != "weighted")
    return "#tn.target: 'crossbar' must be \"binary\" or \"weighted\", got \"" +
           crossbar.str() + "\"";
  if (readout != "spikes" && readout != "membrane")
    return "#tn.target: 'readout' must be \"spikes\" or \"membrane\", got \"" +
           readout.str() + "\"";
  try {
    chip::parseChipDescription(chip::chipDescriptionYaml(c), "#tn.target");
  } catch (const Error &e) {
    // The parser names the field as a description file spells it
    // ('core.axon_types'); the line and column of the text it was given
    // mean nothing here.
    std::string why = e.what();
    size_t at = why.find("#tn.target:");
    if (at != std::string::npos) {
      size_t end = why.find(": ", at);
      if (end != std::string::npos)
        why.erase(at + std::strlen("#tn.target"),
                  end - at - std::strlen("#tn.target"));
    }
    return why;
  }
  return std::nullopt;
}

} // namespace

LogicalResult TargetAttr::verify(
    function_ref<InFlightDiagnostic()> emitError, StringRef name,
    StringRef description, int64_t axons, int64_t neurons, StringRef crossbar,
    int64_t axonTypes, int64_t weightBits, int64_t thresholdBits,
    int64_t potentialBits, int64_t leakBits, BoolAttr signedSpikes,
    int64_t targets, int64_t minDelay, int64_t maxDelay, BoolAttr portable,
    int64_t coresX, int64_t coresY, int64_t chips, StringRef readout,
    FloatAttr tickHz, FloatAttr synapticEventPj, FloatAttr hopPj,
    FloatAttr staticPowerMw, StringRef energySources) {
  for (auto [f, what] : {std::pair{tickHz, "tick_hz"},
                         {synapticEventPj, "synaptic_event_pj"},
                         {hopPj, "hop_pj"},
                         {staticPowerMw, "static_power_mw"}})
    if (!f)
      return emitError() << "'" << what << "' must be a float";
  if (!signedSpikes || !portable)
    return emitError() << "'signed_spikes' and 'portable' must be booleans";
  chip::ChipDescription c = describe(
      name, description, axons, neurons, crossbar, axonTypes, weightBits,
      thresholdBits, potentialBits, leakBits, signedSpikes, targets, minDelay,
      maxDelay, portable, coresX, coresY, chips, readout, tickHz,
      synapticEventPj, hopPj, staticPowerMw, energySources);
  if (std::optional<std::string> why = checkChip(c, crossbar, readout))
    return emitError() << "invalid chip: " << *why;
  return success();
}

TargetAttr TargetAttr::get(MLIRContext *context,
                           const chip::ChipDescription &c) {
  Builder b(context);
  return get(context, c.name, c.description, c.axonsPerCore, c.neuronsPerCore,
             c.crossbar == chip::CrossbarKind::Binary ? "binary" : "weighted",
             c.axonTypes, c.weightBits, c.thresholdBits, c.potentialBits,
             c.leakBits, b.getBoolAttr(c.signedSpikes), c.targetsPerNeuron,
             c.minDelay, c.maxDelay, b.getBoolAttr(c.portableNeurons), c.coresX,
             c.coresY, c.chipsPerBoard,
             c.readout == chip::Readout::Spikes ? "spikes" : "membrane",
             b.getF64FloatAttr(c.tickHz), b.getF64FloatAttr(c.synapticEventPj),
             b.getF64FloatAttr(c.hopPj), b.getF64FloatAttr(c.staticPowerMw),
             c.energySources);
}

chip::ChipDescription TargetAttr::getChip() const {
  return describe(getName(), getDescription(), getAxons(), getNeurons(),
                  getCrossbar(), getAxonTypes(), getWeightBits(),
                  getThresholdBits(), getPotentialBits(), getLeakBits(),
                  getSignedSpikes(), getTargets(), getMinDelay(), getMaxDelay(),
                  getPortable(), getCoresX(), getCoresY(), getChips(),
                  getReadout(), getTickHz(), getSynapticEventPj(), getHopPj(),
                  getStaticPowerMw(), getEnergySources());
}

TargetAttr getTarget(ModuleOp module) {
  return module->getAttrOfType<TargetAttr>(kTargetAttr);
}

} // namespace snnc::tn
