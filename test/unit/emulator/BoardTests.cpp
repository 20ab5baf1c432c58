//===- BoardTests.cpp - One network over the parts of a board -------------===//
//
// The emulator split over 2 and 3 parts (threads linked in one process, as
// mpirun ranks are linked by MPI) against one emulator of the whole board:
// the same spikes every tick, potentials and counters, with delay-0 and
// delayed targets crossing parts, signed spikes and injected faults.
//
//===----------------------------------------------------------------------===//
#include "RandomConfigs.h"
#include "runtime/chip/ConfigIO.h"
#include "runtime/emulator/ChipPort.h"
#include "runtime/parallel/BoardLink.h"
#include "runtime/support/Error.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <thread>

using namespace snnc;
using namespace snnc::emu;
using namespace snnc::emu::test;

namespace {

/// randomConfig's cores placed on a board of 4 x 2 chips of 2 x 2 cores.
ChipConfig boardConfig(uint32_t cores, uint32_t seed, bool signedSpikes) {
  ChipConfig c = randomConfig(cores, seed, signedSpikes);
  c.chip.coresX = c.chip.coresY = 2;
  c.chip.chipsX = 4;
  c.chip.chipsY = 2;
  std::mt19937 rng(seed + 100);
  for (Core &k : c.cores) {
    k.x = static_cast<int32_t>(rng() % 8);
    k.y = static_cast<int32_t>(rng() % 4);
  }
  return c;
}

struct PartLog {
  std::vector<std::vector<NeuronSpike>> spikes; ///< [tick], its cores'
  std::vector<uint8_t> runs;                    ///< [core]
  std::vector<std::vector<int64_t>> potentials; ///< [core][neuron]
  std::vector<CoreCounters> counters;
  LinkStats link;
};

/// `fromFile`: the part reads its own configuration from the file's bytes
/// as `snnc run --spread chips` does (parseConfigPart: only its cores'
/// targets), instead of sharing the whole one.
PartLog runPart(const ChipConfig &c, par::BoardLink &link, int ticks,
                uint32_t seed, FaultModel faults, bool fromFile) {
  EmulatorOptions o;
  o.threads = 1;
  o.faults = faults;
  o.board = &link;
  std::unique_ptr<ChipConfig> own;
  if (fromFile)
    own = std::make_unique<ChipConfig>(chipcfg::parseConfigPart(
        chipcfg::serializeConfig(c, chipcfg::ConfigFormat::Binary), "board",
        link.part(), link.parts()));
  Emulator e(own ? *own : c, o);
  PartLog log;
  for (int round = 0; round < 2; ++round) { // a reset() starts again alike
    if (round)
      e.reset();
    for (const auto &tick : randomInput(c, ticks, seed)) {
      e.injectAll(tick);
      log.spikes.push_back(e.tick());
    }
  }
  for (uint32_t k = 0; k < c.cores.size(); ++k) {
    log.runs.push_back(e.emulates(k));
    log.potentials.emplace_back();
    if (e.emulates(k))
      for (uint32_t n = 0; n < c.prototypes[c.cores[k].prototype].neurons; ++n)
        log.potentials.back().push_back(e.potential(k, n));
  }
  log.counters = e.counters();
  log.link = e.linkStats();
  return log;
}

/// Each part on its own thread, as each rank is its own process.
std::vector<PartLog> runBoard(const ChipConfig &c, int parts, int ticks,
                              uint32_t seed, FaultModel faults, bool fromFile) {
  std::vector<std::unique_ptr<par::BoardLink>> links =
      par::makeThreadBoard(parts);
  std::vector<PartLog> logs(parts);
  std::vector<std::string> errors(parts);
  std::vector<std::thread> threads;
  for (int p = 0; p < parts; ++p)
    threads.emplace_back([&, p] {
      try {
        logs[p] = runPart(c, *links[p], ticks, seed, faults, fromFile);
      } catch (const std::exception &e) {
        errors[p] = e.what();
        links[p]->abort(); // the other parts stop instead of waiting
      }
    });
  for (std::thread &t : threads)
    t.join();
  for (const std::string &e : errors)
    REQUIRE(e.empty());
  return logs;
}

void checkSameAsOne(const ChipConfig &c, int parts, FaultModel faults = {},
                    bool fromFile = false) {
  const int ticks = 40;
  EmulatorOptions o;
  o.threads = 1;
  o.faults = faults;
  Emulator one(c, o);
  std::vector<std::vector<NeuronSpike>> spikes;
  for (int round = 0; round < 2; ++round) {
    if (round)
      one.reset();
    for (const auto &tick : randomInput(c, ticks, 9)) {
      one.injectAll(tick);
      spikes.push_back(one.tick());
    }
  }
  const std::vector<PartLog> logs =
      runBoard(c, parts, ticks, 9, faults, fromFile);

  // Every core on exactly one part; every part runs some.
  for (uint32_t k = 0; k < c.cores.size(); ++k) {
    int owners = 0;
    for (const PartLog &l : logs)
      owners += l.runs[k];
    REQUIRE(owners == 1);
  }
  for (const PartLog &l : logs)
    CHECK(std::count(l.runs.begin(), l.runs.end(), 1) > 0);

  uint64_t total = 0;
  for (size_t t = 0; t < spikes.size(); ++t) {
    INFO("tick " << t + 1 << " (two rounds of " << ticks << ")");
    std::vector<NeuronSpike> merged;
    for (const PartLog &l : logs)
      merged.insert(merged.end(), l.spikes[t].begin(), l.spikes[t].end());
    std::sort(merged.begin(), merged.end(),
              [](const NeuronSpike &a, const NeuronSpike &b) {
                return a.core != b.core ? a.core < b.core : a.neuron < b.neuron;
              });
    REQUIRE(merged == spikes[t]);
    total += merged.size();
  }
  CHECK(total > 1000); // the network is busy

  std::vector<CoreCounters> summed(c.cores.size());
  for (uint32_t k = 0; k < c.cores.size(); ++k) {
    for (const PartLog &l : logs) {
      if (!l.runs[k]) {
        // Another part's core: nothing counted here.
        CHECK(l.counters[k].spikesIn == 0);
        CHECK(l.counters[k].synapticEvents == 0);
        continue;
      }
      summed[k] = l.counters[k];
      for (uint32_t n = 0; n < l.potentials[k].size(); ++n)
        REQUIRE(l.potentials[k][n] == one.potential(k, n));
    }
  }
  CHECK((summed == one.counters()));

  // The parts did exchange spikes, every tick at least once.
  for (const PartLog &l : logs) {
    CHECK(l.link.exchanges >= uint64_t(ticks));
    CHECK(l.link.exchanges == logs[0].link.exchanges);
  }
  uint64_t words = 0;
  for (const PartLog &l : logs)
    words += l.link.wordsSent;
  CHECK(words > 0);
  CHECK(words % 3 == 0);
}

/// Runs body(p) for each part p on its own thread; a part that throws
/// aborts the board (so the others stop) and the first error fails the
/// test.
template <typename F>
void onEachPart(std::vector<std::unique_ptr<par::BoardLink>> &links, F body) {
  std::vector<std::string> errors(links.size());
  std::vector<std::thread> threads;
  for (size_t p = 0; p < links.size(); ++p)
    threads.emplace_back([&, p] {
      try {
        body(static_cast<int>(p));
      } catch (const std::exception &e) {
        errors[p] = e.what();
        links[p]->abort();
      }
    });
  for (std::thread &t : threads)
    t.join();
  for (const std::string &e : errors)
    REQUIRE(e.empty());
}

} // namespace

