//===- SnnEnums.cpp - Conversion choices of the snn dialect ---------------===//
#include "dialects/snn/SnnEnums.h"

#include "dialects/snn/SnnEnums.cpp.inc"
