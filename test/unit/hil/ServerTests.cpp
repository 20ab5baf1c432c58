//===- ServerTests.cpp - The HIL session state machine and the server -----===//
//
// ChipService alone (no sockets): the state machine, and hostile requests
// that must be answered with ERROR and leave the chip exactly as it was
// (checked by comparing the whole trace with a chip that never saw them).
// Then a Server on a thread with SocketChip clients in the same process,
// over a Unix socket and over TCP, with raw clients sending garbage, slow
// clients and a server that never answers.
//
//===----------------------------------------------------------------------===//
#include "runtime/chip/ConfigFormats.h"
#include "runtime/chip/ConfigIO.h"
#include "runtime/emulator/ChipPort.h"
#include "runtime/hil/Server.h"
#include "runtime/hil/SocketChip.h"
#include "runtime/support/Error.h"

#include "test/unit/hil/HilTestSupport.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <malloc.h>
#include <mutex>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace snnc;
using namespace snnc::hil;
using namespace snnc::hiltest;
using Catch::Matchers::Contains;

namespace {

std::string
configBytes(const ChipConfig &c,
            chipcfg::ConfigFormat f = chipcfg::ConfigFormat::Binary) {
  return chipcfg::serializeConfig(c, f);
}

ErrorCode errorOf(const Message &m) {
  if (auto *e = std::get_if<ErrorReply>(&m.body))
    return e->code;
  return ErrorCode::None;
}

std::string textOf(const Message &m) {
  if (auto *e = std::get_if<ErrorReply>(&m.body))
    return e->message;
  return {};
}

/// A ChipService over a fresh local chip, with HELLO done.
struct ServiceFixture {
  std::unique_ptr<emu::ChipPort> chip = emu::makeLocalChip({1});
  ChipService service{*chip};
  uint32_t id = 100;

