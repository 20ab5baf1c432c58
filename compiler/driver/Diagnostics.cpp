//===- Diagnostics.cpp - MLIR diagnostics as one snnc::Error line ---------===//
#include "compiler/driver/Diagnostics.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Location.h"
#include "llvm/Support/raw_ostream.h"

namespace snnc {

DiagnosticCapture::DiagnosticCapture(mlir::MLIRContext *context)
    : handler(context, [this](mlir::Diagnostic &diag) {
        if (diag.getSeverity() != mlir::DiagnosticSeverity::Error)
          return mlir::failure(); // notes and warnings: as before
        std::string text = diag.str();
        if (auto loc =
                diag.getLocation()->findInstanceOf<mlir::FileLineColLoc>())
          text += " (at " + loc.getFilename().str() + ":" +
                  std::to_string(loc.getLine()) + ":" +
                  std::to_string(loc.getColumn()) + ")";
        errors.push_back(std::move(text));
        return mlir::success();
      }) {}

std::string DiagnosticCapture::firstError(const std::string &otherwise) const {
  return errors.empty() ? otherwise : errors.front();
}

} // namespace snnc
