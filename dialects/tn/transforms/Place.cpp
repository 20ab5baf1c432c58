//===- Place.cpp - tn-place -----------------------------------------------===//
#include "dialects/tn/TnPasses.h"
#include "dialects/tn/transforms/MappedNetworkIR.h"
#include "runtime/support/Error.h"

#include <fmt/format.h>

namespace snnc::tn {
#define GEN_PASS_DEF_TNPLACE
#include "dialects/tn/TnPasses.h.inc"

namespace {

struct PlacePass : impl::TnPlaceBase<PlacePass> {
  using TnPlaceBase::TnPlaceBase;

  void runOnOperation() override {
    mapping::MappingOptions options;
    options.maxChips = maxChips;
    if (failed(runMappingPhase(
            getOperation(), "tn-place", releaseArrays,
            [&](mapping::MappedNetwork &net, const chip::ChipDescription &c) {
              if (options.maxChips < 0)
                throw Error(fmt::format("max-chips is {}; it must be >= 0 "
                                        "(0: as many as needed)",
                                        options.maxChips));
              mapping::placeNetwork(net, c, options);
            })))
      signalPassFailure();
  }
};

} // namespace
} // namespace snnc::tn
