//===- HilPacketFuzzer.cpp - libFuzzer target for the HIL protocol --------===//
//
// The first byte picks the mode:
//
//  0  raw bytes to the pure parser (decodeMessage). A frame that decodes
//     must re-encode to the same bytes (the encoding is canonical); a frame
//     that does not must give an error code and a message.
//  1  the same with a sound header: the harness builds the header (magic,
//     version, type from the next two bytes, lengths and both CRC-32s), so
//     the fuzzer reaches every payload decoder without solving CRCs.
//  2  a session: a ChipService over a fresh in-process chip, configured
//     with a tiny chip (test/unit/hil/HilTestSupport.h), fed a sequence of
//     records (sealed frames, raw frames, structured STEP / STEP_MANY /
//     WATCH / READOUT requests with indices near the valid range, RESET,
//     COUNTERS, HELLO, SHUTDOWN, and CONFIGUREs of mutated text configs
//     whose checksum the harness re-seals). A shadow chip receives only
//     the requests the service accepted, applied directly; every accepted
//     reply must equal the shadow's answer (spikes, potentials, counters),
//     so a request answered with ERROR provably left the chip unchanged.
//     An Internal error (the chip threw on a request that passed
//     validation) aborts, as does any reply that does not re-encode and
//     decode.
//
//===----------------------------------------------------------------------===//
#include "runtime/chip/ConfigIO.h"
#include "runtime/emulator/ChipPort.h"
#include "runtime/hil/Protocol.h"
#include "runtime/hil/Server.h"
#include "runtime/support/Error.h"

#include "test/unit/hil/HilTestSupport.h"

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

using namespace snnc;
using namespace snnc::hil;

namespace {

[[noreturn]] void die(const std::string &why) {
  std::fprintf(stderr, "HilPacketFuzzer: %s\n", why.c_str());
  std::abort();
}

void checkDecoded(std::string_view bytes) {
  Message m;
  Status s = decodeMessage(bytes, m);
  if (s.ok()) {
    std::string again;
    try {
      again = encodeMessage(m);
    } catch (const std::exception &e) {
      die(std::string("a decoded message does not encode: ") + e.what());
    }
    if (again != bytes)
      die("decode then encode changed the bytes");
  } else if (s.message.empty()) {
    die("an error without a message");
  }
}

/// A frame with a sound header around any payload.
std::string seal(uint16_t type, uint32_t id, std::string_view payload) {
  std::string h = encodeHeader(MessageType::Reset, id, "");
  h[6] = char(type & 0xff);
  h[7] = char(type >> 8);
  uint32_t len = uint32_t(payload.size());
  uint32_t crc = crc32Of(payload);
  for (int i = 0; i < 4; ++i) {
    h[12 + i] = char(len >> (8 * i));
    h[16 + i] = char(crc >> (8 * i));
  }
  uint32_t hc = crc32Of(std::string_view(h).substr(0, 20));
  for (int i = 0; i < 4; ++i)
    h[20 + i] = char(hc >> (8 * i));
  return h + std::string(payload);
}

/// Reads the fuzz input as records.
struct Input {
  const uint8_t *p;
  size_t n;
  size_t pos = 0;
  bool empty() const { return pos >= n; }
  uint8_t u8() { return pos < n ? p[pos++] : 0; }
  uint16_t u16() { return uint16_t(u8() | (u8() << 8)); }
  std::string_view bytes(size_t k) {
    k = std::min(k, n - std::min(n, pos));
    std::string_view s(reinterpret_cast<const char *>(p + pos), k);
    pos += k;
    return s;
  }
};

struct Baseline {
  chipcfg::ChipConfig config[2];
  std::string text[2], binary[2];
  Baseline() {
    for (int s = 0; s < 2; ++s) {
      config[s] = hiltest::smallConfig(s == 1);
      text[s] =
          chipcfg::serializeConfig(config[s], chipcfg::ConfigFormat::Text);
      binary[s] =
          chipcfg::serializeConfig(config[s], chipcfg::ConfigFormat::Binary);
    }
  }
};

const Baseline &baseline() {
  static Baseline b;
  return b;
}

/// The session harness (mode 2).
class Session {
public:
  Session()
      : chip(emu::makeLocalChip({1})), shadow(emu::makeLocalChip({1})),
        service(*chip, "fuzz") {}

