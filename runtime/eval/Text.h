//===- Text.h - Small string helpers of the dataset loaders -----*- C++ -*-===//
//
// Internal to snnc_eval: trimming and strict number parsing, so that "12abc"
// or "" is reported as bad input instead of silently read as 12 or 0.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_EVAL_TEXT_H
#define SNNC_RUNTIME_EVAL_TEXT_H

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

namespace snnc::eval_detail {

inline std::string_view trim(std::string_view s) {
  const char *space = " \t\r\n\f\v";
  std::size_t begin = s.find_first_not_of(space);
  if (begin == std::string_view::npos)
    return {};
  std::size_t end = s.find_last_not_of(space);
  return s.substr(begin, end - begin + 1);
}

/// The whole (trimmed) text as a finite number, or nothing.
inline std::optional<double> parseNumber(std::string_view text) {
  std::string s(trim(text));
  if (s.empty())
    return std::nullopt;
  errno = 0;
  char *end = nullptr;
  double value = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || errno == ERANGE || !std::isfinite(value))
    return std::nullopt;
  return value;
}

} // namespace snnc::eval_detail

#endif // SNNC_RUNTIME_EVAL_TEXT_H
