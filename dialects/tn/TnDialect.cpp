//===- TnDialect.cpp - The tn dialect -------------------------------------===//
#include "dialects/tn/TnDialect.h"
#include "dialects/tn/TnOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace snnc::tn;

#include "dialects/tn/TnDialect.cpp.inc"
#include "dialects/tn/TnEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "dialects/tn/TnAttrDefs.cpp.inc"

void TnDialect::initialize() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "dialects/tn/TnAttrDefs.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "dialects/tn/TnOps.cpp.inc"
      >();
}
