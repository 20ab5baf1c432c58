//===- TnOps.cpp - tn dialect operations and verifiers --------------------===//
//
// The verifiers check shapes and ranges that are cheap to check; the
// emitter runs the configuration's full validation (every route against its
// target core) before writing anything.
//
//===----------------------------------------------------------------------===//
#include "dialects/tn/TnOps.h"

#include "dialects/tn/TnAttributes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace snnc::tn;

namespace {

LogicalResult size(Operation *op, StringRef name, ElementsAttr attr,
                   int64_t expected) {
  if (attr.getNumElements() != expected)
    return op->emitOpError() << "'" << name << "' has " << attr.getNumElements()
                             << " values, expected " << expected;
  return success();
}

LogicalResult multipleOf3(Operation *op, StringRef name, ElementsAttr attr) {
  if (attr.getNumElements() % 3)
    return op->emitOpError() << "'" << name << "' has " << attr.getNumElements()
                             << " values; routes are (core, axon, delay) "
                                "triples";
  return success();
}

} // namespace

LogicalResult NeuronAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                 DenseI32ArrayAttr weights, int32_t leak,
                                 int32_t alpha, int32_t beta, ResetMode reset,
                                 NegativeMode negative, int32_t resetValue,
                                 int32_t vInit, bool fires) {
  if (!weights || weights.size() != 4)
    return emitError() << "a neuron has 4 axon-type weights, got "
                       << (weights ? weights.size() : 0);
  if (alpha < 1 || beta < 0)
    return emitError() << "a neuron needs alpha >= 1 and beta >= 0, got "
                       << alpha << " and " << beta;
  return success();
}

LogicalResult CoreTypeOp::verify() {
  int64_t axons = static_cast<int64_t>(getAxons());
  int64_t neurons = static_cast<int64_t>(getNeurons());
  if (getAxonsAttr().getInt() < 0 || getNeuronsAttr().getInt() < 1)
    return emitOpError() << "needs axons >= 0 and neurons >= 1, got "
                         << getAxonsAttr().getInt() << " and "
                         << getNeuronsAttr().getInt();
  bool binary = getCrossbar() == "binary";
  if (!binary && getCrossbar() != "weighted")
    return emitOpError() << "'crossbar' must be \"binary\" or \"weighted\"; "
                            "got \""
                         << getCrossbar() << "\"";
  if (failed(size(*this, "axon_types", getAxonTypes(), binary ? axons : 0)) ||
      failed(size(*this, "row_start", getRowStart(), axons + 1)) ||
      failed(size(*this, "weights", getWeights(),
                  binary ? 0 : getColumns().getNumElements())) ||
      failed(size(*this, "neuron_type_of", getNeuronTypeOf(), neurons)))
    return failure();
  I32Values rowValues(getRowStart()), columnValues(getColumns()),
      typeOfValues(getNeuronTypeOf());
  std::optional<ArrayRef<int32_t>> rows, columns, typeOf;
  if (rowValues)
    rows = rowValues.values();
  if (columnValues)
    columns = columnValues.values();
  if (typeOfValues)
    typeOf = typeOfValues.values();
  if (rows && columns) {
    int64_t prev = 0;
    for (int32_t r : *rows) {
      if (r < prev)
        return emitOpError() << "'row_start' must not decrease";
      prev = r;
    }
    if (rows->front() != 0 ||
        rows->back() != static_cast<int64_t>(columns->size()))
      return emitOpError() << "'row_start' must run from 0 to the "
                           << columns->size() << " columns";
    for (int32_t c : *columns)
      if (c < 0 || c >= neurons)
        return emitOpError()
               << "column " << c << " is not a neuron of the " << neurons;
  }
  if (typeOf)
    for (int32_t t : *typeOf)
      if (t < 0 || t >= static_cast<int64_t>(getNeuronTypes().size()))
        return emitOpError() << "neuron type index " << t << " out of the "
                             << getNeuronTypes().size() << " types";
  if (binary)
    if (I32Values types{getAxonTypes()})
      for (int32_t t : types.values())
        if (t < 0 || t > 3)
          return emitOpError() << "axon type " << t << " is not in 0..3";
  return success();
}