  Message send(Body body) {
    return service.handle(Message{++id, std::move(body)});
  }
  ServiceFixture() {
    REQUIRE(errorOf(send(Hello{1, 1, "test"})) == ErrorCode::None);
  }
};

/// A temporary directory for sockets, removed afterwards.
struct TempDir {
  std::string path;
  TempDir() {
    char tmpl[] = "/tmp/snnc-hil-XXXXXX";
    REQUIRE(mkdtemp(tmpl) != nullptr);
    path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

/// A server on a thread, stopped and joined at the end.
PortFactory localChips(int threads = 2) {
  return [threads] { return emu::makeLocalChip({threads}); };
}

struct ServerThread {
  std::unique_ptr<Server> server;
  std::thread thread;
  std::string error;

  ServerThread(const Address &address, ServerOptions options = {}) {
    server =
        std::make_unique<Server>(localChips(), address, std::move(options));
    thread = std::thread([this] {
      try {
        server->serve();
      } catch (const std::exception &e) {
        error = e.what();
      }
    });
  }
  ~ServerThread() {
    server->stop();
    thread.join();
  }
  std::string address() const { return server->address().str(); }
};

/// A raw client: sends bytes, reads one reply frame (or end of stream).
struct RawClient {
  Fd fd;
  explicit RawClient(const std::string &address)
      : fd(connectTo(Address::parse(address), after(5))) {}
  void sendBytes(const std::string &bytes) {
    REQUIRE(writeAll(fd.get(), bytes.data(), bytes.size(), after(5)) ==
            IoResult::Ok);
  }
  /// The reply; nullopt-like (type Reset) when the server closed.
  bool receive(Message &m, double seconds = 5) {
    std::string header;
    if (readExact(fd.get(), header, kHeaderSize, after(seconds)) !=
        IoResult::Ok)
      return false;
    Header h;
    REQUIRE(decodeHeader(header, h).ok());
    std::string payload;
    REQUIRE(readExact(fd.get(), payload, h.payloadLength, after(seconds)) ==
            IoResult::Ok);
    REQUIRE(decodePayload(h, payload, m).ok());
    return true;
  }
  bool closedByServer(double seconds = 5) {
    std::string byte;
    IoResult r = readExact(fd.get(), byte, 1, after(seconds));
    return r == IoResult::Eof || r == IoResult::Closed;
  }
};

} // namespace

TEST_CASE("the session state machine", "[hil][server]") {
  std::unique_ptr<emu::ChipPort> chip = emu::makeLocalChip({1});
  ChipService service(*chip);
  auto send = [&](Body b) { return service.handle(Message{42, std::move(b)}); };

  // Before HELLO only HELLO is accepted.
  Message m = send(Reset{});
  CHECK(errorOf(m) == ErrorCode::BadState);
  CHECK(m.requestId == 42);
  CHECK_THAT(textOf(m), Contains("RESET before HELLO"));
  CHECK(errorOf(send(Shutdown{})) == ErrorCode::BadState);
  CHECK(errorOf(send(Hello{2, 5, "future"})) == ErrorCode::UnsupportedVersion);
  CHECK(errorOf(send(Hello{1, 0, "empty"})) == ErrorCode::UnsupportedVersion);
  Message hello = send(Hello{0, 3, "old and new"});
  REQUIRE(typeOf(hello.body) == MessageType::HelloReply);
  CHECK(std::get<HelloReply>(hello.body).version == 1);
  CHECK(std::get<HelloReply>(hello.body).name == "snnc-emu-server");
  CHECK(errorOf(send(Hello{1, 1, "again"})) == ErrorCode::BadState);

  // Chip requests need a configuration.
  for (Body b : {Body(Reset{}), Body(Watch{}), Body(Step{}), Body(StepMany{}),
                 Body(Readout{}), Body(Counters{})})
    CHECK(errorOf(send(b)) == ErrorCode::NotConfigured);
  // Replies are not requests.
  CHECK(errorOf(send(StepReply{})) == ErrorCode::BadState);
  CHECK(errorOf(send(ErrorReply{ErrorCode::Internal, "x"})) ==
        ErrorCode::BadState);

  // A configuration that does not parse leaves the chip unconfigured.
  Message bad = send(Configure{"not a configuration"});
  CHECK(errorOf(bad) == ErrorCode::BadConfig);
  CHECK_THAT(textOf(bad), Contains("CONFIGURE payload"));
  CHECK_FALSE(service.configured());

  ChipConfig c = smallConfig(true);
  Message ok = send(Configure{configBytes(c, chipcfg::ConfigFormat::Text)});
  REQUIRE(typeOf(ok.body) == MessageType::ConfigureReply);
  const auto &r = std::get<ConfigureReply>(ok.body);
  CHECK(r.cores == 3);
  CHECK(r.maxDelay == 3);
  CHECK(r.signedSpikes);
  CHECK(r.neurons == 16);
  CHECK(r.synapses == c.synapseCount());
  CHECK(service.configured());
  Message step = send(Step{});
  REQUIRE(typeOf(step.body) == MessageType::StepReply);
  CHECK(std::get<StepReply>(step.body).tick == 1);

  // A new connection must say HELLO again; the chip stays configured.
  service.endConnection();
  CHECK(errorOf(send(Counters{})) == ErrorCode::BadState);
  send(Hello{});
  CHECK(typeOf(send(Counters{}).body) == MessageType::CountersReply);
  CHECK(typeOf(send(Shutdown{}).body) == MessageType::ShutdownReply);
  CHECK(service.shutdownRequested());
}

TEST_CASE("hostile requests get errors and leave the chip unchanged",
          "[hil][server]") {
  for (bool signedSpikes : {false, true}) {
    CAPTURE(signedSpikes);
    ChipConfig c = smallConfig(signedSpikes);
    std::string bytes = configBytes(c);
    auto input = inputPattern(c, 40, 7);

    // The reference: a local chip driven directly.
    std::unique_ptr<emu::ChipPort> reference = emu::makeLocalChip({1});
    reference->configure(bytes);
    Trace expected = drive(*reference, c, input);
    REQUIRE(totalSpikes(expected) > 20);

    ServiceFixture f;
    REQUIRE(typeOf(f.send(Configure{bytes}).body) ==
            MessageType::ConfigureReply);
    std::vector<NeuronRef> all = allNeurons(c);
    REQUIRE(typeOf(f.send(Watch{all}).body) == MessageType::WatchReply);
    Trace got;
    got.potentials.push_back(
        std::get<ReadoutReply>(f.send(Readout{all}).body).potentials);

    emu::AxonSpike okSpike{0, 1, 1};
    std::vector<std::pair<Body, ErrorCode>> hostile = {
        {Step{{{okSpike, 0}, {{3, 0, 1}, 0}}}, ErrorCode::OutOfRange},
        {Step{{{okSpike, 1}, {{2, 6, 1}, 0}}}, ErrorCode::OutOfRange},
        {Step{{{okSpike, 1}, {{0, 8, 1}, 0}}}, ErrorCode::OutOfRange},
        {Step{{{okSpike, 1}, {{0, 0, 1}, 4}}}, ErrorCode::OutOfRange},
        {Step{{{{0xffffffffu, 0xffffffffu, 1}, 0xffffffffu}}},
         ErrorCode::OutOfRange},
        {StepMany{{{{okSpike, 0}}, {{{0, 0, 1}, 9}}}}, ErrorCode::OutOfRange},
        {Watch{{{0, 0}, {1, 6}}}, ErrorCode::OutOfRange},
        {Watch{{{7, 0}}}, ErrorCode::OutOfRange},
        {Readout{{{2, 4}}}, ErrorCode::OutOfRange},
        {Readout{{{0, 0}, {0xffffffffu, 0}}}, ErrorCode::OutOfRange},
        {Hello{}, ErrorCode::BadState},
        {ResetReply{}, ErrorCode::BadState},
        {Configure{bytes.substr(0, bytes.size() / 2)}, ErrorCode::BadConfig},
        {Configure{""}, ErrorCode::BadConfig},
    };
    if (!signedSpikes)
      hostile.push_back(
          {Step{{{okSpike, 0}, {{1, 2, -1}, 0}}}, ErrorCode::OutOfRange});
    for (size_t t = 0; t < input.size(); ++t) {
      // Every few ticks, a hostile request first.
      if (t % 2 == 0) {
        const auto &[body, code] = hostile[(t / 2) % hostile.size()];
        Message m = f.send(body);
        INFO("tick " << t << ": " << textOf(m));
        CHECK(errorOf(m) == code);
        CHECK(f.service.configured());
      }
      Message s = f.send(Step{input[t]});
      REQUIRE(typeOf(s.body) == MessageType::StepReply);
      CHECK(std::get<StepReply>(s.body).tick == t + 1);
      got.spikes.push_back(std::get<StepReply>(s.body).output);
      got.potentials.push_back(
          std::get<ReadoutReply>(f.send(Readout{all}).body).potentials);
    }
    got.counters = std::get<CountersReply>(f.send(Counters{}).body).cores;
    CHECK(sameTrace(got, expected));
  }
}

TEST_CASE("STEP_MANY equals STEP tick by tick, and its reply bound",
          "[hil][server]") {
  ChipConfig c = smallConfig(true);
  auto input = inputPattern(c, 30, 3);
  ServiceFixture a, b;
  for (ServiceFixture *f : {&a, &b}) {
    f->send(Configure{configBytes(c)});
    f->send(Watch{allNeurons(c)});
  }
  std::vector<std::vector<emu::NeuronSpike>> stepped;
  for (const auto &tick : input)
    stepped.push_back(std::get<StepReply>(a.send(Step{tick}).body).output);
  Message many = b.send(StepMany{input});
  REQUIRE(typeOf(many.body) == MessageType::StepManyReply);
  CHECK(std::get<StepManyReply>(many.body).ticks == stepped);
  CHECK(std::get<StepManyReply>(many.body).tick == 30);
  CHECK(std::get<CountersReply>(a.send(Counters{}).body).cores.size() == 3);
  CHECK(std::get<CountersReply>(a.send(Counters{}).body).cores ==
        std::get<CountersReply>(b.send(Counters{}).body).cores);

  // 16 watched neurons: a reply for 65536 ticks could need 65536 * (4 + 9 *
  // 16) bytes > 64 MiB... it does not (9.7 MB), so it runs; RESET zeroes
  // the tick.
  StepMany big;
  big.ticks.resize(kMaxStepManyTicks);
  Message m = b.send(big);
  REQUIRE(typeOf(m.body) == MessageType::StepManyReply);
  CHECK(std::get<StepManyReply>(m.body).tick == 30 + kMaxStepManyTicks);
  CHECK(typeOf(b.send(Reset{}).body) == MessageType::ResetReply);
  CHECK(std::get<StepReply>(b.send(Step{}).body).tick == 1);
}

TEST_CASE("handleFrame answers any bytes with a reply", "[hil][server]") {
  ServiceFixture f;
  f.send(Configure{configBytes(smallConfig(false))});
  Message m = f.service.handleFrame("garbage that is long enough for a header");
  CHECK(errorOf(m) == ErrorCode::BadMagic);
  CHECK(m.requestId == 0);
  std::string frame = encodeMessage({77, Readout{{{9, 9}}}});
  CHECK(errorOf(f.service.handleFrame(frame)) == ErrorCode::OutOfRange);
  CHECK(f.service.handleFrame(frame).requestId == 77);
  frame.back() ^= 1;
  Message crc = f.service.handleFrame(frame);
  CHECK(errorOf(crc) == ErrorCode::BadPayloadCrc);
  CHECK(crc.requestId == 77);
  // Random bytes after a valid header prefix: never an exception.
  uint32_t x = 12345;
  for (int i = 0; i < 2000; ++i) {
    std::string bytes = encodeMessage({uint32_t(i), Step{}});
    size_t len = x % 64;
    for (size_t k = 0; k < len; ++k) {
      x = x * 1103515245u + 12345u;
      bytes[(x >> 8) % bytes.size()] = char(x >> 20);
      if (k % 7 == 0)
        bytes.push_back(char(x >> 13));
    }
    Message r = f.service.handleFrame(bytes);
    CHECK_NOTHROW(encodeMessage(r));
  }
  CHECK(f.service.configured());
}

TEST_CASE("a server thread and SocketChip clients", "[hil][server][socket]") {
  TempDir dir;
  ServerOptions options;
  options.frameTimeout = 1;
  ServerThread st(Address::parse("unix:" + dir.path + "/emu.sock"), options);

  ChipConfig c = smallConfig(true);
  std::string bytes = configBytes(c);
  auto input = inputPattern(c, 50, 11);
  std::unique_ptr<emu::ChipPort> local = emu::makeLocalChip({1});
  local->configure(bytes);
  Trace expected = drive(*local, c, input);

  {
    SocketChip chip(st.address());
    CHECK(chip.server().name == "snnc-emu-server");
    CHECK(chip.server().maxPayloadBytes == kMaxPayload);
    chip.configure(bytes);
    CHECK(chip.configuration().cores == 3);
    Trace got = drive(chip, c, input);
    CHECK(sameTrace(got, expected));
    CHECK(chip.tick() == 50);

    // ERROR replies are snnc::Error; the connection stays usable.
    CHECK_THROWS_WITH(chip.step({{{5, 0, 1}, 0}}),
                      Contains("STEP failed: OutOfRange: STEP input spike 0: "
                               "core 5 out of range"));
    CHECK_THROWS_WITH(chip.configure("junk"),
                      Contains("CONFIGURE failed: BadConfig"));
    // Encoding errors throw before anything is sent.
    CHECK_THROWS_WITH(chip.step({{{0, 0, 0}, 0}}), Contains("sign 0"));
    chip.reset();
    CHECK(chip.tick() == 0);
    std::vector<std::vector<InputSpike>> many(input.begin(),
                                              input.begin() + 20);
    auto spikes = chip.stepMany(many);
    CHECK(spikes.size() == 20);
    CHECK(std::equal(spikes.begin(), spikes.end(), expected.spikes.begin()));
  }

  // A raw client sending garbage gets an ERROR and is disconnected; the
  // next client is served as if nothing happened.
  {
    RawClient raw(st.address());
    raw.sendBytes(std::string(24, 'x'));
    Message m;
    REQUIRE(raw.receive(m));
    CHECK(errorOf(m) == ErrorCode::BadMagic);
    CHECK_THAT(textOf(m), Contains("closing the connection"));
    CHECK(raw.closedByServer());
  }
  {
    // Non-framing errors keep the connection: unknown type, bad CRC.
    RawClient raw(st.address());
    raw.sendBytes(encodeMessage({1, Hello{}}));
    Message m;
    REQUIRE(raw.receive(m));
    CHECK(typeOf(m.body) == MessageType::HelloReply);
    // An unknown type with a sound header: its payload is skipped.
    std::string unknown = encodeHeader(MessageType::Reset, 2, "");
    unknown[6] = 0x42;
    uint32_t crc = crc32Of(std::string_view(unknown).substr(0, 20));
    for (int i = 0; i < 4; ++i)
      unknown[20 + i] = char(crc >> (8 * i));
    unknown[12] = 3; // a 3-byte payload (its CRC is not checked)
    crc = crc32Of(std::string_view(unknown).substr(0, 20));
    for (int i = 0; i < 4; ++i)
      unknown[20 + i] = char(crc >> (8 * i));
    std::string reset = encodeMessage({3, Reset{}});
    std::string badCrc = encodeMessage({4, Readout{{{0, 0}}}});
    badCrc.back() ^= 0x10;
    raw.sendBytes(unknown + "abc" + badCrc + reset);
    REQUIRE(raw.receive(m));
    CHECK(errorOf(m) == ErrorCode::UnknownType);
    CHECK(m.requestId == 2);
    REQUIRE(raw.receive(m));
    CHECK(errorOf(m) == ErrorCode::BadPayloadCrc);
    CHECK(m.requestId == 4);
    REQUIRE(raw.receive(m));
    // This connection's chip was never configured: the RESET after the
    // skipped frames was read in step.
    CHECK(errorOf(m) == ErrorCode::NotConfigured);
    CHECK(m.requestId == 3);
    // A header whose CRC does not match: framing error, disconnected.
    std::string corrupt = encodeMessage({5, Reset{}});
    corrupt[9] ^= 1;
    raw.sendBytes(corrupt);
    REQUIRE(raw.receive(m));
    CHECK(errorOf(m) == ErrorCode::BadHeaderCrc);
    CHECK(m.requestId == 0);
    CHECK(raw.closedByServer());
  }
  {
    // A header announcing 64 MiB then silence: Timeout after the frame
    // timeout, and nothing like 64 MiB was allocated up front.
    RawClient raw(st.address());
    std::string header =
        encodeHeader(MessageType::Step, 9, std::string(kMaxPayload, '\0'));
    auto start = std::chrono::steady_clock::now();
    raw.sendBytes(header + "\x01\x02");
    Message m;
    REQUIRE(raw.receive(m));
    CHECK(errorOf(m) == ErrorCode::Timeout);
    CHECK_THAT(textOf(m), Contains("only 2 of the 67108864 payload bytes"));
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(4));
    CHECK(raw.closedByServer());
  }
  {
    // Each connection has its own chip: a new one starts unconfigured,
    // and configured it computes what the first did.
    SocketChip chip(st.address());
    CHECK_THROWS_WITH(chip.reset(), Contains("NotConfigured"));
    chip.configure(bytes);
    Trace again = drive(chip, c, input);
    CHECK(sameTrace(again, expected));
    chip.shutdownServer();
    CHECK_THROWS_WITH(chip.counters(), Contains("connection was closed"));
  }
  st.thread.join();
  st.thread = std::thread([] {});
  CHECK(st.error.empty());
}

TEST_CASE("TCP on 127.0.0.1 with a chosen port", "[hil][server][socket]") {
  Address a;
  a.tcp = true;
  a.port = 0;
  ServerThread st(a);
  CHECK(st.server->address().port > 0);
  CHECK_THAT(st.address(), Contains("tcp:127.0.0.1:"));
  ChipConfig c = smallConfig(false);
  std::string bytes = configBytes(c);
  auto input = inputPattern(c, 25, 5);
  std::unique_ptr<emu::ChipPort> local = emu::makeLocalChip({1});
  local->configure(bytes);
  Trace expected = drive(*local, c, input);
  SocketChip chip(st.address());
  chip.configure(bytes);
  CHECK(sameTrace(drive(chip, c, input), expected));
}

TEST_CASE("the client never waits forever", "[hil][socket]") {
  TempDir dir;
  SocketChipOptions quick;
  quick.connectTimeout = 0.3;
  quick.requestTimeout = 0.3;
  auto start = std::chrono::steady_clock::now();
  CHECK_THROWS_WITH(SocketChip("unix:" + dir.path + "/nobody.sock", quick),
                    Contains("cannot connect to unix:"));
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(3));

