//===- ExportCommon.h - Checks and files shared by the exporters -*- C++ -*-=//
//
// Private to backends/config.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_BACKENDS_CONFIG_EXPORTCOMMON_H
#define SNNC_BACKENDS_CONFIG_EXPORTCOMMON_H

#include "runtime/chip/ChipConfig.h"

#include <functional>
#include <ostream>
#include <string>

namespace snnc::chipcfg::exportdetail {

/// The crossbar size both formats fix.
inline constexpr uint32_t kCoreSize = 256;

/// Validates `config`, then checks what IBM's and RANC's cores share:
/// unsigned spikes, binary crossbars of at most 256 axons and neurons,
/// neurons that fire and do not spike negatively, at most one target per
/// neuron with a delay in 1..maxDelay. `format` starts every message.
void checkCommon(const ChipConfig &config, const char *format,
                 uint32_t maxDelay);

/// Creates `dir` (and its parents) or throws naming it.
void makeDirectory(const std::string &dir);

/// Writes `bytes` to `path` or throws naming it; never leaves a partial
/// file (written to PATH.partial, then renamed).
void writeFile(const std::string &path, const std::string &bytes);

/// The same for content streamed by `write` (files too large for memory).
void writeFileWith(const std::string &path,
                   const std::function<void(std::ostream &)> &write);

} // namespace snnc::chipcfg::exportdetail

#endif // SNNC_BACKENDS_CONFIG_EXPORTCOMMON_H
