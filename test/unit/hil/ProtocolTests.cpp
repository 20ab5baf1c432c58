//===- ProtocolTests.cpp - HIL packet encoding and the pure parser --------===//
//
// Round trips for every message type, byte layouts checked against
// docs/HIL.md by hand-built frames, and the decoder's answer to malformed
// input: bad magic, version, CRCs, lengths, counts and truncation.
//
//===----------------------------------------------------------------------===//
#include "runtime/hil/Protocol.h"
#include "runtime/support/Error.h"

#include <catch2/catch.hpp>

#include <zlib.h>

#include <cstdio>
#include <cstring>
#include <string>

using namespace snnc;
using namespace snnc::hil;
using Catch::Matchers::Contains;

namespace {

/// Little-endian byte building for hand-made frames.
struct Bytes {
  std::string s;
  Bytes &u8(uint8_t v) {
    s.push_back(char(v));
    return *this;
  }
  Bytes &u16(uint16_t v) { return u8(v & 0xff).u8(v >> 8); }
  Bytes &u32(uint32_t v) { return u16(v & 0xffff).u16(v >> 16); }
  Bytes &u64(uint64_t v) { return u32(uint32_t(v)).u32(uint32_t(v >> 32)); }
  Bytes &raw(const std::string &b) {
    s += b;
    return *this;
  }
};

uint32_t zcrc(const std::string &b) {
  return uint32_t(
      crc32(0, reinterpret_cast<const Bytef *>(b.data()), uInt(b.size())));
}

/// A frame with a correct header for any type and payload.
std::string frame(uint16_t type, uint32_t id, const std::string &payload,
                  uint16_t version = 1) {
  Bytes h;
  h.raw("SNHL").u16(version).u16(type).u32(id).u32(uint32_t(payload.size()));
  h.u32(zcrc(payload));
  h.u32(zcrc(h.s));
  return h.s + payload;
}

/// Re-seals the header CRC after a test changed header bytes 0..19.
void resealHeader(std::string &f) {
  uint32_t c = zcrc(f.substr(0, 20));
  for (int i = 0; i < 4; ++i)
    f[20 + i] = char(c >> (8 * i));
}

Message roundTrip(const Message &m) {
  std::string bytes = encodeMessage(m);
  Message back;
  Status s = decodeMessage(bytes, back);
  INFO(s.message);
  REQUIRE(s.ok());
  CHECK(back.requestId == m.requestId);
  CHECK(typeOf(back.body) == typeOf(m.body));
  CHECK(encodeMessage(back) == bytes); // canonical
  return back;
}

Status decodeError(const std::string &bytes) {
  Message m;
  Status s = decodeMessage(bytes, m);
  CHECK_FALSE(s.ok());
  return s;
}

} // namespace

