//===- Socket.cpp - Stream sockets with deadlines for the HIL link --------===//
#include "runtime/hil/Socket.h"

#include "runtime/support/Error.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <thread>
#include <unistd.h>

namespace snnc::hil {

Address Address::parse(const std::string &text) {
  Address a;
  if (text.rfind("tcp:", 0) == 0) {
    a.tcp = true;
    std::string rest = text.substr(4);
    size_t colon = rest.rfind(':');
    if (colon == std::string::npos)
      fail("hil: address '{}': expected tcp:HOST:PORT", text);
    a.host = rest.substr(0, colon);
    if (a.host == "localhost" || a.host.empty())
      a.host = "127.0.0.1";
    std::string port = rest.substr(colon + 1);
    if (port.empty() || port.size() > 5 ||
        port.find_first_not_of("0123456789") != std::string::npos ||
        std::stoi(port) > 65535)
      fail("hil: address '{}': port '{}' is not a number in 0..65535", text,
           port);
    a.port = std::stoi(port);
    in_addr probe;
    if (inet_pton(AF_INET, a.host.c_str(), &probe) != 1)
      fail("hil: address '{}': host '{}' is not an IPv4 address", text, a.host);
    return a;
  }
  a.path = text.rfind("unix:", 0) == 0 ? text.substr(5) : text;
  if (a.path.empty())
    fail("hil: address '{}': empty socket path", text);
  if (a.path.size() >= sizeof(sockaddr_un::sun_path))
    fail("hil: socket path '{}' has {} bytes; the limit is {}", a.path,
         a.path.size(), sizeof(sockaddr_un::sun_path) - 1);
  return a;
}

std::string Address::str() const {
  if (tcp)
    return "tcp:" + host + ":" + std::to_string(port);
  return "unix:" + path;
}

Fd &Fd::operator=(Fd &&other) noexcept {
  if (this != &other) {
    close();
    fd = other.release();
  }
  return *this;
}

void Fd::close() {
  if (fd >= 0)
    ::close(fd);
  fd = -1;
}

namespace {

std::string errnoText(int e) { return std::strerror(e); }

void setNonBlocking(int fd) {
  int flags = fcntl(fd, F_GETFL, 0);
  if (flags >= 0)
    fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

sockaddr_un unixAddress(const std::string &path) {
  sockaddr_un sa{};
  sa.sun_family = AF_UNIX;
  std::memcpy(sa.sun_path, path.data(), path.size());
  return sa;
}

sockaddr_in tcpAddress(const std::string &host, int port) {
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, host.c_str(), &sa.sin_addr);
  return sa;
}

/// Milliseconds until the deadline for poll (-1: none; at least 0).
int pollTimeout(Clock::time_point deadline) {
  if (deadline == never())
    return -1;
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                  deadline - Clock::now())
                  .count();
  if (left <= 0)
    return 0;
  return left > 60000 ? 60000 : static_cast<int>(left) + 1;
}

/// Waits for `events` on fd (or readability of wake).
IoResult waitFor(int fd, short events, Clock::time_point deadline, int wake,
                 int *lastErrno) {
  for (;;) {
    pollfd fds[2] = {{fd, events, 0}, {wake, POLLIN, 0}};
    int n = poll(fds, wake >= 0 ? 2 : 1, pollTimeout(deadline));
    if (n < 0) {
      if (errno == EINTR)
        continue;
      if (lastErrno)
        *lastErrno = errno;
      return IoResult::Error;
    }
    if (wake >= 0 && (fds[1].revents & POLLIN))
      return IoResult::Woken;
    if (n > 0 && fds[0].revents != 0)
      return IoResult::Ok; // readable, writable, hung up or in error: the
                           // read/write that follows tells which
    if (deadline != never() && Clock::now() >= deadline)
      return IoResult::Timeout;
  }
}

} // namespace

