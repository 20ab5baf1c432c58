//===- EmulatorBench.cpp - Speed of the core emulator ---------------------===//
//
// Times the emulator over `--ticks` ticks (one image) for each thread count
// and prints wall time per image, ticks per second, synaptic events per
// second and per second per thread. A benchmark, not a test.
//
//   snnc-bench-emulator [CONFIG] [--image IMG] [--ticks 64] [--threads 1,2]
//                       [--repeat 3] [--input-rate 0.1]
//                       [--cores 4096] [--density 0.25] [--seed 1]
//   mpirun -np N snnc-bench-emulator CONFIG --board [...]
//   snnc-bench-emulator CONFIG --image IMG --backend gpu|grid [...]
//
// CONFIG is a configuration file (`snnc compile` output, e.g.
// OUTDIR/network.snncfg). With --image the host session encodes that image
// (preprocessing excluded from the time, encoding included); without it
// every input pixel fires with probability --input-rate per tick.
// Without CONFIG a synthetic TrueNorth-like chip is built: --cores cores on
// a 64-wide mesh, 256 axons x 256 neurons each, binary crossbars of the
// given density with 4 axon types (weights +2, -2, +1, -1 per neuron),
// leaky neurons (leak 1..3, alpha 32, linear reset, saturating at -64) and
// one random target per neuron (delay 1..3, any core), driven by random
// input spikes on the first 1/16 of the cores.
//
// --board (under mpirun): the ranks run one board together, each the cores
// of its block of chips (runtime/parallel/BoardLink.h), on the random
// input; each rank reports its wall time, the time it spent in the
// exchanges (per tick), the words it sent and its peak memory, and rank 0
// the board's totals.
//
// --backend (with --image): cpu (the event-driven Emulator, default), gpu
// (the CUDA emulator; the thread count does not apply) or grid (the CUDA
// kernels run on the CPU: a correctness reference, not fast).
//
//===----------------------------------------------------------------------===//
#include "runtime/chip/ConfigIO.h"
#include "runtime/emulator/ChipPort.h"
#include "runtime/emulator/Emulator.h"
#include "runtime/emulator/HostSession.h"
#include "runtime/emulator/grid/GridChip.h"
#include "runtime/image/ImageIO.h"
#include "runtime/parallel/BoardLink.h"
#include "runtime/parallel/Ranks.h"
#include "runtime/support/Error.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <thread>

using namespace snnc;
using namespace snnc::emu;
using namespace snnc::chipcfg;

namespace {

struct Options {
  std::string config, image;
  int ticks = 64;
  std::vector<int> threads = {1, 2};
  int repeat = 3;
  double inputRate = 0.1;
  uint32_t cores = 4096;
  double density = 0.25;
  uint32_t seed = 1;
  bool board = false;
  std::string backend = "cpu";
};

Options parse(int argc, char **argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc)
        fail("option {} needs a value", a);
      return argv[++i];
    };
    if (a == "--image") {
      o.image = value();
    } else if (a == "--ticks") {
      o.ticks = std::stoi(value());
    } else if (a == "--repeat") {
      o.repeat = std::stoi(value());
    } else if (a == "--input-rate") {
      o.inputRate = std::stod(value());
    } else if (a == "--cores") {
      o.cores = static_cast<uint32_t>(std::stoul(value()));
    } else if (a == "--density") {
      o.density = std::stod(value());
    } else if (a == "--seed") {
      o.seed = static_cast<uint32_t>(std::stoul(value()));
    } else if (a == "--backend") {
      o.backend = value();
      if (o.backend != "cpu" && o.backend != "gpu" && o.backend != "grid")
        fail("--backend {}: cpu, gpu or grid expected", o.backend);
    } else if (a == "--board") {
      o.board = true;
    } else if (a == "--threads") {
      o.threads.clear();
      std::stringstream ss(value());
      for (std::string t; std::getline(ss, t, ',');)
        o.threads.push_back(std::stoi(t));
    } else if (!a.empty() && a[0] != '-' && o.config.empty()) {
      o.config = a;
    } else {
      fail("unknown option '{}' (see the header of EmulatorBench.cpp)", a);
    }
  }
  if (o.backend != "cpu" && o.image.empty())
    fail("--backend {} runs an image: give --image", o.backend);
  if (o.ticks < 1 || o.repeat < 1)
    fail("--ticks and --repeat must be positive");
  return o;
}

