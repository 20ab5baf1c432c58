//===- SnnToTn.cpp - Tile a quantized snn network into chip cores ---------===//
//
// The tiling is plain C++ over the runtime's SpikingGraph
// (compiler/mapping, tileNetwork): this pass exports the function's
// network, tiles it, and materializes the result as tn ops in place of the
// function; the tn passes do the rest of the mapping.
//
//===----------------------------------------------------------------------===//
#include "compiler/chip/ChipDescription.h"
#include "compiler/graph/SnnToSpikingGraph.h"
#include "compiler/mapping/Mapper.h"
#include "dialects/common/ModuleAttributes.h"
#include "dialects/conversion/Passes.h"
#include "dialects/snn/SnnPasses.h"
#include "dialects/tn/TnPasses.h"
#include "dialects/tn/transforms/MappedNetworkIR.h"
#include "runtime/support/Error.h"

#include "mlir/IR/Builders.h"

#include <new>

namespace snnc {
#define GEN_PASS_DEF_SNNTOTN
#include "dialects/conversion/Passes.h.inc"
} // namespace snnc

using namespace mlir;
using namespace snnc;

namespace {

struct SnnToTnPass : public snnc::impl::SnnToTnBase<SnnToTnPass> {
  using SnnToTnBase::SnnToTnBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    func::FuncOp func;
    for (auto f : module.getOps<func::FuncOp>()) {
      if (func) {
        mlir::emitError(module.getLoc(),
                        "snn-to-tn maps one network; the module has more "
                        "than one function");
        return signalPassFailure();
      }
      func = f;
    }
    if (!func) {
      mlir::emitError(module.getLoc(),
                      "snn-to-tn: the module has no network function");
      return signalPassFailure();
    }
    // The module's tn.target, or the chip option.
    std::optional<chip::ChipDescription> desc =
        tn::chipFor(func, "snn-to-tn", chip);
    if (!desc)
      return signalPassFailure();
    auto quantized = func->getAttrOfType<DictionaryAttr>(snn::kQuantizedAttr);
    if (!quantized) {
      // emitError(loc) rather than func.emitError(): no dump of the
      // function.
      mlir::emitError(func.getLoc())
          << "snn-to-tn: the network is not quantized; run snn-quantize "
             "for chip '"
          << desc->name << "' first";
      return signalPassFailure();
    }
    auto quantChip = quantized.getAs<StringAttr>("chip");
    auto copies = quantized.getAs<IntegerAttr>("axon_copies");
    if (!quantChip || !copies) {
      mlir::emitError(func.getLoc()) << "snn-to-tn: '" << snn::kQuantizedAttr
                                     << "' lacks 'chip' or 'axon_copies'";
      return signalPassFailure();
    }
    if (quantChip.getValue() != desc->name) {
      mlir::emitError(func.getLoc())
          << "snn-to-tn: the network was quantized for chip '"
          << quantChip.getValue() << "', not '" << desc->name << "'";
      return signalPassFailure();
    }
    // The importer's class names go into the configuration (checked
    // against the heads when it is validated).
    std::optional<std::vector<std::string>> classNames =
        readClassNames(module, kClassNamesAttr);
    if (!classNames)
      return signalPassFailure();
    std::optional<SpikingGraph> graph = snnToSpikingGraph(func);
    if (!graph)
      return signalPassFailure();
    mapping::MappedNetwork net;
    try {
      mapping::MappingOptions options;
      options.axonCopies = static_cast<int>(copies.getInt());
      if (relayCopies < 1 || relayCopies > 16)
        throw Error(fmt::format("relay-copies is {}; it must be 1..16",
                                static_cast<int64_t>(relayCopies)));
      options.relayCopies = static_cast<int>(relayCopies);
      options.unlimitedTile = unlimitedTile;
      net = mapping::tileNetwork(*graph, *desc, options);
    } catch (const Error &e) {
      mlir::emitError(func.getLoc()) << "snn-to-tn: " << e.what();
      return signalPassFailure();
    } catch (const std::bad_alloc &) {
      // MLIR's pass manager is built without exceptions: one that leaves
      // runOnOperation terminates the process.
      mlir::emitError(func.getLoc())
          << "snn-to-tn: out of memory while mapping the network (every "
             "core, neuron and route is explicit; --max-memory refuses such "
             "networks before the work when their estimate exceeds it)";
      return signalPassFailure();
    }
    graph.reset();
    net.config.classNames = std::move(*classNames);
    func.erase();
    module->removeAttr(kClassNamesAttr); // now tn.class_names
    // The passes after this one read the chip from the module.
    if (!tn::getTarget(module))
      module->setAttr(tn::kTargetAttr,
                      tn::TargetAttr::get(module.getContext(), *desc));
    if (failed(tn::writeNetwork(module, net)))
      return signalPassFailure();
  }
};

} // namespace
