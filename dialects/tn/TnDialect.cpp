//===- TnDialect.cpp - The tn dialect -------------------------------------===//
#include "dialects/tn/TnDialect.h"
#include "dialects/tn/TnOps.h"

using namespace mlir;
using namespace snnc::tn;

#include "dialects/tn/TnDialect.cpp.inc"

void TnDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dialects/tn/TnOps.cpp.inc"
      >();
}
