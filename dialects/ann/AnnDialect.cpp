//===- AnnDialect.cpp - The ann dialect -----------------------------------===//
#include "dialects/ann/AnnDialect.h"
#include "dialects/ann/AnnOps.h"

using namespace mlir;
using namespace snnc::ann;

#include "dialects/ann/AnnDialect.cpp.inc"

void AnnDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dialects/ann/AnnOps.cpp.inc"
      >();
}
