//===- SnnDialect.cpp - The snn dialect -----------------------------------===//
#include "dialects/snn/SnnDialect.h"
#include "dialects/snn/SnnOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace snnc::snn;

#include "dialects/snn/SnnDialect.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "dialects/snn/SnnAttrs.cpp.inc"

void SnnDialect::initialize() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "dialects/snn/SnnAttrs.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "dialects/snn/SnnOps.cpp.inc"
      >();
}
