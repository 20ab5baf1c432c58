//===- ConfigBinary.cpp - The compact binary configuration format ---------===//
//
// docs/FORMATS.md ("Binary format") gives the byte layout: a 16-byte header,
// then seven sections in a fixed order, each with a 4-byte tag, a 64-bit
// payload length and the CRC-32 of the payload. Integers are LEB128
// varints (signed ones zigzag-encoded), CSR columns and target cores are
// delta-coded, floats are raw little-endian IEEE-754.
//
// The reader is a plain pointer walk (no streams, no virtual calls). Every
// count is checked against the bytes left in its section before anything
// is allocated from it, so a corrupt count is an error, never a giant
// allocation.
//
//===----------------------------------------------------------------------===//
#include "runtime/chip/ConfigFormats.h"

#include "runtime/support/Error.h"

#include <algorithm>
#include <cstring>
#include <limits>

namespace snnc::chipcfg::detail {
namespace {

constexpr size_t kHeaderSize = 16;        // magic, version, section count
constexpr size_t kSectionHeaderSize = 16; // tag, u64 length, u32 crc
constexpr const char *kTags[] = {"INFO", "LAYR", "PROT", "CORE",
                                 "INPT", "OUTP", "END "};
constexpr uint32_t kSectionCount = sizeof(kTags) / sizeof(kTags[0]);

/// Row encodings of a prototype's connectivity.
enum : uint8_t { kRowsLists = 0, kRowsBitmap = 1 };

uint64_t zigzag(int64_t v) { return (uint64_t(v) << 1) ^ uint64_t(v >> 63); }
int64_t unzigzag(uint64_t v) { return int64_t(v >> 1) ^ -int64_t(v & 1); }

size_t varintSize(uint64_t v) {
  size_t n = 1;
  while (v >= 0x80) {
    v >>= 7;
    ++n;
  }
  return n;
}

//===----------------------------------------------------------------------===//
// Writer
//===----------------------------------------------------------------------===//

/// Appends to a byte buffer through a raw pointer (the buffer grows
/// geometrically; `finish` trims it), so that writing 10^8 varints costs
/// no more than a few seconds.
class Writer {
public:
  Writer() { buf_.resize(4096); }

  size_t size() const { return n_; }
  void reserve(size_t bytes) {
    if (bytes > buf_.size())
      buf_.resize(bytes);
  }
  std::string finish() {
    buf_.resize(n_);
    return std::move(buf_);
  }

  void u8(uint8_t v) { *room(1) = char(v); }
  void u32(uint32_t v) {
    char *p = room(4);
    for (int i = 0; i < 4; ++i)
      p[i] = char(v >> (8 * i));
  }
  void u64(uint64_t v) {
    char *p = room(8);
    for (int i = 0; i < 8; ++i)
      p[i] = char(v >> (8 * i));
  }
  void f32(float f) {
    uint32_t v;
    std::memcpy(&v, &f, 4);
    u32(v);
  }
  void f64(double f) {
    uint64_t v;
    std::memcpy(&v, &f, 8);
    u64(v);
  }
  void var(uint64_t v) {
    char *p = room(10);
    size_t k = 0;
    while (v >= 0x80) {
      p[k++] = char(v | 0x80);
      v >>= 7;
    }
    p[k++] = char(v);
    n_ -= 10 - k;
  }
  void svar(int64_t v) { var(zigzag(v)); }
  void raw(const void *data, size_t size) {
    if (size)
      std::memcpy(room(size), data, size);
  }
  void str(const std::string &s) {
    var(s.size());
    raw(s.data(), s.size());
  }

  void beginSection(const char *tag) {
    sectionStart_ = n_;
    raw(tag, 4);
    std::memset(room(12), 0, 12); // length and CRC, patched by endSection
  }
  void endSection() {
    size_t payload = sectionStart_ + kSectionHeaderSize;
    uint64_t length = n_ - payload;
    uint32_t crc = crc32(buf_.data() + payload, length);
    for (int i = 0; i < 8; ++i)
      buf_[sectionStart_ + 4 + i] = char(length >> (8 * i));
    for (int i = 0; i < 4; ++i)
      buf_[sectionStart_ + 12 + i] = char(crc >> (8 * i));
  }

private:
  std::string buf_;
  size_t n_ = 0;
  size_t sectionStart_ = 0;