  void run(Input &in) {
    const Baseline &b = baseline();
    int which = in.u8() & 1;
    request(Hello{1, 1, "fuzz"});
    request(Configure{b.binary[which]});
    request(Watch{hiltest::allNeurons(b.config[which])});
    if (!service.configured())
      die("the baseline configuration was refused");
    while (!in.empty() && !service.shutdownRequested()) {
      uint8_t op = in.u8();
      uint16_t len = in.u16() % 1024;
      std::string_view body = in.bytes(len);
      Input rec{reinterpret_cast<const uint8_t *>(body.data()), body.size()};
      record(op, rec, body);
    }
  }

private:
  /// Limits of the configuration the service currently has (for
  /// structured requests near the valid range).
  uint32_t cores() const {
    return shadowConfig ? shadowConfig->cores.size() : 3;
  }
  uint32_t axonsOf(uint32_t c) const {
    if (!shadowConfig || c >= shadowConfig->cores.size())
      return 8;
    return shadowConfig->prototypes[shadowConfig->cores[c].prototype].axons;
  }
  uint32_t neuronsOf(uint32_t c) const {
    if (!shadowConfig || c >= shadowConfig->cores.size())
      return 6;
    return shadowConfig->prototypes[shadowConfig->cores[c].prototype].neurons;
  }
  uint32_t maxDelay() const {
    return shadowConfig ? shadowConfig->chip.maxDelay : 3;
  }

  void record(uint8_t op, Input &rec, std::string_view body) {
    switch (op % 8) {
    case 0: { // sealed frame of any type
      Input r = rec;
      uint16_t type = r.u16();
      if (type < 16)
        type = type % 10; // request types 1..9 and 0 (unknown)
      frame(seal(type, ++id, body.substr(std::min<size_t>(2, body.size()))));
      return;
    }
    case 1: // raw frame
      frame(std::string(body));
      return;
    case 2:
      request(Step{spikes(rec)});
      return;
    case 3: {
      StepMany m;
      uint32_t ticks = rec.u8() % 9;
      m.ticks.resize(ticks);
      for (uint32_t t = 0; t < ticks && !rec.empty(); ++t) {
        Input part{rec.p + rec.pos, std::min<size_t>(rec.n - rec.pos, 24)};
        rec.pos += part.n;
        m.ticks[t] = spikes(part);
      }
      request(std::move(m));
      return;
    }
    case 4:
      request(Watch{neurons(rec)});
      return;
    case 5:
      request(Readout{neurons(rec)});
      return;
    case 6:
      switch (rec.u8() % 6) {
      case 0:
        request(Reset{});
        return;
      case 1:
        request(Counters{});
        return;
      case 2:
        request(Hello{rec.u8(), rec.u8(), "again"});
        return;
      case 3:
        request(Shutdown{});
        return;
      case 4:
        service.endConnection();
        request(Hello{});
        return;
      default:
        request(ResetReply{}); // a reply sent as a request
        return;
      }
    default: { // CONFIGURE: a baseline, mutated, checksum re-sealed
      const Baseline &b = baseline();
      int which = rec.u8() & 1;
      bool binary = rec.u8() & 1;
      std::string bytes = binary ? b.binary[which] : b.text[which];
      size_t last = bytes.rfind('\n', bytes.size() - 2) + 1;
      while (!rec.empty()) {
        size_t at = rec.u16() % bytes.size();
        uint8_t v = rec.u8();
        if (!binary && at < last)
          bytes[at] = char(v);
        else if (binary)
          bytes[at] = char(v);
      }
      if (!binary) {
        uint32_t crc = crc32Of(std::string_view(bytes).substr(0, last));
        bytes = bytes.substr(0, last) + fmt::format("checksum {:08x}\n", crc);
      }
      request(Configure{bytes});
      return;
    }
    }
  }

  std::vector<InputSpike> spikes(Input &rec) {
    std::vector<InputSpike> out;
    while (rec.n - rec.pos >= 4) {
      emu::AxonSpike s;
      s.core = rec.u8() % (cores() + 1);
      s.axon = rec.u8() % (axonsOf(s.core) + 1);
      uint8_t flags = rec.u8();
      s.sign = flags & 1 ? -1 : 1;
      uint32_t delay = rec.u8() % (maxDelay() + 2);
      out.push_back({s, delay});
    }
    return out;
  }

  std::vector<chipcfg::NeuronRef> neurons(Input &rec) {
    std::vector<chipcfg::NeuronRef> out;
    while (rec.n - rec.pos >= 2) {
      chipcfg::NeuronRef r;
      r.core = rec.u8() % (cores() + 1);
      r.neuron = rec.u8() % (neuronsOf(r.core) + 1);
      out.push_back(r);
    }
    return out;
  }

  void request(Body body) {
    std::string bytes;
    try {
      bytes = encodeMessage(Message{++id, std::move(body)});
    } catch (const Error &) {
      return; // not encodable (a sign the decoder would refuse): skip
    }
    frame(bytes);
  }

