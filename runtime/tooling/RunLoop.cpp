//===- RunLoop.cpp - Images through the chip, over the run's ranks --------===//
#include "runtime/tooling/RunLoop.h"

#include "runtime/emulator/Energy.h"
#include "runtime/image/ImageIO.h"
#include "runtime/parallel/Ranks.h"
#include "runtime/support/Error.h"
#include "runtime/support/Progress.h"

#include <cstring>
#include <type_traits>

namespace snnc {

namespace {

/// Plain values in and out of the bytes a rank sends to rank 0.
class Bytes {
public:
  explicit Bytes(std::string data = {}) : data(std::move(data)) {}
  template <typename T> void put(const T &v) {
    static_assert(std::is_trivially_copyable_v<T>);
    data.append(reinterpret_cast<const char *>(&v), sizeof v);
  }
  void putString(const std::string &s) {
    put<uint64_t>(s.size());
    data += s;
  }
  template <typename T> T get() {
    static_assert(std::is_trivially_copyable_v<T>);
    if (pos + sizeof(T) > data.size())
      fail("run: a rank's results ended early ({} bytes)", data.size());
    T v;
    std::memcpy(&v, data.data() + pos, sizeof v);
    pos += sizeof v;
    return v;
  }
  std::string getString() {
    uint64_t n = get<uint64_t>();
    if (pos + n > data.size())
      fail("run: a rank's results ended early ({} bytes)", data.size());
    std::string s = data.substr(pos, n);
    pos += n;
    return s;
  }
  const std::string &str() const { return data; }

private:
  std::string data;
  size_t pos = 0;
};

void putCounters(Bytes &b, const std::vector<emu::CoreCounters> &c) {
  b.put<uint64_t>(c.size());
  for (const emu::CoreCounters &x : c)
    b.put(x);
}

std::vector<emu::CoreCounters> getCounters(Bytes &b) {
  std::vector<emu::CoreCounters> c(b.get<uint64_t>());
  for (emu::CoreCounters &x : c)
    x = b.get<emu::CoreCounters>();
  return c;
}

} // namespace

EmulationResult emulateImages(emu::HostSession &session, const Dataset &dataset,
                              const EmulationOptions &options) {
  // Ranks that share one board all run every image.
  const par::Ranks ranks =
      options.imagesOverRanks ? par::ranks() : par::Ranks{};
  const bool boardRanks = !options.imagesOverRanks && par::ranks().size > 1;
  const size_t count = dataset.images.size();
  const size_t first = ranks.begin(count), last = ranks.end(count);
  const size_t checkpoints =
      options.run.checkpoints.empty() ? 1 : options.run.checkpoints.size();

  EmulationResult mine;
  mine.checkpointTotals.resize(checkpoints);
  Progress progress(ranks.size > 1 ? fmt::format("run (rank {} of {})",
                                                 ranks.rank, ranks.size)
                                   : std::string("run"),
                    last - first, options.progress);
  for (size_t i = first; i < last; ++i) {
    ImageOutcome outcome;
    Image image;
    try {
      image = loadImage(dataset.images[i].path);
    } catch (const Error &e) {
      if (!options.skipUnreadable)
        throw;
      outcome.error = e.what();
    }
    // Ranks that share one board run each image together: an image another
    // rank could not read is skipped (or fails) on all of them, or their
    // spike exchanges would fall out of step.
    if (boardRanks && !par::everyRank(outcome.error.empty())) {
      if (outcome.error.empty()) {
        if (!options.skipUnreadable)
          fail("{}: another rank could not read the image",
               dataset.images[i].path);
        outcome.error = fmt::format("{}: another rank could not read the image",
                                    dataset.images[i].path);
      }
    }
    if (!outcome.error.empty()) {
      mine.images.push_back(std::move(outcome));
      progress.step();
      continue;
    }
    outcome.width = image.width;
    outcome.height = image.height;
    emu::HostRunResult r =
        session.run(session.preprocess(image, options.letterbox), options.run);
    emu::accumulateCounters(mine.totals, r.counters);
    for (size_t k = 0; k < r.checkpointCounters.size(); ++k)
      emu::accumulateCounters(mine.checkpointTotals[k],
                              r.checkpointCounters[k]);
    for (size_t k = 0; k < r.checkpoints.size(); ++k)
      outcome.detections.push_back(session.decode(
          r.heads[k], image.width, image.height, options.detector));
    mine.images.push_back(std::move(outcome));
    progress.step();
  }
  if (ranks.size == 1)
    return mine;

  // Every rank sends its images' outcomes and its counters; rank 0 puts
  // them in image order and sums the counters (integers: any order gives
  // the same totals).
  Bytes out;
  out.put<uint64_t>(mine.images.size());
  for (const ImageOutcome &o : mine.images) {
    out.put(o.width);
    out.put(o.height);
    out.putString(o.error);
    out.put<uint64_t>(o.detections.size());
    for (const Detections &d : o.detections) {
      out.put<uint64_t>(d.size());
      for (const Detection &x : d)
        out.put(x);
    }
  }
  putCounters(out, mine.totals);
  for (const auto &c : mine.checkpointTotals)
    putCounters(out, c);
  std::vector<std::string> all = par::gatherToRoot(out.str());
  EmulationResult merged;
  merged.checkpointTotals.resize(checkpoints);
  for (const std::string &blob : all) {
    Bytes in(blob);
    uint64_t n = in.get<uint64_t>();
    for (uint64_t j = 0; j < n; ++j) {
      ImageOutcome o;
      o.width = in.get<int>();
      o.height = in.get<int>();
      o.error = in.getString();
      o.detections.resize(in.get<uint64_t>());
      for (Detections &d : o.detections) {
        d.resize(in.get<uint64_t>());
        for (Detection &x : d)
          x = in.get<Detection>();
      }
      merged.images.push_back(std::move(o));
    }
    std::vector<emu::CoreCounters> totals = getCounters(in);
    if (!totals.empty())
      emu::accumulateCounters(merged.totals, totals);
    for (size_t k = 0; k < checkpoints; ++k) {
      std::vector<emu::CoreCounters> c = getCounters(in);
      if (!c.empty())
        emu::accumulateCounters(merged.checkpointTotals[k], c);
    }
  }
  return merged;
}

} // namespace snnc
