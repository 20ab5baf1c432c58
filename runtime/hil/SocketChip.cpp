//===- SocketChip.cpp - A ChipPort over the HIL socket protocol -----------===//
#include "runtime/hil/SocketChip.h"

#include "runtime/support/Error.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>

namespace snnc::hil {

namespace {

std::string ioText(IoResult r, int err) {
  switch (r) {
  case IoResult::Ok:
    return "ok";
  case IoResult::Eof:
  case IoResult::Closed:
    return "the server closed the connection";
  case IoResult::Timeout:
    return "timed out";
  case IoResult::Woken:
    return "interrupted";
  case IoResult::Error:
    return std::strerror(err);
  }
  return "unknown I/O result";
}

} // namespace

SocketChip::SocketChip(const std::string &address, SocketChipOptions options)
    : addressText(address), options(std::move(options)) {
  Address a = Address::parse(address);
  addressText = a.str();
  Clock::time_point deadline = after(this->options.connectTimeout);
  if (deadline == never())
    deadline = after(3600);
  fd = connectTo(a, deadline);
  Hello h;
  h.name = this->options.clientName;
  Body reply = call(std::move(h), MessageType::HelloReply, deadline);
  hello = std::get<HelloReply>(reply);
  if (hello.version != kProtocolVersion)
    broken(fmt::format("HELLO: the server chose version {}, this client "
                       "speaks {}",
                       hello.version, kProtocolVersion));
}

SocketChip::~SocketChip() = default;

void SocketChip::close() {
  fd.close();
  if (brokenReason.empty())
    brokenReason = "the connection was closed";
}

void SocketChip::broken(const std::string &what) {
  fd.close();
  brokenReason = what;
  fail("hil: {}: {}", addressText, what);
}

Body SocketChip::call(Body request, MessageType expected) {
  return call(std::move(request), expected, after(options.requestTimeout));
}

Body SocketChip::call(Body request, MessageType expected,
                      Clock::time_point deadline) {
  const std::string what =
      messageTypeName(static_cast<uint16_t>(typeOf(request)));
  if (!fd.valid())
    fail("hil: {}: cannot send {}: {}", addressText, what,
         brokenReason.empty() ? "not connected" : brokenReason);
  const uint32_t id = nextId++;
  // Encoding errors (too many spikes for one message, ...) throw before
  // anything is sent, so the connection stays usable.
  std::string frame = encodeMessage(Message{id, std::move(request)});

  int err = 0;
  IoResult r =
      writeAll(fd.get(), frame.data(), frame.size(), deadline, -1, &err);
  if (r != IoResult::Ok)
    broken(fmt::format("sending {} ({} bytes): {}", what, frame.size(),
                       ioText(r, err)));
  frame.clear();
  frame.shrink_to_fit();

  std::string header;
  r = readExact(fd.get(), header, kHeaderSize, deadline, -1, &err);
  if (r != IoResult::Ok)
    broken(
        fmt::format("waiting for the reply to {}: {}", what, ioText(r, err)));
  Header h;
  Status status = decodeHeader(header, h);
  if (!status.ok())
    broken(fmt::format("reply to {}: {} ({})", what, status.message,
                       errorCodeName(status.code)));
  std::string payload;
  r = readExact(fd.get(), payload, h.payloadLength, deadline, -1, &err);
  if (r != IoResult::Ok)
    broken(fmt::format("reading the {}-byte reply to {}: {}", h.payloadLength,
                       what, ioText(r, err)));
  Message reply;
  status = decodePayload(h, std::move(payload), reply);
  if (!status.ok())
    broken(fmt::format("reply to {}: {} ({})", what, status.message,
                       errorCodeName(status.code)));
  MessageType type = typeOf(reply.body);
  if (type == MessageType::Error) {
    const ErrorReply &e = std::get<ErrorReply>(reply.body);
    std::string text = fmt::format("{} failed: {}: {}", what,
                                   errorCodeName(e.code), e.message);
    // The server closes the connection after framing errors and timeouts.
    if (isFramingError(e.code) || e.code == ErrorCode::Timeout)
      broken(text);
    fail("hil: {}: {}", addressText, text);
  }
  if (reply.requestId != id)
    broken(fmt::format("the reply to {} (request id {}) carries request id {}",
                       what, id, reply.requestId));
  if (type != expected)
    broken(fmt::format("the reply to {} is {}, expected {}", what,
                       messageTypeName(static_cast<uint16_t>(type)),
                       messageTypeName(static_cast<uint16_t>(expected))));
  return std::move(reply.body);
}

void SocketChip::configure(const std::string &configBytes) {
  Body reply = call(Configure{configBytes}, MessageType::ConfigureReply);
  configured = std::get<ConfigureReply>(reply);
  ticks = 0;
}

void SocketChip::reset() {
  call(Reset{}, MessageType::ResetReply);
  ticks = 0;
}

std::vector<emu::NeuronSpike> SocketChip::step(
    const std::vector<std::pair<emu::AxonSpike, uint32_t>> &input) {
  Body reply = call(Step{input}, MessageType::StepReply);
  StepReply &r = std::get<StepReply>(reply);
  ticks = r.tick;
  return std::move(r.output);
}

std::vector<std::vector<emu::NeuronSpike>>
SocketChip::stepMany(const std::vector<std::vector<InputSpike>> &input) {
  Body reply = call(StepMany{input}, MessageType::StepManyReply);
  StepManyReply &r = std::get<StepManyReply>(reply);
  if (r.ticks.size() != input.size())
    broken(fmt::format("STEP_MANY of {} ticks answered with {} ticks",
                       input.size(), r.ticks.size()));
  ticks = r.tick;
  return std::move(r.ticks);
}

void SocketChip::watch(const std::vector<chipcfg::NeuronRef> &neurons) {
  call(Watch{neurons}, MessageType::WatchReply);
}

std::vector<int64_t>
SocketChip::readout(const std::vector<chipcfg::NeuronRef> &neurons) {
  Body reply = call(Readout{neurons}, MessageType::ReadoutReply);
  ReadoutReply &r = std::get<ReadoutReply>(reply);
  if (r.potentials.size() != neurons.size())
    broken(fmt::format("READOUT of {} neurons answered with {} potentials",
                       neurons.size(), r.potentials.size()));
  return std::move(r.potentials);
}

std::vector<emu::CoreCounters> SocketChip::counters() {
  Body reply = call(Counters{}, MessageType::CountersReply);
  return std::move(std::get<CountersReply>(reply).cores);
}

void SocketChip::shutdownServer() {
  call(Shutdown{}, MessageType::ShutdownReply);
  close();
}

} // namespace snnc::hil
