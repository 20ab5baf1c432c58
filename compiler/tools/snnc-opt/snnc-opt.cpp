//===- snnc-opt.cpp - snnc's mlir-opt -------------------------------------===//
//
// Parses, verifies, transforms and prints IR of snnc's dialects; the driver
// of the lit tests. Registers only the dialects and passes snnc uses.
//
//===----------------------------------------------------------------------===//
#include "dialects/ann/AnnDialect.h"
#include "dialects/ann/AnnPasses.h"
#include "dialects/conversion/Passes.h"
#include "dialects/snn/SnnDialect.h"
#include "dialects/snn/SnnPasses.h"
#include "dialects/tn/TnDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  registry.insert<snnc::ann::AnnDialect, snnc::snn::SnnDialect,
                  snnc::tn::TnDialect, mlir::func::FuncDialect>();
  snnc::ann::registerAnnPasses();
  snnc::snn::registerSnnPasses();
  snnc::registerConversionPasses();
  mlir::registerCanonicalizerPass();
  mlir::registerCSEPass();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "snnc optimizer driver\n", registry));
}
