//===- MpiBoardLink.cpp - A board's parts as mpirun ranks -----------------===//
//
// One exchange is two collectives on MPI_COMM_WORLD: the counts
// (MPI_Alltoall), then the spikes (MPI_Alltoallv). Only the main thread
// calls MPI (MPI_THREAD_FUNNELED, Ranks.cpp): the emulator exchanges
// between its parallel phases, never inside one.
//
//===----------------------------------------------------------------------===//
#include "runtime/parallel/BoardLink.h"
#include "runtime/parallel/Ranks.h"

#include "runtime/support/Error.h"

#include <climits>

#ifdef SNNC_HAVE_MPI
#include <mpi.h>
#endif

namespace snnc::par {

#ifdef SNNC_HAVE_MPI
namespace {

class MpiLink final : public BoardLink {
public:
  int part() const override { return ranks().rank; }
  int parts() const override { return ranks().size; }
  std::vector<std::vector<uint32_t>>
  exchange(const std::vector<std::vector<uint32_t>> &out) override {
    const int n = parts();
    if (out.size() != size_t(n))
      fail("board link: {} outgoing lists for {} ranks", out.size(), n);
    std::vector<int> sendCounts(n, 0), sendOffsets(n, 0), recvCounts(n, 0),
        recvOffsets(n, 0);
    size_t total = 0;
    for (int q = 0; q < n; ++q) {
      const size_t size = q == part() ? 0 : out[q].size();
      if (size > size_t(INT_MAX) || total > size_t(INT_MAX) - size)
        fail("board link: {} spike words for rank {} in one exchange; at "
             "most {}",
             total + size, q, INT_MAX);
      sendCounts[q] = static_cast<int>(size);
      sendOffsets[q] = static_cast<int>(total);
      total += size;
    }
    std::vector<uint32_t> send;
    send.reserve(total);
    for (int q = 0; q < n; ++q)
      if (q != part())
        send.insert(send.end(), out[q].begin(), out[q].end());
    MPI_Alltoall(sendCounts.data(), 1, MPI_INT, recvCounts.data(), 1, MPI_INT,
                 MPI_COMM_WORLD);
    size_t received = 0;
    for (int q = 0; q < n; ++q) {
      if (received > size_t(INT_MAX) - size_t(recvCounts[q]))
        fail("board link: more than {} spike words arrive in one exchange",
             INT_MAX);
      recvOffsets[q] = static_cast<int>(received);
      received += size_t(recvCounts[q]);
    }
    std::vector<uint32_t> recv(received);
    MPI_Alltoallv(send.data(), sendCounts.data(), sendOffsets.data(),
                  MPI_UINT32_T, recv.data(), recvCounts.data(),
                  recvOffsets.data(), MPI_UINT32_T, MPI_COMM_WORLD);
    std::vector<std::vector<uint32_t>> in(n);
    for (int q = 0; q < n; ++q)
      in[q].assign(recv.begin() + recvOffsets[q],
                   recv.begin() + recvOffsets[q] + recvCounts[q]);
    return in;
  }
};

} // namespace
#endif

std::unique_ptr<BoardLink> makeMpiBoardLink() {
#ifdef SNNC_HAVE_MPI
  if (ranks().size > 1)
    return std::make_unique<MpiLink>();
#endif
  return nullptr;
}

} // namespace snnc::par
