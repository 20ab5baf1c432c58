//===- Protocol.cpp - Hardware-in-the-loop spike-packet protocol ----------===//
//
// Decoders check every count against the bytes that remain before they
// reserve anything, and fail with the offset and the numbers; encoders
// check the same constraints the decoders do, so that encode and decode
// are inverse on every message that decodes.
//
//===----------------------------------------------------------------------===//
#include "runtime/hil/Protocol.h"

#include "runtime/support/Error.h"

#include <fmt/format.h>
#include <zlib.h>

#include <cstring>
#include <limits>

namespace snnc::hil {

std::string errorCodeName(ErrorCode code) {
  switch (code) {
  case ErrorCode::None:
    return "None";
  case ErrorCode::BadMagic:
    return "BadMagic";
  case ErrorCode::BadVersion:
    return "BadVersion";
  case ErrorCode::BadHeaderCrc:
    return "BadHeaderCrc";
  case ErrorCode::PayloadTooLarge:
    return "PayloadTooLarge";
  case ErrorCode::UnknownType:
    return "UnknownType";
  case ErrorCode::BadPayloadCrc:
    return "BadPayloadCrc";
  case ErrorCode::Malformed:
    return "Malformed";
  case ErrorCode::Truncated:
    return "Truncated";
  case ErrorCode::UnsupportedVersion:
    return "UnsupportedVersion";
  case ErrorCode::BadState:
    return "BadState";
  case ErrorCode::NotConfigured:
    return "NotConfigured";
  case ErrorCode::BadConfig:
    return "BadConfig";
  case ErrorCode::OutOfRange:
    return "OutOfRange";
  case ErrorCode::LimitExceeded:
    return "LimitExceeded";
  case ErrorCode::Internal:
    return "Internal";
  case ErrorCode::Timeout:
    return "Timeout";
  case ErrorCode::Cancelled:
    return "Cancelled";
  }
  return fmt::format("Unknown({})", static_cast<uint32_t>(code));
}

bool isKnownType(uint16_t type) {
  switch (static_cast<MessageType>(type)) {
  case MessageType::Hello:
  case MessageType::Configure:
  case MessageType::Reset:
  case MessageType::Watch:
  case MessageType::Step:
  case MessageType::StepMany:
  case MessageType::Readout:
  case MessageType::Counters:
  case MessageType::Shutdown:
  case MessageType::HelloReply:
  case MessageType::ConfigureReply:
  case MessageType::ResetReply:
  case MessageType::WatchReply:
  case MessageType::StepReply:
  case MessageType::StepManyReply:
  case MessageType::ReadoutReply:
  case MessageType::CountersReply:
  case MessageType::ShutdownReply:
  case MessageType::Error:
    return true;
  }
  return false;
}

std::string messageTypeName(uint16_t type) {
  switch (static_cast<MessageType>(type)) {
  case MessageType::Hello:
    return "HELLO";
  case MessageType::Configure:
    return "CONFIGURE";
  case MessageType::Reset:
    return "RESET";
  case MessageType::Watch:
    return "WATCH";
  case MessageType::Step:
    return "STEP";
  case MessageType::StepMany:
    return "STEP_MANY";
  case MessageType::Readout:
    return "READOUT";
  case MessageType::Counters:
    return "COUNTERS";
  case MessageType::Shutdown:
    return "SHUTDOWN";
  case MessageType::HelloReply:
    return "HELLO_REPLY";
  case MessageType::ConfigureReply:
    return "CONFIGURE_REPLY";
  case MessageType::ResetReply:
    return "RESET_REPLY";
  case MessageType::WatchReply:
    return "WATCH_REPLY";
  case MessageType::StepReply:
    return "STEP_REPLY";
  case MessageType::StepManyReply:
    return "STEP_MANY_REPLY";
  case MessageType::ReadoutReply:
    return "READOUT_REPLY";
  case MessageType::CountersReply:
    return "COUNTERS_REPLY";
  case MessageType::ShutdownReply:
    return "SHUTDOWN_REPLY";
  case MessageType::Error:
    return "ERROR";
  }
  return fmt::format("0x{:04X}", type);
}

bool isFramingError(ErrorCode code) {
  return code == ErrorCode::BadMagic || code == ErrorCode::BadVersion ||
         code == ErrorCode::BadHeaderCrc || code == ErrorCode::PayloadTooLarge;
}

bool isRequest(MessageType type) {
  return static_cast<uint16_t>(type) < 0x8000;
}

uint32_t maxPayload(MessageType type) {
  switch (type) {
  case MessageType::Hello:
    return 2 + 2 + 4 + kMaxNameLength;
  case MessageType::HelloReply:
    return 2 + 4 * 5 + kMaxNameLength;
  case MessageType::Configure:
    return kMaxConfigurePayload;
  case MessageType::ConfigureReply:
    return 4 + 4 + 1 + 8 + 8;
  case MessageType::Reset:
  case MessageType::ResetReply:
  case MessageType::WatchReply:
  case MessageType::Counters:
  case MessageType::Shutdown:
  case MessageType::ShutdownReply:
    return 0;
  case MessageType::Error:
    return 4 + 4 + kMaxErrorMessage;
  case MessageType::Watch:
  case MessageType::Step:
  case MessageType::StepMany:
  case MessageType::Readout:
  case MessageType::StepReply:
  case MessageType::StepManyReply:
  case MessageType::ReadoutReply:
  case MessageType::CountersReply:
    return kMaxPayload;
  }
  return kMaxPayload;
}

namespace {

template <typename T> struct TypeOf;
#define SNNC_HIL_TYPE(Struct)                                                  \
  template <> struct TypeOf<Struct> {                                          \
    static constexpr MessageType value = MessageType::Struct;                  \
  };
SNNC_HIL_TYPE(Hello)
SNNC_HIL_TYPE(HelloReply)
SNNC_HIL_TYPE(Configure)
SNNC_HIL_TYPE(ConfigureReply)
SNNC_HIL_TYPE(Reset)
SNNC_HIL_TYPE(ResetReply)
SNNC_HIL_TYPE(Watch)
SNNC_HIL_TYPE(WatchReply)
SNNC_HIL_TYPE(Step)
SNNC_HIL_TYPE(StepReply)
SNNC_HIL_TYPE(StepMany)
SNNC_HIL_TYPE(StepManyReply)
SNNC_HIL_TYPE(Readout)
SNNC_HIL_TYPE(ReadoutReply)
SNNC_HIL_TYPE(Counters)
SNNC_HIL_TYPE(CountersReply)
SNNC_HIL_TYPE(Shutdown)
SNNC_HIL_TYPE(ShutdownReply)
#undef SNNC_HIL_TYPE
template <> struct TypeOf<ErrorReply> {
  static constexpr MessageType value = MessageType::Error;
};

bool printableName(std::string_view s) {
  for (unsigned char c : s)
    if (c < 0x20 || c > 0x7E)
      return false;
  return true;
}

bool printableText(std::string_view s) {
  for (unsigned char c : s)
    if ((c < 0x20 || c > 0x7E) && c != '\n' && c != '\t')
      return false;
  return true;
}

//===----------------------------------------------------------------------===//
// Little-endian writing
//===----------------------------------------------------------------------===//

class Writer {
public:
  explicit Writer(const char *what) : what(what) {}

