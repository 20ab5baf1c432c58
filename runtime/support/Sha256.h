//===- Sha256.h - Content hashes for reproducible reports -------*- C++ -*-===//
//
// SHA-256 (OpenSSL's libcrypto) of bytes and files, as lowercase hex: the
// hashes reports carry for the model files, the chip description and the
// configuration files, so a result can be traced to exactly what made it.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_SUPPORT_SHA256_H
#define SNNC_RUNTIME_SUPPORT_SHA256_H

#include <string>

namespace snnc {

std::string sha256Hex(const std::string &bytes);

/// Streams the file; fails (snnc::Error) naming it when it cannot be read.
std::string sha256OfFile(const std::string &path);

} // namespace snnc

#endif // SNNC_RUNTIME_SUPPORT_SHA256_H
