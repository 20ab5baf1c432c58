//===- SocketChip.h - A ChipPort over the HIL socket protocol ---*- C++ -*-===//
//
// The host's client library: a ChipPort whose chip is an emulator process
// (snnc-emu-server) or a board speaking the same protocol (docs/HIL.md).
// The host's detection loop drives it exactly as it drives the in-process
// emulator.
//
// Nothing waits forever: connecting retries until the connect timeout (the
// server may still be starting), and every request must be written and
// answered within the request timeout. Errors are snnc::Error naming the
// address, the request and, for ERROR replies, the server's code and text.
// After an I/O or protocol error the connection is closed and every later
// call fails; an ERROR reply leaves it usable.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_HIL_SOCKETCHIP_H
#define SNNC_RUNTIME_HIL_SOCKETCHIP_H

#include "runtime/emulator/ChipPort.h"
#include "runtime/hil/Protocol.h"
#include "runtime/hil/Socket.h"

#include <string>
#include <vector>

namespace snnc::hil {

struct SocketChipOptions {
  /// Seconds to keep trying to connect (and to complete HELLO).
  double connectTimeout = 10;
  /// Seconds a request may take, sent and answered (CONFIGURE of a large
  /// network takes the longest). 0: no limit.
  double requestTimeout = 120;
  std::string clientName = "snnc-host";
};

class SocketChip final : public emu::ChipPort {
public:
  /// Connects to "unix:PATH", PATH or "tcp:HOST:PORT" and negotiates the
  /// protocol version. Throws snnc::Error.
  explicit SocketChip(const std::string &address,
                      SocketChipOptions options = {});
  ~SocketChip() override;

  void configure(const std::string &configBytes) override;
  void reset() override;
  std::vector<emu::NeuronSpike>
  step(const std::vector<std::pair<emu::AxonSpike, uint32_t>> &input) override;
  void watch(const std::vector<chipcfg::NeuronRef> &neurons) override;
  std::vector<int64_t>
  readout(const std::vector<chipcfg::NeuronRef> &neurons) override;
  std::vector<emu::CoreCounters> counters() override;

  /// Runs input.size() ticks in one round trip; the spikes of each.
  std::vector<std::vector<emu::NeuronSpike>>
  stepMany(const std::vector<std::vector<InputSpike>> &input);
  /// Asks the server to stop; the connection is closed afterwards.
  void shutdownServer();
  /// Closes the connection (the server keeps running).
  void close();

  /// The server's HELLO reply (its name and limits).
  const HelloReply &server() const { return hello; }
  /// What the last CONFIGURE loaded.
  const ConfigureReply &configuration() const { return configured; }
  /// Ticks since the last reset, as the server counts them.
  uint64_t tick() const { return ticks; }
  const std::string &address() const { return addressText; }

private:
  /// Sends `request` and returns the reply's body, which must be of
  /// `expected` type; ERROR replies and protocol errors throw.
  Body call(Body request, MessageType expected, Clock::time_point deadline);
  Body call(Body request, MessageType expected);
  [[noreturn]] void broken(const std::string &what);

  std::string addressText;
  SocketChipOptions options;
  Fd fd;
  uint32_t nextId = 1;
  std::string brokenReason;
  HelloReply hello;
  ConfigureReply configured;
  uint64_t ticks = 0;
};

} // namespace snnc::hil

#endif // SNNC_RUNTIME_HIL_SOCKETCHIP_H