  void u8(uint8_t v) { out.push_back(static_cast<char>(v)); }
  void i8(int8_t v) { u8(static_cast<uint8_t>(v)); }
  void u16(uint16_t v) {
    for (int i = 0; i < 2; ++i)
      u8(static_cast<uint8_t>(v >> (8 * i)));
  }
  void u32(uint32_t v) {
    for (int i = 0; i < 4; ++i)
      u8(static_cast<uint8_t>(v >> (8 * i)));
  }
  void u64(uint64_t v) {
    for (int i = 0; i < 8; ++i)
      u8(static_cast<uint8_t>(v >> (8 * i)));
  }
  void i64(int64_t v) { u64(static_cast<uint64_t>(v)); }
  void bytes(std::string_view s) { out.append(s.data(), s.size()); }
  void count(size_t n, const char *field) {
    if (n > std::numeric_limits<uint32_t>::max())
      fail("hil: cannot encode {}: {} count {} exceeds 2^32 - 1", what, field,
           n);
    u32(static_cast<uint32_t>(n));
  }
  void sign(int8_t s, const char *field, size_t index) {
    if (s != 1 && s != -1)
      fail("hil: cannot encode {}: {} {} has sign {} (must be +1 or -1)", what,
           field, index, static_cast<int>(s));
    i8(s);
  }
  void reserve(size_t n) { out.reserve(n); }