ChipConfig synthetic(const Options &o) {
  std::mt19937 rng(o.seed);
  auto uni = [&](int lo, int hi) {
    return std::uniform_int_distribution<int>(lo, hi)(rng);
  };
  std::bernoulli_distribution connect(o.density);
  ChipConfig c;
  c.network = "synthetic";
  c.chip.profile = "truenorth-like";
  c.chip.maxDelay = 15;
  c.chip.coresX = 64;
  c.chip.coresY = std::max<uint32_t>(1, (o.cores + 63) / 64);
  c.layers = {{"synthetic", "conv", 0}};
  const uint32_t A = 256, N = 256;
  const int prototypes = 16;
  for (int p = 0; p < prototypes; ++p) {
    CorePrototype pr;
    pr.name = "p" + std::to_string(p);
    pr.axons = A;
    pr.neurons = N;
    pr.kind = CrossbarKind::Binary;
    pr.rowStart.push_back(0);
    for (uint32_t a = 0; a < A; ++a) {
      pr.axonTypes.push_back(static_cast<uint8_t>(a % 4));
      for (uint32_t n = 0; n < N; ++n)
        if (connect(rng))
          pr.column.push_back(n);
      pr.rowStart.push_back(static_cast<uint32_t>(pr.column.size()));
    }
    for (int leak = 1; leak <= 3; ++leak) {
      NeuronType t;
      t.weights = {2, -2, 1, -1};
      t.leak = leak;
      t.alpha = 32;
      t.beta = 64;
      t.reset = ResetMode::Linear;
      t.negative = NegativeMode::Saturate;
      pr.neuronTypes.push_back(t);
    }
    for (uint32_t n = 0; n < N; ++n)
      pr.neuronType.push_back(static_cast<uint16_t>(uni(0, 2)));
    c.prototypes.push_back(std::move(pr));
  }
  for (uint32_t i = 0; i < o.cores; ++i) {
    Core core;
    core.prototype = static_cast<uint32_t>(uni(0, prototypes - 1));
    core.x = static_cast<int32_t>(i % 64);
    core.y = static_cast<int32_t>(i / 64);
    core.targetStart.push_back(0);
    for (uint32_t n = 0; n < N; ++n) {
      core.targets.push_back({static_cast<uint32_t>(uni(0, o.cores - 1)),
                              static_cast<uint32_t>(uni(0, A - 1)),
                              static_cast<uint32_t>(uni(1, 3))});
      core.targetStart.push_back(static_cast<uint32_t>(core.targets.size()));
    }
    c.cores.push_back(std::move(core));
  }
  return c;
}

using TickInput = std::vector<std::pair<AxonSpike, uint32_t>>;

/// Random input: each input pixel (or, without an input map, each axon of
/// the first 1/16 of the cores) fires with probability `rate` per tick.
std::vector<TickInput> randomInput(const ChipConfig &c, const Options &o) {
  std::mt19937 rng(o.seed + 1);
  std::bernoulli_distribution fire(o.inputRate);
  std::vector<TickInput> in(o.ticks);
  const InputMap &map = c.input;
  const size_t pixels =
      map.targetStart.empty() ? 0 : map.targetStart.size() - 1;
  for (TickInput &tick : in) {
    if (pixels) {
      for (size_t p = 0; p < pixels; ++p)
        if (fire(rng))
          for (uint32_t j = map.targetStart[p]; j < map.targetStart[p + 1]; ++j)
            tick.push_back(
                {AxonSpike{map.targets[j].core, map.targets[j].axon, 1},
                 map.targets[j].delay});
    } else {
      uint32_t first = std::max<uint32_t>(1, c.cores.size() / 16);
      for (uint32_t k = 0; k < first; ++k)
        for (uint32_t a = 0; a < c.prototypes[c.cores[k].prototype].axons; ++a)
          if (fire(rng))
            tick.push_back({AxonSpike{k, a, 1}, 0});
    }
  }
  return in;
}

