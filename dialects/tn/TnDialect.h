//===- TnDialect.h - The tn dialect -----------------------------*- C++ -*-===//
#ifndef SNNC_DIALECTS_TN_TNDIALECT_H
#define SNNC_DIALECTS_TN_TNDIALECT_H

#include "mlir/IR/Dialect.h"

#include "dialects/tn/TnDialect.h.inc"

#endif // SNNC_DIALECTS_TN_TNDIALECT_H