Fd listenOn(Address &address) {
  if (address.tcp) {
    Fd fd(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd.valid())
      fail("hil: socket(): {}", errnoText(errno));
    int one = 1;
    setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in sa = tcpAddress("127.0.0.1", address.port);
    if (bind(fd.get(), reinterpret_cast<sockaddr *>(&sa), sizeof sa) != 0)
      fail("hil: cannot bind 127.0.0.1:{}: {}", address.port, errnoText(errno));
    socklen_t len = sizeof sa;
    getsockname(fd.get(), reinterpret_cast<sockaddr *>(&sa), &len);
    address.host = "127.0.0.1";
    address.port = ntohs(sa.sin_port);
    if (listen(fd.get(), 4) != 0)
      fail("hil: cannot listen on {}: {}", address.str(), errnoText(errno));
    setNonBlocking(fd.get());
    return fd;
  }
  sockaddr_un sa = unixAddress(address.path);
  struct stat st;
  if (lstat(address.path.c_str(), &st) == 0) {
    if (!S_ISSOCK(st.st_mode))
      fail("hil: '{}' exists and is not a socket", address.path);
    Fd probe(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (probe.valid() &&
        connect(probe.get(), reinterpret_cast<sockaddr *>(&sa), sizeof sa) == 0)
      fail("hil: another server is listening on '{}'", address.path);
    unlink(address.path.c_str()); // stale socket file
  }
  Fd fd(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!fd.valid())
    fail("hil: socket(): {}", errnoText(errno));
  if (bind(fd.get(), reinterpret_cast<sockaddr *>(&sa), sizeof sa) != 0)
    fail("hil: cannot bind '{}': {}", address.path, errnoText(errno));
  if (listen(fd.get(), 4) != 0)
    fail("hil: cannot listen on '{}': {}", address.path, errnoText(errno));
  setNonBlocking(fd.get());
  return fd;
}

Fd connectTo(const Address &address, Clock::time_point deadline) {
  int lastError = 0;
  for (;;) {
    // Non-blocking from the start: a blocking connect to a Unix socket whose
    // backlog is full would wait without a bound.
    Fd fd(socket(address.tcp ? AF_INET : AF_UNIX,
                 SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (!fd.valid())
      fail("hil: socket(): {}", errnoText(errno));
    int rc;
    if (address.tcp) {
      sockaddr_in sa = tcpAddress(address.host, address.port);
      rc = connect(fd.get(), reinterpret_cast<sockaddr *>(&sa), sizeof sa);
    } else {
      sockaddr_un sa = unixAddress(address.path);
      rc = connect(fd.get(), reinterpret_cast<sockaddr *>(&sa), sizeof sa);
    }
    lastError = rc == 0 ? 0 : errno;
    if (lastError == EINPROGRESS) {
      IoResult r = waitFor(fd.get(), POLLOUT, deadline, -1, &lastError);
      if (r == IoResult::Timeout)
        lastError = ETIMEDOUT;
      else if (r == IoResult::Ok) {
        socklen_t len = sizeof lastError;
        if (getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &lastError, &len) != 0)
          lastError = errno;
      }
    }
    if (lastError == 0) {
      if (address.tcp) {
        int one = 1;
        setsockopt(fd.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      }
      return fd;
    }
    bool retry = lastError == ENOENT || lastError == ECONNREFUSED ||
                 lastError == EAGAIN || lastError == EINTR ||
                 lastError == ETIMEDOUT;
    if (!retry)
      fail("hil: cannot connect to {}: {}", address.str(),
           errnoText(lastError));
    if (Clock::now() >= deadline)
      fail("hil: cannot connect to {}: {} (gave up at the connect timeout)",
           address.str(), errnoText(lastError));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

IoResult waitReadable(int fd, Clock::time_point deadline, int wake,
                      int *lastErrno) {
  return waitFor(fd, POLLIN, deadline, wake, lastErrno);
}

IoResult readExact(int fd, std::string &out, size_t n,
                   Clock::time_point deadline, int wake, int *lastErrno) {
  size_t done = 0;
  // Grow the buffer as bytes arrive, so that a header announcing a large
  // payload costs memory only when the bytes come.
  constexpr size_t kChunk = 1 << 20;
  size_t base = out.size();
  while (done < n) {
    size_t want = std::min(n - done, kChunk);
    out.resize(base + done + want);
    ssize_t got = ::read(fd, out.data() + base + done, want);
    if (got > 0) {
      done += static_cast<size_t>(got);
      continue;
    }
    out.resize(base + done);
    if (got == 0)
      return done == 0 ? IoResult::Eof : IoResult::Closed;
    if (errno == EINTR)
      continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) {
      if (lastErrno)
        *lastErrno = errno;
      return errno == ECONNRESET ? IoResult::Closed : IoResult::Error;
    }
    IoResult r = waitFor(fd, POLLIN, deadline, wake, lastErrno);
    if (r != IoResult::Ok)
      return r;
  }
  out.resize(base + done);
  return IoResult::Ok;
}

IoResult writeAll(int fd, const char *bytes, size_t n,
                  Clock::time_point deadline, int wake, int *lastErrno) {
  size_t done = 0;
  while (done < n) {
    ssize_t put = ::send(fd, bytes + done, n - done, MSG_NOSIGNAL);
    if (put >= 0) {
      done += static_cast<size_t>(put);
      continue;
    }
    if (errno == EINTR)
      continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) {
      if (lastErrno)
        *lastErrno = errno;
      return errno == EPIPE || errno == ECONNRESET ? IoResult::Closed
                                                   : IoResult::Error;
    }
    IoResult r = waitFor(fd, POLLOUT, deadline, wake, lastErrno);
    if (r != IoResult::Ok)
      return r;
  }
  return IoResult::Ok;
}

} // namespace snnc::hil