TEST_CASE("a board over 2 and 3 parts runs as one emulator", "[board]") {
  for (bool signedSpikes : {false, true})
    for (int parts : {2, 3}) {
      INFO(parts << " parts, signed spikes " << signedSpikes);
      checkSameAsOne(boardConfig(150, 21 + signedSpikes, signedSpikes), parts);
    }
}

TEST_CASE("parts that read only their own cores' targets from the file run "
          "as one emulator",
          "[board]") {
  for (int parts : {2, 3}) {
    INFO(parts << " parts");
    ChipConfig c = boardConfig(150, 23, true);
    for (CorePrototype &p : c.prototypes) // what the file format accepts
      if (p.kind == CrossbarKind::Weighted)
        for (NeuronType &t : p.neuronTypes)
          t.weights = {0, 0, 0, 0};
    checkSameAsOne(c, parts, {}, /*fromFile=*/true);
    FaultModel f;
    f.seed = 11;
    f.deadCores = 0.05;
    f.stuckOff = 0.02;
    f.stuckOn = 0.01;
    f.droppedSpikes = 0.1;
    checkSameAsOne(c, parts, f, /*fromFile=*/true);
  }
}

TEST_CASE("a part's configuration keeps its own targets and every delay-0 "
          "one",
          "[board]") {
  ChipConfig c = boardConfig(150, 29, true);
  for (CorePrototype &p : c.prototypes)
    if (p.kind == CrossbarKind::Weighted)
      for (NeuronType &t : p.neuronTypes)
        t.weights = {0, 0, 0, 0};
  const std::vector<uint32_t> partOf = chipcfg::boardParts(c, 2);
  for (auto format :
       {chipcfg::ConfigFormat::Binary, chipcfg::ConfigFormat::Text})
    for (int part : {0, 1}) {
      INFO("part " << part
                   << (format == chipcfg::ConfigFormat::Text ? ", text"
                                                             : ", binary"));
      const ChipConfig own = chipcfg::parseConfigPart(
          chipcfg::serializeConfig(c, format), "board", part, 2);
      CHECK(own.partialTargets);
      REQUIRE(own.cores.size() == c.cores.size());
      size_t kept = 0, dropped = 0;
      for (size_t k = 0; k < c.cores.size(); ++k) {
        const Core &a = c.cores[k], &b = own.cores[k];
        CHECK((a.x == b.x && a.y == b.y && a.level == b.level &&
               a.prototype == b.prototype));
        if (partOf[k] == uint32_t(part)) {
          CHECK(a.targetStart == b.targetStart);
          CHECK(a.targets == b.targets);
          kept += a.targets.size();
          continue;
        }
        CHECK(b.targetStart.empty());
        std::vector<Target> delay0;
        for (const Target &t : a.targets)
          if (t.delay == 0)
            delay0.push_back(t);
        CHECK(b.targets == delay0);
        dropped += a.targets.size() - delay0.size();
      }
      CHECK(kept > 0);
      CHECK(dropped > 0);
      CHECK_THROWS_WITH(
          chipcfg::serializeConfig(own, format),
          "configuration 'test' was read for one part of a board (other "
          "parts' targets left out); it cannot be written");
    }
}

