//===- ExportCommon.cpp - Checks and files shared by the exporters --------===//
#include "backends/config/ExportCommon.h"

#include "runtime/support/Error.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace snnc::chipcfg::exportdetail {

void checkCommon(const ChipConfig &c, const char *format, uint32_t maxDelay) {
  c.validate();
  if (c.chip.signedSpikes)
    fail("{}: the chip ('{}') has signed spikes; the format's spikes are "
         "unsigned (compile for the truenorth profile)",
         format, c.chip.profile);
  if (c.chip.crossbar != CrossbarKind::Binary)
    fail("{}: the chip ('{}') has weighted crossbars; the format needs binary "
         "crossbars with 4 axon types (compile for the truenorth profile)",
         format, c.chip.profile);
  for (size_t pi = 0; pi < c.prototypes.size(); ++pi) {
    const CorePrototype &p = c.prototypes[pi];
    if (p.kind != CrossbarKind::Binary)
      fail("{}: prototype {} ('{}') has a weighted crossbar; the format needs "
           "binary crossbars",
           format, pi, p.name);
    if (p.axons > kCoreSize || p.neurons > kCoreSize)
      fail("{}: prototype {} ('{}') has {} axons x {} neurons; the format's "
           "cores have at most {} x {}",
           format, pi, p.name, p.axons, p.neurons, kCoreSize, kCoreSize);
    for (size_t t = 0; t < p.neuronTypes.size(); ++t) {
      const NeuronType &nt = p.neuronTypes[t];
      if (!nt.fires)
        fail("{}: prototype {} ('{}') neuron type {} never fires (an output "
             "read by membrane potential); the format's neurons always fire "
             "(use spike-count outputs)",
             format, pi, p.name, t);
      if (nt.negative == NegativeMode::Spike)
        fail("{}: prototype {} ('{}') neuron type {} emits negative spikes; "
             "the format's spikes are unsigned",
             format, pi, p.name, t);
    }
  }
  for (size_t ci = 0; ci < c.cores.size(); ++ci) {
    const Core &core = c.cores[ci];
    uint32_t neurons = c.prototypes[core.prototype].neurons;
    for (uint32_t n = 0; n < neurons; ++n) {
      uint32_t fanout = core.targetStart[n + 1] - core.targetStart[n];
      if (fanout > 1)
        fail("{}: core {} neuron {} has {} targets; the format allows one per "
             "neuron (the truenorth profile adds splitter neurons)",
             format, ci, n, fanout);
      if (fanout == 1) {
        const Target &t = core.targets[core.targetStart[n]];
        if (t.delay < 1 || t.delay > maxDelay)
          fail("{}: core {} neuron {}: delay {} to core {} axon {} is outside "
               "the format's range 1..{}",
               format, ci, n, t.delay, t.core, t.axon, maxDelay);
      }
    }
  }
}

void makeDirectory(const std::string &dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec)
    fail("{}: cannot create the folder: {}", dir, ec.message());
}

void writeFileWith(const std::string &path,
                   const std::function<void(std::ostream &)> &write) {
  // Written beside and renamed: a failure never leaves a partial file.
  const std::string temporary = path + ".partial";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out)
      fail("{}: cannot open for writing: {}", temporary, std::strerror(errno));
    try {
      write(out);
      out.close();
    } catch (...) {
      out.close();
      std::filesystem::remove(temporary);
      throw;
    }
    if (!out) {
      std::filesystem::remove(temporary);
      fail("{}: write failed (disk full?)", path);
    }
  }
  std::error_code ec;
  std::filesystem::rename(temporary, path, ec);
  if (ec)
    fail("{}: cannot rename from {}: {}", path, temporary, ec.message());
}

void writeFile(const std::string &path, const std::string &bytes) {
  writeFileWith(path, [&](std::ostream &out) {
    out.write(bytes.data(), std::streamsize(bytes.size()));
  });
}

} // namespace snnc::chipcfg::exportdetail
