//===- Server.h - Serves a ChipPort over the HIL protocol --------*- C++
//-*-===//
//
// ChipService is the protocol's session state machine over one ChipPort,
// with no I/O: a decoded request in, a reply out, never an exception. It
// validates every request against the configured chip (core, axon and
// neuron indices, delays, signs, limits) before it touches the port, so a
// hostile request gets an ERROR reply and leaves the chip as it was.
//
// Server puts ChipServices behind a listening socket: every connection gets
// its own chip (a port from the factory) and its own thread, up to
// ServerOptions::maxClients at once, so a slow or silent client delays
// nobody else. It reads frames with deadlines, answers framing errors with
// an ERROR and closes the connection, answers every other bad request with
// an ERROR and goes on. A long STEP_MANY stops within a tick when its
// client goes away or the server is stopped. docs/HIL.md describes both.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_HIL_SERVER_H
#define SNNC_RUNTIME_HIL_SERVER_H

#include "runtime/emulator/ChipPort.h"
#include "runtime/hil/Protocol.h"
#include "runtime/hil/Socket.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace snnc::hil {

/// What one client may ask of its chip.
struct ServiceLimits {
  /// Ticks one STEP_MANY may run (at most kMaxStepManyTicks); HELLO_REPLY
  /// announces it.
  uint32_t maxTicksPerRequest = kMaxStepManyTicks;
  /// Emulator memory a configuration may need, in bytes, as
  /// emu::Emulator::estimateBytes counts it (0: no limit).
  uint64_t maxMemoryBytes = 0;
};

class ChipService {
public:
  explicit ChipService(emu::ChipPort &port,
                       std::string name = "snnc-emu-server",
                       ServiceLimits limits = {});

  /// Asked between the ticks of a STEP_MANY: a reason to stop it now (the
  /// client went away, the server is stopping), or nullptr to go on.
  void setInterrupt(std::function<const char *()> interrupt) {
    this->interrupt = std::move(interrupt);
  }

  /// The reply to one request (never throws). The chip configuration,
  /// watch list and tick stay until the next CONFIGURE (Server gives each
  /// connection its own ChipService); the HELLO handshake is per
  /// connection.
  Message handle(Message &&request);
  /// Decodes and handles one frame (the fuzzers' entry point): the reply,
  /// an ERROR for a frame that does not decode.
  Message handleFrame(std::string_view frame);

  /// A connection ended: the next one must send HELLO again.
  void endConnection() { negotiated = false; }
  bool shutdownRequested() const { return shutdown; }
  bool configured() const { return isConfigured; }
  uint64_t tick() const { return ticks; }
  size_t watched() const { return watchedCount; }

private:
  Message reply(uint32_t id, Body body) { return Message{id, std::move(body)}; }
  Message error(uint32_t id, ErrorCode code, std::string text);
  /// OutOfRange error text, or empty when every spike is valid.
  std::string checkInput(const std::vector<InputSpike> &input,
                         const char *what) const;
  std::string checkNeurons(const std::vector<chipcfg::NeuronRef> &refs,
                           const char *what) const;
  void unconfigure();

  Message onHello(uint32_t id, const Hello &m);
  Message onConfigure(uint32_t id, Configure &m);
  Message onReset(uint32_t id);
  Message onWatch(uint32_t id, const Watch &m);
  Message onStep(uint32_t id, const Step &m);
  Message onStepMany(uint32_t id, const StepMany &m);
  Message onReadout(uint32_t id, const Readout &m);
  Message onCounters(uint32_t id);

  emu::ChipPort &port;
  std::string name;
  ServiceLimits limits;
  std::function<const char *()> interrupt;
  bool negotiated = false;
  bool shutdown = false;
  bool isConfigured = false;
  // What validation needs from the configuration.
  std::vector<uint32_t> axons;   ///< [cores]
  std::vector<uint32_t> neurons; ///< [cores]
  uint32_t maxDelay = 0;
  bool signedSpikes = false;
  uint64_t ticks = 0;
  size_t watchedCount = 0; ///< Distinct watched neurons.
};

struct ServerOptions {
  std::string name = "snnc-emu-server";
  /// Clients served at once, each with its own chip; a connection beyond
  /// them gets a LimitExceeded ERROR and is closed.
  unsigned maxClients = 4;
  /// Per client: ticks per STEP_MANY and emulator memory.
  ServiceLimits limits;
  /// Seconds a started frame may take to arrive completely, and a reply to
  /// be written; the connection is closed after that (0: no limit).
  double frameTimeout = 60;
  /// Seconds a connection may stay silent between frames (0: no limit).
  double idleTimeout = 0;
  /// Return from serve() after the first connection ends.
  bool once = false;
  /// Called with one line per connection event (accept, close, framing
  /// error); empty: quiet.
  std::function<void(const std::string &)> log;
};

/// Makes the chip of one connection.
using PortFactory = std::function<std::unique_ptr<emu::ChipPort>()>;

class Server {
public:
  /// Binds and listens on `address` (TCP port 0: a free port is chosen).
  /// Throws snnc::Error when the address cannot be used.
  Server(PortFactory makePort, const Address &address,
         ServerOptions options = {});
  ~Server();

  /// The address actually listened on ("unix:PATH" or
  /// "tcp:127.0.0.1:PORT").
  const Address &address() const { return bound; }

  /// Accepts and serves connections, each on its own thread, until
  /// SHUTDOWN, stop(), or (with `once`) the end of the first connection;
  /// then stops every connection (within a tick of a running STEP_MANY)
  /// and returns when all have ended.
  void serve();
  /// Makes serve() return soon (from another thread or a signal handler:
  /// an atomic store and a write()).
  void stop();

private:
  struct Connection;
  void serveConnection(Connection &connection);
  /// Joins the connections that have ended (all of them: waits for each).
  void reap(bool all);
  void log(const std::string &line) const;

  PortFactory makePort;
  Address bound;
  ServerOptions options;
  Fd listener;
  int wakePipe[2] = {-1, -1};
  std::atomic<bool> stopping{false};
  std::list<std::unique_ptr<Connection>> connections;
  mutable std::mutex logMutex;
};

} // namespace snnc::hil

#endif // SNNC_RUNTIME_HIL_SERVER_H
