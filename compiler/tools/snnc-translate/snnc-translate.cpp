//===- snnc-translate.cpp - snnc's mlir-translate -------------------------===//
//
// Emits the chip's files from tn IR, as circt-translate emits Verilog:
//
//   snnc-translate --tn-to-snncfg MODEL-tn.mlir -o network.snncfg
//
// Registers only snnc's translations (backends/translate).
//
//===----------------------------------------------------------------------===//
#include "backends/translate/TnTranslations.h"
#include "runtime/support/Version.h"

#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

int main(int argc, char **argv) {
  snnc::tn::registerTnTranslations();
  llvm::cl::AddExtraVersionPrinter([](llvm::raw_ostream &os) {
    os << snnc::versionLine("snnc-translate") << "\n";
  });
  return mlir::failed(
             mlir::mlirTranslateMain(argc, argv, "snnc translation driver\n"))
             ? 1
             : 0;
}