  /// `k` writable bytes at the end; the caller fills them.
  char *room(size_t k) {
    if (n_ + k > buf_.size())
      buf_.resize(std::max(buf_.size() * 2, n_ + k));
    char *p = buf_.data() + n_;
    n_ += k;
    return p;
  }
};

void writeTargets(Writer &w, const std::vector<uint32_t> &start,
                  const std::vector<Target> &targets, uint64_t count,
                  int64_t self) {
  for (uint64_t i = 0; i < count; ++i)
    w.var(start[i + 1] - start[i]);
  for (const Target &t : targets) {
    // Cores relative to the sender (most routes are local); the host
    // (self < 0) writes absolute cores.
    if (self >= 0)
      w.svar(int64_t(t.core) - self);
    else
      w.var(t.core);
    w.var(t.axon);
    w.var(t.delay);
  }
}

void writePrototype(Writer &w, const CorePrototype &p) {
  w.str(p.name);
  w.var(p.axons);
  w.var(p.neurons);
  w.u8(uint8_t(p.kind));

  // Pick the smaller row encoding (ties: lists).
  uint64_t listBytes = 0;
  for (uint32_t a = 0; a < p.axons; ++a) {
    uint32_t begin = p.rowStart[a], end = p.rowStart[a + 1];
    listBytes += varintSize(end - begin);
    for (uint32_t s = begin; s < end; ++s)
      listBytes += varintSize(s == begin ? p.column[s]
                                         : p.column[s] - p.column[s - 1] - 1);
  }
  uint64_t rowBytes = (uint64_t(p.neurons) + 7) / 8;
  uint8_t encoding =
      rowBytes > 0 && rowBytes * p.axons < listBytes ? kRowsBitmap : kRowsLists;
  w.u8(encoding);

  if (p.kind == CrossbarKind::Binary)
    w.raw(p.axonTypes.data(), p.axonTypes.size());
  w.var(p.neuronTypes.size());
  for (const NeuronType &t : p.neuronTypes) {
    for (int32_t x : t.weights)
      w.svar(x);
    w.svar(t.leak);
    w.svar(t.alpha);
    w.svar(t.beta);
    w.u8(uint8_t(t.reset));
    w.u8(uint8_t(t.negative));
    w.svar(t.resetValue);
    w.svar(t.vInit);
    w.u8(t.fires ? 1 : 0);
  }
  for (uint16_t t : p.neuronType)
    w.var(t);

  if (encoding == kRowsLists) {
    for (uint32_t a = 0; a < p.axons; ++a) {
      uint32_t begin = p.rowStart[a], end = p.rowStart[a + 1];
      w.var(end - begin);
      for (uint32_t s = begin; s < end; ++s)
        w.var(s == begin ? p.column[s] : p.column[s] - p.column[s - 1] - 1);
    }
  } else {
    std::string row;
    for (uint32_t a = 0; a < p.axons; ++a) {
      row.assign(rowBytes, '\0');
      for (uint32_t s = p.rowStart[a]; s < p.rowStart[a + 1]; ++s)
        row[p.column[s] / 8] |= char(1u << (p.column[s] % 8));
      w.raw(row.data(), row.size());
    }
  }
  if (p.kind == CrossbarKind::Weighted)
    for (int32_t x : p.weight)
      w.svar(x);
}

} // namespace

std::string serializeBinary(const ChipConfig &c) {
  Writer w;
  // A rough size estimate: two bytes per synapse, four per target.
  uint64_t targets = c.input.targets.size();
  for (const Core &core : c.cores)
    targets += core.targets.size() + core.targetStart.size();
  uint64_t synapses = 0;
  for (const CorePrototype &p : c.prototypes)
    synapses += p.column.size() + p.axons + p.neurons;
  w.reserve(size_t(4096 + 2 * synapses + 4 * targets + 16 * c.cores.size()));

  w.raw(kBinaryMagic, sizeof(kBinaryMagic));
  w.u32(kBinaryVersion);
  w.u32(kSectionCount);

  w.beginSection("INFO");
  w.str(c.network);
  const ChipInfo &ch = c.chip;
  w.str(ch.profile);
  w.u8(uint8_t(ch.crossbar));
  w.var(ch.axonsPerCore);
  w.var(ch.neuronsPerCore);
  w.var(ch.potentialBits);
  w.u8(ch.signedSpikes ? 1 : 0);
  w.var(ch.maxDelay);
  w.var(ch.coresX);
  w.var(ch.coresY);
  w.var(ch.chipsX);
  w.var(ch.chipsY);
  w.f64(ch.tickHz);
  w.f64(ch.synapticEventPj);
  w.f64(ch.hopPj);
  w.f64(ch.staticPowerMw);
  w.var(c.classNames.size());
  for (const std::string &name : c.classNames)
    w.str(name);
  w.endSection();

  w.beginSection("LAYR");
  w.var(c.layers.size());
  for (const LayerInfo &l : c.layers) {
    w.str(l.name);
    w.str(l.kind);
    w.var(l.macs);
  }
  w.endSection();

  w.beginSection("PROT");
  w.var(c.prototypes.size());
  for (const CorePrototype &p : c.prototypes)
    writePrototype(w, p);
  w.endSection();

  w.beginSection("CORE");
  w.var(c.cores.size());
  for (size_t ci = 0; ci < c.cores.size(); ++ci) {
    const Core &core = c.cores[ci];
    w.var(core.prototype);
    w.svar(core.x);
    w.svar(core.y);
    w.var(core.level);
    w.var(core.layer);
    writeTargets(w, core.targetStart, core.targets,
                 c.prototypes[core.prototype].neurons, int64_t(ci));
  }
  w.endSection();

  w.beginSection("INPT");
  const InputMap &in = c.input;
  w.var(in.channels);
  w.var(in.height);
  w.var(in.width);
  writeTargets(w, in.targetStart, in.targets,
               uint64_t(in.channels) * in.height * in.width, -1);
  w.endSection();

  w.beginSection("OUTP");
  w.var(c.outputs.size());
  for (const OutputMap &m : c.outputs) {
    w.str(m.name);
    w.var(m.channels);
    w.var(m.height);
    w.var(m.width);
    w.u8(uint8_t(m.decoding));
    w.var(m.readoutDelay);
    w.var(m.latency);
    for (float s : m.scale)
      w.f32(s);
    for (const auto *refs : {&m.positive, &m.negative}) {
      w.var(refs->size());
      for (const NeuronRef &r : *refs) {
        w.var(r.core);
        w.var(r.neuron);
      }
    }
    w.u8(m.isRegion ? 1 : 0);
    w.svar(m.region.classes);
    w.svar(m.region.coords);
    w.svar(m.region.num);
    w.u8(m.region.softmax ? 1 : 0);
    w.var(m.region.anchors.size());
    for (float a : m.region.anchors)
      w.f32(a);
    w.svar(m.yolo.classes);
    w.var(m.yolo.anchors.size());
    for (float a : m.yolo.anchors)
      w.f32(a);
    w.var(m.yolo.mask.size());
    for (int x : m.yolo.mask)
      w.svar(x);
  }
  w.endSection();

  w.beginSection("END ");
  w.u64(w.size() + 8); // the file's total size
  w.endSection();
  return w.finish();
}

//===----------------------------------------------------------------------===//
// Reader
//===----------------------------------------------------------------------===//

namespace {

uint32_t loadU32(const uint8_t *p) {
  return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 |
         uint32_t(p[3]) << 24;
}
uint64_t loadU64(const uint8_t *p) {
  return uint64_t(loadU32(p)) | uint64_t(loadU32(p + 4)) << 32;
}

std::string printableTag(const uint8_t *p) {
  std::string s;
  for (int i = 0; i < 4; ++i)
    s += p[i] >= 0x20 && p[i] < 0x7f ? char(p[i]) : '?';
  return s;
}

/// Reads one section's payload; errors name the file, the absolute byte
/// offset and the section.
class Cursor {
public:
  Cursor(const std::string &path, const uint8_t *file, const uint8_t *begin,
         const uint8_t *end, const char *section)
      : path_(path), file_(file), p_(begin), end_(end), section_(section) {}

