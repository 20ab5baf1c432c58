//===- Schedule.cpp - tn-schedule -----------------------------------------===//
#include "dialects/tn/TnPasses.h"
#include "dialects/tn/transforms/MappedNetworkIR.h"

namespace snnc::tn {
#define GEN_PASS_DEF_TNSCHEDULE
#include "dialects/tn/TnPasses.h.inc"

namespace {

struct SchedulePass : impl::TnScheduleBase<SchedulePass> {
  using TnScheduleBase::TnScheduleBase;

  void runOnOperation() override {
    mapping::MappingOptions options;
    options.readoutAfterFill = readoutAfterFill;
    if (failed(runMappingPhase(
            getOperation(), "tn-schedule", releaseArrays,
            [&](mapping::MappedNetwork &net, const chip::ChipDescription &c) {
              mapping::scheduleNetwork(net, c, options);
            })))
      signalPassFailure();
  }
};

} // namespace
} // namespace snnc::tn