TEST_CASE("every message type round-trips", "[hil][protocol]") {
  SECTION("HELLO") {
    Message b = roundTrip({7, Hello{1, 3, "host test"}});
    const auto &h = std::get<Hello>(b.body);
    CHECK(h.minVersion == 1);
    CHECK(h.maxVersion == 3);
    CHECK(h.name == "host test");
  }
  SECTION("HELLO_REPLY") {
    HelloReply r;
    r.name = "srv";
    r.maxWatch = 12;
    Message b = roundTrip({8, r});
    const auto &h = std::get<HelloReply>(b.body);
    CHECK(h.version == 1);
    CHECK(h.maxConfigureBytes == kMaxConfigurePayload);
    CHECK(h.maxPayloadBytes == kMaxPayload);
    CHECK(h.maxStepManyTicks == kMaxStepManyTicks);
    CHECK(h.maxWatch == 12);
    CHECK(h.name == "srv");
  }
  SECTION("CONFIGURE, with every byte value") {
    std::string config;
    for (int i = 0; i < 512; ++i)
      config.push_back(char(i));
    Message b = roundTrip({9, Configure{config}});
    CHECK(std::get<Configure>(b.body).config == config);
    Message e = roundTrip({10, Configure{}});
    CHECK(std::get<Configure>(e.body).config.empty());
  }
  SECTION("CONFIGURE_REPLY") {
    Message b = roundTrip(
        {11, ConfigureReply{4096, 15, true, 1048576, 0x1234567890ull}});
    const auto &r = std::get<ConfigureReply>(b.body);
    CHECK(r.cores == 4096);
    CHECK(r.maxDelay == 15);
    CHECK(r.signedSpikes);
    CHECK(r.neurons == 1048576);
    CHECK(r.synapses == 0x1234567890ull);
  }
  SECTION("empty messages") {
    roundTrip({1, Reset{}});
    roundTrip({2, ResetReply{}});
    roundTrip({3, WatchReply{}});
    roundTrip({4, Counters{}});
    roundTrip({5, Shutdown{}});
    roundTrip({6, ShutdownReply{}});
    CHECK(encodeMessage({1, Reset{}}).size() == kHeaderSize);
  }
  SECTION("WATCH and READOUT") {
    std::vector<chipcfg::NeuronRef> refs = {
        {0, 0}, {3, 255}, {0xffffffffu, 0xfffffffeu}};
    Message w = roundTrip({12, Watch{refs}});
    CHECK(std::get<Watch>(w.body).neurons == refs);
    Message r = roundTrip({13, Readout{refs}});
    CHECK(std::get<Readout>(r.body).neurons == refs);
    Message e = roundTrip({14, Watch{}});
    CHECK(std::get<Watch>(e.body).neurons.empty());
  }
  SECTION("STEP and STEP_REPLY") {
    Step s;
    s.input = {{{1, 2, 1}, 0}, {{70000, 255, -1}, 15}, {{0, 0, 1}, 1}};
    Message b = roundTrip({15, s});
    const auto &in = std::get<Step>(b.body).input;
    REQUIRE(in.size() == 3);
    for (size_t i = 0; i < 3; ++i) {
      CHECK(in[i].first.core == s.input[i].first.core);
      CHECK(in[i].first.axon == s.input[i].first.axon);
      CHECK(in[i].first.sign == s.input[i].first.sign);
      CHECK(in[i].second == s.input[i].second);
    }
    StepReply r;
    r.tick = 0x100000000ull;
    r.output = {{2, 9, 1}, {5, 0, -1}};
    Message rb = roundTrip({15, r});
    CHECK(std::get<StepReply>(rb.body).tick == r.tick);
    CHECK(std::get<StepReply>(rb.body).output == r.output);
  }
  SECTION("STEP_MANY and STEP_MANY_REPLY") {
    StepMany s;
    s.ticks = {{}, {{{1, 2, 1}, 3}}, {{{4, 5, -1}, 0}, {{6, 7, 1}, 2}}};
    Message b = roundTrip({16, s});
    const auto &t = std::get<StepMany>(b.body).ticks;
    REQUIRE(t.size() == 3);
    CHECK(t[0].empty());
    CHECK(t[1].size() == 1);
    CHECK(t[2][1].first.axon == 7);
    CHECK(t[2][1].second == 2);
    StepManyReply r;
    r.tick = 3;
    r.ticks = {{{0, 1, 1}}, {}, {{2, 3, -1}, {2, 4, 1}}};
    Message rb = roundTrip({16, r});
    CHECK(std::get<StepManyReply>(rb.body).ticks == r.ticks);
    CHECK(std::get<StepManyReply>(rb.body).tick == 3);
  }
  SECTION("READOUT_REPLY") {
    ReadoutReply r;
    r.potentials = {0, -1, INT64_MIN, INT64_MAX, 524287, -524288};
    Message b = roundTrip({17, r});
    CHECK(std::get<ReadoutReply>(b.body).potentials == r.potentials);
  }
  SECTION("COUNTERS_REPLY") {
    CountersReply r;
    r.cores.resize(2);
    r.cores[0] = {1, 2, 3, 4, 5, 6};
    r.cores[1] = {UINT64_MAX, 0, 7, 0, 9, 0};
    Message b = roundTrip({18, r});
    const auto &c = std::get<CountersReply>(b.body).cores;
    REQUIRE(c.size() == 2);
    CHECK(c[0].synapticEvents == 3);
    CHECK(c[0].saturations == 6);
    CHECK(c[1].spikesIn == UINT64_MAX);
    CHECK(c[1].activeTicks == 9);
  }
  SECTION("ERROR") {
    Message b = roundTrip(
        {19, ErrorReply{ErrorCode::OutOfRange, "core 9\tout of range\n"}});
    const auto &e = std::get<ErrorReply>(b.body);
    CHECK(e.code == ErrorCode::OutOfRange);
    CHECK(e.message == "core 9\tout of range\n");
    // Codes this side does not know still decode (a newer peer).
    Message u = roundTrip({20, ErrorReply{ErrorCode(999), "x"}});
    CHECK(uint32_t(std::get<ErrorReply>(u.body).code) == 999);
  }
}

