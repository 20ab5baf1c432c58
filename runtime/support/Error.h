//===- Error.h - The error type of snnc's plain C++ libraries ---*- C++ -*-===//
//
// Parsers and runtime code outside MLIR report bad input by throwing
// snnc::Error with a message that names the file, line or field and the
// numbers involved. Tools catch it at the top and print it; MLIR code never
// sees it (MLIR is built without exceptions).
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_SUPPORT_ERROR_H
#define SNNC_RUNTIME_SUPPORT_ERROR_H

#include <fmt/format.h>
#include <stdexcept>
#include <string>

namespace snnc {

class Error : public std::runtime_error {
public:
  explicit Error(const std::string &message) : std::runtime_error(message) {}
};

/// Throws snnc::Error with a fmt-formatted message.
template <typename... Args>
[[noreturn]] void fail(fmt::format_string<Args...> format, Args &&...args) {
  throw Error(fmt::format(format, std::forward<Args>(args)...));
}

} // namespace snnc

#endif // SNNC_RUNTIME_SUPPORT_ERROR_H