  void frame(const std::string &bytes) {
    Message decoded;
    Status status = decodeMessage(bytes, decoded);
    Message copy = decoded;
    Message reply = service.handleFrame(bytes);
    // Every reply encodes and decodes.
    std::string replyBytes;
    try {
      replyBytes = encodeMessage(reply);
    } catch (const std::exception &e) {
      die(std::string("a reply does not encode: ") + e.what());
    }
    Message back;
    if (!decodeMessage(replyBytes, back).ok())
      die("a reply does not decode");
    if (!status.ok()) {
      const auto *e = std::get_if<ErrorReply>(&reply.body);
      if (!e || e->code != status.code)
        die("an undecodable frame was not answered with its decode error");
      return;
    }
    if (reply.requestId != decoded.requestId)
      die("the reply carries another request id");
    if (const auto *e = std::get_if<ErrorReply>(&reply.body)) {
      if (e->code == ErrorCode::Internal)
        die("Internal error on a validated request: " + e->message);
      return; // refused: the shadow sees nothing
    }
    applyToShadow(copy, reply);
  }

  /// The accepted request, applied to the shadow chip directly; the
  /// service's reply must be the shadow's answer.
  void applyToShadow(Message &request, const Message &reply) {
    try {
      switch (typeOf(request.body)) {
      case MessageType::Configure: {
        const std::string &bytes = std::get<Configure>(request.body).config;
        shadow->configure(bytes);
        shadow->watch({});
        shadowConfig = std::make_unique<chipcfg::ChipConfig>(
            chipcfg::parseConfig(bytes, "shadow"));
        return;
      }
      case MessageType::Reset:
        shadow->reset();
        return;
      case MessageType::Watch:
        shadow->watch(std::get<Watch>(request.body).neurons);
        return;
      case MessageType::Step: {
        auto out = shadow->step(std::get<Step>(request.body).input);
        if (out != std::get<StepReply>(reply.body).output)
          die("STEP: the service's spikes differ from the shadow's");
        return;
      }
      case MessageType::StepMany: {
        const auto &ticks = std::get<StepMany>(request.body).ticks;
        const auto &got = std::get<StepManyReply>(reply.body).ticks;
        if (got.size() != ticks.size())
          die("STEP_MANY: tick count differs");
        for (size_t t = 0; t < ticks.size(); ++t)
          if (shadow->step(ticks[t]) != got[t])
            die("STEP_MANY: the service's spikes differ from the shadow's");
        return;
      }
      case MessageType::Readout: {
        auto v = shadow->readout(std::get<Readout>(request.body).neurons);
        if (v != std::get<ReadoutReply>(reply.body).potentials)
          die("READOUT: potentials differ from the shadow's");
        return;
      }
      case MessageType::Counters: {
        if (shadow->counters() != std::get<CountersReply>(reply.body).cores)
          die("COUNTERS differ from the shadow's");
        return;
      }
      default:
        return;
      }
    } catch (const std::exception &e) {
      die(std::string("the shadow chip refused a request the service "
                      "accepted: ") +
          e.what());
    }
  }

  std::unique_ptr<emu::ChipPort> chip, shadow;
  ChipService service;
  std::unique_ptr<chipcfg::ChipConfig> shadowConfig;
  uint32_t id = 0;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1)
    return 0;
  std::string_view rest(reinterpret_cast<const char *>(data + 1), size - 1);
  switch (data[0] % 3) {
  case 0:
    checkDecoded(rest);
    {
      Header h;
      (void)decodeHeader(rest, h);
    }
    break;
  case 1: {
    if (rest.size() < 6)
      return 0;
    uint16_t type = uint16_t(uint8_t(rest[0]) | (uint8_t(rest[1]) << 8));
    uint32_t id = uint32_t(uint8_t(rest[2])) | uint32_t(uint8_t(rest[3])) << 8;
    // Small values pick a defined type (requests, replies, ERROR) often.
    static const uint16_t types[] = {0x0001, 0x0002, 0x0003, 0x0004, 0x0005,
                                     0x0006, 0x0007, 0x0008, 0x0009, 0x8001,
                                     0x8002, 0x8003, 0x8004, 0x8005, 0x8006,
                                     0x8007, 0x8008, 0x8009, 0xFFFF};
    if (type < 0x100)
      type = types[type % (sizeof types / sizeof types[0])];
    checkDecoded(seal(type, id, rest.substr(4)));
    break;
  }
  default: {
    Input in{data + 1, size - 1};
    Session().run(in);
    break;
  }
  }
  return 0;
}