  std::string out;
  const char *what;
};

void writeInput(Writer &w, const std::vector<InputSpike> &input) {
  w.count(input.size(), "input spike");
  w.reserve(w.out.size() + input.size() * kInputSpikeSize);
  for (size_t i = 0; i < input.size(); ++i) {
    const auto &[spike, delay] = input[i];
    w.u32(spike.core);
    w.u32(spike.axon);
    w.u32(delay);
    w.sign(spike.sign, "input spike", i);
  }
}

void writeOutput(Writer &w, const std::vector<emu::NeuronSpike> &output) {
  w.count(output.size(), "output spike");
  w.reserve(w.out.size() + output.size() * kOutputSpikeSize);
  for (size_t i = 0; i < output.size(); ++i) {
    w.u32(output[i].core);
    w.u32(output[i].neuron);
    w.sign(output[i].sign, "output spike", i);
  }
}

void writeRefs(Writer &w, const std::vector<chipcfg::NeuronRef> &refs) {
  w.count(refs.size(), "neuron");
  w.reserve(w.out.size() + refs.size() * kNeuronRefSize);
  for (const chipcfg::NeuronRef &r : refs) {
    w.u32(r.core);
    w.u32(r.neuron);
  }
}

void writeName(Writer &w, const std::string &name) {
  if (name.size() > kMaxNameLength)
    fail("hil: cannot encode {}: name of {} bytes exceeds {}", w.what,
         name.size(), kMaxNameLength);
  if (!printableName(name))
    fail("hil: cannot encode {}: name is not printable ASCII", w.what);
  w.u32(static_cast<uint32_t>(name.size()));
  w.bytes(name);
}

void writeBody(Writer &w, const Hello &m) {
  w.u16(m.minVersion);
  w.u16(m.maxVersion);
  writeName(w, m.name);
}
void writeBody(Writer &w, const HelloReply &m) {
  w.u16(m.version);
  w.u32(m.maxConfigureBytes);
  w.u32(m.maxPayloadBytes);
  w.u32(m.maxStepManyTicks);
  w.u32(m.maxWatch);
  writeName(w, m.name);
}
void writeBody(Writer &w, const Configure &m) { w.bytes(m.config); }
void writeBody(Writer &w, const ConfigureReply &m) {
  w.u32(m.cores);
  w.u32(m.maxDelay);
  w.u8(m.signedSpikes ? 1 : 0);
  w.u64(m.neurons);
  w.u64(m.synapses);
}
void writeBody(Writer &, const Reset &) {}
void writeBody(Writer &, const ResetReply &) {}
void writeBody(Writer &w, const Watch &m) { writeRefs(w, m.neurons); }
void writeBody(Writer &, const WatchReply &) {}
void writeBody(Writer &w, const Step &m) { writeInput(w, m.input); }
void writeBody(Writer &w, const StepReply &m) {
  w.u64(m.tick);
  writeOutput(w, m.output);
}
void writeBody(Writer &w, const StepMany &m) {
  if (m.ticks.size() > kMaxStepManyTicks)
    fail("hil: cannot encode STEP_MANY: {} ticks exceed the limit of {}",
         m.ticks.size(), kMaxStepManyTicks);
  w.count(m.ticks.size(), "tick");
  for (const auto &tick : m.ticks)
    writeInput(w, tick);
}
void writeBody(Writer &w, const StepManyReply &m) {
  if (m.ticks.size() > kMaxStepManyTicks)
    fail("hil: cannot encode STEP_MANY_REPLY: {} ticks exceed the limit of {}",
         m.ticks.size(), kMaxStepManyTicks);
  w.u64(m.tick);
  w.count(m.ticks.size(), "tick");
  for (const auto &tick : m.ticks)
    writeOutput(w, tick);
}
void writeBody(Writer &w, const Readout &m) { writeRefs(w, m.neurons); }
void writeBody(Writer &w, const ReadoutReply &m) {
  w.count(m.potentials.size(), "potential");
  w.reserve(w.out.size() + m.potentials.size() * 8);
  for (int64_t v : m.potentials)
    w.i64(v);
}
void writeBody(Writer &, const Counters &) {}
void writeBody(Writer &w, const CountersReply &m) {
  w.count(m.cores.size(), "core");
  w.reserve(w.out.size() + m.cores.size() * kCounterRecordSize);
  for (const emu::CoreCounters &c : m.cores) {
    w.u64(c.spikesIn);
    w.u64(c.spikesOut);
    w.u64(c.synapticEvents);
    w.u64(c.hops);
    w.u64(c.activeTicks);
    w.u64(c.saturations);
  }
}
void writeBody(Writer &, const Shutdown &) {}
void writeBody(Writer &, const ShutdownReply &) {}
void writeBody(Writer &w, const ErrorReply &m) {
  if (m.message.size() > kMaxErrorMessage)
    fail("hil: cannot encode ERROR: message of {} bytes exceeds {}",
         m.message.size(), kMaxErrorMessage);
  if (!printableText(m.message))
    fail("hil: cannot encode ERROR: message is not printable ASCII");
  w.u32(static_cast<uint32_t>(m.code));
  w.u32(static_cast<uint32_t>(m.message.size()));
  w.bytes(m.message);
}

//===----------------------------------------------------------------------===//
// Little-endian reading with bounds checks
//===----------------------------------------------------------------------===//

uint16_t loadU16(const unsigned char *p) {
  return static_cast<uint16_t>(p[0] | (p[1] << 8));
}
uint32_t loadU32(const unsigned char *p) {
  return static_cast<uint32_t>(p[0]) | (static_cast<uint32_t>(p[1]) << 8) |
         (static_cast<uint32_t>(p[2]) << 16) |
         (static_cast<uint32_t>(p[3]) << 24);
}
uint64_t loadU64(const unsigned char *p) {
  return static_cast<uint64_t>(loadU32(p)) |
         (static_cast<uint64_t>(loadU32(p + 4)) << 32);
}

/// Reads a payload; the first failure is kept and every later read fails
/// without touching memory.
class Reader {
public:
  Reader(MessageType type, std::string_view payload)
      : type(type),
        data(reinterpret_cast<const unsigned char *>(payload.data())),
        size(payload.size()) {}

