//===- Ranks.h - Processes of one run under MPI -----------------*- C++ -*-===//
//
// `snnc run` under `mpirun -np N` spreads its images over N processes
// (ranks) and gathers their results on rank 0, which alone prints and
// writes: the output is byte-identical to one process's (the counters are
// integers, summed in any order to the same totals; every image's
// detections come back to its place). Without MPI (built without OpenMPI,
// or not started by mpirun) a run is rank 0 of 1 and nothing here talks to
// anyone.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_PARALLEL_RANKS_H
#define SNNC_RUNTIME_PARALLEL_RANKS_H

#include <string>
#include <vector>

namespace snnc::par {

struct Ranks {
  int rank = 0, size = 1;
  bool root() const { return rank == 0; }
  /// Rank `rank`'s share of `count` items: [begin, end), contiguous blocks
  /// in rank order.
  size_t begin(size_t count) const { return count * rank / size; }
  size_t end(size_t count) const { return count * (rank + 1) / size; }
};

/// Starts MPI when the process was launched by mpirun (and snnc was built
/// with OpenMPI); returns this process's rank and the number of ranks.
Ranks initRanks(int &argc, char **&argv);

/// This process's ranks (after initRanks; rank 0 of 1 before).
const Ranks &ranks();

/// Ends MPI (no-op without it).
void finalizeRanks();

/// Stops every rank after an error on one of them (a rank that fails would
/// otherwise leave the others waiting in a gather). No-op for one rank.
[[noreturn]] void abortRanks(int status);

/// Rank 0 receives every rank's bytes in rank order (its own first); the
/// other ranks get an empty vector.
std::vector<std::string> gatherToRoot(const std::string &mine);

/// Collective: whether `ok` holds on every rank (`ok` itself for one).
bool everyRank(bool ok);

/// Whether this build can run under MPI.
bool builtWithMpi();

} // namespace snnc::par

#endif // SNNC_RUNTIME_PARALLEL_RANKS_H