  template <typename... Args>
  [[noreturn]] void error(fmt::format_string<Args...> format,
                          Args &&...args) const {
    fail("{}: byte {} (section '{}'): {}", path_, p_ - file_, section_,
         fmt::format(format, std::forward<Args>(args)...));
  }
  [[noreturn]] void truncated(uint64_t need) const {
    error("truncated: needs {} more bytes, {} left in the section", need,
          left());
  }

  uint64_t left() const { return uint64_t(end_ - p_); }
  bool atEnd() const { return p_ == end_; }

  void need(uint64_t n) const {
    if (n > left())
      truncated(n);
  }

  uint8_t u8() {
    if (p_ == end_)
      truncated(1);
    return *p_++;
  }
  uint8_t flag(const char *what) {
    uint8_t v = u8();
    if (v > 1) {
      --p_;
      error("{}: {} is not 0 or 1", what, v);
    }
    return v;
  }
  uint64_t u64() {
    need(8);
    uint64_t v = loadU64(p_);
    p_ += 8;
    return v;
  }
  float f32() {
    need(4);
    uint32_t v = loadU32(p_);
    p_ += 4;
    float f;
    std::memcpy(&f, &v, 4);
    return f;
  }
  double f64() {
    uint64_t v = u64();
    double f;
    std::memcpy(&f, &v, 8);
    return f;
  }

