//===- SetTarget.cpp - The chip a module is compiled for, set once --------===//
#include "dialects/tn/TnPasses.h"

#include "runtime/support/Error.h"

namespace snnc::tn {
#define GEN_PASS_DEF_TNSETTARGET
#include "dialects/tn/TnPasses.h.inc"
} // namespace snnc::tn

using namespace mlir;

namespace snnc::tn {

std::optional<chip::ChipDescription>
chipFor(Operation *op, StringRef pass, StringRef chipOption, bool optionGiven) {
  auto module =
      isa<ModuleOp>(op) ? cast<ModuleOp>(op) : op->getParentOfType<ModuleOp>();
  if (TargetAttr target = module ? getTarget(module) : TargetAttr()) {
    if (optionGiven && chipOption != target.getName()) {
      // A file's chip is named inside the file.
      std::string asked = chipOption.str();
      try {
        asked = chip::loadChip(chipOption.str()).name;
      } catch (const Error &) {
      }
      if (asked != target.getName()) {
        mlir::emitError(op->getLoc())
            << pass << ": chip '" << chipOption << "' was asked for, but the "
            << "module is compiled for '" << target.getName() << "' ("
            << kTargetAttr << ")";
        return std::nullopt;
      }
    }
    return target.getChip();
  }
  try {
    return chip::loadChip(chipOption.str());
  } catch (const Error &e) {
    mlir::emitError(op->getLoc()) << pass << ": " << e.what();
    return std::nullopt;
  }
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
      module.emitError() << "tn-set-target: " << e.what();
      return signalPassFailure();
    }
    if (TargetAttr target = getTarget(module)) {
      if (target.getName() == desc.name)
        return;
      module.emitError() << "tn-set-target: the module is compiled for '"
                         << target.getName() << "' already, not '" << desc.name
                         << "'";
      return signalPassFailure();
    }
    module->setAttr(kTargetAttr, TargetAttr::get(&getContext(), desc));
  }
};

} // namespace
} // namespace snnc::tn
