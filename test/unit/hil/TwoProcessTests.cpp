//===- TwoProcessTests.cpp - The emulator in its own process --------------===//
//
// The acceptance test of hardware-in-the-loop: the test starts the
// snnc-emu-server binary (its path comes from CMake, SNNC_EMU_SERVER),
// waits for its ready line, and drives it through SocketChip. Spikes,
// potentials, counters and the host's detections must equal those of the
// in-process emulator (makeLocalChip) value for value. Hostile bytes sent
// to the server process in between change nothing.
//
//===----------------------------------------------------------------------===//
#include "runtime/chip/ConfigIO.h"
#include "runtime/emulator/ChipPort.h"
#include "runtime/emulator/HostSession.h"
#include "runtime/hil/SocketChip.h"
#include "runtime/support/Error.h"

#include "test/unit/hil/HilTestSupport.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char **environ;

using namespace snnc;
using namespace snnc::hil;
using namespace snnc::hiltest;
using Catch::Matchers::Contains;

namespace {

/// snnc-emu-server as a child process; killed if still running at the end.
class ServerProcess {
public:
  explicit ServerProcess(std::vector<std::string> args) {
    args.insert(args.begin(), SNNC_EMU_SERVER);
    int out[2];
    REQUIRE(pipe(out) == 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    std::vector<char *> argv;
    for (std::string &a : args)
      argv.push_back(a.data());
    argv.push_back(nullptr);
    int rc =
        posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    stdoutFd = out[0];
    REQUIRE(rc == 0);
  }
  ~ServerProcess() {
    if (pid > 0) {
      kill(pid, SIGKILL);
      waitpid(pid, nullptr, 0);
    }
    if (stdoutFd >= 0)
      close(stdoutFd);
  }

  /// The first line the server prints, within `seconds`.
  std::string readyLine(double seconds = 30) {
    std::string line;
    auto end = std::chrono::steady_clock::now() +
               std::chrono::milliseconds(int(seconds * 1000));
    while (line.empty() || line.back() != '\n') {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          end - std::chrono::steady_clock::now());
      pollfd p{stdoutFd, POLLIN, 0};
      if (left.count() <= 0 || poll(&p, 1, int(left.count())) <= 0)
        FAIL("snnc-emu-server printed no ready line in time (got '" << line
                                                                    << "')");
      char c;
      ssize_t n = read(stdoutFd, &c, 1);
      if (n <= 0)
        FAIL("snnc-emu-server exited before its ready line (got '" << line
                                                                   << "')");
      line.push_back(c);
    }
    line.pop_back();
    return line;
  }

  void terminate() { kill(pid, SIGTERM); }