  uint64_t var() {
    if (p_ != end_ && *p_ < 0x80)
      return *p_++;
    return varSlow();
  }
  uint32_t var32(const char *what) {
    const uint8_t *at = p_;
    uint64_t v = var();
    if (v > std::numeric_limits<uint32_t>::max()) {
      p_ = at;
      error("{}: {} exceeds 2^32 - 1", what, v);
    }
    return uint32_t(v);
  }
  int32_t svar32(const char *what) {
    const uint8_t *at = p_;
    int64_t v = unzigzag(var());
    if (v < std::numeric_limits<int32_t>::min() ||
        v > std::numeric_limits<int32_t>::max()) {
      p_ = at;
      error("{}: {} is out of the int32 range", what, v);
    }
    return int32_t(v);
  }
  int64_t svar() { return unzigzag(var()); }

  /// A count of elements that take at least `minBytes` bytes each.
  uint64_t count(const char *what, uint64_t minBytes) {
    const uint8_t *at = p_;
    uint64_t n = var();
    if (n > left() / minBytes) {
      uint64_t rest = left();
      p_ = at;
      countError(n, minBytes, what, rest);
    }
    return n;
  }
  /// Checks a count that the section does not store (derived from earlier
  /// fields) the same way.
  void checkCount(uint64_t n, uint64_t minBytes, const char *what) const {
    if (n > left() / minBytes)
      countError(n, minBytes, what, left());
  }
  [[noreturn]] void countError(uint64_t n, uint64_t minBytes, const char *what,
                               uint64_t rest) const {
    error("{} count {} needs at least {} bytes, only {} are left in the "
          "section (corrupt count or truncated file)",
          what, n,
          n > std::numeric_limits<uint64_t>::max() / minBytes
              ? std::numeric_limits<uint64_t>::max()
              : n * minBytes,
          rest);
  }

  std::string str(const char *what) {
    uint64_t n = count(what, 1);
    std::string s(reinterpret_cast<const char *>(p_), size_t(n));
    p_ += n;
    return s;
  }
  const uint8_t *bytes(uint64_t n) {
    need(n);
    const uint8_t *at = p_;
    p_ += n;
    return at;
  }

private:
  const std::string &path_;
  const uint8_t *file_, *p_, *end_;
  const char *section_;

