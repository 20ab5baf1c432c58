//===- Server.cpp - Serves a ChipPort over the HIL protocol ---------------===//
#include "runtime/hil/Server.h"

#include "runtime/chip/ConfigIO.h"
#include "runtime/emulator/Emulator.h"
#include "runtime/support/Error.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <limits>
#include <new>
#include <poll.h>
#include <sys/socket.h>
#include <system_error>
#include <thread>
#include <unistd.h>

namespace snnc::hil {

//===----------------------------------------------------------------------===//
// ChipService
//===----------------------------------------------------------------------===//

ChipService::ChipService(emu::ChipPort &port, std::string name,
                         ServiceLimits limits)
    : port(port), name(std::move(name)), limits(limits) {
  if (this->name.size() > kMaxNameLength)
    this->name.resize(kMaxNameLength);
  this->limits.maxTicksPerRequest =
      std::clamp<uint32_t>(limits.maxTicksPerRequest, 1, kMaxStepManyTicks);
}

Message ChipService::error(uint32_t id, ErrorCode code, std::string text) {
  return makeError(id, code, std::move(text));
}

void ChipService::unconfigure() {
  isConfigured = false;
  axons.clear();
  neurons.clear();
  maxDelay = 0;
  signedSpikes = false;
  ticks = 0;
  watchedCount = 0;
}

std::string ChipService::checkInput(const std::vector<InputSpike> &input,
                                    const char *what) const {
  for (size_t i = 0; i < input.size(); ++i) {
    const auto &[spike, delay] = input[i];
    if (spike.core >= axons.size())
      return fmt::format("{} input spike {}: core {} out of range (the chip "
                         "has {} cores)",
                         what, i, spike.core, axons.size());
    if (spike.axon >= axons[spike.core])
      return fmt::format("{} input spike {}: axon {} of core {} out of range "
                         "(the core has {} axons)",
                         what, i, spike.axon, spike.core, axons[spike.core]);
    if (spike.sign != 1 && (spike.sign != -1 || !signedSpikes))
      return fmt::format("{} input spike {} to core {} axon {}: sign {} is "
                         "not allowed (the chip's spikes are {})",
                         what, i, spike.core, spike.axon, int(spike.sign),
                         signedSpikes ? "+1 or -1" : "unsigned: +1 only");
    if (delay > maxDelay)
      return fmt::format("{} input spike {} to core {} axon {}: delay {} "
                         "exceeds the chip's maximum delay {}",
                         what, i, spike.core, spike.axon, delay, maxDelay);
  }
  return {};
}

std::string
ChipService::checkNeurons(const std::vector<chipcfg::NeuronRef> &refs,
                          const char *what) const {
  for (size_t i = 0; i < refs.size(); ++i) {
    const chipcfg::NeuronRef &r = refs[i];
    if (r.core >= neurons.size())
      return fmt::format("{} entry {}: core {} out of range (the chip has {} "
                         "cores)",
                         what, i, r.core, neurons.size());
    if (r.neuron >= neurons[r.core])
      return fmt::format("{} entry {}: neuron {} of core {} out of range "
                         "(the core has {} neurons)",
                         what, i, r.neuron, r.core, neurons[r.core]);
  }
  return {};
}

Message ChipService::onHello(uint32_t id, const Hello &m) {
  if (negotiated)
    return error(id, ErrorCode::BadState,
                 "HELLO: this connection has already negotiated version " +
                     std::to_string(kProtocolVersion));
  if (m.minVersion > m.maxVersion)
    return error(id, ErrorCode::UnsupportedVersion,
                 fmt::format("HELLO: empty version range {}..{}", m.minVersion,
                             m.maxVersion));
  if (m.minVersion > kProtocolVersion || m.maxVersion < kProtocolVersion)
    return error(id, ErrorCode::UnsupportedVersion,
                 fmt::format("HELLO: client speaks versions {}..{}, server "
                             "speaks {}",
                             m.minVersion, m.maxVersion, kProtocolVersion));
  negotiated = true;
  HelloReply r;
  r.version = kProtocolVersion;
  r.name = name;
  r.maxStepManyTicks = limits.maxTicksPerRequest;
  return reply(id, r);
}

Message ChipService::onConfigure(uint32_t id, Configure &m) {
  // Parse and validate first: a configuration that does not load leaves
  // the chip as it was.
  chipcfg::ChipConfig config;
  try {
    config = chipcfg::parseConfig(m.config, "CONFIGURE payload");
  } catch (const std::bad_alloc &) {
    return error(id, ErrorCode::LimitExceeded,
                 "CONFIGURE: out of memory while reading the configuration");
  } catch (const std::exception &e) {
    return error(id, ErrorCode::BadConfig,
                 std::string("CONFIGURE: ") + e.what());
  }
  if (config.cores.size() > std::numeric_limits<uint32_t>::max())
    return error(id, ErrorCode::LimitExceeded,
                 "CONFIGURE: more than 2^32 - 1 cores");
  if (limits.maxMemoryBytes > 0) {
    const uint64_t need = emu::Emulator::estimateBytes(config);
    if (need > limits.maxMemoryBytes)
      return error(id, ErrorCode::LimitExceeded,
                   fmt::format("CONFIGURE: the configuration ({} cores) needs "
                               "about {} MiB of emulator memory, above this "
                               "server's limit of {} MiB per client",
                               config.cores.size(),
                               (need + (1 << 20) - 1) >> 20,
                               limits.maxMemoryBytes >> 20));
  }
  std::vector<uint32_t> newAxons(config.cores.size()),
      newNeurons(config.cores.size());
  for (size_t c = 0; c < config.cores.size(); ++c) {
    const chipcfg::CorePrototype &p =
        config.prototypes[config.cores[c].prototype];
    newAxons[c] = p.axons;
    newNeurons[c] = p.neurons;
  }
  ConfigureReply r;
  r.cores = static_cast<uint32_t>(config.cores.size());
  r.maxDelay = config.chip.maxDelay;
  r.signedSpikes = config.chip.signedSpikes;
  r.neurons = config.neuronCount();
  r.synapses = config.synapseCount();

  // A port keeps its previous configuration when configure() throws
  // (ChipPort's contract), so a rejected configuration changes nothing here
  // either: the previous one, its watch list and its tick stay.
  try {
    port.configure(m.config);
  } catch (const std::bad_alloc &) {
    return error(id, ErrorCode::LimitExceeded,
                 isConfigured ? "CONFIGURE: out of memory while loading the "
                                "configuration; the previous one stays"
                              : "CONFIGURE: out of memory while loading the "
                                "configuration");
  } catch (const std::exception &e) {
    return error(id, ErrorCode::BadConfig,
                 std::string(isConfigured
                                 ? "CONFIGURE: the chip rejected the "
                                   "configuration (the previous one stays): "
                                 : "CONFIGURE: the chip rejected the "
                                   "configuration: ") +
                     e.what());
  }
  unconfigure();
  try {
    port.watch({});
  } catch (const std::exception &e) {
    return error(id, ErrorCode::Internal,
                 std::string("CONFIGURE: clearing the watch list failed (the "
                             "chip is unconfigured): ") +
                     e.what());
  }
  axons = std::move(newAxons);
  neurons = std::move(newNeurons);
  maxDelay = config.chip.maxDelay;
  signedSpikes = config.chip.signedSpikes;
  isConfigured = true;
  return reply(id, r);
}

Message ChipService::onReset(uint32_t id) {
  port.reset();
  ticks = 0;
  return reply(id, ResetReply{});
}

Message ChipService::onWatch(uint32_t id, const Watch &m) {
  if (m.neurons.size() > kMaxWatch)
    return error(id, ErrorCode::LimitExceeded,
                 fmt::format("WATCH: {} neurons exceed the limit of {}",
                             m.neurons.size(), kMaxWatch));
  std::string bad = checkNeurons(m.neurons, "WATCH");
  if (!bad.empty())
    return error(id, ErrorCode::OutOfRange, bad);
  std::vector<chipcfg::NeuronRef> distinct = m.neurons;
  std::sort(distinct.begin(), distinct.end(),
            [](const chipcfg::NeuronRef &a, const chipcfg::NeuronRef &b) {
              return a.core != b.core ? a.core < b.core : a.neuron < b.neuron;
            });
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  watchedCount = 0;
  port.watch(m.neurons);
  watchedCount = distinct.size();
  return reply(id, WatchReply{});
}

Message ChipService::onStep(uint32_t id, const Step &m) {
  std::string bad = checkInput(m.input, "STEP");
  if (!bad.empty())
    return error(id, ErrorCode::OutOfRange, bad);
  StepReply r;
  r.output = port.step(m.input);
  r.tick = ++ticks;
  // A watched neuron spikes at most once per tick.
  if (r.output.size() > watchedCount)
    throw Error(fmt::format("the chip reported {} spikes of {} watched neurons",
                            r.output.size(), watchedCount));
  return reply(id, std::move(r));
}

Message ChipService::onStepMany(uint32_t id, const StepMany &m) {
  if (m.ticks.size() > limits.maxTicksPerRequest)
    return error(id, ErrorCode::LimitExceeded,
                 fmt::format("STEP_MANY: {} ticks exceed this server's limit "
                             "of {} per request",
                             m.ticks.size(), limits.maxTicksPerRequest));
  for (size_t t = 0; t < m.ticks.size(); ++t) {
    std::string bad =
        checkInput(m.ticks[t], fmt::format("STEP_MANY tick {}", t).c_str());
    if (!bad.empty())
      return error(id, ErrorCode::OutOfRange, bad);
  }
  // The reply must fit whatever the watched neurons do: refuse before
  // running anything.
  uint64_t worst =
      8 + 4 + m.ticks.size() * (4 + kOutputSpikeSize * uint64_t(watchedCount));
  if (worst > kMaxPayload)
    return error(
        id, ErrorCode::LimitExceeded,
        fmt::format("STEP_MANY: {} ticks with {} watched neurons could need a "
                    "{}-byte reply, above the limit of {}; send at most {} "
                    "ticks per STEP_MANY",
                    m.ticks.size(), watchedCount, worst, kMaxPayload,
                    (kMaxPayload - 12) /
                        (4 + kOutputSpikeSize * watchedCount)));
  StepManyReply r;
  r.ticks.reserve(m.ticks.size());
  for (const auto &input : m.ticks) {
    if (const char *why = interrupt ? interrupt() : nullptr)
      return error(id, ErrorCode::Cancelled,
                   fmt::format("STEP_MANY: stopped after {} of {} ticks ({}); "
                               "the chip is at tick {}",
                               r.ticks.size(), m.ticks.size(), why, ticks));
    r.ticks.push_back(port.step(input));
    ++ticks;
    if (r.ticks.back().size() > watchedCount)
      throw Error(fmt::format("the chip reported {} spikes of {} watched "
                              "neurons",
                              r.ticks.back().size(), watchedCount));
  }
  r.tick = ticks;
  return reply(id, std::move(r));
}

Message ChipService::onReadout(uint32_t id, const Readout &m) {
  std::string bad = checkNeurons(m.neurons, "READOUT");
  if (!bad.empty())
    return error(id, ErrorCode::OutOfRange, bad);
  ReadoutReply r;
  r.potentials = port.readout(m.neurons);
  if (r.potentials.size() != m.neurons.size())
    throw Error(fmt::format("the chip returned {} potentials for {} neurons",
                            r.potentials.size(), m.neurons.size()));
  return reply(id, std::move(r));
}

Message ChipService::onCounters(uint32_t id) {
  uint64_t size = 4 + uint64_t(kCounterRecordSize) * axons.size();
  if (size > kMaxPayload)
    return error(id, ErrorCode::LimitExceeded,
                 fmt::format("COUNTERS: {} cores need a {}-byte reply, above "
                             "the limit of {}",
                             axons.size(), size, kMaxPayload));
  CountersReply r;
  r.cores = port.counters();
  if (r.cores.size() != axons.size())
    throw Error(fmt::format("the chip returned counters for {} cores of {}",
                            r.cores.size(), axons.size()));
  return reply(id, std::move(r));
}

Message ChipService::handle(Message &&request) {
  const uint32_t id = request.requestId;
  const MessageType type = typeOf(request.body);
  const std::string typeName = messageTypeName(static_cast<uint16_t>(type));
  if (!isRequest(type))
    return error(id, ErrorCode::BadState,
                 typeName + " is a reply, not a request");
  if (type == MessageType::Hello)
    return onHello(id, std::get<Hello>(request.body));
  if (!negotiated)
    return error(id, ErrorCode::BadState,
                 typeName + " before HELLO: send HELLO first");
  if (type == MessageType::Shutdown) {
    shutdown = true;
    return reply(id, ShutdownReply{});
  }
  if (type != MessageType::Configure && !isConfigured)
    return error(id, ErrorCode::NotConfigured,
                 typeName + " before a successful CONFIGURE");
  try {
    switch (type) {
    case MessageType::Configure:
      return onConfigure(id, std::get<Configure>(request.body));
    case MessageType::Reset:
      return onReset(id);
    case MessageType::Watch:
      return onWatch(id, std::get<Watch>(request.body));
    case MessageType::Step:
      return onStep(id, std::get<Step>(request.body));
    case MessageType::StepMany:
      return onStepMany(id, std::get<StepMany>(request.body));
    case MessageType::Readout:
      return onReadout(id, std::get<Readout>(request.body));
    case MessageType::Counters:
      return onCounters(id);
    default:
      break;
    }
  } catch (const std::bad_alloc &) {
    unconfigure();
    return error(id, ErrorCode::Internal,
                 typeName + ": out of memory; the chip is unconfigured, send "
                            "CONFIGURE");
  } catch (const std::exception &e) {
    // Validation passed, so the chip failed on a valid request: its state
    // is unknown, and it is not used again until CONFIGURE.
    unconfigure();
    return error(id, ErrorCode::Internal,
                 typeName + ": " + e.what() +
                     " (the chip is unconfigured, send CONFIGURE)");
  }
  return error(id, ErrorCode::BadState, typeName + " is not handled");
}

Message ChipService::handleFrame(std::string_view frame) {
  Message request;
  Status status = decodeMessage(frame, request);
  if (!status.ok()) {
    // The request id is known only when the header was sound.
    Header header;
    Status hs = decodeHeader(frame, header);
    bool sound = hs.ok() || hs.code == ErrorCode::UnknownType ||
                 hs.code == ErrorCode::PayloadTooLarge;
    return makeError(sound ? header.requestId : 0, status.code, status.message);
  }
  return handle(std::move(request));
}

//===----------------------------------------------------------------------===//
// Server
//===----------------------------------------------------------------------===//

/// One client: its socket, its chip and its thread.
struct Server::Connection {
  Fd socket;
  uint64_t number = 0;
  std::thread thread;
  std::atomic<bool> finished{false};
};

Server::Server(PortFactory makePort, const Address &address,
               ServerOptions options)
    : makePort(std::move(makePort)), bound(address),
      options(std::move(options)) {
  if (this->options.maxClients == 0)
    this->options.maxClients = 1;
  listener = listenOn(bound);
  if (pipe2(wakePipe, O_CLOEXEC | O_NONBLOCK) != 0)
    fail("hil: pipe(): {}", std::strerror(errno));
}

Server::~Server() {
  stop();
  reap(true);
  listener.close();
  if (!bound.tcp)
    unlink(bound.path.c_str());
  for (int fd : wakePipe)
    if (fd >= 0)
      close(fd);
}

void Server::stop() {
  stopping = true;
  // Nobody reads the byte: the pipe stays readable and wakes every poll of
  // every connection, now and later.
  char byte = 1;
  [[maybe_unused]] ssize_t n = write(wakePipe[1], &byte, 1);
}

void Server::log(const std::string &line) const {
  if (options.log) {
    std::lock_guard<std::mutex> lock(logMutex);
    options.log(line);
  }
}

void Server::reap(bool all) {
  for (auto it = connections.begin(); it != connections.end();) {
    if (all || (*it)->finished) {
      if ((*it)->thread.joinable())
        (*it)->thread.join();
      it = connections.erase(it);
    } else {
      ++it;
    }
  }
}

void Server::serve() {
  uint64_t accepted = 0;
  while (!stopping) {
    IoResult r = waitReadable(listener.get(), after(0.1), wakePipe[0]);
    reap(false);
    if (r == IoResult::Woken || stopping)
      break;
    if (options.once && accepted > 0 && connections.empty())
      break;
    if (r == IoResult::Timeout)
      continue;
    if (r != IoResult::Ok)
      fail("hil: waiting for connections on {} failed: {}", bound.str(),
           std::strerror(errno));
    int fd =
        accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ||
          errno == ECONNABORTED)
        continue;
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS ||
          errno == ENOMEM) {
        // Out of descriptors or memory for now: the clients being served
        // go on; the new one waits in the backlog until some leave.
        log(std::string("accept: ") + std::strerror(errno) +
            "; retrying in 100 ms");
        waitReadable(wakePipe[0], after(0.1), -1);
        continue;
      }
      fail("hil: accept on {} failed: {}", bound.str(), std::strerror(errno));
    }
    Fd socket(fd);
    if (connections.size() >= options.maxClients ||
        (options.once && accepted)) {
      // Refused at once rather than left in the backlog, where a client
      // would wait without knowing why.
      std::string frame = encodeMessage(makeError(
          0, ErrorCode::LimitExceeded,
          options.once ? "this server (--once) serves one client"
                       : fmt::format("the server already serves {} clients, "
                                     "its limit (--max-clients); try later",
                                     connections.size())));
      writeAll(fd, frame.data(), frame.size(), after(1), wakePipe[0]);
      log("connection refused: " + std::to_string(connections.size()) +
          " clients served");
      continue;
    }
    auto c = std::make_unique<Connection>();
    c->socket = std::move(socket);
    c->number = ++accepted;
    Connection &connection = *c;
    connections.push_back(std::move(c));
    try {
      connection.thread = std::thread([this, &connection] {
        // Nothing may leave a connection's thread (std::terminate would
        // end every client's session): its failure ends its connection.
        try {
          serveConnection(connection);
        } catch (const std::exception &e) {
          log(fmt::format("client {}: the connection failed: {}",
                          connection.number, e.what()));
        } catch (...) {
          log(fmt::format("client {}: the connection failed",
                          connection.number));
        }
        connection.socket.close();
        connection.finished = true;
        // Wakes serve() only through its poll timeout: a connection never
        // writes the wake pipe, whose byte means "stop".
      });
    } catch (const std::system_error &e) {
      log(std::string("no thread for a new client: ") + e.what());
      connections.pop_back(); // its socket closes: the client sees EOF
    }
  }
  stop();
  reap(true);
}

