//===- BoardLink.h - Spikes between the parts of one board ------*- C++ -*-===//
//
// One network's chips spread over several processes (mpirun ranks) or
// threads: each part emulates the cores of a contiguous block of the
// board's chips, and after the phases that need it the parts exchange the
// spikes that cross between them, as the chips of a board exchange them
// over their links. The emulator sees only this interface; the MPI link
// (MpiBoardLink.cpp) and an in-process one (ThreadBoard.cpp, for tests and
// for measuring the emulator's side of the cost) implement it.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_PARALLEL_BOARDLINK_H
#define SNNC_RUNTIME_PARALLEL_BOARDLINK_H

#include <cstdint>
#include <memory>
#include <vector>

namespace snnc::par {

class BoardLink {
public:
  virtual ~BoardLink() = default;
  virtual int part() const = 0;  ///< This part, 0 .. parts() - 1.
  virtual int parts() const = 0; ///< Parts of the board (at least 1).
  /// Collective (every part calls it, in the same order): sends out[q] to
  /// part q (out has parts() entries; out[part()] is ignored) and returns
  /// what each part q sent to this one ([q]; [part()] empty).
  virtual std::vector<std::vector<uint32_t>>
  exchange(const std::vector<std::vector<uint32_t>> &out) = 0;
  /// Called by a part that fails: the other parts' exchanges then throw
  /// instead of waiting for it (in-process parts; an MPI rank that fails
  /// ends the run with MPI_Abort instead).
  virtual void abort() {}

  /// Collective: every part's `mine`, concatenated in part order.
  std::vector<uint32_t> gather(const std::vector<uint32_t> &mine);
  /// Collective: element-wise sum over the parts (wrapping: the parts' own
  /// values with zeros elsewhere add up to exact totals).
  void sum(std::vector<uint64_t> &values);
};

/// `parts` linked parts in one process, to be driven by one thread each.
std::vector<std::unique_ptr<BoardLink>> makeThreadBoard(int parts);

/// This process's part of a board spread over every mpirun rank (part =
/// rank); null when not running under mpirun with more than one rank.
std::unique_ptr<BoardLink> makeMpiBoardLink();

} // namespace snnc::par

#endif // SNNC_RUNTIME_PARALLEL_BOARDLINK_H
