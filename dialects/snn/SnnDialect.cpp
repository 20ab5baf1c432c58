//===- SnnDialect.cpp - The snn dialect -----------------------------------===//
#include "dialects/snn/SnnDialect.h"
#include "dialects/snn/SnnOps.h"

using namespace mlir;
using namespace snnc::snn;

#include "dialects/snn/SnnDialect.cpp.inc"

void SnnDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dialects/snn/SnnOps.cpp.inc"
      >();
}