  bool failed() const { return !status.ok(); }
  size_t remaining() const { return size - pos; }
  size_t offset() const { return pos; }

  template <typename... Args>
  void error(ErrorCode code, fmt::format_string<Args...> format,
             Args &&...args) {
    if (failed())
      return;
    status.code = code;
    status.message =
        fmt::format("{}: {}", messageTypeName(static_cast<uint16_t>(type)),
                    fmt::format(format, std::forward<Args>(args)...));
  }

  bool need(size_t n, const char *field) {
    if (failed())
      return false;
    if (n > remaining()) {
      error(ErrorCode::Malformed,
            "{} needs {} bytes at payload offset {} but {} remain", field, n,
            pos, remaining());
      return false;
    }
    return true;
  }

  uint8_t u8(const char *field) {
    if (!need(1, field))
      return 0;
    return data[pos++];
  }
  uint16_t u16(const char *field) { return fixed<uint16_t>(field, loadU16); }
  uint32_t u32(const char *field) { return fixed<uint32_t>(field, loadU32); }
  uint64_t u64(const char *field) { return fixed<uint64_t>(field, loadU64); }
  /// A little-endian field of sizeof(T) bytes, or 0 (and an error) when the
  /// payload ends first.
  template <typename T> T fixed(const char *field, T (*load)(const uint8_t *)) {
    if (!need(sizeof(T), field))
      return 0;
    T v = load(data + pos);
    pos += sizeof(T);
    return v;
  }
  std::string bytes(size_t n, const char *field) {
    if (!need(n, field))
      return {};
    std::string s(reinterpret_cast<const char *>(data + pos), n);
    pos += n;
    return s;
  }