TEST_CASE("the byte layout is the documented one", "[hil][protocol]") {
  Step s;
  s.input = {{{0x01020304, 0x0a0b0c0d, -1}, 0x11121314}};
  std::string bytes = encodeMessage({0xdeadbeef, s});
  Bytes payload;
  payload.u32(1).u32(0x01020304).u32(0x0a0b0c0d).u32(0x11121314).u8(0xff);
  CHECK(bytes == frame(0x0005, 0xdeadbeef, payload.s));
  REQUIRE(bytes.size() == 24 + 17);
  CHECK(bytes.substr(0, 4) == "SNHL");
  CHECK(uint8_t(bytes[4]) == 1); // version, little-endian
  CHECK(uint8_t(bytes[5]) == 0);
  CHECK(uint8_t(bytes[6]) == 5); // type STEP
  CHECK(uint8_t(bytes[8]) == 0xef);
  CHECK(uint8_t(bytes[12]) == 17); // payload length

  // HELLO as docs/HIL.md's example session shows it.
  std::string hello = encodeMessage({1, Hello{1, 1, "host"}});
  CHECK(hello == frame(0x0001, 1, Bytes().u16(1).u16(1).u32(4).raw("host").s));
  // Replies set bit 15; ERROR is 0xFFFF.
  CHECK(uint16_t(MessageType::StepReply) == 0x8005);
  CHECK(encodeMessage({1, ErrorReply{ErrorCode::Malformed, ""}}).substr(6, 2) ==
        std::string("\xff\xff", 2));
  // The CRC of an empty payload is 0.
  CHECK(crc32Of("") == 0);
  CHECK(crc32Of("123456789") == 0xCBF43926u); // the CRC-32 check value
}