  // A listener that accepts and never answers.
  Address mute = Address::parse("unix:" + dir.path + "/mute.sock");
  Fd listener = listenOn(mute);
  start = std::chrono::steady_clock::now();
  CHECK_THROWS_WITH(SocketChip(mute.str(), quick),
                    Contains("waiting for the reply to HELLO: timed out"));
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(3));

  CHECK_THROWS_WITH(SocketChip("tcp:1.2.3:80", quick),
                    Contains("not an IPv4 address"));
  CHECK_THROWS_WITH(SocketChip("tcp:127.0.0.1:99999", quick),
                    Contains("not a number in 0..65535"));
  CHECK_THROWS_AS(Address::parse("unix:" + std::string(200, 'p')), Error);
}

TEST_CASE("a live socket path is not stolen, a stale one is replaced",
          "[hil][socket]") {
  TempDir dir;
  Address a = Address::parse(dir.path + "/s.sock");
  {
    Server first(localChips(1), a);
    CHECK_THROWS_WITH(Server(localChips(1), a),
                      Contains("another server is listening"));
    // `first` goes away without serving: its socket file is removed.
  }
  CHECK_FALSE(std::filesystem::exists(a.path));
  {
    Fd stale = listenOn(a); // leaves a socket file nobody will accept on
  }
  CHECK(std::filesystem::exists(a.path));
  CHECK_NOTHROW(Server(localChips(1), a));
  std::string file = dir.path + "/plain";
  { std::ofstream(file) << "x"; }
  CHECK_THROWS_WITH(Server(localChips(1), Address::parse(file)),
                    Contains("exists and is not a socket"));
}

