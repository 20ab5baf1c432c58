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

constexpr int kNeuronFields = 12;

} // namespace

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
  for (auto [i, attr] : llvm::enumerate(getNeuronTypes())) {
    auto fields = dyn_cast<DenseI32ArrayAttr>(attr);
    if (!fields || fields.size() != kNeuronFields)
      return emitOpError() << "neuron type " << i << " must be an array<i32> "
                           << "of " << kNeuronFields << " fields";
    ArrayRef<int32_t> f = fields.asArrayRef();
    if (f[5] < 1 || f[6] < 0 || f[7] < 0 || f[7] > 2 || f[8] < 0 || f[8] > 2)
      return emitOpError() << "neuron type " << i << ": alpha " << f[5]
                           << " must be >= 1, beta " << f[6] << " >= 0, reset "
                           << f[7] << " and negative " << f[8] << " in 0..2";
  }
  auto rows = readI32Array(getRowStart());
  auto columns = readI32Array(getColumns());
  auto typeOf = readI32Array(getNeuronTypeOf());
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
    if (auto types = readI32Array(getAxonTypes()))
      for (int32_t t : *types)
        if (t < 0 || t > 3)
          return emitOpError() << "axon type " << t << " is not in 0..3";
  return success();
}

LogicalResult CoreGroupOp::verify() {
  int64_t cores = getCoresAttr().getInt();
  if (cores < 0 || getLevelAttr().getInt() < 0 || getTauAttr().getInt() < 0)
    return emitOpError() << "cores, level and tau must be >= 0";
  if (getTypes().empty())
    return emitOpError() << "needs at least one core type";
  if (failed(size(*this, "core_types", getCoreTypes(), cores)) ||
      failed(size(*this, "coords", getCoords(), 2 * cores)) ||
      failed(multipleOf3(*this, "targets", getTargets())))
    return failure();
  if (auto types = readI32Array(getCoreTypes()))
    for (int32_t t : *types)
      if (t < 0 || t >= static_cast<int64_t>(getTypes().size()))
        return emitOpError() << "core type index " << t << " out of the "
                             << getTypes().size() << " types";
  return success();
}

LogicalResult
CoreGroupOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  SmallVector<int64_t> neurons;
  for (Attribute attr : getTypes()) {
    auto ref = cast<FlatSymbolRefAttr>(attr);
    auto type = symbolTable.lookupNearestSymbolFrom<CoreTypeOp>(*this, ref);
    if (!type)
      return emitOpError() << ref << " is not a tn.core_type";
    neurons.push_back(static_cast<int64_t>(type.getNeurons()));
  }
  auto coreTypes = readI32Array(getCoreTypes());
  if (!coreTypes)
    return success();
  int64_t expected = 0;
  for (int32_t t : *coreTypes)
    expected += neurons[t] + 1;
  return size(*this, "target_start", getTargetStart(), expected);
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
