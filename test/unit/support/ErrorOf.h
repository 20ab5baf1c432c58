//===- ErrorOf.h - The message of the snnc::Error a call throws -*- C++ -*-===//
#ifndef SNNC_TEST_UNIT_SUPPORT_ERROROF_H
#define SNNC_TEST_UNIT_SUPPORT_ERROROF_H

#include "runtime/support/Error.h"

#include <functional>
#include <string>

/// The message of the snnc::Error `f` throws; empty when it throws none (so
/// a check compares the whole message, not a fragment).
inline std::string errorOf(const std::function<void()> &f) {
  try {
    f();
  } catch (const snnc::Error &e) {
    return e.what();
  }
  return "";
}

#endif // SNNC_TEST_UNIT_SUPPORT_ERROROF_H
