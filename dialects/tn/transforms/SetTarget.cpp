//===- SetTarget.cpp - The chip a module is compiled for, set once --------===//
#include "dialects/tn/TnPasses.h"

#include "runtime/support/Error.h"

namespace snnc::tn {
#define GEN_PASS_DEF_TNSETTARGET
#include "dialects/tn/TnPasses.h.inc"
} // namespace snnc::tn

using namespace mlir;

namespace snnc::tn {

std::optional<chip::ChipDescription> chipFor(Operation *op, StringRef pass,
                                             StringRef chipOption) {
  auto module =
      isa<ModuleOp>(op) ? cast<ModuleOp>(op) : op->getParentOfType<ModuleOp>();
  TargetAttr target = module ? getTarget(module) : TargetAttr();
  if (target && chipOption.empty())
    return target.getChip();
  chip::ChipDescription asked;
  try {
    asked = chip::loadChip(chipOption.empty() ? std::string("truenorth-x")
                                              : chipOption.str());
  } catch (const Error &e) {
    mlir::emitError(op->getLoc()) << pass << ": " << e.what();
    return std::nullopt;
  }
  // Compared field by field (attributes are uniqued): a file may name its
  // chip as a profile does and still differ.
  if (target && TargetAttr::get(op->getContext(), asked) != target) {
    mlir::emitError(op->getLoc())
        << pass << ": chip '" << chipOption << "' (" << asked.name
        << ") was asked for, but the module is compiled for a different chip '"
        << target.getName() << "' (" << kTargetAttr << ")";
    return std::nullopt;
  }
  return asked;
}
namespace {

struct SetTargetPass : impl::TnSetTargetBase<SetTargetPass> {
  using TnSetTargetBase::TnSetTargetBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    chip::ChipDescription desc;
    try {
      desc = chip::loadChip(chip);
    } catch (const Error &e) {
      mlir::emitError(module.getLoc()) << "tn-set-target: " << e.what();
      return signalPassFailure();
    }
    if (TargetAttr target = getTarget(module)) {
      if (target == TargetAttr::get(&getContext(), desc))
        return;
      mlir::emitError(module.getLoc())
          << "tn-set-target: the module is compiled for '" << target.getName()
          << "' already; '" << chip << "' (" << desc.name
          << ") is a different chip";
      return signalPassFailure();
    }
    module->setAttr(kTargetAttr, TargetAttr::get(&getContext(), desc));
  }
};

} // namespace
} // namespace snnc::tn
