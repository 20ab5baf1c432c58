//===- Socket.h - Stream sockets with deadlines for the HIL link -*- C++ -*-=//
//
// The few socket operations the server and the client share: listening on
// and connecting to a Unix domain socket or TCP on the loopback address,
// and reading/writing exact byte counts with a deadline, so that nothing
// waits forever. Every descriptor is non-blocking and close-on-exec;
// writes use MSG_NOSIGNAL (a closed peer is an error, not SIGPIPE).
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_HIL_SOCKET_H
#define SNNC_RUNTIME_HIL_SOCKET_H

#include <chrono>
#include <cstddef>
#include <string>

namespace snnc::hil {

/// Where a server listens / a client connects: "unix:PATH", a bare PATH
/// (Unix domain socket), or "tcp:HOST:PORT" (HOST an IPv4 address or
/// "localhost"; the server listens on 127.0.0.1 only).
struct Address {
  bool tcp = false;
  std::string path; ///< Unix socket path.
  std::string host = "127.0.0.1";
  int port = 0; ///< TCP port (0 when listening: any).

  static Address parse(const std::string &text); ///< Throws snnc::Error.
  std::string str() const;
};

/// An owned file descriptor.
class Fd {
public:
  Fd() = default;
  explicit Fd(int fd) : fd(fd) {}
  Fd(Fd &&other) noexcept : fd(other.release()) {}
  Fd &operator=(Fd &&other) noexcept;
  Fd(const Fd &) = delete;
  Fd &operator=(const Fd &) = delete;
  ~Fd() { close(); }

  int get() const { return fd; }
  bool valid() const { return fd >= 0; }
  int release() {
    int f = fd;
    fd = -1;
    return f;
  }
  void close();

private:
  int fd = -1;
};

using Clock = std::chrono::steady_clock;
/// No deadline.
inline Clock::time_point never() { return Clock::time_point::max(); }
inline Clock::time_point after(double seconds) {
  if (seconds <= 0 || seconds > 1e8)
    return never();
  return Clock::now() + std::chrono::duration_cast<Clock::duration>(
                            std::chrono::duration<double>(seconds));
}

/// Binds and listens (backlog 4). A stale Unix socket file nobody accepts
/// on is replaced; a live one is an error. Throws snnc::Error.
Fd listenOn(Address &address);
/// Connects, retrying while the server is not there yet (no socket file,
/// connection refused) until `deadline`. Throws snnc::Error.
Fd connectTo(const Address &address, Clock::time_point deadline);

enum class IoResult {
  Ok,
  Eof,     ///< The peer closed before the first byte.
  Closed,  ///< The peer closed in the middle.
  Timeout, ///< The deadline passed.
  Woken,   ///< `wake` became readable (the server is stopping).
  Error,   ///< A socket error (errno kept in `lastErrno`).
};

/// Reads exactly n bytes into `out` (appended, grown as bytes arrive).
IoResult readExact(int fd, std::string &out, size_t n,
                   Clock::time_point deadline, int wake = -1,
                   int *lastErrno = nullptr);
/// Writes all of `bytes`.
IoResult writeAll(int fd, const char *bytes, size_t n,
                  Clock::time_point deadline, int wake = -1,
                  int *lastErrno = nullptr);
/// Waits until `fd` is readable; the same results as readExact.
IoResult waitReadable(int fd, Clock::time_point deadline, int wake = -1,
                      int *lastErrno = nullptr);

} // namespace snnc::hil

#endif // SNNC_RUNTIME_HIL_SOCKET_H