TEST_CASE("a board over parts with injected faults", "[board]") {
  FaultModel f;
  f.seed = 5;
  f.deadCores = 0.05;
  f.stuckOff = 0.02;
  f.stuckOn = 0.01;
  f.droppedSpikes = 0.1;
  checkSameAsOne(boardConfig(150, 31, true), 2, f);
}

TEST_CASE("the exchanges a board needs: one per tick, plus one after each "
          "phase with a delay-0 target on another part",
          "[board]") {
  // Core 0 (chip 0) -> core 1 (chip 1) with delay 0, core 1 -> core 2
  // (chip 1) with delay 0, core 2 -> core 0 with delay 1: phases 0, 1, 2;
  // only phase 0 sends a delay-0 spike across, so 2 exchanges a tick.
  ChipConfig c = chipConfig(20, false, 3);
  c.chip.coresX = c.chip.coresY = 1;
  c.chip.chipsX = 2;
  NeuronType relay; // fires on every spike, back to 0
  relay.weights = {1, 0, 0, 0};
  relay.alpha = 1;
  relay.reset = ResetMode::Absolute;
  c.prototypes.push_back(
      prototype(1, {{{0, 1}}}, CrossbarKind::Binary, {relay}));
  c.cores.push_back(core(0, 1, {{{1, 0, 0}}}, 0, 0, 0));
  c.cores.push_back(core(0, 1, {{{2, 0, 0}}}, 1, 0, 1));
  c.cores.push_back(core(0, 1, {{{0, 0, 1}}}, 1, 0, 2));
  std::vector<std::unique_ptr<par::BoardLink>> links = par::makeThreadBoard(2);
  std::vector<std::vector<int>> fired(2); // [part][tick]: spikes
  std::vector<LinkStats> stats(2);
  onEachPart(links, [&](int p) {
    EmulatorOptions o;
    o.board = links[p].get();
    Emulator e(c, o);
    e.inject({0, 0, 1}, 0);
    for (int t = 0; t < 4; ++t)
      fired[p].push_back(static_cast<int>(e.tick().size()));
    stats[p] = e.linkStats();
  });
  // By hand: tick 1: core 0 fires, core 1 and 2 fire in the same tick
  // (delay 0); tick 2: core 0 again (delay 1 from core 2), and so on.
  CHECK(fired[0] == std::vector<int>{1, 1, 1, 1});
  CHECK(fired[1] == std::vector<int>{2, 2, 2, 2});
  CHECK(stats[0].exchanges == 8);
  CHECK(stats[1].exchanges == 8);
  CHECK(stats[0].wordsSent == 4 * 3); // core 0 -> core 1, each tick
  CHECK(stats[1].wordsSent == 4 * 3); // core 2 -> core 0, each tick
}

