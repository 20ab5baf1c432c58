//===- TnTranslations.cpp - tn IR to the chip's files, as translations ----===//
#include "backends/translate/TnTranslations.h"

#include "backends/config/ConfigExport.h"
#include "dialects/tn/TnConfig.h"
#include "dialects/tn/TnDialect.h"
#include "runtime/chip/ConfigIO.h"
#include "runtime/support/Error.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-translate/Translation.h"

#include <functional>
#include <sstream>

using namespace mlir;

namespace snnc::tn {

std::optional<chipcfg::ChipConfig> configFromTn(ModuleOp module) {
  std::optional<chipcfg::ChipConfig> config = readTn(module);
  if (!config)
    return std::nullopt;
  try {
    config->validate();
  } catch (const Error &e) {
    module.emitError() << "the tn IR is not a valid configuration for chip '"
                       << config->chip.profile << "': " << e.what();
    return std::nullopt;
  }
  return config;
}

namespace {

/// A translation from a tn module to bytes: `emit` runs on its validated
/// configuration; an snnc::Error it throws becomes a diagnostic.
LogicalResult translate(Operation *op, llvm::raw_ostream &os,
                        const std::function<void(const chipcfg::ChipConfig &,
                                                 std::ostream &)> &emit) {
  auto module = dyn_cast<ModuleOp>(op);
  if (!module)
    return op->emitError("expected a module of tn ops");
  std::optional<chipcfg::ChipConfig> config = configFromTn(module);
  if (!config)
    return failure();
  std::ostringstream bytes;
  try {
    emit(*config, bytes);
  } catch (const Error &e) {
    return module.emitError() << e.what();
  }
  const std::string s = bytes.str();
  os.write(s.data(), s.size());
  return success();
}

void registerDialects(DialectRegistry &registry) {
  registry.insert<TnDialect, func::FuncDialect>();
}

} // namespace

void registerTnTranslations() {
  using Emit = void (*)(const chipcfg::ChipConfig &, std::ostream &);
  struct Entry {
    const char *name, *description;
    Emit emit;
  };
  static const Entry entries[] = {
      {"tn-to-snncfg",
       "tn IR to the binary configuration file (network.snncfg)",
       [](const chipcfg::ChipConfig &c, std::ostream &out) {
         out << chipcfg::serializeConfig(c, chipcfg::ConfigFormat::Binary);
       }},
      {"tn-to-snncfg-text",
       "tn IR to the text configuration file (network.snncfg.txt)",
       [](const chipcfg::ChipConfig &c, std::ostream &out) {
         out << chipcfg::serializeConfig(c, chipcfg::ConfigFormat::Text);
       }},
      {"tn-to-ibm-model", "tn IR to an IBM model file (NSCS/NeMo model.json)",
       [](const chipcfg::ChipConfig &c, std::ostream &out) {
         chipcfg::checkIbmExportable(c);
         chipcfg::writeIbmModel(c, out);
       }},
      {"tn-to-ranc-input",
       "tn IR to RANC's input.json (cores and output bus; no input packets)",
       [](const chipcfg::ChipConfig &c, std::ostream &out) {
         chipcfg::checkRancExportable(c);
         chipcfg::writeRancInput(c, {}, out);
       }},
      {"tn-to-ranc-config",
       "tn IR to RANC's config.json (the grid that holds the cores)",
       [](const chipcfg::ChipConfig &c, std::ostream &out) {
         chipcfg::checkRancExportable(c);
         out << chipcfg::rancConfigJson(c);
       }},
  };
  for (const Entry &e : entries) {
    Emit emit = e.emit;
    TranslateFromMLIRRegistration(
        e.name, e.description,
        [emit](Operation *op, llvm::raw_ostream &os) {
          return translate(op, os, emit);
        },
        registerDialects);
  }
}

} // namespace snnc::tn
