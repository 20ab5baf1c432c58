//===- MemoryBudget.h - How much memory a command may use -------*- C++ -*-===//
//
// Heavy work (importing a model, compiling it, running inference or the
// emulator) first estimates what it will need from the shapes alone and
// compares it with the budget: `snnc --max-memory SIZE`, by default 90% of
// the machine's memory. A network too large for the machine is refused in
// a line that names it and the numbers, before anything large is
// allocated, instead of growing until the kernel kills the process.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_SUPPORT_MEMORYBUDGET_H
#define SNNC_RUNTIME_SUPPORT_MEMORYBUDGET_H

#include <cstdint>
#include <string>
#include <string_view>

namespace snnc {

/// The machine's physical memory in bytes (0 when unknown).
uint64_t physicalMemoryBytes();

/// Sets the budget in bytes (0: no limit).
void setMemoryLimit(uint64_t bytes);
/// The budget: what setMemoryLimit set, else 90% of physical memory (0: no
/// limit).
uint64_t memoryLimit();

/// "1.5 GiB", "512 MiB", "37 KiB", "12 bytes".
std::string formatBytes(uint64_t bytes);

/// "8G", "512M", "1.5G", "2048" (MiB), "0" (no limit); K, M, G, T are
/// binary (KiB ...). Throws snnc::Error naming `what` otherwise.
uint64_t parseMemorySize(std::string_view text, std::string_view what);

/// Throws snnc::Error when `bytes` exceeds the budget: "WHAT needs at least
/// N (DETAIL), above the memory limit of M (--max-memory; ...)".
void checkMemory(uint64_t bytes, std::string_view what,
                 std::string_view detail);

} // namespace snnc

#endif // SNNC_RUNTIME_SUPPORT_MEMORYBUDGET_H
