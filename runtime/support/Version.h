//===- Version.h - snnc's version and the git revision it was built from -*- C++
//-*-===//
#ifndef SNNC_RUNTIME_SUPPORT_VERSION_H
#define SNNC_RUNTIME_SUPPORT_VERSION_H

#include <string>

namespace snnc {

/// The release version (CMake's project version), e.g. "0.4.0".
const char *snncVersion();
/// `git describe --always --dirty` of the source tree at build time, or
/// "unknown" outside a git checkout.
const char *snncRevision();
/// "TOOL VERSION (git REVISION)", what every tool's --version prints.
std::string versionLine(const std::string &tool);

} // namespace snnc

#endif // SNNC_RUNTIME_SUPPORT_VERSION_H