LogicalResult LayerOp::verify() {
  if (getKind() != "conv" && getKind() != "output" && getKind() != "max_pool")
    return emitOpError() << "'kind' must be \"conv\", \"output\" or "
                            "\"max_pool\"; got \""
                         << getKind() << "\"";
  if (getMacsAttr().getInt() < 0 || getRelaysAttr().getInt() < 0 ||
      getSplittersAttr().getInt() < 0 || getPairNeuronsAttr().getInt() < 0 ||
      getComparatorsAttr().getInt() < 0)
    return emitOpError() << "macs and neuron counts must be >= 0";
  return success();
}

LogicalResult CoreGroupOp::verify() {
  int64_t cores = getCoresAttr().getInt();
  if (cores < 0)
    return emitOpError() << "cores must be >= 0, got " << cores;
  if (bool(getLevelAttr()) != bool(getTauAttr()))
    return emitOpError() << "'tau' and 'level' are set together (tn-schedule)";
  if (getTauAttr() &&
      (getLevelAttr().getInt() < 0 || getTauAttr().getInt() < 0))
    return emitOpError() << "level and tau must be >= 0, got "
                         << getLevelAttr().getInt() << " and "
                         << getTauAttr().getInt();
  if (getTypes().empty())
    return emitOpError() << "needs at least one core type";
  if (!getCoordsAttr() && !getSpotsAttr())
    return emitOpError() << "needs 'coords' (placed cores) or 'spots' (where "
                            "unplaced cores work in the image)";
  if (failed(size(*this, "core_types", getCoreTypes(), cores)) ||
      failed(multipleOf3(*this, "targets", getTargets())))
    return failure();
  if (getCoordsAttr() &&
      failed(size(*this, "coords", getCoordsAttr(), 2 * cores)))
    return failure();
  if (getSpotsAttr()) {
    if (static_cast<int64_t>(getSpotsAttr().size()) != 2 * cores)
      return emitOpError() << "'spots' has " << getSpotsAttr().size()
                           << " values, expected " << 2 * cores;
    for (float v : getSpotsAttr().asArrayRef())
      if (!(v >= 0.0f && v <= 1.0f))
        return emitOpError()
               << "spot " << v << " is not in [0, 1] (a position in the image)";
  }
  if (auto types = readI32Array(getCoreTypes()))
    for (int32_t t : *types)
      if (t < 0 || t >= static_cast<int64_t>(getTypes().size()))
        return emitOpError() << "core type index " << t << " out of the "
                             << getTypes().size() << " types";
  return success();
}

namespace {

/// The module's chip (tn.target), if it names one.
TargetAttr targetOf(Operation *op) {
  auto module = op->getParentOfType<ModuleOp>();
  return module ? module->getAttrOfType<TargetAttr>(kTargetAttr) : TargetAttr();
}

} // namespace