namespace {

/// A local chip whose ticks take `tickMs` milliseconds: a large network
/// without building one. Counts the ticks it ran.
class SlowChip final : public emu::ChipPort {
public:
  SlowChip(int tickMs, std::atomic<uint64_t> &ran)
      : inner(emu::makeLocalChip({1})), tickMs(tickMs), ran(ran) {}
  void configure(const std::string &b) override { inner->configure(b); }
  void reset() override { inner->reset(); }
  std::vector<emu::NeuronSpike>
  step(const std::vector<std::pair<emu::AxonSpike, uint32_t>> &in) override {
    std::this_thread::sleep_for(std::chrono::milliseconds(tickMs));
    ++ran;
    return inner->step(in);
  }
  void watch(const std::vector<chipcfg::NeuronRef> &n) override {
    inner->watch(n);
  }
  std::vector<int64_t>
  readout(const std::vector<chipcfg::NeuronRef> &n) override {
    return inner->readout(n);
  }
  std::vector<emu::CoreCounters> counters() override {
    return inner->counters();
  }

private:
  std::unique_ptr<emu::ChipPort> inner;
  int tickMs;
  std::atomic<uint64_t> &ran;
};

/// Chips whose ticks take 1 ms, counting their ticks in `ran`.
PortFactory slowChips(std::atomic<uint64_t> &ran) {
  return [&ran]() -> std::unique_ptr<emu::ChipPort> {
    return std::make_unique<SlowChip>(1, ran);
  };
}

/// HELLO and CONFIGURE (their replies read), then a STEP_MANY of `ticks`
/// empty ticks, not waited for.
void startStepMany(RawClient &client, const std::string &config, size_t ticks) {
  client.sendBytes(encodeMessage({1, Hello{1, 1, "one"}}) +
                   encodeMessage({2, Configure{config}}));
  Message m;
  REQUIRE(client.receive(m));
  REQUIRE(client.receive(m));
  REQUIRE(errorOf(m) == ErrorCode::None);
  StepMany many;
  many.ticks.resize(ticks);
  client.sendBytes(encodeMessage({3, many}));
}

double secondsSince(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t)
      .count();
}