TEST_CASE("a part that fails stops the others instead of hanging", "[board]") {
  std::vector<std::unique_ptr<par::BoardLink>> links = par::makeThreadBoard(2);
  std::vector<std::string> errors(2);
  std::vector<std::thread> threads;
  for (int p = 0; p < 2; ++p)
    threads.emplace_back([&, p] {
      try {
        if (p == 1)
          fail("part 1 cannot go on");
        links[p]->exchange(std::vector<std::vector<uint32_t>>(2));
      } catch (const std::exception &e) {
        errors[p] = e.what();
        links[p]->abort();
      }
    });
  for (std::thread &t : threads)
    t.join();
  CHECK(errors[1] == "part 1 cannot go on");
  CHECK(errors[0] == "board link: another part of the board failed");
}

TEST_CASE("a board cannot have more parts than chips in use", "[board]") {
  ChipConfig c = boardConfig(10, 3, false);
  for (Core &k : c.cores)
    k.x = k.y = 0; // all on chip 0
  std::vector<std::unique_ptr<par::BoardLink>> links = par::makeThreadBoard(2);
  EmulatorOptions o;
  o.board = links[0].get();
  try {
    Emulator e(c, o);
    FAIL("no error");
  } catch (const Error &e) {
    CHECK(std::string(e.what()) ==
          "chip configuration 'test': its cores sit on 1 chip, which cannot "
          "be spread over 2 parts of a board");
  }
}

TEST_CASE("LocalChip on a board reports what one chip reports", "[board]") {
  // The watched spikes, the potentials and the counters through the
  // ChipPort are the whole board's on every part.
  ChipConfig c = boardConfig(120, 41, true);
  for (CorePrototype &p : c.prototypes) // what the file format accepts
    if (p.kind == CrossbarKind::Weighted)
      for (NeuronType &t : p.neuronTypes)
        t.weights = {0, 0, 0, 0};
  const std::string bytes =
      chipcfg::serializeConfig(c, chipcfg::ConfigFormat::Binary);
  std::vector<NeuronRef> watched;
  for (uint32_t k = 0; k < c.cores.size(); k += 3)
    watched.push_back({k, 0});
  auto input = randomInput(c, 30, 4);
  auto runPort = [&](par::BoardLink *link) {
    EmulatorOptions o;
    o.board = link;
    std::unique_ptr<ChipPort> port = makeLocalChip(o);
    port->configure(bytes);
    port->watch(watched);
    std::vector<std::vector<NeuronSpike>> out;
    for (const auto &tick : input)
      out.push_back(port->step(tick));
    return std::make_tuple(out, port->readout(watched), port->counters());
  };
  const auto one = runPort(nullptr);
  std::vector<std::unique_ptr<par::BoardLink>> links = par::makeThreadBoard(2);
  std::vector<decltype(runPort(nullptr))> parts(2);
  onEachPart(links, [&](int p) { parts[p] = runPort(links[p].get()); });
  size_t spikes = 0;
  for (const auto &t : std::get<0>(one))
    spikes += t.size();
  CHECK(spikes > 100);
  for (int p = 0; p < 2; ++p) {
    CHECK(std::get<0>(parts[p]) == std::get<0>(one));
    CHECK(std::get<1>(parts[p]) == std::get<1>(one));
    CHECK((std::get<2>(parts[p]) == std::get<2>(one)));
  }
}