LogicalResult
CoreGroupOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  TargetAttr target = targetOf(*this);
  SmallVector<int64_t> neurons;
  for (Attribute attr : getTypes()) {
    auto ref = cast<FlatSymbolRefAttr>(attr);
    auto type = symbolTable.lookupNearestSymbolFrom<CoreTypeOp>(*this, ref);
    if (!type)
      return emitOpError() << ref << " is not a tn.core_type";
    neurons.push_back(static_cast<int64_t>(type.getNeurons()));
    // The chip's core size.
    if (target && target.getAxons() &&
        static_cast<int64_t>(type.getAxons()) > target.getAxons())
      return emitOpError() << ref << " has " << type.getAxons()
                           << " axons; a core of chip '" << target.getName()
                           << "' has " << target.getAxons();
    if (target && target.getNeurons() &&
        static_cast<int64_t>(type.getNeurons()) > target.getNeurons())
      return emitOpError() << ref << " has " << type.getNeurons()
                           << " neurons; a core of chip '" << target.getName()
                           << "' has " << target.getNeurons();
  }
  auto coreTypes = readI32Array(getCoreTypes());
  if (!coreTypes)
    return success();
  int64_t expected = 0;
  for (int32_t t : *coreTypes)
    expected += neurons[t] + 1;
  if (failed(size(*this, "target_start", getTargetStart(), expected)))
    return failure();
  // Each core's offsets run from 0 without decreasing; together they cover
  // the routes exactly.
  if (I32Values starts{getTargetStart()}) {
    ArrayRef<int32_t> s = starts.values();
    int64_t at = 0, routes = 0;
    for (size_t k = 0; k < coreTypes->size(); ++k) {
      int64_t n = neurons[(*coreTypes)[k]];
      if (s[at] != 0)
        return emitOpError() << "'target_start' of core " << k << " starts at "
                             << s[at] << ", not 0";
      for (int64_t j = 0; j < n; ++j)
        if (s[at + j + 1] < s[at + j])
          return emitOpError() << "'target_start' decreases at neuron " << j
                               << " of core " << k;
      routes += s[at + n];
      at += n + 1;
    }
    if (3 * routes != getTargets().getNumElements())
      return emitOpError() << "'target_start' counts " << routes
                           << " routes but 'targets' holds "
                           << getTargets().getNumElements() << " values";
  }
  // Once scheduled, every route must be one the chip can deliver.
  if (!target || !getTauAttr())
    return success();
  I32Values startValues(getTargetStart()), targetValues(getTargets());
  if (!startValues || !targetValues)
    return success();
  ArrayRef<int32_t> starts = startValues.values();
  ArrayRef<int32_t> targets = targetValues.values();
  if (target.getTargets())
    for (size_t i = 0; i + 1 < starts.size(); ++i) {
      int64_t n = int64_t(starts[i + 1]) - starts[i];
      if (n > target.getTargets())
        return emitOpError()
               << "a neuron has " << n << " targets; chip '" << target.getName()
               << "' allows " << target.getTargets() << " (tn-split-fanout)";
    }
  for (size_t i = 2; i < targets.size(); i += 3) {
    int64_t d = targets[i];
    if (d < target.getMinDelay() || d > target.getMaxDelay())
      return emitOpError() << "a route has delay " << d << "; chip '"
                           << target.getName() << "' delays by "
                           << target.getMinDelay() << ".."
                           << target.getMaxDelay() << " ticks";
  }
  return success();
}

LogicalResult InputOp::verify() {
  int64_t pixels = getChannelsAttr().getInt() * getHeightAttr().getInt() *
                   getWidthAttr().getInt();
  if (getChannelsAttr().getInt() < 1 || getHeightAttr().getInt() < 1 ||
      getWidthAttr().getInt() < 1)
    return emitOpError() << "needs a positive shape";
  if (failed(size(*this, "target_start", getTargetStart(), pixels + 1)))
    return failure();
  return multipleOf3(*this, "targets", getTargets());
}

LogicalResult OutputOp::verify() {
  int64_t c = getChannelsAttr().getInt();
  int64_t elements = c * getHeightAttr().getInt() * getWidthAttr().getInt();
  if (getDecoding() != "membrane" && getDecoding() != "count")
    return emitOpError() << "'decoding' must be \"membrane\" or \"count\"; "
                            "got \""
                         << getDecoding() << "\"";
  if (static_cast<int64_t>(getScale().size()) != c)
    return emitOpError() << "'scale' has " << getScale().size()
                         << " values for " << c << " channels";
  if (failed(size(*this, "positive", getPositive(), 2 * elements)))
    return failure();
  if (getNegative().getNumElements() != 0 &&
      failed(size(*this, "negative", getNegative(), 2 * elements)))
    return failure();
  if (getLatency() < 0 || getLatency() > getReadoutDelay())
    return emitOpError() << "'latency' must be in [0, readout_delay = "
                         << getReadoutDelay() << "], got " << getLatency();
  if (getDecoding() == "membrane" && getNegative().getNumElements() != 0)
    return emitOpError() << "membrane decoding reads no negative neurons";
  return success();
}

#define GET_OP_CLASSES
#include "dialects/tn/TnOps.cpp.inc"
