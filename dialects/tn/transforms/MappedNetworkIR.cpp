//===- MappedNetworkIR.cpp - tn IR <-> the mapper's network ---------------===//
#include "dialects/tn/transforms/MappedNetworkIR.h"

#include "dialects/tn/TnAttributes.h"
#include "dialects/tn/TnConfig.h"
#include "dialects/tn/TnOps.h"
#include "runtime/support/Error.h"

#include "mlir/IR/Builders.h"

#include "llvm/ADT/StringMap.h"

#include <new>

using namespace mlir;

namespace snnc::tn {

namespace {

/// Erases the tn ops, and with `release` frees their arrays' data.
void eraseTnOps(ModuleOp module, bool release) {
  SmallVector<Operation *> ops;
  for (Operation &op : module.getBody()->getOperations())
    if (isa<CoreTypeOp, CoreGroupOp, InputOp, OutputOp, LayerOp>(op))
      ops.push_back(&op);
  for (Operation *op : ops) {
    if (release)
      for (NamedAttribute a : op->getAttrs())
        if (auto array = dyn_cast<ElementsAttr>(a.getValue()))
          releaseI32Array(array);
    op->erase();
  }
}

} // namespace

LogicalResult writeNetwork(ModuleOp module, const mapping::MappedNetwork &net) {
  if (llvm::any_of(module.getBody()->getOperations(), [](Operation &op) {
        return isa<CoreTypeOp, CoreGroupOp, InputOp, OutputOp, LayerOp>(op);
      }))
    return mlir::emitError(module.getLoc(),
                           "internal: the module still holds tn ops");
  for (const mapping::CoreGroup &g : net.groups)
    if (g.coreCount == 0)
      return mlir::emitError(module.getLoc())
             << "internal: core group '" << g.name << "' has no cores";
  OpBuilder b(module.getContext());
  b.setInsertionPointToEnd(module.getBody());
  for (const mapping::LayerStats &l : net.layers)
    b.create<LayerOp>(
        module.getLoc(), b.getStringAttr(l.name), b.getStringAttr(l.kind),
        b.getStringAttr(l.tiling), b.getI64IntegerAttr(l.macs),
        b.getI64IntegerAttr(l.relays), b.getI64IntegerAttr(l.splitters),
        b.getI64IntegerAttr(l.pairNeurons), b.getI64IntegerAttr(l.comparators));
  std::vector<int64_t> taus;
  for (const mapping::CoreGroup &g : net.groups)
    taus.push_back(g.tau);
  buildTn(module, net.config, taus);
  // The groups' stage: buildTn writes a finished configuration.
  size_t gi = 0;
  for (CoreGroupOp op : module.getOps<CoreGroupOp>()) {
    const mapping::CoreGroup &g = net.groups.at(gi++);
    if (g.node >= 0)
      op.setLayerAttr(b.getStringAttr(net.layers.at(g.node).name));
    if (!net.scheduled) {
      op.removeTauAttr();
      op.removeLevelAttr();
    }
    if (!net.placed) {
      releaseI32Array(op.getCoordsAttr());
      op.removeCoordsAttr();
      std::vector<float> spots;
      for (uint32_t k = 0; k < g.coreCount; ++k) {
        spots.push_back(net.coreSpot.at(g.firstCore + k).first);
        spots.push_back(net.coreSpot.at(g.firstCore + k).second);
      }
      op.setSpotsAttr(b.getDenseF32ArrayAttr(spots));
    }
  }
  if (gi != net.groups.size())
    return mlir::emitError(module.getLoc())
           << "internal: " << net.groups.size() << " core groups but " << gi
           << " tn.core_group ops";
  if (net.oddEncoded)
    module->setAttr(kOddPotentialsAttr, b.getUnitAttr());
  else
    module->removeAttr(kOddPotentialsAttr);
  return success();
}

namespace {

/// The layers and core groups of the module (attributes only, no arrays):
/// each group's layer, cores, stage and image spots.
LogicalResult readStructure(ModuleOp module, StringRef pass,
                            mapping::MappedNetwork &net) {
  llvm::StringMap<int> layerRow;
  for (LayerOp op : module.getOps<LayerOp>()) {
    mapping::LayerStats l;
    l.name = op.getName().str();
    l.kind = op.getKind().str();
    l.tiling = op.getTiling().str();
    l.macs = op.getMacs();
    l.relays = static_cast<int64_t>(op.getRelays());
    l.splitters = static_cast<int64_t>(op.getSplitters());
    l.pairNeurons = static_cast<int64_t>(op.getPairNeurons());
    l.comparators = static_cast<int64_t>(op.getComparators());
    if (!layerRow.try_emplace(l.name, int(net.layers.size())).second) {
      op.emitError() << pass << ": a second tn.layer '" << l.name << "'";
      return failure();
    }
    net.layers.push_back(std::move(l));
  }
  size_t scheduled = 0, placed = 0, groups = 0;
  uint32_t firstCore = 0;
  for (CoreGroupOp op : module.getOps<CoreGroupOp>()) {
    mapping::CoreGroup g;
    g.name = op.getName().str();
    g.role = op.getRole().str();
    g.macs = op.getMacs();
    g.firstCore = firstCore;
    g.coreCount = static_cast<uint32_t>(op.getCores());
    firstCore += g.coreCount;
    if (!op.getLayer()) {
      op.emitError() << pass << ": core group '" << g.name
                     << "' names no 'layer'; the mapping passes need one";
      return failure();
    }
    auto row = layerRow.find(*op.getLayer());
    if (row == layerRow.end()) {
      op.emitError() << pass << ": core group '" << g.name << "': layer '"
                     << *op.getLayer() << "' is not a tn.layer";
      return failure();
    }
    g.node = row->second;
    if (op.getTauAttr()) {
      g.tau = static_cast<int64_t>(*op.getTau());
      g.level = static_cast<uint32_t>(*op.getLevel());
      ++scheduled;
    }
    if (op.getCoordsAttr())
      ++placed;
    if (auto spots = op.getSpotsAttr())
      for (uint32_t k = 0; k < g.coreCount; ++k)
        net.coreSpot.push_back({spots[2 * k], spots[2 * k + 1]});
    else
      net.coreSpot.resize(net.coreSpot.size() + g.coreCount, {0.5f, 0.5f});
    net.groups.push_back(std::move(g));
    ++groups;
  }
  if ((scheduled && scheduled != groups) || (placed && placed != groups)) {
    mlir::emitError(module.getLoc())
        << pass << ": " << scheduled << " of " << groups
        << " core groups are scheduled (tau, level) and " << placed << " of "
        << groups << " placed (coords); all must be at the same stage";
    return failure();
  }
  net.scheduled = groups && scheduled == groups;
  net.placed = groups && placed == groups;
  net.oddEncoded = module->hasAttr(kOddPotentialsAttr);
  if (TargetAttr target = getTarget(module))
    net.oddPotentials = target.getPortable().getValue();
  return success();
}

} // namespace

std::optional<mapping::MappedNetwork> readNetwork(ModuleOp module,
                                                  StringRef pass) {
  std::optional<chipcfg::ChipConfig> config =
      readTn(module, /*requireMapped=*/false);
  if (!config)
    return std::nullopt;
  mapping::MappedNetwork net;
  net.config = std::move(*config);
  if (failed(readStructure(module, pass, net)))
    return std::nullopt;
  net.computeNeuronBase();
  // Every index the phases follow (route and output cores, axons, offsets)
  // in range: hand-written IR reaches them too.
  try {
    net.config.validate(/*routesScheduled=*/net.scheduled,
                        /*checkPrototypes=*/false);
  } catch (const Error &e) {
    mlir::emitError(module.getLoc()) << pass << ": invalid tn IR: " << e.what();
    return std::nullopt;
  }
  return net;
}

LogicalResult runMappingPhase(
    ModuleOp module, StringRef pass, bool releaseArrays,
    function_ref<void(mapping::MappedNetwork &, const chip::ChipDescription &)>
        phase) {
  TargetAttr target = getTarget(module);
  if (!target) {
    mlir::emitError(module.getLoc())
        << pass << ": the module names no chip (" << kTargetAttr
        << "); it is set by tn-set-target and snn-to-tn";
    return failure();
  }
  std::optional<mapping::MappedNetwork> net = readNetwork(module, pass);
  if (!net)
    return failure();
  // Releasing frees the IR's copy while the phase runs (a network of GBs);
  // without it a failed pass leaves the module as it was.
  if (releaseArrays)
    eraseTnOps(module, /*release=*/true);
  try {
    phase(*net, target.getChip());
  } catch (const Error &e) {
    mlir::emitError(module.getLoc()) << pass << ": " << e.what();
    return failure();
  } catch (const std::bad_alloc &) {
    // MLIR's pass manager is built without exceptions: one that leaves
    // runOnOperation terminates the process.
    mlir::emitError(module.getLoc())
        << pass << ": out of memory while mapping the network";
    return failure();
  }
  if (!releaseArrays)
    eraseTnOps(module, /*release=*/false);
  return writeNetwork(module, *net);
}

std::optional<mapping::MappingReport>
mappingReport(ModuleOp module, const chipcfg::ChipConfig &config) {
  TargetAttr target = getTarget(module);
  if (!target) {
    mlir::emitError(module.getLoc())
        << "the module names no chip (" << kTargetAttr << ")";
    return std::nullopt;
  }
  // The configuration is read already: only the groups and layers here.
  mapping::MappedNetwork structure;
  if (failed(readStructure(module, "mapping report", structure)))
    return std::nullopt;
  if (!structure.scheduled || !structure.placed) {
    mlir::emitError(module.getLoc())
        << "the network is not mapped yet (tn-schedule, tn-place)";
    return std::nullopt;
  }
  if (structure.coreSpot.size() != config.cores.size()) {
    mlir::emitError(module.getLoc())
        << "the core groups hold " << structure.coreSpot.size()
        << " cores, the configuration " << config.cores.size();
    return std::nullopt;
  }
  return mapping::reportOf(config, structure.groups, structure.layers,
                           target.getChip());
}

} // namespace snnc::tn
