//===- Finish.cpp - tn-finish ---------------------------------------------===//
#include "dialects/tn/TnPasses.h"
#include "dialects/tn/transforms/MappedNetworkIR.h"

namespace snnc::tn {
#define GEN_PASS_DEF_TNFINISH
#include "dialects/tn/TnPasses.h.inc"

namespace {

struct FinishPass : impl::TnFinishBase<FinishPass> {
  using TnFinishBase::TnFinishBase;

  void runOnOperation() override {
    if (failed(runMappingPhase(
            getOperation(), "tn-finish", releaseArrays,
            [&](mapping::MappedNetwork &net, const chip::ChipDescription &c) {
              mapping::finishNetwork(net, c);
            })))
      signalPassFailure();
  }
};

} // namespace
} // namespace snnc::tn
