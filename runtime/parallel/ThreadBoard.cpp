//===- ThreadBoard.cpp - The parts of a board as threads of one process ---===//
//
// Mailboxes [from][to] and a reusable barrier: a part writes its outgoing
// spikes, waits for every part, reads what was sent to it and waits again
// (so that no part overwrites a mailbox before it is read).
//
//===----------------------------------------------------------------------===//
#include "runtime/parallel/BoardLink.h"

#include "runtime/support/Error.h"

#include <condition_variable>
#include <mutex>

namespace snnc::par {

namespace {

struct Board {
  explicit Board(int parts)
      : parts(parts), box(parts, std::vector<std::vector<uint32_t>>(parts)) {}

  void barrier() {
    std::unique_lock<std::mutex> lock(mutex);
    const uint64_t round = generation;
    if (!aborted && ++waiting == parts) {
      waiting = 0;
      ++generation;
      wake.notify_all();
      return;
    }
    wake.wait(lock, [&] { return generation != round || aborted; });
    if (aborted)
      fail("board link: another part of the board failed");
  }
  void abort() {
    std::lock_guard<std::mutex> lock(mutex);
    aborted = true;
    wake.notify_all();
  }

  const int parts;
  std::vector<std::vector<std::vector<uint32_t>>> box; ///< [from][to]
  std::mutex mutex;
  std::condition_variable wake;
  int waiting = 0;
  uint64_t generation = 0;
  bool aborted = false;
};

class ThreadLink final : public BoardLink {
public:
  ThreadLink(std::shared_ptr<Board> board, int me)
      : board(std::move(board)), me(me) {}
  int part() const override { return me; }
  int parts() const override { return board->parts; }
  std::vector<std::vector<uint32_t>>
  exchange(const std::vector<std::vector<uint32_t>> &out) override {
    if (out.size() != size_t(board->parts))
      fail("board link: {} outgoing lists for {} parts", out.size(),
           board->parts);
    for (int q = 0; q < board->parts; ++q)
      board->box[me][q] = q == me ? std::vector<uint32_t>{} : out[q];
    board->barrier();
    std::vector<std::vector<uint32_t>> in(board->parts);
    for (int q = 0; q < board->parts; ++q)
      in[q] = board->box[q][me];
    board->barrier();
    return in;
  }
  void abort() override { board->abort(); }

private:
  std::shared_ptr<Board> board;
  int me;
};

} // namespace

std::vector<std::unique_ptr<BoardLink>> makeThreadBoard(int parts) {
  if (parts < 1)
    fail("a board needs at least one part, not {}", parts);
  auto board = std::make_shared<Board>(parts);
  std::vector<std::unique_ptr<BoardLink>> links;
  for (int p = 0; p < parts; ++p)
    links.push_back(std::make_unique<ThreadLink>(board, p));
  return links;
}

} // namespace snnc::par
