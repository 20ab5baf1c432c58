//===- HilSoakBench.cpp - Many HIL clients against one server -------------===//
//
// Starts snnc-emu-server (a separate process) and runs, for D seconds:
//  - B busy clients: a 16-core network whose every neuron fires every tick
//    (about a million synaptic events a tick), STEP_MANY of 256 ticks in a
//    loop;
//  - Q quitters: ask for the server's whole --max-ticks on the busy
//    network and disconnect after 100 ms, over and over;
//  - one silent client: HELLO, then nothing;
//  - one interactive client: the small test network, one STEP at a time,
//    its round-trip latency recorded, and its spikes compared with the
//    in-process emulator's.
// Prints ticks per client, the interactive latency percentiles, the
// quitters' requests, whether every trace matched, and the server's peak
// memory (VmHWM). A benchmark: it measures, it asserts nothing about time.
//
//   snnc-bench-hil-soak [--seconds 60] [--busy 3] [--quitters 2]
//
//===----------------------------------------------------------------------===//
#include "runtime/chip/ConfigIO.h"
#include "runtime/emulator/ChipPort.h"
#include "runtime/hil/SocketChip.h"
#include "test/unit/hil/HilTestSupport.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <signal.h>
#include <spawn.h>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

extern char **environ;

using namespace snnc;
using namespace snnc::hil;
using Clock = std::chrono::steady_clock;

