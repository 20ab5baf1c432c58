//===- TnTranslations.cpp - tn IR to the chip's files, as translations ----===//
#include "backends/translate/TnTranslations.h"

#include "backends/config/ConfigExport.h"
#include "dialects/ann/AnnDialect.h"
#include "dialects/snn/SnnDialect.h"
#include "dialects/tn/TnConfig.h"
#include "dialects/tn/TnDialect.h"
#include "runtime/chip/ConfigIO.h"
#include "runtime/support/Error.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-translate/Translation.h"

#include <ostream>

using namespace mlir;

namespace snnc::tn {

std::optional<chipcfg::ChipConfig> configFromTn(ModuleOp module) {
  std::optional<chipcfg::ChipConfig> config = readTn(module);
  if (!config)
    return std::nullopt;
  try {
    config->validate();
  } catch (const Error &e) {
    mlir::emitError(module.getLoc())
        << "the tn IR is not a valid configuration for chip '"
        << config->chip.profile << "': " << e.what();
    return std::nullopt;
  }
  return config;
}

namespace {

/// A std::ostream's buffer that writes to an llvm::raw_ostream (the
/// exporters write std::ostreams; mlir-translate hands out raw_ostreams).
class RawOstreamBuffer : public std::streambuf {
public:
  explicit RawOstreamBuffer(llvm::raw_ostream &os) : os(os) {}

protected:
  int_type overflow(int_type c) override {
    if (c != traits_type::eof())
      os << static_cast<char>(c);
    return c;
  }
  std::streamsize xsputn(const char *s, std::streamsize n) override {
    os.write(s, static_cast<size_t>(n));
    return n;
  }

private:
  llvm::raw_ostream &os;
};

/// Writes a configuration in one of the formats; throws snnc::Error when
/// the format cannot hold it.
using Emit = void (*)(const chipcfg::ChipConfig &, std::ostream &);

/// A translation from a tn module to bytes: `emit` runs on its validated
/// configuration; an snnc::Error it throws becomes a diagnostic.
LogicalResult translate(Operation *op, llvm::raw_ostream &os, Emit emit) {
  auto module = dyn_cast<ModuleOp>(op);
  if (!module)
    return mlir::emitError(op->getLoc(), "expected a module of tn ops");
  std::optional<chipcfg::ChipConfig> config = configFromTn(module);
  if (!config)
    return failure();
  // Straight into the output: a RANC input or IBM model of a large
  // network is gigabytes.
  RawOstreamBuffer buffer(os);
  std::ostream out(&buffer);
  try {
    emit(*config, out);
  } catch (const Error &e) {
    return mlir::emitError(module.getLoc()) << e.what();
  }
  out.flush();
  return success();
}

void registerDialects(DialectRegistry &registry) {
  // ann and snn too: IR of an earlier stage then parses, and is refused
  // as "not a tn module (run snn-to-tn)" rather than as unknown ops.
  registry
      .insert<TnDialect, ann::AnnDialect, snn::SnnDialect, func::FuncDialect>();
}

} // namespace

void registerTnTranslations() {
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
