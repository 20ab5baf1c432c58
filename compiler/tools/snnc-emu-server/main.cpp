//===- main.cpp - snnc-emu-server: the emulator as its own process --------===//
//
// Serves the in-process emulator (emu::makeLocalChip) over the
// hardware-in-the-loop protocol (docs/HIL.md) on a Unix domain socket or a
// TCP port on 127.0.0.1, each client with its own chip and thread (up to
// --max-clients at once; --max-ticks per STEP_MANY and --client-memory of
// emulator memory each). When it is ready it prints
//
//   snnc-emu-server: listening on unix:PATH      (or tcp:127.0.0.1:PORT)
//
// on stdout (flushed), so that a parent process can wait for that line.
// Connection events go to stderr unless --quiet. It exits with status 0
// after a SHUTDOWN request, SIGINT/SIGTERM, or (--once) the end of the
// first connection (a running STEP_MANY stops within a tick); with status 1 and
// "snnc-emu-server: error: ..." when it cannot start.
//
//===----------------------------------------------------------------------===//
#include "runtime/emulator/ChipPort.h"
#include "runtime/hil/Server.h"
#include "runtime/support/Error.h"
#include "runtime/support/MemoryBudget.h"

#include "compiler/tools/common/CliSupport.h"

#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <memory>
#include <unistd.h>

namespace {

std::atomic<snnc::hil::Server *> activeServer{nullptr};

extern "C" void onSignal(int) {
  if (snnc::hil::Server *server = activeServer.load())
    server->stop(); // an atomic store and a write(): signal-safe
}

} // namespace

int main(int argc, char **argv) {
  CLI::App app{"snnc-emu-server: the chip emulator behind the "
               "hardware-in-the-loop socket protocol (docs/HIL.md)"};
  std::string socketPath;
  int port = -1;
  int threads = 0;
  bool once = false, quiet = false;
  double frameTimeout = 60, idleTimeout = 0;
  unsigned maxClients = 4;
  uint32_t maxTicks = 4096;
  double clientMemoryMiB = -1;
  auto *socketOption = app.add_option("--socket", socketPath,
                                      "Listen on this Unix domain socket path");
  auto *portOption =
      app.add_option("--port", port,
                     "Listen on this TCP port of 127.0.0.1 (0: any free "
                     "port; the ready line names it)")
          ->check(snnc::cli::between(0, 65535));
  socketOption->excludes(portOption);
  app.add_option("-j,--threads", threads,
                 "Emulator worker threads (default: all cores); results do "
                 "not depend on it")
      ->check(snnc::cli::atLeast(0));
  app.add_flag("--once", once, "Exit after the first client disconnects");
  app.add_option("--frame-timeout", frameTimeout,
                 "Seconds a started message may take to arrive, and a reply "
                 "to be written (0: no limit)")
      ->check(snnc::cli::atLeast(0));
  app.add_option("--idle-timeout", idleTimeout,
                 "Seconds a client may stay silent between messages before "
                 "it is disconnected (0: no limit)")
      ->check(snnc::cli::atLeast(0));
  app.add_option("--max-clients", maxClients,
                 "Clients served at once, each with its own chip; more are "
                 "refused with an ERROR")
      ->check(snnc::cli::between(1, 1024))
      ->capture_default_str();
  app.add_option("--max-ticks", maxTicks,
                 "Ticks one STEP_MANY may run (announced in HELLO_REPLY)")
      ->check(snnc::cli::between(1, int(snnc::hil::kMaxStepManyTicks)))
      ->capture_default_str();
  app.add_option("--client-memory", clientMemoryMiB,
                 "MiB of emulator memory one client's configuration may need "
                 "(default: the machine's memory / --max-clients; 0: no "
                 "limit)")
      ->check(snnc::cli::between(0, 999999));
  app.add_flag("-q,--quiet", quiet, "Do not log connection events");
  snnc::cli::addVersionFlag(app, "snnc-emu-server");
  if (int status =
          snnc::cli::parseCommandLine(app, argc, argv, "snnc-emu-server");
      status >= 0)
    return status;

  if (socketPath.empty() && port < 0) {
    std::cerr << "snnc-emu-server: error: give --socket PATH or --port N\n";
    return 1;
  }
  try {
    snnc::hil::Address address;
    if (!socketPath.empty()) {
      address = snnc::hil::Address::parse("unix:" + socketPath);
    } else {
      address.tcp = true;
      address.port = port;
    }
    snnc::emu::EmulatorOptions emulatorOptions;
    emulatorOptions.threads = threads;
    snnc::hil::ServerOptions options;
    options.maxClients = maxClients;
    options.limits.maxTicksPerRequest = maxTicks;
    // (An unknown machine memory gives 0: no limit.)
    options.limits.maxMemoryBytes =
        clientMemoryMiB >= 0 ? uint64_t(clientMemoryMiB * double(1 << 20))
                             : snnc::physicalMemoryBytes() / maxClients;
    options.once = once;
    options.frameTimeout = frameTimeout;
    options.idleTimeout = idleTimeout;
    if (!quiet)
      options.log = [](const std::string &line) {
        std::cerr << "snnc-emu-server: " << line << "\n";
      };
    snnc::hil::Server server(
        [emulatorOptions] { return snnc::emu::makeLocalChip(emulatorOptions); },
        address, options);
    // The handler must never see a destroyed server: declared after
    // `server`, this clears it first on every way out.
    struct ClearActive {
      ~ClearActive() { activeServer = nullptr; }
    } clearActive;
    activeServer = &server;
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    std::signal(SIGPIPE, SIG_IGN);
    std::printf("snnc-emu-server: listening on %s\n",
                server.address().str().c_str());
    std::fflush(stdout);
    server.serve();
    activeServer = nullptr;
    return 0;
  } catch (const std::exception &e) {
    activeServer = nullptr;
    std::cerr << "snnc-emu-server: error: " << e.what() << "\n";
    return 1;
  }
}