  /// A u32 count of records of `recordSize` bytes each; fails unless the
  /// records fit in the remaining payload (so the caller may reserve).
  uint32_t count(size_t recordSize, const char *field) {
    size_t at = pos;
    uint32_t n = u32(field);
    if (failed())
      return 0;
    uint64_t needed = static_cast<uint64_t>(n) * recordSize;
    if (needed > remaining()) {
      error(ErrorCode::Malformed,
            "{} count {} at payload offset {} needs at least {} bytes but {} "
            "remain",
            field, n, at, needed, remaining());
      return 0;
    }
    return n;
  }

  int8_t sign(const char *field, size_t index) {
    size_t at = pos;
    uint8_t raw = u8(field);
    if (failed())
      return 0;
    int8_t s = static_cast<int8_t>(raw);
    if (s != 1 && s != -1) {
      error(ErrorCode::Malformed,
            "{} {} at payload offset {}: sign byte 0x{:02X} is not +1 (0x01) "
            "or -1 (0xFF)",
            field, index, at, raw);
      return 0;
    }
    return s;
  }

  void finish() {
    if (!failed() && pos != size)
      error(ErrorCode::Malformed,
            "{} bytes left over after the payload's fields (payload is {} "
            "bytes, fields end at offset {})",
            size - pos, size, pos);
  }

