//===- AnnDialect.h - The ann dialect ---------------------------*- C++ -*-===//
#ifndef SNNC_DIALECTS_ANN_ANNDIALECT_H
#define SNNC_DIALECTS_ANN_ANNDIALECT_H

#include "mlir/IR/Dialect.h"

#include "dialects/ann/AnnDialect.h.inc"

#endif // SNNC_DIALECTS_ANN_ANNDIALECT_H