TEST_CASE("framing errors: magic, version, header CRC, length bound",
          "[hil][protocol]") {
  std::string good = encodeMessage({5, Reset{}});
  SECTION("bad magic") {
    std::string f = good;
    f[0] = 'X';
    Status s = decodeError(f);
    CHECK(s.code == ErrorCode::BadMagic);
    CHECK_THAT(s.message, Contains("58 4E 48 4C"));
    CHECK(isFramingError(s.code));
  }
  SECTION("bad version") {
    std::string f = frame(0x0003, 5, "", 2);
    Status s = decodeError(f);
    CHECK(s.code == ErrorCode::BadVersion);
    CHECK_THAT(s.message, Contains("version is 2"));
  }
  SECTION("bad header CRC") {
    std::string f = good;
    f[8] ^= 1; // request id changed, CRC not updated
    Status s = decodeError(f);
    CHECK(s.code == ErrorCode::BadHeaderCrc);
  }
  SECTION("payload above the type's bound") {
    std::string f = frame(0x0003, 5, "x"); // RESET carries nothing
    Status s = decodeError(f);
    CHECK(s.code == ErrorCode::PayloadTooLarge);
    CHECK_THAT(s.message, Contains("RESET: payload length 1 exceeds the "
                                   "limit of 0"));
    // A header alone is enough to reject a huge STEP or CONFIGURE.
    Bytes h;
    h.raw("SNHL").u16(1).u16(0x0005).u32(1).u32(kMaxPayload + 1).u32(0);
    h.u32(zcrc(h.s));
    Header header;
    CHECK(decodeHeader(h.s, header).code == ErrorCode::PayloadTooLarge);
    Bytes c;
    c.raw("SNHL").u16(1).u16(0x0002).u32(1).u32(kMaxConfigurePayload + 1);
    c.u32(0).u32(0);
    std::string cs = c.s;
    resealHeader(cs);
    CHECK(decodeHeader(cs, header).code == ErrorCode::PayloadTooLarge);
    // ... while 1 GiB is acceptable for CONFIGURE, in the header.
    Bytes ok;
    ok.raw("SNHL").u16(1).u16(0x0002).u32(1).u32(kMaxConfigurePayload);
    ok.u32(0).u32(0);
    std::string oks = ok.s;
    resealHeader(oks);
    CHECK(decodeHeader(oks, header).ok());
    CHECK(header.payloadLength == kMaxConfigurePayload);
  }
  SECTION("unknown type: not a framing error, the length is known") {
    std::string f = frame(0x0042, 77, "abc");
    Header header;
    Status s = decodeHeader(f, header);
    CHECK(s.code == ErrorCode::UnknownType);
    CHECK_FALSE(isFramingError(s.code));
    CHECK(header.requestId == 77);
    CHECK(header.payloadLength == 3);
    CHECK_THAT(s.message, Contains("0x0042"));
  }
}