void Server::serveConnection(Connection &connection) {
  const int fd = connection.socket.get();
  const int wake = wakePipe[0];
  const std::string tag = fmt::format("client {}: ", connection.number);
  log(tag + "connection opened");
  std::unique_ptr<emu::ChipPort> port;
  try {
    port = makePort();
  } catch (const std::exception &e) {
    log(tag + "no chip for it: " + e.what());
    return;
  }
  ChipService service(*port, options.name, options.limits);
  // Between ticks of a STEP_MANY: has the server been stopped, or the
  // client hung up? Polling the socket costs a system call, so at most
  // every 20 ms.
  Clock::time_point nextLook = Clock::now();
  service.setInterrupt([&]() -> const char * {
    if (stopping)
      return "the server is stopping";
    if (Clock::now() < nextLook)
      return nullptr;
    nextLook = Clock::now() + std::chrono::milliseconds(20);
    // A Unix socket whose peer closed reports POLLHUP; one whose peer only
    // shut down its writing side, POLLRDHUP alone, and that client still
    // waits for its reply. TCP reports POLLRDHUP alone in both cases: a
    // half-closed TCP client counts as gone (docs/HIL.md).
    pollfd p{fd, POLLRDHUP, 0};
    const short gone = bound.tcp ? short(POLLRDHUP | POLLHUP | POLLERR)
                                 : short(POLLHUP | POLLERR);
    if (poll(&p, 1, 0) > 0 && (p.revents & gone))
      return "the client went away";
    return nullptr;
  });
  auto send = [&](const Message &m) {
    std::string frame;
    try {
      frame = encodeMessage(m);
    } catch (const std::exception &e) {
      frame = encodeMessage(makeError(
          m.requestId, ErrorCode::Internal,
          std::string("the server could not encode its reply: ") + e.what()));
    }
    IoResult r = writeAll(fd, frame.data(), frame.size(),
                          after(options.frameTimeout), wake);
    if (r != IoResult::Ok)
      log(tag + (r == IoResult::Timeout ? "reply write timed out"
                                        : "reply write failed"));
    return r == IoResult::Ok;
  };
  auto logLine = [&](const std::string &line) { log(tag + line); };

  [&] {
    for (;;) {
      std::string header;
      Clock::time_point idle = after(options.idleTimeout);
      IoResult r = waitReadable(fd, idle, wake);
      if (r == IoResult::Ok)
        r = readExact(fd, header, kHeaderSize, after(options.frameTimeout),
                      wake);
      if (r == IoResult::Eof || r == IoResult::Woken)
        return;
      if (r == IoResult::Timeout) {
        send(makeError(0, ErrorCode::Timeout,
                       header.empty()
                           ? "connection idle for too long"
                           : fmt::format("only {} of the {} header bytes "
                                         "arrived in time",
                                         header.size(), kHeaderSize)));
        return;
      }
      if (r != IoResult::Ok) {
        logLine("connection lost in a header");
        return;
      }

      Header h;
      Status status = decodeHeader(header, h);
      if (isFramingError(status.code)) {
        logLine("framing error: " + status.message);
        send(makeError(
            status.code == ErrorCode::PayloadTooLarge ? h.requestId : 0,
            status.code, status.message + "; closing the connection"));
        return;
      }

      std::string payload;
      r = readExact(fd, payload, h.payloadLength, after(options.frameTimeout),
                    wake);
      if (r == IoResult::Woken)
        return;
      if (r == IoResult::Timeout) {
        send(
            makeError(h.requestId, ErrorCode::Timeout,
                      fmt::format("{}: only {} of the {} payload bytes arrived "
                                  "in time",
                                  messageTypeName(h.type), payload.size(),
                                  h.payloadLength)));
        return;
      }
      if (r != IoResult::Ok) {
        logLine("connection lost in a payload");
        return;
      }
      if (!status.ok()) { // UnknownType: the payload was skipped
        if (!send(makeError(h.requestId, status.code, status.message)))
          return;
        continue;
      }

      Message request;
      status = decodePayload(h, std::move(payload), request);
      Message response =
          status.ok() ? service.handle(std::move(request))
                      : makeError(h.requestId, status.code, status.message);
      if (!send(response))
        return;
      if (service.shutdownRequested())
        return;
    }
  }();
  if (service.shutdownRequested()) {
    logLine("SHUTDOWN: stopping the server");
    stop();
  }
  logLine("connection closed");
}

} // namespace snnc::hil
