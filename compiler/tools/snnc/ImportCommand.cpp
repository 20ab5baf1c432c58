//===- ImportCommand.cpp - snnc import: darknet to ann IR -----------------===//
#include "compiler/tools/snnc/Commands.h"

#include "runtime/support/Error.h"
#include "runtime/support/Files.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/OperationSupport.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

#include <memory>

namespace snnc::cli {

Runner registerImport(CLI::App &app) {
  auto *command = app.add_subcommand(
      "import", "Import a darknet cfg + weights and print the ann IR");
  auto options = std::make_shared<ModelOptions>();
  auto output = std::make_shared<std::string>("-");
  auto fold = std::make_shared<bool>(false);
  auto elide = std::make_shared<int64_t>(0);
  addModelOptions(*command, *options, /*foldOption=*/false);
  command->add_option("-o,--output", *output, "Output file (- for stdout)");
  command->add_flag("--fold-bn", *fold,
                    "Run ann-fold-batch-norm before printing");
  auto locations = std::make_shared<bool>(false);
  command->add_option("--elide-resources", *elide,
                      "Leave out parameter blobs larger than N bytes (for "
                      "reading only: such IR cannot be run; 0: keep all)");
  command->add_flag("--print-locations", *locations,
                    "Print each op's location (cfg file:line)");
  return [=]() {
    if (*output != "-")
      checkOutputFile(*output, "-o");
    mlir::MLIRContext context;
    auto module = importModel(context, *options);
    if (*fold)
      runAnnPipeline(*module, true);
    mlir::OpPrintingFlags flags;
    if (*elide > 0)
      flags.elideLargeResourceString(*elide);
    if (*locations)
      flags.enableDebugInfo();
    std::string text;
    llvm::raw_string_ostream os(text);
    module->print(os, flags);
    writeTextOutput(*output, os.str());
    return 0;
  };
}

} // namespace snnc::cli