  uint64_t varSlow() {
    const uint8_t *at = p_;
    uint64_t v = 0;
    for (unsigned shift = 0;; shift += 7) {
      if (p_ == end_)
        truncated(1);
      uint8_t b = *p_++;
      if (shift == 63 && b > 1) {
        p_ = at;
        error("varint longer than 64 bits");
      }
      v |= uint64_t(b & 0x7f) << shift;
      if (!(b & 0x80)) {
        if (b == 0 && shift > 0) {
          p_ = at;
          error("non-canonical varint (a trailing zero byte)");
        }
        return v;
      }
    }
  }
};

void readTargets(Cursor &r, std::vector<uint32_t> &start,
                 std::vector<Target> &targets, uint64_t count, int64_t self,
                 const char *what) {
  r.checkCount(count, 1, what);
  start.resize(size_t(count) + 1);
  start[0] = 0;
  uint64_t total = 0;
  for (uint64_t i = 0; i < count; ++i) {
    total += r.var();
    if (total > std::numeric_limits<uint32_t>::max())
      r.error("more than 2^32 - 1 targets");
    start[i + 1] = uint32_t(total);
  }
  r.checkCount(total, 3, "target");
  targets.resize(size_t(total));
  for (Target &t : targets) {
    int64_t core = self >= 0 ? self + r.svar() : int64_t(r.var());
    if (core < 0 || core > int64_t(std::numeric_limits<uint32_t>::max()))
      r.error("target core {} out of range", core);
    t.core = uint32_t(core);
    t.axon = r.var32("target axon");
    t.delay = r.var32("target delay");
  }
}

/// readTargets for another part's core: only the delay-0 targets stay
/// (ChipConfig::partialTargets), the counts are checked and dropped.
void readOtherPartTargets(Cursor &r, std::vector<Target> &targets,
                          uint64_t count, int64_t self) {
  r.checkCount(count, 1, "neuron");
  uint64_t total = 0;
  for (uint64_t i = 0; i < count; ++i) {
    total += r.var();
    if (total > std::numeric_limits<uint32_t>::max())
      r.error("more than 2^32 - 1 targets");
  }
  r.checkCount(total, 3, "target");
  for (uint64_t i = 0; i < total; ++i) {
    const int64_t core = self + r.svar();
    if (core < 0 || core > int64_t(std::numeric_limits<uint32_t>::max()))
      r.error("target core {} out of range", core);
    Target t;
    t.core = uint32_t(core);
    t.axon = r.var32("target axon");
    t.delay = r.var32("target delay");
    if (t.delay == 0)
      targets.push_back(t);
  }
}

/// A core's header (prototype, position, level, layer).
void readCoreHeader(Cursor &r, const ChipConfig &c, size_t ci, Core &core) {
  core.prototype = r.var32("prototype");
  if (core.prototype >= c.prototypes.size())
    r.error("core {}: prototype {} out of range ({} prototypes)", ci,
            core.prototype, c.prototypes.size());
  core.x = r.svar32("x");
  core.y = r.svar32("y");
  core.level = r.var32("level");
  core.layer = r.var32("layer");
}

void readPrototype(Cursor &r, CorePrototype &p) {
  p.name = r.str("prototype name");
  p.axons = r.var32("axons");
  p.neurons = r.var32("neurons");
  uint8_t kind = r.u8();
  if (kind > 1)
    r.error("unknown crossbar kind {}", kind);
  p.kind = CrossbarKind(kind);
  uint8_t encoding = r.u8();
  if (encoding != kRowsLists && encoding != kRowsBitmap)
    r.error("unknown row encoding {}", encoding);

  if (p.kind == CrossbarKind::Binary) {
    const uint8_t *types = r.bytes(p.axons);
    p.axonTypes.assign(types, types + p.axons);
  }
  uint64_t types = r.count("neuron type", 12);
  p.neuronTypes.resize(size_t(types));
  for (NeuronType &t : p.neuronTypes) {
    for (int32_t &x : t.weights)
      x = r.svar32("type weight");
    t.leak = r.svar32("leak");
    t.alpha = r.svar32("alpha");
    t.beta = r.svar32("beta");
    uint8_t reset = r.u8();
    if (reset > 2)
      r.error("unknown reset mode {}", reset);
    t.reset = ResetMode(reset);
    uint8_t negative = r.u8();
    if (negative > 2)
      r.error("unknown negative mode {}", negative);
    t.negative = NegativeMode(negative);
    t.resetValue = r.svar32("reset value");
    t.vInit = r.svar32("initial potential");
    t.fires = r.flag("fires");
  }
  r.checkCount(p.neurons, 1, "neuron");
  p.neuronType.resize(p.neurons);
  for (uint16_t &t : p.neuronType) {
    uint64_t v = r.var();
    if (v > std::numeric_limits<uint16_t>::max())
      r.error("neuron type index {} exceeds 65535", v);
    t = uint16_t(v);
  }

  if (encoding == kRowsLists) {
    r.checkCount(p.axons, 1, "row"); // a length byte per row at least
  } else {
    if (p.neurons == 0)
      r.error("bitmap rows of a prototype without neurons");
    uint64_t rowBytes = (uint64_t(p.neurons) + 7) / 8;
    if (p.axons > r.left() / rowBytes)
      r.truncated(rowBytes * p.axons);
  }
  p.rowStart.resize(size_t(p.axons) + 1);
  p.rowStart[0] = 0;
  if (encoding == kRowsLists) {
    for (uint32_t a = 0; a < p.axons; ++a) {
      uint64_t length = r.count("synapse", 1);
      if (p.column.size() + length > std::numeric_limits<uint32_t>::max())
        r.error("more than 2^32 - 1 synapses in one prototype");
      uint64_t next = 0; // the smallest neuron the next synapse may reach
      for (uint64_t s = 0; s < length; ++s) {
        uint64_t delta = r.var();
        uint64_t column = delta < p.neurons ? next + delta : delta;
        if (column >= p.neurons)
          r.error("axon {} connects to neuron {}, but the prototype has {} "
                  "neurons",
                  a, column, p.neurons);
        p.column.push_back(uint32_t(column));
        next = column + 1;
      }
      p.rowStart[a + 1] = uint32_t(p.column.size());
    }
  } else {
    uint64_t rowBytes = (uint64_t(p.neurons) + 7) / 8;
    for (uint32_t a = 0; a < p.axons; ++a) {
      const uint8_t *row = r.bytes(rowBytes);
      for (uint64_t i = 0; i < rowBytes; ++i) {
        for (unsigned bits = row[i]; bits; bits &= bits - 1) {
          uint64_t n = i * 8 + unsigned(__builtin_ctz(bits));
          if (n >= p.neurons)
            r.error("axon {}: bitmap sets neuron {}, beyond the {} neurons", a,
                    n, p.neurons);
          p.column.push_back(uint32_t(n));
        }
      }
      if (p.column.size() > std::numeric_limits<uint32_t>::max())
        r.error("more than 2^32 - 1 synapses in one prototype");
      p.rowStart[a + 1] = uint32_t(p.column.size());
    }
  }
  if (p.kind == CrossbarKind::Weighted) {
    r.checkCount(p.column.size(), 1, "synapse weight");
    p.weight.resize(p.column.size());
    for (int32_t &x : p.weight)
      x = r.svar32("synapse weight");
  }
}

/// `version`: the file's (1: no class names, outputs lack latency).
void readSection(Cursor &r, int index, ChipConfig &c, uint32_t version,
                 int part, int parts) {
  switch (index) {
  case 0: { // INFO
    c.network = r.str("network name");
    ChipInfo &ch = c.chip;
    ch.profile = r.str("profile name");
    uint8_t crossbar = r.u8();
    if (crossbar > 1)
      r.error("unknown crossbar kind {}", crossbar);
    ch.crossbar = CrossbarKind(crossbar);
    ch.axonsPerCore = r.var32("axons per core");
    ch.neuronsPerCore = r.var32("neurons per core");
    ch.potentialBits = r.var32("potential bits");
    ch.signedSpikes = r.flag("signed spikes");
    ch.maxDelay = r.var32("maximum delay");
    ch.coresX = r.var32("cores x");
    ch.coresY = r.var32("cores y");
    ch.chipsX = r.var32("chips x");
    ch.chipsY = r.var32("chips y");
    ch.tickHz = r.f64();
    ch.synapticEventPj = r.f64();
    ch.hopPj = r.f64();
    ch.staticPowerMw = r.f64();
    if (version >= 2) {
      const uint64_t names = r.count("class name", 1);
      for (uint64_t i = 0; i < names; ++i)
        c.classNames.push_back(r.str("class name"));
    }
    break;
  }
  case 1: { // LAYR
    uint64_t layers = r.count("layer", 3);
    for (uint64_t i = 0; i < layers; ++i) {
      LayerInfo &l = c.layers.emplace_back();
      l.name = r.str("layer name");
      l.kind = r.str("layer kind");
      l.macs = r.var();
    }
    break;
  }
  case 2: { // PROT
    uint64_t prototypes = r.count("prototype", 7);
    for (uint64_t i = 0; i < prototypes; ++i)
      readPrototype(r, c.prototypes.emplace_back());
    break;
  }
  case 3: { // CORE
    c.cores.resize(size_t(r.count("core", 5)));
    if (parts > 1) {
      // One part of a board: the cores' positions first (a pass that skips
      // the targets), then only this part's cores keep their targets.
      Cursor first = r;
      std::vector<Target> skipped;
      for (size_t ci = 0; ci < c.cores.size(); ++ci) {
        readCoreHeader(first, c, ci, c.cores[ci]);
        readOtherPartTargets(first, skipped,
                             c.prototypes[c.cores[ci].prototype].neurons,
                             int64_t(ci));
        skipped.clear();
      }
      std::vector<uint32_t> partOf;
      try {
        partOf = boardParts(c, parts);
      } catch (const Error &e) {
        r.error("{}", e.what());
      }
      c.partialTargets = true;
      for (size_t ci = 0; ci < c.cores.size(); ++ci) {
        Core &core = c.cores[ci];
        readCoreHeader(r, c, ci, core);
        const uint32_t neurons = c.prototypes[core.prototype].neurons;
        if (partOf[ci] == uint32_t(part))
          readTargets(r, core.targetStart, core.targets, neurons, int64_t(ci),
                      "neuron");
        else
          readOtherPartTargets(r, core.targets, neurons, int64_t(ci));
      }
      break;
    }
    for (size_t ci = 0; ci < c.cores.size(); ++ci) {
      Core &core = c.cores[ci];
      readCoreHeader(r, c, ci, core);
      readTargets(r, core.targetStart, core.targets,
                  c.prototypes[core.prototype].neurons, int64_t(ci), "neuron");
    }
    break;
  }
  case 4: { // INPT
    InputMap &in = c.input;
    in.channels = r.var32("channels");
    in.height = r.var32("height");
    in.width = r.var32("width");
    readTargets(r, in.targetStart, in.targets,
                uint64_t(in.channels) * in.height * in.width, -1, "pixel");
    break;
  }
  case 5: { // OUTP
    uint64_t outputs = r.count("output", 20);
    for (uint64_t i = 0; i < outputs; ++i) {
      OutputMap &m = c.outputs.emplace_back();
      m.name = r.str("output name");
      m.channels = r.var32("channels");
      m.height = r.var32("height");
      m.width = r.var32("width");
      uint8_t decoding = r.u8();
      if (decoding > 1)
        r.error("unknown output decoding {}", decoding);
      m.decoding = OutputDecoding(decoding);
      m.readoutDelay = r.var32("readout delay");
      if (version >= 2)
        m.latency = r.var32("latency");
      r.checkCount(m.channels, 4, "scale");
      m.scale.resize(m.channels);
      for (float &s : m.scale)
        s = r.f32();
      for (auto *refs : {&m.positive, &m.negative}) {
        refs->resize(size_t(r.count("neuron reference", 2)));
        for (NeuronRef &ref : *refs) {
          ref.core = r.var32("core");
          ref.neuron = r.var32("neuron");
        }
      }
      m.isRegion = r.flag("region head");
      m.region.classes = r.svar32("classes");
      m.region.coords = r.svar32("coords");
      m.region.num = r.svar32("num");
      m.region.softmax = r.flag("softmax");
      m.region.anchors.resize(size_t(r.count("anchor", 4)));
      for (float &a : m.region.anchors)
        a = r.f32();
      m.yolo.classes = r.svar32("classes");
      m.yolo.anchors.resize(size_t(r.count("anchor", 4)));
      for (float &a : m.yolo.anchors)
        a = r.f32();
      m.yolo.mask.resize(size_t(r.count("mask entry", 1)));
      for (int &x : m.yolo.mask)
        x = r.svar32("mask entry");
    }
    break;
  }
  default:
    break;
  }
}

} // namespace

ChipConfig parseBinary(const std::string &bytes, const std::string &path,
                       int part, int parts) {
  const auto *file = reinterpret_cast<const uint8_t *>(bytes.data());
  size_t size = bytes.size();
  if (size < kHeaderSize)
    fail("{}: truncated: {} bytes, the binary header needs {}", path, size,
         kHeaderSize);
  if (std::memcmp(file, kBinaryMagic, sizeof(kBinaryMagic)) != 0)
    fail("{}: not a binary chip configuration (bad magic)", path);
  uint32_t version = loadU32(file + 8);
  if (version < 1 || version > kBinaryVersion)
    fail("{}: unsupported binary format version {} (this snnc reads versions "
         "1 to {})",
         path, version, kBinaryVersion);
  uint32_t sections = loadU32(file + 12);
  if (sections != kSectionCount)
    fail("{}: byte 12: the header declares {} sections, version {} has {}",
         path, sections, version, kSectionCount);

  ChipConfig c;
  size_t pos = kHeaderSize;
  uint64_t declaredSize = 0;
  for (uint32_t s = 0; s < kSectionCount; ++s) {
    const char *tag = kTags[s];
    if (size - pos < kSectionHeaderSize)
      fail("{}: truncated at byte {}: the header of section '{}' needs {} "
           "bytes, {} left",
           path, pos, tag, kSectionHeaderSize, size - pos);
    if (std::memcmp(file + pos, tag, 4) != 0)
      fail("{}: byte {}: expected section '{}', found '{}'", path, pos, tag,
           printableTag(file + pos));
    uint64_t length = loadU64(file + pos + 4);
    uint32_t stored = loadU32(file + pos + 12);
    size_t payload = pos + kSectionHeaderSize;
    if (length > size - payload)
      fail("{}: truncated: section '{}' at byte {} declares {} bytes of "
           "payload, only {} remain",
           path, tag, pos, length, size - payload);
    uint32_t computed = crc32(file + payload, size_t(length));
    if (stored != computed)
      fail("{}: checksum mismatch in section '{}' (payload bytes {}..{}): "
           "expected {:08x}, found {:08x}",
           path, tag, payload, payload + length, stored, computed);
    Cursor r(path, file, file + payload, file + payload + length, tag);
    if (s + 1 == kSectionCount)
      declaredSize = r.u64();
    else
      readSection(r, int(s), c, version, part, parts);
    if (!r.atEnd())
      r.error("{} unexpected bytes at the end of the section", r.left());
    pos = payload + size_t(length);
  }
  if (pos != size)
    fail("{}: {} unexpected bytes after the END section at byte {}", path,
         size - pos, pos);
  if (declaredSize != size)
    fail("{}: the END section gives a file size of {} bytes, the file has {}",
         path, declaredSize, size);

  try {
    c.validate();
  } catch (const Error &e) {
    fail("{}: {}", path, e.what());
  }
  return c;
}

void keepPartTargets(ChipConfig &c, int part, int parts) {
  if (parts <= 1)
    return;
  const std::vector<uint32_t> partOf = boardParts(c, parts);
  for (size_t ci = 0; ci < c.cores.size(); ++ci) {
    Core &core = c.cores[ci];
    if (partOf[ci] == uint32_t(part))
      continue;
    std::vector<Target> kept;
    for (const Target &t : core.targets)
      if (t.delay == 0)
        kept.push_back(t);
    core.targets.swap(kept);
    std::vector<uint32_t>().swap(core.targetStart);
  }
  c.partialTargets = true;
}

} // namespace snnc::chipcfg::detail
