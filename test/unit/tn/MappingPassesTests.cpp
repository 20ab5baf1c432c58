//===- MappingPassesTests.cpp - The tn passes == the mapper in memory
//------===//
//
// The mapping runs two ways: mapping::mapNetwork runs its phases in memory
// (unit tests, snnc verify), the tn passes run one phase each and hand the
// network on as tn IR. Here both map the same network (a convolution with
// signed neurons, a comparator max-pool, a plain convolution and an output)
// onto the three profiles, the passes one at a time with the module printed
// and parsed back between them: the configuration files must be the same
// bytes and the reports the same, so no stage loses state in the IR.
//
//===----------------------------------------------------------------------===//
#include "compiler/chip/ChipDescription.h"
#include "compiler/mapping/Mapper.h"
#include "dialects/tn/TnConfig.h"
#include "dialects/tn/TnDialect.h"
#include "dialects/tn/TnOps.h"
#include "dialects/tn/TnPasses.h"
#include "dialects/tn/transforms/MappedNetworkIR.h"
#include "runtime/chip/ConfigIO.h"
#include "test/unit/mapping/TestGraphs.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/raw_ostream.h"

#include <catch2/catch.hpp>

#include <functional>

using namespace snnc;

namespace {

/// The module printed and parsed back (resources included).
mlir::OwningOpRef<mlir::ModuleOp> reparse(mlir::ModuleOp module,
                                          mlir::MLIRContext &context) {
  std::string text;
  llvm::raw_string_ostream os(text);
  module->print(os);
  os.flush();
  mlir::OwningOpRef<mlir::ModuleOp> parsed =
      mlir::parseSourceString<mlir::ModuleOp>(text, &context);
  REQUIRE(parsed);
  return parsed;
}

} // namespace

TEST_CASE("The tn passes, one at a time through textual IR, map as "
          "mapNetwork does",
          "[mapping][tn]") {
  SpikingGraph g = mappingtest::equivalenceNetwork();
  for (const char *name : {"reference", "truenorth-x", "truenorth"}) {
    INFO(name);
    chip::ChipDescription chip = chip::loadChip(name);
    SpikingGraph q = mappingtest::forChip(g, chip);
    mapping::MappingOptions options;

    mapping::MappingReport expectedReport;
    chipcfg::ChipConfig expected =
        mapping::mapNetwork(q, chip, options, expectedReport);

    mlir::MLIRContext context;
    context.loadDialect<tn::TnDialect>();
    mlir::OwningOpRef<mlir::ModuleOp> module =
        mlir::ModuleOp::create(mlir::UnknownLoc::get(&context));
    (*module)->setAttr(tn::kTargetAttr, tn::TargetAttr::get(&context, chip));
    REQUIRE(mlir::succeeded(
        tn::writeNetwork(*module, mapping::tileNetwork(q, chip, options))));
    std::vector<std::function<std::unique_ptr<mlir::Pass>()>> passes = {
        [] { return tn::createTnSplitFanout(); },
        [] { return tn::createTnSchedule(); },
        [] { return tn::createTnPlace(); },
        [] { return tn::createTnFinish(); }};
    for (auto &pass : passes) {
      module = reparse(*module, context);
      mlir::PassManager pm(&context);
      pm.addPass(pass());
      REQUIRE(mlir::succeeded(pm.run(*module)));
    }
    module = reparse(*module, context);

    std::optional<chipcfg::ChipConfig> got = tn::readTn(*module);
    REQUIRE(got);
    CHECK(chipcfg::serializeConfig(*got, chipcfg::ConfigFormat::Binary) ==
          chipcfg::serializeConfig(expected, chipcfg::ConfigFormat::Binary));
    std::optional<mapping::MappingReport> report =
        tn::mappingReport(*module, *got);
    REQUIRE(report);
    CHECK(mapping::reportJson(*report) == mapping::reportJson(expectedReport));
    // The network needed what the passes add: splitters on truenorth,
    // delays off the reference chip.
    if (chip.targetsPerNeuron == 1)
      CHECK(report->total.splitters > 0);
    CHECK((report->latency > 0) == (chip.minDelay > 0));
  }
}
