//===- Diagnostics.h - MLIR diagnostics as one snnc::Error line -*- C++ -*-===//
//
// A pass that fails reports why through MLIR's diagnostics. The tools turn
// the first error into the snnc::Error they print (one line, naming the
// layer, the numbers and the cfg location), instead of printing the
// diagnostic and then "X failed (see the diagnostics above)".
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_COMPILER_DRIVER_DIAGNOSTICS_H
#define SNNC_COMPILER_DRIVER_DIAGNOSTICS_H

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"

#include <string>
#include <vector>

namespace snnc {

/// Collects the error diagnostics emitted on `context` while it lives
/// (others pass on to the previous handler).
class DiagnosticCapture {
public:
  explicit DiagnosticCapture(mlir::MLIRContext *context);

  /// The first error as "MESSAGE (at FILE:LINE:COL)", else `otherwise`.
  std::string firstError(const std::string &otherwise) const;

private:
  std::vector<std::string> errors;
  mlir::ScopedDiagnosticHandler handler;
};

} // namespace snnc

#endif // SNNC_COMPILER_DRIVER_DIAGNOSTICS_H