struct Totals {
  uint64_t events = 0, spikes = 0, hops = 0;
};

Totals sum(const std::vector<CoreCounters> &k) {
  Totals t;
  for (const CoreCounters &c : k) {
    t.events += c.synapticEvents;
    t.spikes += c.spikesOut;
    t.hops += c.hops;
  }
  return t;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

/// Wall and process CPU time of one call of f.
template <typename F> std::pair<double, double> timed(F &&f) {
  auto start = std::chrono::steady_clock::now();
  std::clock_t cpu = std::clock();
  f();
  double cpuSeconds = double(std::clock() - cpu) / CLOCKS_PER_SEC;
  return {
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count(),
      cpuSeconds};
}

void report(int threads, const std::vector<double> &seconds,
            const std::vector<double> &cpu, const Totals &t, int ticks) {
  double best = *std::min_element(seconds.begin(), seconds.end());
  double med = median(seconds);
  double cpuBest = *std::min_element(cpu.begin(), cpu.end());
  double rate = t.events / best;
  std::cout << fmt::format(
      "threads {}: min {:.1f} ms, median {:.1f} ms per image ({} ticks), "
      "process CPU {:.1f} ms; {:.0f} ticks/s; {:.3g} synaptic events/s, "
      "{:.3g} per thread, {:.3g} per CPU-second; {} events, {} spikes, {} "
      "hops per image\n",
      threads, best * 1e3, med * 1e3, ticks, cpuBest * 1e3, ticks / best, rate,
      rate / threads, t.events / cpuBest, t.events, t.spikes, t.hops);
}

/// Peak resident memory of this process (VmHWM), in MiB.
double peakMiB() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);)
    if (line.rfind("VmHWM:", 0) == 0)
      return std::stod(line.substr(6)) / 1024;
  return 0;
}

/// The board spread over the mpirun ranks, on the random input.
int runBoard(const ChipConfig &config, const Options &o) {
  std::unique_ptr<par::BoardLink> link = par::makeMpiBoardLink();
  const par::Ranks &ranks = par::ranks();
  std::vector<TickInput> input = randomInput(config, o);
  for (int threads : o.threads) {
    EmulatorOptions eo;
    eo.threads = threads;
    eo.board = link.get();
    Emulator e(config, eo);
    std::vector<double> seconds, cpu, linkSeconds;
    LinkStats before{};
    for (int i = 0; i < o.repeat; ++i) {
      e.reset();
      auto [wall, c] = timed([&] {
        for (const TickInput &tick : input) {
          e.injectAll(tick);
          e.tick();
        }
      });
      seconds.push_back(wall);
      cpu.push_back(c);
      const LinkStats now = e.linkStats();
      linkSeconds.push_back(now.seconds - before.seconds);
      before = now;
    }
    const LinkStats all = e.linkStats();
    Totals t = sum(e.counters());
    uint32_t cores = 0;
    for (uint32_t k = 0; k < config.cores.size(); ++k)
      cores += e.emulates(k);
    const size_t best =
        std::min_element(seconds.begin(), seconds.end()) - seconds.begin();
    const std::string line = fmt::format(
        "rank {} of {}, threads {}: {} cores; min {:.1f} ms per image ({} "
        "ticks), process CPU {:.1f} ms, {:.1f} ms of it in exchanges ({:.3f} "
        "ms per tick, {} exchanges per tick, {:.0f} words sent per tick); "
        "{} synaptic events; peak {:.0f} MiB\n",
        ranks.rank, ranks.size, threads, cores, seconds[best] * 1e3, o.ticks,
        cpu[best] * 1e3, linkSeconds[best] * 1e3,
        linkSeconds[best] * 1e3 / o.ticks,
        all.exchanges / (uint64_t(o.ticks) * o.repeat),
        double(all.wordsSent) / (double(o.ticks) * o.repeat), t.events,
        peakMiB());
    std::vector<uint64_t> totals = {t.events, t.spikes, t.hops};
    if (link)
      link->sum(totals);
    const std::vector<std::string> lines = par::gatherToRoot(line);
    if (ranks.root()) {
      for (const std::string &l : lines)
        std::cout << l;
      std::cout << fmt::format("board: {} synaptic events, {} spikes, {} hops "
                               "per image\n",
                               totals[0], totals[1], totals[2]);
    }
  }
  return 0;
}

