//===- Progress.h - Progress lines for long runs ----------------*- C++ -*-===//
//
// Thread-safe progress reporting on stderr: a rewritten line on a terminal,
// or a line every ~10% otherwise (logs stay short).
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_SUPPORT_PROGRESS_H
#define SNNC_RUNTIME_SUPPORT_PROGRESS_H

#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>
#include <unistd.h>

namespace snnc {

class Progress {
public:
  Progress(std::string label, size_t total, bool enabled = true)
      : label(std::move(label)), total(total), enabled(enabled && total > 0),
        tty(isatty(fileno(stderr))), start(std::chrono::steady_clock::now()) {}

  /// Marks one more item done.
  void step() {
    size_t done = ++count;
    if (!enabled)
      return;
    std::lock_guard<std::mutex> lock(mutex);
    size_t decile = done * 10 / total;
    if (!tty && decile == lastDecile && done != total)
      return;
    lastDecile = decile;
    double seconds = elapsed();
    double rate = seconds > 0 ? done / seconds : 0;
    double eta = rate > 0 ? (total - done) / rate : 0;
    std::fprintf(stderr, "%s%s: %zu/%zu (%.1f/s, %.0f s left)%s",
                 tty ? "\r" : "", label.c_str(), done, total, rate, eta,
                 tty ? (done == total ? "\n" : "") : "\n");
    std::fflush(stderr);
  }

  double elapsed() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                         start)
        .count();
  }

private:
  std::string label;
  size_t total;
  bool enabled, tty;
  std::chrono::steady_clock::time_point start;
  std::atomic<size_t> count{0};
  std::mutex mutex;
  size_t lastDecile = 0;
};

} // namespace snnc

#endif // SNNC_RUNTIME_SUPPORT_PROGRESS_H