  MessageType type;
  const unsigned char *data;
  size_t size;
  size_t pos = 0;
  Status status;
};

std::vector<InputSpike> readInput(Reader &r, const char *field) {
  std::vector<InputSpike> input;
  uint32_t n = r.count(kInputSpikeSize, field);
  if (r.failed())
    return input;
  input.reserve(n);
  for (uint32_t i = 0; i < n && !r.failed(); ++i) {
    emu::AxonSpike spike;
    spike.core = r.u32(field);
    spike.axon = r.u32(field);
    uint32_t delay = r.u32(field);
    spike.sign = r.sign(field, i);
    input.emplace_back(spike, delay);
  }
  return input;
}

std::vector<emu::NeuronSpike> readOutput(Reader &r, const char *field) {
  std::vector<emu::NeuronSpike> output;
  uint32_t n = r.count(kOutputSpikeSize, field);
  if (r.failed())
    return output;
  output.reserve(n);
  for (uint32_t i = 0; i < n && !r.failed(); ++i) {
    emu::NeuronSpike spike;
    spike.core = r.u32(field);
    spike.neuron = r.u32(field);
    spike.sign = r.sign(field, i);
    output.push_back(spike);
  }
  return output;
}

/// The tick count of STEP_MANY and its reply, within kMaxStepManyTicks.
uint32_t readTickCount(Reader &r) {
  size_t at = r.offset();
  uint32_t ticks = r.count(4, "tick");
  if (!r.failed() && ticks > kMaxStepManyTicks)
    r.error(ErrorCode::LimitExceeded,
            "tick count {} at payload offset {} exceeds the limit of {}", ticks,
            at, kMaxStepManyTicks);
  return ticks;
}

std::vector<chipcfg::NeuronRef> readRefs(Reader &r) {
  std::vector<chipcfg::NeuronRef> refs;
  uint32_t n = r.count(kNeuronRefSize, "neuron");
  if (r.failed())
    return refs;
  refs.reserve(n);
  for (uint32_t i = 0; i < n && !r.failed(); ++i) {
    chipcfg::NeuronRef ref;
    ref.core = r.u32("neuron");
    ref.neuron = r.u32("neuron");
    refs.push_back(ref);
  }
  return refs;
}

std::string readName(Reader &r) {
  size_t at = r.offset();
  uint32_t n = r.u32("name length");
  if (r.failed())
    return {};
  if (n > kMaxNameLength) {
    r.error(ErrorCode::Malformed,
            "name length {} at payload offset {} exceeds {}", n, at,
            kMaxNameLength);
    return {};
  }
  std::string name = r.bytes(n, "name");
  if (!r.failed() && !printableName(name))
    r.error(ErrorCode::Malformed,
            "name at payload offset {} is not printable ASCII", at + 4);
  return name;
}

Body readBody(Reader &r, std::string *configure) {
  switch (r.type) {
  case MessageType::Hello: {
    Hello m;
    m.minVersion = r.u16("min version");
    m.maxVersion = r.u16("max version");
    m.name = readName(r);
    return m;
  }
  case MessageType::HelloReply: {
    HelloReply m;
    m.version = r.u16("version");
    m.maxConfigureBytes = r.u32("max configure bytes");
    m.maxPayloadBytes = r.u32("max payload bytes");
    m.maxStepManyTicks = r.u32("max STEP_MANY ticks");
    m.maxWatch = r.u32("max watch");
    m.name = readName(r);
    return m;
  }
  case MessageType::Configure: {
    Configure m;
    if (configure)
      m.config = std::move(*configure);
    else
      m.config.assign(reinterpret_cast<const char *>(r.data), r.size);
    r.pos = r.size;
    return m;
  }
  case MessageType::ConfigureReply: {
    ConfigureReply m;
    m.cores = r.u32("cores");
    m.maxDelay = r.u32("max delay");
    size_t at = r.offset();
    uint8_t flag = r.u8("signed spikes");
    if (!r.failed() && flag > 1)
      r.error(ErrorCode::Malformed,
              "signed-spikes flag at payload offset {} is {} (must be 0 or 1)",
              at, flag);
    m.signedSpikes = flag == 1;
    m.neurons = r.u64("neurons");
    m.synapses = r.u64("synapses");
    return m;
  }
  case MessageType::Reset:
    return Reset{};
  case MessageType::ResetReply:
    return ResetReply{};
  case MessageType::Watch: {
    Watch m;
    size_t at = r.offset();
    m.neurons = readRefs(r);
    if (!r.failed() && m.neurons.size() > kMaxWatch)
      r.error(ErrorCode::LimitExceeded,
              "neuron count {} at payload offset {} exceeds the limit of {}",
              m.neurons.size(), at, kMaxWatch);
    return m;
  }
  case MessageType::WatchReply:
    return WatchReply{};
  case MessageType::Step: {
    Step m;
    m.input = readInput(r, "input spike");
    return m;
  }
  case MessageType::StepReply: {
    StepReply m;
    m.tick = r.u64("tick");
    m.output = readOutput(r, "output spike");
    return m;
  }
  case MessageType::StepMany: {
    StepMany m;
    uint32_t ticks = readTickCount(r);
    if (r.failed())
      return m;
    m.ticks.reserve(ticks);
    for (uint32_t t = 0; t < ticks && !r.failed(); ++t)
      m.ticks.push_back(readInput(r, "input spike"));
    return m;
  }
  case MessageType::StepManyReply: {
    StepManyReply m;
    m.tick = r.u64("tick");
    uint32_t ticks = readTickCount(r);
    if (r.failed())
      return m;
    m.ticks.reserve(ticks);
    for (uint32_t t = 0; t < ticks && !r.failed(); ++t)
      m.ticks.push_back(readOutput(r, "output spike"));
    return m;
  }
  case MessageType::Readout: {
    Readout m;
    m.neurons = readRefs(r);
    return m;
  }
  case MessageType::ReadoutReply: {
    ReadoutReply m;
    uint32_t n = r.count(8, "potential");
    if (r.failed())
      return m;
    m.potentials.reserve(n);
    for (uint32_t i = 0; i < n && !r.failed(); ++i)
      m.potentials.push_back(static_cast<int64_t>(r.u64("potential")));
    return m;
  }
  case MessageType::Counters:
    return Counters{};
  case MessageType::CountersReply: {
    CountersReply m;
    uint32_t n = r.count(kCounterRecordSize, "core");
    if (r.failed())
      return m;
    m.cores.reserve(n);
    for (uint32_t i = 0; i < n && !r.failed(); ++i) {
      emu::CoreCounters c;
      c.spikesIn = r.u64("spikes in");
      c.spikesOut = r.u64("spikes out");
      c.synapticEvents = r.u64("synaptic events");
      c.hops = r.u64("hops");
      c.activeTicks = r.u64("active ticks");
      c.saturations = r.u64("saturations");
      m.cores.push_back(c);
    }
    return m;
  }
  case MessageType::Shutdown:
    return Shutdown{};
  case MessageType::ShutdownReply:
    return ShutdownReply{};
  case MessageType::Error: {
    ErrorReply m;
    m.code = static_cast<ErrorCode>(r.u32("error code"));
    size_t at = r.offset();
    uint32_t n = r.u32("message length");
    if (!r.failed() && n > kMaxErrorMessage)
      r.error(ErrorCode::Malformed,
              "message length {} at payload offset {} exceeds {}", n, at,
              kMaxErrorMessage);
    m.message = r.bytes(n, "message");
    if (!r.failed() && !printableText(m.message))
      r.error(ErrorCode::Malformed,
              "message at payload offset {} is not printable ASCII", at + 4);
    return m;
  }
  }
  r.error(ErrorCode::UnknownType, "unknown message type");
  return ErrorReply{};
}

Status decodePayloadImpl(const Header &header, std::string_view payload,
                         std::string *owned, Message &message) {
  Status status;
  if (!isKnownType(header.type)) {
    status.code = ErrorCode::UnknownType;
    status.message =
        fmt::format("message type 0x{:04X} is not defined", header.type);
    return status;
  }
  MessageType type = static_cast<MessageType>(header.type);
  if (payload.size() != header.payloadLength) {
    status.code = ErrorCode::Truncated;
    status.message = fmt::format(
        "{}: header announces a {}-byte payload but {} bytes were given",
        messageTypeName(header.type), header.payloadLength, payload.size());
    return status;
  }
  uint32_t crc = crc32Of(payload);
  if (crc != header.payloadCrc) {
    status.code = ErrorCode::BadPayloadCrc;
    status.message = fmt::format(
        "{}: payload CRC-32 is 0x{:08X} but the header says 0x{:08X} ({} "
        "bytes)",
        messageTypeName(header.type), crc, header.payloadCrc, payload.size());
    return status;
  }
  Reader r(type, payload);
  Body body = readBody(r, owned);
  r.finish();
  if (r.failed())
    return r.status;
  message.requestId = header.requestId;
  message.body = std::move(body);
  return status;
}

} // namespace

MessageType typeOf(const Body &body) {
  return std::visit(
      [](const auto &m) { return TypeOf<std::decay_t<decltype(m)>>::value; },
      body);
}

uint32_t crc32Of(std::string_view bytes) {
  uLong crc = crc32(0L, Z_NULL, 0);
  const auto *p = reinterpret_cast<const Bytef *>(bytes.data());
  size_t left = bytes.size();
  while (left > 0) {
    uInt chunk = left > (1u << 30) ? (1u << 30) : static_cast<uInt>(left);
    crc = crc32(crc, p, chunk);
    p += chunk;
    left -= chunk;
  }
  return static_cast<uint32_t>(crc);
}

Status decodeHeader(std::string_view bytes, Header &header) {
  Status status;
  auto failWith = [&](ErrorCode code, std::string message) {
    status.code = code;
    status.message = std::move(message);
    return status;
  };
  if (bytes.size() < kHeaderSize)
    return failWith(ErrorCode::Truncated,
                    fmt::format("header needs {} bytes but {} were given",
                                kHeaderSize, bytes.size()));
  const auto *p = reinterpret_cast<const unsigned char *>(bytes.data());
  if (std::memcmp(p, kMagic, 4) != 0)
    return failWith(
        ErrorCode::BadMagic,
        fmt::format("header magic is {:02X} {:02X} {:02X} {:02X}, expected "
                    "53 4E 48 4C (\"SNHL\")",
                    p[0], p[1], p[2], p[3]));
  header.version = loadU16(p + 4);
  if (header.version != kProtocolVersion)
    return failWith(ErrorCode::BadVersion,
                    fmt::format("header version is {}, this side speaks {}",
                                header.version, kProtocolVersion));
  uint32_t crc = crc32Of(bytes.substr(0, 20));
  uint32_t stored = loadU32(p + 20);
  if (crc != stored)
    return failWith(ErrorCode::BadHeaderCrc,
                    fmt::format("header CRC-32 is 0x{:08X} but the header "
                                "says 0x{:08X}",
                                crc, stored));
  header.type = loadU16(p + 6);
  header.requestId = loadU32(p + 8);
  header.payloadLength = loadU32(p + 12);
  header.payloadCrc = loadU32(p + 16);
  if (!isKnownType(header.type)) {
    if (header.payloadLength > kMaxPayload)
      return failWith(
          ErrorCode::PayloadTooLarge,
          fmt::format("message type 0x{:04X} is not defined and its payload "
                      "length {} exceeds {}",
                      header.type, header.payloadLength, kMaxPayload));
    return failWith(
        ErrorCode::UnknownType,
        fmt::format("message type 0x{:04X} is not defined", header.type));
  }
  uint32_t bound = maxPayload(static_cast<MessageType>(header.type));
  if (header.payloadLength > bound)
    return failWith(ErrorCode::PayloadTooLarge,
                    fmt::format("{}: payload length {} exceeds the limit of {}",
                                messageTypeName(header.type),
                                header.payloadLength, bound));
  return status;
}

Status decodePayload(const Header &header, std::string_view payload,
                     Message &message) {
  return decodePayloadImpl(header, payload, nullptr, message);
}

Status decodePayload(const Header &header, std::string &&payload,
                     Message &message) {
  return decodePayloadImpl(header, payload, &payload, message);
}

Status decodeMessage(std::string_view frame, Message &message) {
  Header header;
  Status status = decodeHeader(frame, header);
  if (!status.ok())
    return status;
  size_t available = frame.size() - kHeaderSize;
  if (available < header.payloadLength) {
    status.code = ErrorCode::Truncated;
    status.message = fmt::format(
        "{}: header announces a {}-byte payload but only {} bytes follow",
        messageTypeName(header.type), header.payloadLength, available);
    return status;
  }
  if (available > header.payloadLength) {
    status.code = ErrorCode::Malformed;
    status.message = fmt::format(
        "{}: {} bytes follow the {}-byte payload", messageTypeName(header.type),
        available - header.payloadLength, header.payloadLength);
    return status;
  }
  return decodePayload(header, frame.substr(kHeaderSize), message);
}

std::string encodeHeader(MessageType type, uint32_t requestId,
                         std::string_view payload) {
  if (payload.size() > maxPayload(type))
    fail("hil: cannot encode {}: payload of {} bytes exceeds the limit of {}",
         messageTypeName(static_cast<uint16_t>(type)), payload.size(),
         maxPayload(type));
  Writer w("header");
  w.bytes(std::string_view(kMagic, 4));
  w.u16(kProtocolVersion);
  w.u16(static_cast<uint16_t>(type));
  w.u32(requestId);
  w.u32(static_cast<uint32_t>(payload.size()));
  w.u32(crc32Of(payload));
  w.u32(crc32Of(w.out));
  return w.out;
}

std::string encodeMessage(const Message &message) {
  MessageType type = typeOf(message.body);
  std::string name = messageTypeName(static_cast<uint16_t>(type));
  Writer w(name.c_str());
  std::visit([&](const auto &m) { writeBody(w, m); }, message.body);
  std::string frame = encodeHeader(type, message.requestId, w.out);
  frame += w.out;
  return frame;
}

Message makeError(uint32_t requestId, ErrorCode code, std::string text) {
  if (text.size() > kMaxErrorMessage) {
    text.resize(kMaxErrorMessage - 3);
    text += "...";
  }
  for (char &c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    if ((u < 0x20 || u > 0x7E) && c != '\n' && c != '\t')
      c = '?';
  }
  return Message{requestId, ErrorReply{code, std::move(text)}};
}

} // namespace snnc::hil