TEST_CASE("payload errors: CRC, lengths, counts, truncation",
          "[hil][protocol]") {
  SECTION("truncated header and payload") {
    std::string f = encodeMessage({1, Readout{{{1, 2}}}});
    Status h = decodeError(f.substr(0, 23));
    CHECK(h.code == ErrorCode::Truncated);
    CHECK_THAT(h.message, Contains("header needs 24 bytes but 23"));
    Status p = decodeError(f.substr(0, f.size() - 1));
    CHECK(p.code == ErrorCode::Truncated);
    CHECK_THAT(p.message, Contains("12-byte payload but only 11"));
    Status e = decodeError("");
    CHECK(e.code == ErrorCode::Truncated);
  }
  SECTION("bytes after the payload") {
    std::string f = encodeMessage({1, Reset{}}) + "z";
    CHECK(decodeError(f).code == ErrorCode::Malformed);
  }
  SECTION("bad payload CRC") {
    std::string f = encodeMessage({1, Readout{{{1, 2}}}});
    f.back() ^= 0x40;
    Status s = decodeError(f);
    CHECK(s.code == ErrorCode::BadPayloadCrc);
    CHECK_THAT(s.message, Contains("READOUT: payload CRC-32"));
  }
  SECTION("a count larger than the payload") {
    // STEP claims 1,000,000 spikes in a 17-byte payload: rejected before
    // anything is allocated.
    Bytes p;
    p.u32(1000000).u32(0).u32(0).u32(0).u8(1);
    Status s = decodeError(frame(0x0005, 1, p.s));
    CHECK(s.code == ErrorCode::Malformed);
    CHECK_THAT(s.message, Contains("input spike count 1000000 at payload "
                                   "offset 0 needs at least 13000000 bytes "
                                   "but 13 remain"));
    Bytes q;
    q.u32(0xffffffffu);
    CHECK(decodeError(frame(0x0004, 1, q.s)).code == ErrorCode::Malformed);
    CHECK(decodeError(frame(0x0007, 1, q.s)).code == ErrorCode::Malformed);
    Bytes r;
    r.u64(0).u32(0xffffffffu);
    CHECK(decodeError(frame(0x8008, 1, q.s)).code == ErrorCode::Malformed);
    CHECK(decodeError(frame(0x8006, 1, r.s)).code == ErrorCode::Malformed);
  }
  SECTION("a record cut short, or a partial count") {
    Bytes p;
    p.u32(1).u32(0).u32(0).u32(0); // the sign byte is missing
    CHECK(decodeError(frame(0x0005, 1, p.s)).code == ErrorCode::Malformed);
    CHECK(decodeError(frame(0x0005, 1, "\x01\x00")).code ==
          ErrorCode::Malformed);
    Status s = decodeError(frame(0x0008 | 0x8000, 1, "\x01"));
    CHECK_THAT(s.message, Contains("needs 4 bytes at payload offset 0 but 1 "
                                   "remain"));
  }
  SECTION("payload length wrong for the layout") {
    Bytes p;
    p.u32(1).u32(2).u32(3).u32(4).u8(1).u8(0); // one byte too many
    Status s = decodeError(frame(0x0005, 1, p.s));
    CHECK(s.code == ErrorCode::Malformed);
    CHECK_THAT(s.message, Contains("1 bytes left over"));
    CHECK(decodeError(frame(0x8002, 1, std::string(24, '\0'))).code ==
          ErrorCode::Malformed);
  }
  SECTION("bad sign byte") {
    Bytes p;
    p.u32(2).u32(0).u32(0).u32(0).u8(1).u32(0).u32(1).u32(0).u8(0);
    Status s = decodeError(frame(0x0005, 1, p.s));
    CHECK(s.code == ErrorCode::Malformed);
    CHECK_THAT(s.message, Contains("input spike 1 at payload offset 29: sign "
                                   "byte 0x00"));
    Bytes o;
    o.u64(1).u32(1).u32(0).u32(0).u8(2);
    CHECK(decodeError(frame(0x8005, 1, o.s)).code == ErrorCode::Malformed);
  }
  SECTION("names and texts") {
    Bytes longName;
    longName.u16(1).u16(1).u32(257).raw(std::string(257, 'a'));
    // 265 bytes exceed HELLO's bound (264) already in the header.
    CHECK(decodeError(frame(0x0001, 1, longName.s)).code ==
          ErrorCode::PayloadTooLarge);
    Bytes lying;
    lying.u16(1).u16(1).u32(300).raw("ab");
    CHECK(decodeError(frame(0x0001, 1, lying.s)).code == ErrorCode::Malformed);
    Bytes control;
    control.u16(1).u16(1).u32(2).raw("a\x1b");
    Status s = decodeError(frame(0x0001, 1, control.s));
    CHECK_THAT(s.message, Contains("not printable"));
    Bytes err;
    err.u32(7).u32(5000).raw(std::string(10, 'x'));
    CHECK(decodeError(frame(0xFFFF, 1, err.s)).code == ErrorCode::Malformed);
    Bytes flag;
    flag.u32(1).u32(1).u8(2).u64(0).u64(0);
    CHECK(decodeError(frame(0x8002, 1, flag.s)).code == ErrorCode::Malformed);
  }
  SECTION("limits on ticks and watched neurons") {
    Bytes p;
    p.u32(kMaxStepManyTicks + 1);
    for (uint32_t i = 0; i <= kMaxStepManyTicks; ++i)
      p.u32(0);
    Status s = decodeError(frame(0x0006, 1, p.s));
    CHECK(s.code == ErrorCode::LimitExceeded);
    StepMany many;
    many.ticks.resize(kMaxStepManyTicks);
    Message ok;
    CHECK(decodeMessage(encodeMessage({1, many}), ok).ok());
    many.ticks.resize(kMaxStepManyTicks + 1);
    CHECK_THROWS_AS(encodeMessage({1, many}), Error);
  }
  SECTION("unknown types decode to UnknownType") {
    CHECK(decodeError(frame(0x0000, 1, "")).code == ErrorCode::UnknownType);
    CHECK(decodeError(frame(0x800A, 1, "")).code == ErrorCode::UnknownType);
  }
}

