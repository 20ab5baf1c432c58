//===- snnc-opt.cpp - snnc's mlir-opt -------------------------------------===//
//
// Parses, verifies, transforms and prints IR of snnc's dialects; the driver
// of the lit tests. Registers only the dialects and passes snnc uses.
//
//===----------------------------------------------------------------------===//
#include "compiler/pipeline/CompilePipeline.h"
#include "dialects/ann/AnnDialect.h"
#include "dialects/ann/AnnPasses.h"
#include "dialects/conversion/Passes.h"
#include "dialects/snn/SnnDialect.h"
#include "dialects/snn/SnnPasses.h"
#include "dialects/tn/TnDialect.h"
#include "dialects/tn/TnPasses.h"
#include "runtime/support/Version.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  registry.insert<snnc::ann::AnnDialect, snnc::snn::SnnDialect,
                  snnc::tn::TnDialect, mlir::func::FuncDialect>();
  snnc::ann::registerAnnPasses();
  snnc::snn::registerSnnPasses();
  snnc::registerConversionPasses();
  snnc::tn::registerTnPasses();
  snnc::registerCompilePipeline();
  mlir::registerCanonicalizerPass();
  mlir::registerCSEPass();
  // --version names snnc and its revision (then the LLVM it is built on),
  // not LLVM alone.
  llvm::cl::AddExtraVersionPrinter([](llvm::raw_ostream &os) {
    os << snnc::versionLine("snnc-opt") << "\n";
  });
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "snnc optimizer driver\n", registry));
}