  /// The exit status, waiting up to `seconds` (-1: still running).
  int wait(double seconds = 10) {
    auto end = std::chrono::steady_clock::now() +
               std::chrono::milliseconds(int(seconds * 1000));
    for (;;) {
      int status = 0;
      pid_t r = waitpid(pid, &status, WNOHANG);
      if (r == pid) {
        pid = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
      }
      if (std::chrono::steady_clock::now() > end)
        return -1;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }

private:
  pid_t pid = -1;
  int stdoutFd = -1;
};

struct TempDir {
  std::string path;
  TempDir() {
    char tmpl[] = "/tmp/snnc-hil2-XXXXXX";
    REQUIRE(mkdtemp(tmpl) != nullptr);
    path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

/// Compares two host runs: decoded heads bit for bit, counters, and the
/// detections of every checkpoint.
void compareRuns(const ChipConfig &config, const emu::HostRunResult &a,
                 const emu::HostRunResult &b, const emu::HostSession &session,
                 size_t &detections) {
  REQUIRE(a.checkpoints == b.checkpoints);
  REQUIRE(a.heads.size() == b.heads.size());
  CHECK(a.inputSpikes == b.inputSpikes);
  CHECK(a.inputAxonSpikes == b.inputAxonSpikes);
  CHECK((a.counters == b.counters));
  DetectorOptions options;
  options.threshold = 0.05f;
  for (size_t k = 0; k < a.heads.size(); ++k) {
    REQUIRE(a.heads[k].size() == config.outputs.size());
    for (size_t o = 0; o < a.heads[k].size(); ++o) {
      const Tensor &x = a.heads[k][o], &y = b.heads[k][o];
      REQUIRE(x.data.size() == y.data.size());
      CHECK(std::memcmp(x.data.data(), y.data.data(),
                        x.data.size() * sizeof(float)) == 0);
    }
    Detections da = session.decode(a.heads[k], 64, 48, options);
    Detections db = session.decode(b.heads[k], 64, 48, options);
    REQUIRE(da.size() == db.size());
    for (size_t i = 0; i < da.size(); ++i) {
      CHECK(da[i].classId == db[i].classId);
      CHECK(da[i].score == db[i].score);
      CHECK(da[i].box.x0 == db[i].box.x0);
      CHECK(da[i].box.y0 == db[i].box.y0);
      CHECK(da[i].box.x1 == db[i].box.x1);
      CHECK(da[i].box.y1 == db[i].box.y1);
    }
    detections += da.size();
  }
}

} // namespace

TEST_CASE("the emulator process gives the in-process results",
          "[hil][process]") {
  TempDir dir;
  const std::string socket = dir.path + "/emu.sock";
  ServerProcess server({"--socket", socket, "-j", "2", "--quiet"});
  CHECK(server.readyLine() == "snnc-emu-server: listening on unix:" + socket);

  SocketChip remote("unix:" + socket);
  CHECK(remote.server().name == "snnc-emu-server");

  // Spikes, potentials and counters, on unsigned and signed chips, in the
  // text and binary configuration formats.
  for (bool signedSpikes : {false, true})
    for (auto format :
         {chipcfg::ConfigFormat::Binary, chipcfg::ConfigFormat::Text}) {
      CAPTURE(signedSpikes, int(format));
      ChipConfig c = smallConfig(signedSpikes);
      std::string bytes = chipcfg::serializeConfig(c, format);
      auto input = inputPattern(c, 60, signedSpikes ? 21 : 22);
      std::unique_ptr<emu::ChipPort> local = emu::makeLocalChip({1});
      local->configure(bytes);
      Trace expected = drive(*local, c, input);
      CHECK(totalSpikes(expected) > 20);

      remote.configure(bytes);
      CHECK(sameTrace(drive(remote, c, input), expected));
      // Again after RESET, through STEP_MANY.
      remote.reset();
      auto many = remote.stepMany(input);
      CHECK(many == expected.spikes);
      CHECK((remote.counters() == expected.counters));
    }

  // Detections through the host loop (HostSession), in process and over
  // the socket, for three images.
  ChipConfig det = detectionConfig();
  std::string detBytes =
      chipcfg::serializeConfig(det, chipcfg::ConfigFormat::Binary);
  std::unique_ptr<emu::ChipPort> local = emu::makeLocalChip({1});
  local->configure(detBytes);
  remote.configure(detBytes);
  emu::HostSession inProcess(det, *local), overSocket(det, remote);
  emu::HostRunOptions run;
  run.ticks = 24;
  run.checkpoints = {8, 16, 24};
  size_t detections = 0;
  for (int image = 0; image < 3; ++image) {
    Tensor t{TensorShape{1, 4, 4}, std::vector<float>(16)};
    for (int i = 0; i < 16; ++i)
      t.data[i] = float((i * 7 + image * 5) % 17) / 16.0f;
    emu::HostRunResult a = inProcess.run(t, run);
    emu::HostRunResult b = overSocket.run(t, run);
    compareRuns(det, a, b, inProcess, detections);
  }
  CHECK(detections > 0);

  // Hostile bytes to the process, on a connection of their own.
  remote.close();
  {
    Fd raw = connectTo(Address::parse("unix:" + socket), after(5));
    std::string junk = std::string("SNHL") + '\x01' + '\0' + '\x05' + '\0' +
                       "garbage-garbage-garbage";
    REQUIRE(writeAll(raw.get(), junk.data(), junk.size(), after(5)) ==
            IoResult::Ok);
    std::string header;
    REQUIRE(readExact(raw.get(), header, kHeaderSize, after(5)) ==
            IoResult::Ok);
    Header h;
    REQUIRE(decodeHeader(header, h).ok());
    CHECK(h.type == uint16_t(MessageType::Error));
  }
  {
    // A STEP with a bad core after HELLO: an ERROR, then the same
    // connection goes on; the chip is unchanged (compared below). Each
    // connection has a chip of its own: configure this one.
    SocketChip chip("unix:" + socket);
    chip.configure(detBytes);
    CHECK_THROWS_WITH(chip.step({{{0, 0, 1}, 0}, {{99, 0, 1}, 0}}),
                      Contains("core 99 out of range"));
    CHECK_THROWS_WITH(chip.readout({{1, 99}}), Contains("OutOfRange"));
    Tensor t{TensorShape{1, 4, 4}, std::vector<float>(16, 0.6f)};
    emu::HostSession s(det, chip);
    emu::HostRunResult a = inProcess.run(t, run);
    emu::HostRunResult b = s.run(t, run);
    compareRuns(det, a, b, inProcess, detections);
    chip.shutdownServer();
  }
  CHECK(server.wait() == 0);
}

TEST_CASE("snnc-emu-server --once over TCP, and bad options",
          "[hil][process]") {
  {
    ServerProcess server({"--port", "0", "--once", "--quiet"});
    std::string line = server.readyLine();
    REQUIRE_THAT(line, Contains("listening on tcp:127.0.0.1:"));
    std::string address = line.substr(line.find("tcp:"));
    ChipConfig c = smallConfig(false);
    std::string bytes =
        chipcfg::serializeConfig(c, chipcfg::ConfigFormat::Text);
    auto input = inputPattern(c, 30, 4);
    std::unique_ptr<emu::ChipPort> local = emu::makeLocalChip({1});
    local->configure(bytes);
    Trace expected = drive(*local, c, input);
    {
      SocketChip remote(address);
      remote.configure(bytes);
      CHECK(sameTrace(drive(remote, c, input), expected));
    } // disconnect: --once makes the server exit
    CHECK(server.wait() == 0);
  }
  {
    ServerProcess server({"--quiet"});
    CHECK(server.wait() == 1); // neither --socket nor --port
  }
  {
    TempDir dir;
    std::string file = dir.path + "/not-a-socket";
    { std::ofstream(file) << "x"; }
    ServerProcess server({"--socket", file});
    CHECK(server.wait() == 1);
  }
}

TEST_CASE("snnc-emu-server honours SIGTERM within a second of a long "
          "STEP_MANY, and a disconnect cancels it",
          "[hil][process]") {
  TempDir dir;
  const std::string socket = dir.path + "/emu.sock";
  ServerProcess server(
      {"--socket", socket, "--max-ticks", "65536", "-j", "1", "--quiet"});
  REQUIRE(server.readyLine() == "snnc-emu-server: listening on unix:" + socket);
  const std::string bytes =
      chipcfg::serializeConfig(busyConfig(64), chipcfg::ConfigFormat::Binary);

  // A client that asks for 65,536 busy ticks (minutes) and disconnects:
  // the server is free again at once (another client runs a tick).
  auto startLong = [&](Fd &fd) {
    fd = connectTo(Address::parse("unix:" + socket), after(5));
    std::string frames = encodeMessage({1, Hello{1, 1, "long"}}) +
                         encodeMessage({2, Configure{bytes}});
    StepMany many;
    many.ticks.resize(65536);
    frames += encodeMessage({3, many});
    REQUIRE(writeAll(fd.get(), frames.data(), frames.size(), after(5)) ==
            IoResult::Ok);
    std::string header;
    REQUIRE(readExact(fd.get(), header, kHeaderSize, after(5)) ==
            IoResult::Ok); // HELLO_REPLY header
  };
  {
    Fd gone;
    startLong(gone);
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  {
    SocketChip other("unix:" + socket);
    other.configure(chipcfg::serializeConfig(smallConfig(true),
                                             chipcfg::ConfigFormat::Binary));
    other.step({});
    CHECK(other.tick() == 1);
  }

  // SIGTERM while a long request runs: the process exits within a second.
  Fd running;
  startLong(running);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  REQUIRE(server.wait(0) == -1);
  const auto start = std::chrono::steady_clock::now();
  server.terminate();
  CHECK(server.wait(5) == 0);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(1));
  // The client was told: after the rest of HELLO_REPLY and the
  // CONFIGURE_REPLY, an ERROR saying how far the request got.
  std::string rest;
  readExact(running.get(), rest, 1 << 20, after(2)); // up to the close
  CHECK_THAT(rest, Contains("STEP_MANY: stopped after"));
  CHECK_THAT(rest, Contains("the server is stopping"));
}