namespace {

double since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

uint64_t peakRssKb(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string key;
  uint64_t value = 0;
  while (in >> key)
    if (key == "VmHWM:" && in >> value)
      return value;
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  double seconds = 60;
  int busy = 3, quitters = 2;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--seconds")
      seconds = std::atof(argv[i + 1]);
    else if (a == "--busy")
      busy = std::atoi(argv[i + 1]);
    else if (a == "--quitters")
      quitters = std::atoi(argv[i + 1]);
    else {
      std::cerr << "unknown option " << a << "\n";
      return 1;
    }
  }
  const std::string server = std::string(SNNC_BIN_DIR) + "/snnc-emu-server";
  char dir[] = "/tmp/snnc-soak-XXXXXX";
  if (!mkdtemp(dir))
    return 1;
  const std::string socket = std::string(dir) + "/emu.sock";
  // A quitter's abandoned connection may still be counted while its
  // successor connects: room for two per quitter.
  const int clients = busy + 2 * quitters + 2;
  std::vector<std::string> args = {
      server, "--socket", socket,   "--max-clients", std::to_string(clients),
      "-j",   "1",        "--quiet"};
  std::vector<char *> argvServer;
  for (std::string &a : args)
    argvServer.push_back(a.data());
  argvServer.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawn(&pid, server.c_str(), nullptr, nullptr, argvServer.data(),
                  environ) != 0) {
    std::cerr << "cannot start " << server << "\n";
    return 1;
  }
  for (int i = 0; i < 100 && access(socket.c_str(), F_OK) != 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));

  const std::string busyBytes = chipcfg::serializeConfig(
      hiltest::busyConfig(16), chipcfg::ConfigFormat::Binary);
  const chipcfg::ChipConfig small = hiltest::smallConfig(true);
  const std::string smallBytes =
      chipcfg::serializeConfig(small, chipcfg::ConfigFormat::Binary);
  const auto input = hiltest::inputPattern(small, 64, 7);
  std::unique_ptr<emu::ChipPort> local = emu::makeLocalChip({1});
  local->configure(smallBytes);
  const hiltest::Trace expected = hiltest::drive(*local, small, input);

  // The interactive client connects first, so it is served whatever the
  // others do.
  SocketChip interactive("unix:" + socket);
  interactive.configure(smallBytes);
  interactive.watch(hiltest::allNeurons(small));
  const Clock::time_point start = Clock::now();
  std::atomic<bool> done{false};
  std::vector<uint64_t> busyTicks(busy, 0);
  std::atomic<uint64_t> quitRequests{0}, mismatches{0}, errors{0};
  std::vector<double> latency;
  uint64_t interactiveTraces = 0;
  std::vector<std::thread> threads;
  for (int b = 0; b < busy; ++b)
    threads.emplace_back([&, b] {
      try {
        SocketChip chip("unix:" + socket);
        chip.configure(busyBytes);
        std::vector<std::vector<InputSpike>> many(256);
        while (!done) {
          chip.stepMany(many);
          busyTicks[b] += many.size();
        }
      } catch (const std::exception &e) {
        ++errors;
        std::cerr << "busy client: " << e.what() << "\n";
      }
    });
  uint32_t limit = 0;
  {
    SocketChip probe("unix:" + socket);
    limit = probe.server().maxStepManyTicks;
  }
  std::atomic<uint64_t> refused{0};
  for (int q = 0; q < quitters; ++q)
    threads.emplace_back([&] {
      StepMany m;
      m.ticks.resize(limit);
      const std::string frames = encodeMessage({1, Hello{1, 1, "quitter"}}) +
                                 encodeMessage({2, Configure{busyBytes}}) +
                                 encodeMessage({3, m});
      while (!done) {
        Fd raw = connectTo(Address::parse("unix:" + socket), after(5));
        writeAll(raw.get(), frames.data(), frames.size(), after(5));
        std::string header;
        // A full server answers at once with an ERROR and closes; a
        // serving one answers HELLO.
        readExact(raw.get(), header, kHeaderSize, after(5));
        Header h;
        if (header.size() == kHeaderSize && decodeHeader(header, h).ok() &&
            h.type == uint16_t(MessageType::Error)) {
          ++refused;
          std::this_thread::sleep_for(std::chrono::milliseconds(20));
          continue;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        ++quitRequests; // raw goes out of scope: the server cancels
      }
    });
  Fd silent = connectTo(Address::parse("unix:" + socket), after(5));
  {
    std::string hello = encodeMessage({1, Hello{1, 1, "silent"}});
    writeAll(silent.get(), hello.data(), hello.size(), after(5));
  }
  try {
    SocketChip &chip = interactive;
    while (since(start) < seconds) {
      chip.reset();
      hiltest::Trace t;
      t.spikes.reserve(input.size());
      for (const auto &tick : input) {
        const Clock::time_point s = Clock::now();
        t.spikes.push_back(chip.step(tick));
        latency.push_back(since(s));
      }
      ++interactiveTraces;
      if (t.spikes != expected.spikes)
        ++mismatches;
    }
  } catch (const std::exception &e) {
    ++errors;
    std::cerr << "interactive client: " << e.what() << "\n";
  }
  done = true;
  for (std::thread &t : threads)
    t.join();
  const double wall = since(start);
  const uint64_t rss = peakRssKb(pid);
  kill(pid, SIGTERM);
  const Clock::time_point stop = Clock::now();
  int status = 0;
  waitpid(pid, &status, 0);
  const double exitSeconds = since(stop);

  std::sort(latency.begin(), latency.end());
  auto pct = [&](double p) {
    return latency.empty() ? 0.0
                           : latency[std::min(latency.size() - 1,
                                              size_t(p * latency.size()))];
  };
  std::printf("soak: %.1f s, %d busy clients, %d quitters, 1 silent, 1 "
              "interactive (server: --max-clients %d -j 1)\n",
              wall, busy, quitters, clients);
  for (int b = 0; b < busy; ++b)
    std::printf("  busy client %d: %llu ticks (%.0f ticks/s)\n", b,
                (unsigned long long)busyTicks[b], busyTicks[b] / wall);
  std::printf("  quitters: %llu requests of %u ticks abandoned after 100 ms "
              "(%llu connections refused while the server was full)\n",
              (unsigned long long)quitRequests.load(), limit,
              (unsigned long long)refused.load());
  std::printf("  interactive STEP round trip: p50 %.3f ms, p99 %.3f ms, max "
              "%.3f ms over %zu steps; %llu traces, %llu differ from the "
              "in-process emulator\n",
              1e3 * pct(0.5), 1e3 * pct(0.99),
              latency.empty() ? 0.0 : 1e3 * latency.back(), latency.size(),
              (unsigned long long)interactiveTraces,
              (unsigned long long)mismatches.load());
  std::printf("  client errors: %llu; server peak RSS %.1f MiB; exit %.3f s "
              "after SIGTERM (status %d)\n",
              (unsigned long long)errors.load(), rss / 1024.0, exitSeconds,
              WIFEXITED(status) ? WEXITSTATUS(status) : -1);
  std::string cleanup = std::string("rm -rf ") + dir;
  return std::system(cleanup.c_str()) == 0 && mismatches == 0 ? 0 : 1;
}