TEST_CASE("encoding refuses what the decoder would reject", "[hil][protocol]") {
  Step bad;
  bad.input = {{{0, 0, 0}, 1}};
  CHECK_THROWS_WITH(encodeMessage({1, bad}),
                    Contains("input spike 0 has sign 0"));
  CHECK_THROWS_AS(encodeMessage({1, Hello{1, 1, std::string(300, 'a')}}),
                  Error);
  CHECK_THROWS_AS(encodeMessage({1, Hello{1, 1, "tab\there"}}), Error);
  CHECK_THROWS_AS(encodeMessage({1, ErrorReply{ErrorCode::Internal,
                                               std::string(5000, 'e')}}),
                  Error);
  // makeError cuts and cleans instead.
  Message e =
      makeError(3, ErrorCode::BadConfig, std::string(5000, 'e') + "\x01");
  std::string bytes = encodeMessage(e);
  Message back;
  REQUIRE(decodeMessage(bytes, back).ok());
  CHECK(std::get<ErrorReply>(back.body).message.size() == kMaxErrorMessage);
  Message c = makeError(3, ErrorCode::BadConfig,
                        "bad\x01"
                        "byte");
  CHECK(std::get<ErrorReply>(c.body).message == "bad?byte");
  // A STEP over 64 MiB cannot be encoded.
  Step big;
  big.input.resize(kMaxPayload / kInputSpikeSize + 1, {{0, 0, 1}, 0});
  CHECK_THROWS_WITH(encodeMessage({1, big}), Contains("exceeds the limit"));
}

TEST_CASE("a CONFIGURE payload is moved, not copied", "[hil][protocol]") {
  std::string config(1 << 20, 'c');
  std::string bytes = encodeMessage({4, Configure{config}});
  Header h;
  REQUIRE(decodeHeader(bytes, h).ok());
  std::string payload = bytes.substr(kHeaderSize);
  const char *data = payload.data();
  Message m;
  REQUIRE(decodePayload(h, std::move(payload), m).ok());
  CHECK(std::get<Configure>(m.body).config.data() == data);
  CHECK(std::get<Configure>(m.body).config == config);
}

TEST_CASE("names of codes and types", "[hil][protocol]") {
  CHECK(errorCodeName(ErrorCode::BadPayloadCrc) == "BadPayloadCrc");
  CHECK(errorCodeName(ErrorCode(77)) == "Unknown(77)");
  CHECK(messageTypeName(0x0006) == "STEP_MANY");
  CHECK(messageTypeName(0x8007) == "READOUT_REPLY");
  CHECK(messageTypeName(0x1234) == "0x1234");
  CHECK(isRequest(MessageType::Shutdown));
  CHECK_FALSE(isRequest(MessageType::Error));
}

namespace {
std::string hex(const std::string &bytes) {
  std::string out;
  for (unsigned char c : bytes) {
    char buf[4];
    std::snprintf(buf, sizeof buf, out.empty() ? "%02x" : " %02x", c);
    out += buf;
  }
  return out;
}
} // namespace

TEST_CASE("the example session of docs/HIL.md", "[hil][protocol]") {
  CHECK(hex(encodeMessage({1, Hello{1, 1, "host"}})) ==
        "53 4e 48 4c 01 00 01 00 01 00 00 00 0c 00 00 00 25 23 9b 65 77 bc "
        "52 34 01 00 01 00 04 00 00 00 68 6f 73 74");
  Step step;
  step.input = {{{0, 1, 1}, 1}};
  CHECK(hex(encodeMessage({4, step})) ==
        "53 4e 48 4c 01 00 05 00 04 00 00 00 11 00 00 00 9b 37 55 13 4a 7c "
        "7e 58 01 00 00 00 00 00 00 00 01 00 00 00 01 00 00 00 01");
  StepReply reply;
  reply.tick = 1;
  reply.output = {{2, 0, 1}};
  CHECK(hex(encodeMessage({4, reply})) ==
        "53 4e 48 4c 01 00 05 80 04 00 00 00 15 00 00 00 80 87 b9 5a fd 3c "
        "d3 c3 01 00 00 00 00 00 00 00 01 00 00 00 02 00 00 00 00 00 00 00 "
        "01");
}