int run(const Options &o) {
  ChipConfig config;
  std::string bytes;
  if (o.config.empty()) {
    auto start = std::chrono::steady_clock::now();
    config = synthetic(o);
    std::cout << fmt::format(
        "synthetic chip: {} cores x 256 axons x 256 neurons, density {}, "
        "built in {:.1f} s\n",
        o.cores, o.density,
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count());
  } else {
    std::ifstream in(o.config, std::ios::binary);
    if (!in)
      fail("{}: cannot read", o.config);
    std::stringstream ss;
    ss << in.rdbuf();
    bytes = ss.str();
    // --board: each rank reads only its own cores' targets, as snnc run
    // --spread chips does (the line below then counts rank 0's targets).
    config = o.board ? parseConfigPart(bytes, o.config, par::ranks().rank,
                                       par::ranks().size)
                     : parseConfig(bytes, o.config);
  }
  uint64_t synapses = 0, neurons = 0, targets = 0, types = 0;
  for (const Core &c : config.cores) {
    synapses += config.prototypes[c.prototype].column.size();
    neurons += config.prototypes[c.prototype].neurons;
    targets += c.targets.size();
  }
  for (const CorePrototype &p : config.prototypes)
    types += p.neuronTypes.size();
  if (par::ranks().root())
    std::cout << fmt::format(
        "'{}' ({}): {} cores, {} prototypes ({} neuron "
        "types), {} neurons, {} synapses, {} targets{}; {} "
        "hardware threads\n",
        config.network, config.chip.profile, config.cores.size(),
        config.prototypes.size(), types, neurons, synapses, targets,
        config.partialTargets ? " (rank 0's part)" : "",
        std::thread::hardware_concurrency());

  if (o.board) {
    if (!o.image.empty())
      fail("--board runs on random input, not --image");
    return runBoard(config, o);
  }
  if (!o.image.empty()) {
    if (bytes.empty())
      fail("--image needs a configuration file");
    Image image = loadImage(o.image);
    // The GPU and grid back ends have no thread count: one run, "threads 1".
    const std::vector<int> threadCounts =
        o.backend == "cpu" ? o.threads : std::vector<int>{1};
    if (o.backend != "cpu")
      std::cout << "backend " << o.backend << "\n";
    for (int threads : threadCounts) {
      EmulatorOptions eo;
      eo.threads = threads;
      std::unique_ptr<ChipPort> port = o.backend == "gpu" ? grid::makeCudaChip()
                                       : o.backend == "grid"
                                           ? grid::makeGridChip()
                                           : makeLocalChip(eo);
      port->configure(bytes);
      HostSession session(config, *port);
      Tensor input = session.preprocess(image, false);
      HostRunOptions ho;
      ho.ticks = o.ticks;
      std::vector<double> seconds, cpu;
      HostRunResult r;
      for (int i = 0; i < o.repeat; ++i) {
        auto [wall, c] = timed([&] { r = session.run(input, ho); });
        seconds.push_back(wall);
        cpu.push_back(c);
      }
      report(threads, seconds, cpu, sum(r.counters), o.ticks);
    }
    return 0;
  }

  std::vector<TickInput> input = randomInput(config, o);
  for (int threads : o.threads) {
    EmulatorOptions eo;
    eo.threads = threads;
    Emulator e(config, eo);
    std::vector<double> seconds, cpu;
    for (int i = 0; i < o.repeat; ++i) {
      e.reset();
      auto [wall, c] = timed([&] {
        for (const TickInput &tick : input) {
          for (const auto &[s, d] : tick)
            e.inject(s, d);
          e.tick();
        }
      });
      seconds.push_back(wall);
      cpu.push_back(c);
    }
    report(threads, seconds, cpu, sum(e.counters()), o.ticks);
  }
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  par::initRanks(argc, argv);
  int status = 0;
  try {
    status = run(parse(argc, argv));
  } catch (const std::exception &e) {
    std::cerr << "snnc-bench-emulator: error: " << e.what() << "\n";
    par::abortRanks(1);
  }
  par::finalizeRanks();
  return status;
}
