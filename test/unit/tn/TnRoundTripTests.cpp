//===- TnRoundTripTests.cpp - tn IR <-> chip configuration
//-----------------===//
//
// buildTn and readTn are inverses, through the textual IR: a configuration
// written as tn ops, printed, parsed back and read gives the same
// configuration file, byte for byte. Configurations: the small hardware-
// in-the-loop networks (binary crossbars, signed and unsigned spikes,
// feedback, delays 0..3, every neuron mode) and the detection one (a host
// input map, membrane and spike-count outputs).
//
//===----------------------------------------------------------------------===//
#include "dialects/tn/TnConfig.h"
#include "dialects/tn/TnDialect.h"
#include "runtime/chip/ConfigIO.h"
#include "test/unit/hil/HilTestSupport.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/raw_ostream.h"

#include <catch2/catch.hpp>

using namespace snnc;

namespace {

std::string bytesOf(const chipcfg::ChipConfig &c) {
  return chipcfg::serializeConfig(c, chipcfg::ConfigFormat::Binary);
}

} // namespace

TEST_CASE("tn IR round trip: buildTn, print, parse, readTn give the same "
          "configuration",
          "[tn]") {
  std::vector<std::pair<const char *, chipcfg::ChipConfig>> configs = {
      {"small, signed spikes", hiltest::smallConfig(true)},
      {"small, unsigned spikes", hiltest::smallConfig(false)},
      {"detection", hiltest::detectionConfig()},
      {"busy", hiltest::busyConfig(8)}};
  // Names a symbol cannot carry as they are: empty, repeated.
  chipcfg::ChipConfig odd = hiltest::smallConfig(true);
  odd.prototypes[0].name = "";
  odd.prototypes[1].name = "conv@19.g0";
  configs.push_back({"an empty name, an odd one", odd});
  chipcfg::ChipConfig twice = hiltest::smallConfig(false);
  twice.prototypes[1].name = twice.prototypes[0].name;
  configs.push_back({"a repeated name", twice});
  for (const auto &[name, config] : configs) {
    INFO(name);
    mlir::MLIRContext context;
    context.loadDialect<tn::TnDialect>();
    mlir::OwningOpRef<mlir::ModuleOp> module =
        mlir::ModuleOp::create(mlir::UnknownLoc::get(&context));
    std::vector<int64_t> taus(config.layers.size(), 3);
    tn::buildTn(*module, config, taus);
    REQUIRE(mlir::succeeded(mlir::verify(*module)));

    // Read straight back.
    std::optional<chipcfg::ChipConfig> direct = tn::readTn(*module);
    REQUIRE(direct);
    CHECK(bytesOf(*direct) == bytesOf(config));

    // Through the text form, twice: the printed IR is a fixed point. (A
    // fresh context, as a tool reading the file has: resource blobs of the
    // same name in one context would be renamed.)
    std::string text;
    llvm::raw_string_ostream os(text);
    module->print(os);
    os.flush();
    mlir::MLIRContext fresh;
    fresh.loadDialect<tn::TnDialect>();
    mlir::OwningOpRef<mlir::ModuleOp> parsed =
        mlir::parseSourceString<mlir::ModuleOp>(text, &fresh);
    REQUIRE(parsed);
    REQUIRE(mlir::succeeded(mlir::verify(*parsed)));
    std::optional<chipcfg::ChipConfig> back = tn::readTn(*parsed);
    REQUIRE(back);
    CHECK(bytesOf(*back) == bytesOf(config));
    std::string again;
    llvm::raw_string_ostream os2(again);
    parsed->print(os2);
    os2.flush();
    CHECK(again == text);
  }
}
