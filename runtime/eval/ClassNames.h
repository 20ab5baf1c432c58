//===- ClassNames.h - Darknet .names files ----------------------*- C++ -*-===//
//
// A darknet .names file lists one class name per line; the line number is the
// class index the model predicts.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_EVAL_CLASSNAMES_H
#define SNNC_RUNTIME_EVAL_CLASSNAMES_H

#include <string>
#include <vector>

namespace snnc {

/// Reads a .names file. Leading/trailing whitespace and CR are trimmed and
/// trailing empty lines skipped. Throws snnc::Error when the file cannot be
/// read, holds no name, or has an empty line between names (it would shift
/// every later class index).
std::vector<std::string> readClassNames(const std::string &path);

} // namespace snnc

#endif // SNNC_RUNTIME_EVAL_CLASSNAMES_H