/// Waits until `done` holds, up to `seconds`; whether it did.
template <typename F> bool eventually(F done, double seconds) {
  auto start = std::chrono::steady_clock::now();
  while (!done()) {
    if (secondsSince(start) > seconds)
      return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

} // namespace

TEST_CASE("bounded requests: the per-request tick limit", "[hil][server]") {
  std::unique_ptr<emu::ChipPort> chip = emu::makeLocalChip({1});
  ServiceLimits limits;
  limits.maxTicksPerRequest = 10;
  ChipService service(*chip, "bounded", limits);
  Message m = service.handle({1, Hello{1, 1, "test"}});
  REQUIRE(typeOf(m.body) == MessageType::HelloReply);
  CHECK(std::get<HelloReply>(m.body).maxStepManyTicks == 10);
  ChipConfig c = smallConfig(true);
  REQUIRE(errorOf(service.handle({2, Configure{configBytes(c)}})) ==
          ErrorCode::None);
  StepMany eleven;
  eleven.ticks.resize(11);
  m = service.handle({3, eleven});
  CHECK(errorOf(m) == ErrorCode::LimitExceeded);
  CHECK_THAT(textOf(m), Contains("11 ticks exceed this server's limit of 10"));
  CHECK(service.tick() == 0);
  StepMany ten;
  ten.ticks.resize(10);
  CHECK(errorOf(service.handle({4, ten})) == ErrorCode::None);
  CHECK(service.tick() == 10);
}

TEST_CASE("bounded requests: per-client memory", "[hil][server]") {
  ChipConfig c = smallConfig(true);
  const uint64_t need = emu::Emulator::estimateBytes(c);
  REQUIRE(need > 0);
  std::unique_ptr<emu::ChipPort> chip = emu::makeLocalChip({1});
  ServiceLimits limits;
  limits.maxMemoryBytes = need - 1;
  ChipService tight(*chip, "tight", limits);
  tight.handle({1, Hello{1, 1, "test"}});
  Message m = tight.handle({2, Configure{configBytes(c)}});
  CHECK(errorOf(m) == ErrorCode::LimitExceeded);
  CHECK_THAT(textOf(m), Contains("MiB of emulator memory, above this "
                                 "server's limit"));
  CHECK_FALSE(tight.configured());
  limits.maxMemoryBytes = need;
  ChipService enough(*chip, "enough", limits);
  enough.handle({1, Hello{1, 1, "test"}});
  CHECK(errorOf(enough.handle({2, Configure{configBytes(c)}})) ==
        ErrorCode::None);
}

TEST_CASE("a rejected CONFIGURE keeps the previous configuration",
          "[hil][server]") {
  ServiceFixture f;
  ChipConfig c = smallConfig(true);
  REQUIRE(errorOf(f.send(Configure{configBytes(c)})) == ErrorCode::None);
  REQUIRE(errorOf(f.send(Step{})) == ErrorCode::None);
  // The reproducer: a maximum delay of 4097, beyond the emulator.
  ChipConfig far = c;
  far.chip.maxDelay = 4097;
  Message m = f.send(Configure{chipcfg::detail::serializeText(far)});
  CHECK(errorOf(m) == ErrorCode::BadConfig);
  CHECK_THAT(textOf(m), Contains("max_delay=4097 exceeds snnc's longest "
                                 "delay of 4096 ticks"));
  CHECK(f.service.configured());
  CHECK(f.service.tick() == 1);
  CHECK(errorOf(f.send(Step{})) == ErrorCode::None);
  CHECK(f.service.tick() == 2);
}

TEST_CASE("a long STEP_MANY stops when its client goes away, and other "
          "clients are served meanwhile",
          "[hil][server][socket]") {
  TempDir dir;
  std::atomic<uint64_t> ran{0};
  std::vector<std::string> events;
  std::mutex eventsMutex;
  ServerOptions options;
  options.limits.maxTicksPerRequest = kMaxStepManyTicks;
  options.log = [&](const std::string &line) {
    std::lock_guard<std::mutex> lock(eventsMutex);
    events.push_back(line);
  };
  auto address = Address::parse("unix:" + dir.path + "/emu.sock");
  Server server(slowChips(ran), address, options);
  std::thread serving([&] { server.serve(); });
  ChipConfig c = smallConfig(true);
  std::string bytes = configBytes(c);

  // Client 1: 65,536 ticks of 1 ms (over a minute), then it disconnects.
  auto client1 = std::make_unique<RawClient>(address.str());
  startStepMany(*client1, bytes, kMaxStepManyTicks);
  REQUIRE(eventually([&] { return ran >= 20; }, 5));

  // Client 2 is served while client 1's request runs.
  auto start = std::chrono::steady_clock::now();
  {
    SocketChip two(address.str());
    two.configure(bytes);
    two.step({});
    CHECK(two.tick() == 1);
  }
  CHECK(secondsSince(start) < 2);

  // Client 1 goes away: its request stops within a second.
  client1.reset();
  const uint64_t atClose = ran;
  start = std::chrono::steady_clock::now();
  REQUIRE(eventually(
      [&] {
        std::lock_guard<std::mutex> lock(eventsMutex);
        return std::count(events.begin(), events.end(),
                          "client 1: connection closed") == 1;
      },
      5));
  CHECK(secondsSince(start) < 1);
  CHECK(ran < atClose + 1000);
  CHECK(ran < kMaxStepManyTicks);
  server.stop();
  serving.join();
}

TEST_CASE("stopping the server stops a running STEP_MANY within a second",
          "[hil][server][socket]") {
  TempDir dir;
  std::atomic<uint64_t> ran{0};
  ServerOptions options;
  options.limits.maxTicksPerRequest = kMaxStepManyTicks;
  auto address = Address::parse("unix:" + dir.path + "/emu.sock");
  Server server(slowChips(ran), address, options);
  std::thread serving([&] { server.serve(); });
  ChipConfig c = smallConfig(true);
  RawClient client(address.str());
  startStepMany(client, configBytes(c), kMaxStepManyTicks);
  Message m;
  REQUIRE(eventually([&] { return ran >= 20; }, 5));
  auto start = std::chrono::steady_clock::now();
  server.stop(); // what snnc-emu-server's SIGTERM handler calls
  serving.join();
  CHECK(secondsSince(start) < 1);
  // The client learns why and how far its request got.
  REQUIRE(client.receive(m));
  CHECK(errorOf(m) == ErrorCode::Cancelled);
  CHECK_THAT(textOf(m), Contains("the server is stopping"));
  CHECK(client.closedByServer());
}

TEST_CASE("clients beyond --max-clients are refused with an ERROR",
          "[hil][server][socket]") {
  TempDir dir;
  ServerOptions options;
  options.maxClients = 2;
  ServerThread st(Address::parse("unix:" + dir.path + "/emu.sock"), options);
  SocketChip one(st.address()), two(st.address());
  RawClient three(st.address());
  Message m;
  REQUIRE(three.receive(m));
  CHECK(errorOf(m) == ErrorCode::LimitExceeded);
  CHECK_THAT(textOf(m), Contains("already serves 2 clients"));
  CHECK(three.closedByServer());
  // One leaves: a new client is served.
  one.close();
  REQUIRE(eventually(
      [&] {
        try {
          SocketChip again(st.address());
          return true;
        } catch (const Error &) {
          return false;
        }
      },
      5));
}

TEST_CASE("the emulator memory estimate is close to what it allocates",
          "[hil][server]") {
  // Bytes the heap holds (glibc: small blocks plus mmap'ed ones), around
  // building an emulator: an independent count of what estimateBytes
  // predicts from the configuration.
  auto heap = [] {
    struct mallinfo2 m = mallinfo2();
    return double(m.uordblks + m.hblkhd);
  };
  for (uint32_t cores : {4u, 64u}) {
    ChipConfig c = busyConfig(cores);
    const double before = heap();
    double used = 0;
    {
      emu::Emulator e(c, {1});
      used = heap() - before;
    }
    const double estimate = double(emu::Emulator::estimateBytes(c));
    INFO(cores << " cores: allocated " << used << " bytes, estimated "
               << estimate);
    CHECK(estimate >= 0.8 * used);
    CHECK(estimate <= 2.0 * used);
  }
}

TEST_CASE("a client that half-closes after its STEP_MANY still gets the "
          "reply (Unix socket)",
          "[hil][server][socket]") {
  TempDir dir;
  std::atomic<uint64_t> ran{0};
  auto address = Address::parse("unix:" + dir.path + "/emu.sock");
  Server server(slowChips(ran), address, ServerOptions{});
  std::thread serving([&] { server.serve(); });
  ChipConfig c = smallConfig(true);
  RawClient client(address.str());
  StepMany many;
  many.ticks.resize(200); // 200 ms: many looks at the socket
  client.sendBytes(encodeMessage({1, Hello{1, 1, "half"}}) +
                   encodeMessage({2, Configure{configBytes(c)}}) +
                   encodeMessage({3, many}));
  REQUIRE(::shutdown(client.fd.get(), SHUT_WR) == 0);
  Message m;
  REQUIRE(client.receive(m));
  REQUIRE(client.receive(m));
  REQUIRE(client.receive(m, 10));
  CHECK(errorOf(m) == ErrorCode::None);
  CHECK(ran == 200);
  server.stop();
  serving.join();
}
