//===- SplitFanout.cpp - tn-split-fanout ----------------------------------===//
#include "dialects/tn/TnPasses.h"
#include "dialects/tn/transforms/MappedNetworkIR.h"

namespace snnc::tn {
#define GEN_PASS_DEF_TNSPLITFANOUT
#include "dialects/tn/TnPasses.h.inc"

namespace {

struct SplitFanoutPass : impl::TnSplitFanoutBase<SplitFanoutPass> {
  using TnSplitFanoutBase::TnSplitFanoutBase;

  void runOnOperation() override {
    mapping::MappingOptions options;
    options.unlimitedTile = unlimitedTile;
    if (failed(runMappingPhase(
            getOperation(), "tn-split-fanout", releaseArrays,
            [&](mapping::MappedNetwork &net, const chip::ChipDescription &c) {
              mapping::splitFanout(net, c, options);
            })))
      signalPassFailure();
  }
};

} // namespace
} // namespace snnc::tn
