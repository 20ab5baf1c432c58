//===- Ranks.cpp - Processes of one run under MPI -------------------------===//
#include "runtime/parallel/Ranks.h"

#include <algorithm>
#include <cstdlib>

#ifdef SNNC_HAVE_MPI
#include <mpi.h>
#endif

namespace snnc::par {

namespace {
Ranks current;
bool started = false;

/// mpirun (OpenMPI, MPICH, Slurm's PMI) sets one of these in each rank's
/// environment; a plain start sets none, and then MPI is not touched.
bool launchedByMpirun() {
  for (const char *name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK"})
    if (std::getenv(name))
      return true;
  return false;
}
} // namespace

bool builtWithMpi() {
#ifdef SNNC_HAVE_MPI
  return true;
#else
  return false;
#endif
}

Ranks initRanks(int &argc, char **&argv) {
#ifdef SNNC_HAVE_MPI
  if (launchedByMpirun()) {
    int provided = 0;
    // Only the main thread calls MPI; oneTBB's workers never do.
    MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
    started = true;
    MPI_Comm_rank(MPI_COMM_WORLD, &current.rank);
    MPI_Comm_size(MPI_COMM_WORLD, &current.size);
  }
#else
  (void)argc;
  (void)argv;
#endif
  return current;
}

const Ranks &ranks() { return current; }

void finalizeRanks() {
#ifdef SNNC_HAVE_MPI
  if (started)
    MPI_Finalize();
  started = false;
#endif
}

void abortRanks(int status) {
#ifdef SNNC_HAVE_MPI
  if (started && current.size > 1)
    MPI_Abort(MPI_COMM_WORLD, status);
#endif
  std::exit(status);
}

bool everyRank(bool ok) {
  if (current.size == 1)
    return ok;
#ifdef SNNC_HAVE_MPI
  int all = ok ? 1 : 0;
  MPI_Allreduce(MPI_IN_PLACE, &all, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD);
  return all != 0;
#else
  return ok;
#endif
}

std::vector<std::string> gatherToRoot(const std::string &mine) {
  if (current.size == 1)
    return {mine};
#ifdef SNNC_HAVE_MPI
  // Sizes first (64-bit: a rank's results can pass 2 GB on big chips),
  // then the bytes, in chunks MPI's int counts can carry.
  unsigned long long size = mine.size();
  std::vector<unsigned long long> sizes(current.root() ? current.size : 0);
  MPI_Gather(&size, 1, MPI_UNSIGNED_LONG_LONG, sizes.data(), 1,
             MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD);
  constexpr size_t kChunk = size_t(1) << 30;
  std::vector<std::string> all;
  if (current.root()) {
    all.resize(current.size);
    all[0] = mine;
    for (int r = 1; r < current.size; ++r) {
      all[r].resize(sizes[r]);
      for (size_t off = 0; off < sizes[r]; off += kChunk)
        MPI_Recv(all[r].data() + off,
                 static_cast<int>(std::min<size_t>(kChunk, sizes[r] - off)),
                 MPI_BYTE, r, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    }
  } else {
    for (size_t off = 0; off < mine.size(); off += kChunk)
      MPI_Send(mine.data() + off,
               static_cast<int>(std::min<size_t>(kChunk, mine.size() - off)),
               MPI_BYTE, 0, 0, MPI_COMM_WORLD);
  }
  return all;
#else
  return {mine};
#endif
}

} // namespace snnc::par
