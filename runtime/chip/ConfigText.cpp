//===- ConfigText.cpp - The line-oriented text configuration format -------===//
//
// docs/FORMATS.md ("Text format") describes every line. The writer emits
// one canonical form (single spaces, fixed key order, shortest round-trip
// floats); the reader accepts runs of spaces or tabs between tokens but
// otherwise exactly that form, so writing, reading and writing again gives
// the same bytes. The reader never sizes a vector from a count in the file:
// every element it stores comes from a token it has read.
//
//===----------------------------------------------------------------------===//
#include "runtime/chip/ConfigFormats.h"

#include "runtime/support/Error.h"

#include <charconv>
#include <iterator>
#include <limits>
#include <string_view>
#include <type_traits>
#include <vector>

namespace snnc::chipcfg::detail {
namespace {

//===----------------------------------------------------------------------===//
// Names of enumerations
//===----------------------------------------------------------------------===//

const char *crossbarName(CrossbarKind k) {
  return k == CrossbarKind::Binary ? "binary" : "weighted";
}
const char *resetName(ResetMode m) {
  switch (m) {
  case ResetMode::Absolute:
    return "absolute";
  case ResetMode::Linear:
    return "linear";
  case ResetMode::None:
    return "none";
  }
  return "?";
}
const char *negativeName(NegativeMode m) {
  switch (m) {
  case NegativeMode::Reset:
    return "reset";
  case NegativeMode::Saturate:
    return "saturate";
  case NegativeMode::Spike:
    return "spike";
  }
  return "?";
}
const char *decodingName(OutputDecoding d) {
  return d == OutputDecoding::Membrane ? "membrane" : "spike_count";
}
const char *boolName(bool b) { return b ? "true" : "false"; }

//===----------------------------------------------------------------------===//
// Writer
//===----------------------------------------------------------------------===//

/// Appends `s` in double quotes; '"' and '\' are escaped with a backslash,
/// control bytes (and DEL) as \xHH. Other bytes are copied.
void quote(std::string &out, std::string_view s) {
  out += '"';
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20 || c == 0x7f) {
      fmt::format_to(std::back_inserter(out), "\\x{:02x}", c);
    } else {
      out += ch;
    }
  }
  out += '"';
}

void putTargets(std::string &out, const std::vector<Target> &targets,
                uint32_t begin, uint32_t end) {
  auto o = std::back_inserter(out);
  for (uint32_t k = begin; k < end; ++k)
    fmt::format_to(o, " {}:{}:{}", targets[k].core, targets[k].axon,
                   targets[k].delay);
}

template <typename T>
void putList(std::string &out, const std::vector<T> &values, char sep) {
  auto o = std::back_inserter(out);
  for (size_t i = 0; i < values.size(); ++i) {
    if (i)
      out += sep;
    fmt::format_to(o, "{}", values[i]);
  }
}

void putPrototype(std::string &out, const CorePrototype &p) {
  auto o = std::back_inserter(out);
  out += "prototype ";
  quote(out, p.name);
  fmt::format_to(o,
                 " kind={} axons={} neurons={} synapses={} neuron_types={}\n",
                 crossbarName(p.kind), p.axons, p.neurons, p.column.size(),
                 p.neuronTypes.size());
  if (p.kind == CrossbarKind::Binary) {
    out += "axon_types";
    for (uint8_t t : p.axonTypes)
      fmt::format_to(o, " {}", t);
    out += '\n';
  }
  for (const NeuronType &t : p.neuronTypes)
    fmt::format_to(o,
                   "neuron_type weights={},{},{},{} leak={} alpha={} beta={} "
                   "reset={} negative={} reset_value={} v_init={} fires={}\n",
                   t.weights[0], t.weights[1], t.weights[2], t.weights[3],
                   t.leak, t.alpha, t.beta, resetName(t.reset),
                   negativeName(t.negative), t.resetValue, t.vInit,
                   boolName(t.fires));
  out += "neurons";
  for (uint16_t t : p.neuronType)
    fmt::format_to(o, " {}", t);
  out += '\n';
  // Rows: binary as a bitmask of ceil(neurons / 4) hex digits, neuron 0 in
  // the most significant bit of the first digit (IBM's crossbar rows);
  // weighted as neuron:weight pairs.
  size_t digits = (size_t(p.neurons) + 3) / 4;
  std::string mask;
  for (uint32_t a = 0; a < p.axons; ++a) {
    fmt::format_to(o, "row {}", a);
    uint32_t begin = p.rowStart[a], end = p.rowStart[a + 1];
    if (p.kind == CrossbarKind::Binary) {
      if (digits) {
        mask.assign(digits, 0);
        for (uint32_t s = begin; s < end; ++s)
          mask[p.column[s] / 4] |= char(8 >> (p.column[s] % 4));
        for (char &d : mask)
          d = "0123456789ABCDEF"[int(d)];
        out += ' ';
        out += mask;
      }
    } else {
      for (uint32_t s = begin; s < end; ++s)
        fmt::format_to(o, " {}:{}", p.column[s], p.weight[s]);
    }
    out += '\n';
  }
}

} // namespace

std::string serializeText(const ChipConfig &c) {
  std::string out;
  auto o = std::back_inserter(out);
  fmt::format_to(o, "{} {}\n", kTextMagic, kTextVersion);
  out += "network ";
  quote(out, c.network);
  out += '\n';
  fmt::format_to(o, "classes {}", c.classNames.size());
  for (const std::string &name : c.classNames) {
    out += ' ';
    quote(out, name);
  }
  out += '\n';

  const ChipInfo &ch = c.chip;
  out += "chip ";
  quote(out, ch.profile);
  fmt::format_to(o,
                 " crossbar={} axons_per_core={} neurons_per_core={} "
                 "potential_bits={} signed_spikes={} max_delay={} cores_x={} "
                 "cores_y={} chips_x={} chips_y={} tick_hz={} "
                 "synaptic_event_pj={} hop_pj={} static_power_mw={}\n",
                 crossbarName(ch.crossbar), ch.axonsPerCore, ch.neuronsPerCore,
                 ch.potentialBits, boolName(ch.signedSpikes), ch.maxDelay,
                 ch.coresX, ch.coresY, ch.chipsX, ch.chipsY, ch.tickHz,
                 ch.synapticEventPj, ch.hopPj, ch.staticPowerMw);

  fmt::format_to(o, "layers {}\n", c.layers.size());
  for (const LayerInfo &l : c.layers) {
    out += "layer ";
    quote(out, l.name);
    out += " kind=";
    quote(out, l.kind);
    fmt::format_to(o, " macs={}\n", l.macs);
  }

  fmt::format_to(o, "prototypes {}\n", c.prototypes.size());
  for (const CorePrototype &p : c.prototypes)
    putPrototype(out, p);

  fmt::format_to(o, "cores {}\n", c.cores.size());
  for (size_t ci = 0; ci < c.cores.size(); ++ci) {
    const Core &core = c.cores[ci];
    fmt::format_to(o, "core {} prototype={} x={} y={} level={} layer={}\n", ci,
                   core.prototype, core.x, core.y, core.level, core.layer);
    uint32_t neurons = c.prototypes[core.prototype].neurons;
    for (uint32_t n = 0; n < neurons; ++n) {
      fmt::format_to(o, "n {}", n);
      putTargets(out, core.targets, core.targetStart[n],
                 core.targetStart[n + 1]);
      out += '\n';
    }
  }

  const InputMap &in = c.input;
  fmt::format_to(o, "input channels={} height={} width={}\n", in.channels,
                 in.height, in.width);
  uint64_t pixels = uint64_t(in.channels) * in.height * in.width;
  for (uint64_t px = 0; px < pixels; ++px) {
    fmt::format_to(o, "pixel {}", px);
    putTargets(out, in.targets, in.targetStart[px], in.targetStart[px + 1]);
    out += '\n';
  }

  fmt::format_to(o, "outputs {}\n", c.outputs.size());
  for (const OutputMap &m : c.outputs) {
    out += "output ";
    quote(out, m.name);
    fmt::format_to(o,
                   " channels={} height={} width={} decoding={} "
                   "readout_delay={} latency={} head={}\n",
                   m.channels, m.height, m.width, decodingName(m.decoding),
                   m.readoutDelay, m.latency, m.isRegion ? "region" : "yolo");
    out += "scale";
    for (float s : m.scale)
      fmt::format_to(o, " {}", s);
    out += "\npositive";
    for (const NeuronRef &r : m.positive)
      fmt::format_to(o, " {}:{}", r.core, r.neuron);
    out += "\nnegative";
    for (const NeuronRef &r : m.negative)
      fmt::format_to(o, " {}:{}", r.core, r.neuron);
    fmt::format_to(o,
                   "\nregion classes={} coords={} num={} softmax={} anchors=",
                   m.region.classes, m.region.coords, m.region.num,
                   boolName(m.region.softmax));
    putList(out, m.region.anchors, ',');
    fmt::format_to(o, "\nyolo classes={} anchors=", m.yolo.classes);
    putList(out, m.yolo.anchors, ',');
    out += " mask=";
    putList(out, m.yolo.mask, ',');
    out += '\n';
  }

  fmt::format_to(o, "checksum {:08x}\n", crc32(out.data(), out.size()));
  return out;
}

//===----------------------------------------------------------------------===//
// Reader
//===----------------------------------------------------------------------===//

namespace {

/// At most `limit` characters of `s`, for error messages.
std::string shorten(std::string_view s, size_t limit = 48) {
  std::string r;
  for (char ch : s.substr(0, limit)) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c >= 0x7f)
      r += fmt::format("\\x{:02x}", c);
    else
      r += ch;
  }
  if (s.size() > limit)
    r += "...";
  return r;
}

class TextReader {
public:
  TextReader(const std::string &bytes, const std::string &path)
      : bytes_(bytes), path_(path) {}

  ChipConfig read();

private:
  const std::string &bytes_;
  const std::string &path_;
  size_t pos_ = 0, end_ = 0; ///< Next line; start of the checksum line.
  size_t lineNo_ = 0;
  uint32_t version_ = kTextVersion; ///< The file's (1: outputs lack latency).
  std::vector<std::string_view> tok_;

  template <typename... Args>
  [[noreturn]] void error(fmt::format_string<Args...> format,
                          Args &&...args) const {
    fail("{}: line {}: {}", path_, lineNo_,
         fmt::format(format, std::forward<Args>(args)...));
  }

  void readHeader();
  void checkChecksum();
  bool next();
  void tokenize(std::string_view line);
  /// Reads the next line, which must start with `keyword` and have exactly
  /// `count` tokens (keyword included), or at least `count` when `atLeast`.
  void expect(std::string_view keyword, size_t count, bool atLeast = false);

  std::string_view value(size_t i, std::string_view key) const;
  std::string unquote(std::string_view token, std::string_view what) const;

  template <typename T>
  T toInt(std::string_view s, std::string_view what) const;
  template <typename T>
  T toFloat(std::string_view s, std::string_view what) const;
  bool toBool(std::string_view s, std::string_view what) const;
  template <typename T>
  std::vector<T> toList(std::string_view s, std::string_view what) const;
  /// Splits "a:b" or "a:b:c" into `n` parts.
  void split(std::string_view s, std::string_view parts[], size_t n,
             std::string_view what) const;
  Target toTarget(std::string_view s) const;
  NeuronRef toRef(std::string_view s) const;

  void readPrototype(CorePrototype &p);
  void readCore(ChipConfig &c, size_t ci);
  void readTargets(size_t first, std::vector<uint32_t> &start,
                   std::vector<Target> &targets);
  void readOutput(OutputMap &m);
};

bool TextReader::next() {
  if (pos_ >= end_)
    return false;
  size_t nl = bytes_.find('\n', pos_); // < end_: end_ follows a newline
  std::string_view line(bytes_.data() + pos_, nl - pos_);
  pos_ = nl + 1;
  ++lineNo_;
  tokenize(line);
  return true;
}

void TextReader::tokenize(std::string_view line) {
  tok_.clear();
  size_t i = 0, n = line.size();
  while (i < n) {
    if (line[i] == ' ' || line[i] == '\t') {
      ++i;
      continue;
    }
    size_t start = i;
    bool quoted = false;
    while (i < n) {
      char ch = line[i];
      if (quoted) {
        if (ch == '\\')
          i += 2;
        else {
          if (ch == '"')
            quoted = false;
          ++i;
        }
        continue;
      }
      if (ch == ' ' || ch == '\t')
        break;
      if (ch == '"')
        quoted = true;
      ++i;
    }
    if (quoted || i > n)
      error("unterminated string in '{}'", shorten(line.substr(start)));
    tok_.push_back(line.substr(start, i - start));
  }
}

void TextReader::expect(std::string_view keyword, size_t count, bool atLeast) {
  if (!next()) {
    ++lineNo_;
    error("expected a '{}' line, found the checksum line (truncated file?)",
          keyword);
  }
  if (tok_.empty() || tok_[0] != keyword)
    error("expected a '{}' line, found '{}'", keyword,
          tok_.empty() ? std::string_view("") : tok_[0]);
  if (tok_.size() < count || (!atLeast && tok_.size() > count)) {
    if (tok_.size() > count && !atLeast)
      error("unexpected '{}' at the end of the '{}' line", shorten(tok_[count]),
            keyword);
    error("'{}' line has {} fields, expected {}", keyword, tok_.size(), count);
  }
}

std::string_view TextReader::value(size_t i, std::string_view key) const {
  std::string_view t = tok_[i];
  if (t.size() <= key.size() || t.compare(0, key.size(), key) != 0 ||
      t[key.size()] != '=')
    error("expected '{}=', found '{}'", key, shorten(t));
  return t.substr(key.size() + 1);
}

std::string TextReader::unquote(std::string_view t,
                                std::string_view what) const {
  if (t.size() < 2 || t.front() != '"' || t.back() != '"')
    error("{}: expected a double-quoted string, found '{}'", what, shorten(t));
  std::string s;
  for (size_t i = 1; i + 1 < t.size(); ++i) {
    char ch = t[i];
    if (ch == '"')
      error("{}: unescaped '\"' inside the string", what);
    if (ch != '\\') {
      s += ch;
      continue;
    }
    if (i + 2 >= t.size())
      error("{}: '\\' at the end of the string", what);
    char e = t[++i];
    if (e == '"' || e == '\\') {
      s += e;
    } else if (e == 'x' && i + 3 < t.size()) {
      unsigned v = 0;
      auto [p, ec] = std::from_chars(t.data() + i + 1, t.data() + i + 3, v, 16);
      if (ec != std::errc() || p != t.data() + i + 3)
        error("{}: bad escape '\\x{}'", what, shorten(t.substr(i + 1, 2)));
      s += char(v);
      i += 2;
    } else {
      error("{}: unknown escape '\\{}'", what,
            shorten(std::string_view(&e, 1)));
    }
  }
  return s;
}

template <typename T>
T TextReader::toInt(std::string_view s, std::string_view what) const {
  T v{};
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size())
    error("{}: '{}' is not an integer in [{}, {}]", what, shorten(s),
          +std::numeric_limits<T>::min(), +std::numeric_limits<T>::max());
  return v;
}

template <typename T>
T TextReader::toFloat(std::string_view s, std::string_view what) const {
  T v{};
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size())
    error("{}: '{}' is not a number", what, shorten(s));
  return v;
}

bool TextReader::toBool(std::string_view s, std::string_view what) const {
  if (s == "true")
    return true;
  if (s == "false")
    return false;
  error("{}: expected true or false, found '{}'", what, shorten(s));
}

template <typename T>
std::vector<T> TextReader::toList(std::string_view s,
                                  std::string_view what) const {
  std::vector<T> values;
  if (s.empty())
    return values;
  size_t start = 0;
  while (true) {
    size_t comma = s.find(',', start);
    std::string_view item = s.substr(
        start, comma == std::string_view::npos ? s.npos : comma - start);
    if constexpr (std::is_floating_point_v<T>)
      values.push_back(toFloat<T>(item, what));
    else
      values.push_back(toInt<T>(item, what));
    if (comma == std::string_view::npos)
      break;
    start = comma + 1;
  }
  return values;
}

void TextReader::split(std::string_view s, std::string_view parts[], size_t n,
                       std::string_view what) const {
  size_t start = 0;
  for (size_t i = 0; i < n; ++i) {
    size_t colon = i + 1 < n ? s.find(':', start) : s.npos;
    if (i + 1 < n && colon == s.npos)
      error("{}: expected {} ':'-separated numbers, found '{}'", what, n,
            shorten(s));
    parts[i] = s.substr(start, colon == s.npos ? s.npos : colon - start);
    start = colon + 1;
  }
}

Target TextReader::toTarget(std::string_view s) const {
  std::string_view part[3];
  split(s, part, 3, "target core:axon:delay");
  return {toInt<uint32_t>(part[0], "target core"),
          toInt<uint32_t>(part[1], "target axon"),
          toInt<uint32_t>(part[2], "target delay")};
}

NeuronRef TextReader::toRef(std::string_view s) const {
  std::string_view part[2];
  split(s, part, 2, "neuron core:neuron");
  return {toInt<uint32_t>(part[0], "core"), toInt<uint32_t>(part[1], "neuron")};
}

void TextReader::readHeader() {
  size_t nl = bytes_.find('\n');
  lineNo_ = 1;
  if (nl == std::string::npos)
    fail("{}: truncated: {} bytes without an end of line; expected '{} {}' "
         "on the first line",
         path_, bytes_.size(), kTextMagic, kTextVersion);
  tokenize(std::string_view(bytes_.data(), nl));
  if (tok_.size() != 2 || tok_[0] != kTextMagic)
    error("expected '{} <version>', found '{}'", kTextMagic,
          shorten(std::string_view(bytes_.data(), nl)));
  uint32_t version = toInt<uint32_t>(tok_[1], "format version");
  if (version < 1 || version > kTextVersion)
    error("unsupported text format version {} (this snnc reads versions 1 "
          "to {})",
          version, kTextVersion);
  version_ = version;
  pos_ = nl + 1;
}

void TextReader::checkChecksum() {
  if (bytes_.back() != '\n')
    fail("{}: truncated: the file does not end with a newline (expected a "
         "final 'checksum <crc32>' line)",
         path_);
  size_t prev = bytes_.rfind('\n', bytes_.size() - 2);
  size_t lastStart = prev == std::string::npos ? 0 : prev + 1;
  size_t lastLine = 1;
  for (size_t i = 0; i < lastStart; ++i)
    lastLine += bytes_[i] == '\n';
  std::string_view last(bytes_.data() + lastStart,
                        bytes_.size() - 1 - lastStart);
  std::string_view key = "checksum ";
  if (lastStart < pos_ || last.size() != key.size() + 8 ||
      last.compare(0, key.size(), key) != 0)
    fail("{}: line {}: expected the final line 'checksum <8 hex digits>', "
         "found '{}' (truncated file?)",
         path_, lastLine, shorten(last));
  uint32_t stored = 0;
  std::string_view hex = last.substr(key.size());
  auto [p, ec] =
      std::from_chars(hex.data(), hex.data() + hex.size(), stored, 16);
  if (ec != std::errc() || p != hex.data() + hex.size())
    fail("{}: line {}: bad checksum '{}', expected 8 hex digits", path_,
         lastLine, shorten(hex));
  uint32_t computed = crc32(bytes_.data(), lastStart);
  if (stored != computed)
    fail("{}: checksum mismatch: expected {:08x} (line {}), found {:08x} (the "
         "CRC-32 of lines 1-{}): the file is corrupt or was edited",
         path_, stored, lastLine, computed, lastLine - 1);
  end_ = lastStart;
}

void TextReader::readPrototype(CorePrototype &p) {
  expect("prototype", 7);
  p.name = unquote(tok_[1], "prototype name");
  std::string_view kind = value(2, "kind");
  if (kind == "binary")
    p.kind = CrossbarKind::Binary;
  else if (kind == "weighted")
    p.kind = CrossbarKind::Weighted;
  else
    error("kind: expected binary or weighted, found '{}'", shorten(kind));
  p.axons = toInt<uint32_t>(value(3, "axons"), "axons");
  p.neurons = toInt<uint32_t>(value(4, "neurons"), "neurons");
  uint64_t synapses = toInt<uint64_t>(value(5, "synapses"), "synapses");
  uint64_t types = toInt<uint64_t>(value(6, "neuron_types"), "neuron_types");
  size_t headerLine = lineNo_;

  if (p.kind == CrossbarKind::Binary) {
    expect("axon_types", 1, true);
    if (tok_.size() - 1 != p.axons)
      error("{} axon types for {} axons", tok_.size() - 1, p.axons);
    for (size_t i = 1; i < tok_.size(); ++i)
      p.axonTypes.push_back(toInt<uint8_t>(tok_[i], "axon type"));
  }
  for (uint64_t t = 0; t < types; ++t) {
    expect("neuron_type", 10);
    NeuronType nt;
    auto w = toList<int32_t>(value(1, "weights"), "weights");
    if (w.size() != 4)
      error("weights: {} values, expected 4", w.size());
    for (int k = 0; k < 4; ++k)
      nt.weights[k] = w[k];
    nt.leak = toInt<int32_t>(value(2, "leak"), "leak");
    nt.alpha = toInt<int32_t>(value(3, "alpha"), "alpha");
    nt.beta = toInt<int32_t>(value(4, "beta"), "beta");
    std::string_view r = value(5, "reset");
    if (r == "absolute")
      nt.reset = ResetMode::Absolute;
    else if (r == "linear")
      nt.reset = ResetMode::Linear;
    else if (r == "none")
      nt.reset = ResetMode::None;
    else
      error("reset: expected absolute, linear or none, found '{}'", shorten(r));
    std::string_view neg = value(6, "negative");
    if (neg == "reset")
      nt.negative = NegativeMode::Reset;
    else if (neg == "saturate")
      nt.negative = NegativeMode::Saturate;
    else if (neg == "spike")
      nt.negative = NegativeMode::Spike;
    else
      error("negative: expected reset, saturate or spike, found '{}'",
            shorten(neg));
    nt.resetValue = toInt<int32_t>(value(7, "reset_value"), "reset_value");
    nt.vInit = toInt<int32_t>(value(8, "v_init"), "v_init");
    nt.fires = toBool(value(9, "fires"), "fires");
    p.neuronTypes.push_back(nt);
  }
  expect("neurons", 1, true);
  if (tok_.size() - 1 != p.neurons)
    error("{} neuron type indices for {} neurons", tok_.size() - 1, p.neurons);
  for (size_t i = 1; i < tok_.size(); ++i)
    p.neuronType.push_back(toInt<uint16_t>(tok_[i], "neuron type index"));

  size_t digits = (size_t(p.neurons) + 3) / 4;
  p.rowStart.push_back(0);
  for (uint32_t a = 0; a < p.axons; ++a) {
    expect("row", 2, true);
    uint32_t index = toInt<uint32_t>(tok_[1], "row axon");
    if (index != a)
      error("row for axon {} where axon {} was expected", index, a);
    if (p.kind == CrossbarKind::Binary) {
      if (tok_.size() != (digits ? 3 : 2))
        error("binary row: expected one mask of {} hex digits", digits);
      if (digits) {
        std::string_view mask = tok_[2];
        if (mask.size() != digits)
          error("row mask has {} hex digits, expected {} for {} neurons",
                mask.size(), digits, p.neurons);
        for (size_t d = 0; d < digits; ++d) {
          char ch = mask[d];
          int v = ch >= '0' && ch <= '9'   ? ch - '0'
                  : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
                  : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
                                           : -1;
          if (v < 0)
            error("row mask: '{}' is not a hex digit", shorten({&ch, 1}));
          for (int b = 0; b < 4; ++b) {
            if (!(v & (8 >> b)))
              continue;
            uint64_t n = uint64_t(d) * 4 + b;
            if (n >= p.neurons)
              error("row mask sets neuron {}, beyond the {} neurons", n,
                    p.neurons);
            p.column.push_back(uint32_t(n));
          }
        }
      }
    } else {
      for (size_t i = 2; i < tok_.size(); ++i) {
        std::string_view part[2];
        split(tok_[i], part, 2, "synapse neuron:weight");
        p.column.push_back(toInt<uint32_t>(part[0], "synapse neuron"));
        p.weight.push_back(toInt<int32_t>(part[1], "synapse weight"));
      }
    }
    if (p.column.size() > std::numeric_limits<uint32_t>::max())
      error("more than 2^32 - 1 synapses in one prototype");
    p.rowStart.push_back(uint32_t(p.column.size()));
  }
  if (p.column.size() != synapses) {
    lineNo_ = headerLine;
    error("prototype '{}' declares {} synapses, its rows hold {}",
          shorten(p.name), synapses, p.column.size());
  }
}

void TextReader::readTargets(size_t first, std::vector<uint32_t> &start,
                             std::vector<Target> &targets) {
  for (size_t i = first; i < tok_.size(); ++i) {
    targets.push_back(toTarget(tok_[i]));
    if (targets.size() > std::numeric_limits<uint32_t>::max())
      error("more than 2^32 - 1 targets");
  }
  start.push_back(uint32_t(targets.size()));
}

void TextReader::readCore(ChipConfig &c, size_t ci) {
  expect("core", 7);
  uint64_t index = toInt<uint64_t>(tok_[1], "core index");
  if (index != ci)
    error("core {} where core {} was expected", index, ci);
  Core &core = c.cores.back();
  core.prototype = toInt<uint32_t>(value(2, "prototype"), "prototype");
  core.x = toInt<int32_t>(value(3, "x"), "x");
  core.y = toInt<int32_t>(value(4, "y"), "y");
  core.level = toInt<uint32_t>(value(5, "level"), "level");
  core.layer = toInt<uint32_t>(value(6, "layer"), "layer");
  if (core.prototype >= c.prototypes.size())
    error("core {}: prototype {} out of range ({} prototypes)", ci,
          core.prototype, c.prototypes.size());
  uint32_t neurons = c.prototypes[core.prototype].neurons;
  core.targetStart.push_back(0);
  for (uint32_t n = 0; n < neurons; ++n) {
    expect("n", 2, true);
    uint32_t k = toInt<uint32_t>(tok_[1], "neuron");
    if (k != n)
      error("core {}: line for neuron {} where neuron {} was expected", ci, k,
            n);
    readTargets(2, core.targetStart, core.targets);
  }
}

void TextReader::readOutput(OutputMap &m) {
  // Version 1 had no latency: its outputs decode as before (latency 0).
  const size_t latencyField = version_ >= 2 ? 7 : 0;
  expect("output", latencyField ? 9 : 8);
  m.name = unquote(tok_[1], "output name");
  m.channels = toInt<uint32_t>(value(2, "channels"), "channels");
  m.height = toInt<uint32_t>(value(3, "height"), "height");
  m.width = toInt<uint32_t>(value(4, "width"), "width");
  std::string_view d = value(5, "decoding");
  if (d == "membrane")
    m.decoding = OutputDecoding::Membrane;
  else if (d == "spike_count")
    m.decoding = OutputDecoding::SpikeCount;
  else
    error("decoding: expected membrane or spike_count, found '{}'", shorten(d));
  m.readoutDelay = toInt<uint32_t>(value(6, "readout_delay"), "readout_delay");
  if (latencyField)
    m.latency = toInt<uint32_t>(value(latencyField, "latency"), "latency");
  std::string_view head = value(latencyField ? 8 : 7, "head");
  if (head == "region")
    m.isRegion = true;
  else if (head == "yolo")
    m.isRegion = false;
  else
    error("head: expected region or yolo, found '{}'", shorten(head));

  expect("scale", 1, true);
  for (size_t i = 1; i < tok_.size(); ++i)
    m.scale.push_back(toFloat<float>(tok_[i], "scale"));
  expect("positive", 1, true);
  for (size_t i = 1; i < tok_.size(); ++i)
    m.positive.push_back(toRef(tok_[i]));
  expect("negative", 1, true);
  for (size_t i = 1; i < tok_.size(); ++i)
    m.negative.push_back(toRef(tok_[i]));

  expect("region", 6);
  m.region.classes = toInt<int>(value(1, "classes"), "classes");
  m.region.coords = toInt<int>(value(2, "coords"), "coords");
  m.region.num = toInt<int>(value(3, "num"), "num");
  m.region.softmax = toBool(value(4, "softmax"), "softmax");
  m.region.anchors = toList<float>(value(5, "anchors"), "anchors");
  expect("yolo", 4);
  m.yolo.classes = toInt<int>(value(1, "classes"), "classes");
  m.yolo.anchors = toList<float>(value(2, "anchors"), "anchors");
  m.yolo.mask = toList<int>(value(3, "mask"), "mask");
}

ChipConfig TextReader::read() {
  readHeader();
  checkChecksum();
  ChipConfig c;

  expect("network", 2);
  c.network = unquote(tok_[1], "network");
  if (version_ >= 2) {
    expect("classes", 2, /*atLeast=*/true);
    const auto count = toInt<uint32_t>(tok_[1], "classes");
    if (tok_.size() - 2 != count)
      error("'classes {}' names {} classes", count, tok_.size() - 2);
    for (size_t i = 2; i < tok_.size(); ++i)
      c.classNames.push_back(unquote(tok_[i], "class name"));
  }

  expect("chip", 16);
  ChipInfo &ch = c.chip;
  ch.profile = unquote(tok_[1], "profile");
  std::string_view kind = value(2, "crossbar");
  if (kind == "binary")
    ch.crossbar = CrossbarKind::Binary;
  else if (kind == "weighted")
    ch.crossbar = CrossbarKind::Weighted;
  else
    error("crossbar: expected binary or weighted, found '{}'", shorten(kind));
  ch.axonsPerCore =
      toInt<uint32_t>(value(3, "axons_per_core"), "axons_per_core");
  ch.neuronsPerCore =
      toInt<uint32_t>(value(4, "neurons_per_core"), "neurons_per_core");
  ch.potentialBits =
      toInt<uint32_t>(value(5, "potential_bits"), "potential_bits");
  ch.signedSpikes = toBool(value(6, "signed_spikes"), "signed_spikes");
  ch.maxDelay = toInt<uint32_t>(value(7, "max_delay"), "max_delay");
  ch.coresX = toInt<uint32_t>(value(8, "cores_x"), "cores_x");
  ch.coresY = toInt<uint32_t>(value(9, "cores_y"), "cores_y");
  ch.chipsX = toInt<uint32_t>(value(10, "chips_x"), "chips_x");
  ch.chipsY = toInt<uint32_t>(value(11, "chips_y"), "chips_y");
  ch.tickHz = toFloat<double>(value(12, "tick_hz"), "tick_hz");
  ch.synapticEventPj =
      toFloat<double>(value(13, "synaptic_event_pj"), "synaptic_event_pj");
  ch.hopPj = toFloat<double>(value(14, "hop_pj"), "hop_pj");
  ch.staticPowerMw =
      toFloat<double>(value(15, "static_power_mw"), "static_power_mw");

  expect("layers", 2);
  uint64_t layers = toInt<uint64_t>(tok_[1], "layer count");
  for (uint64_t i = 0; i < layers; ++i) {
    expect("layer", 4);
    LayerInfo l;
    l.name = unquote(tok_[1], "layer name");
    l.kind = unquote(value(2, "kind"), "layer kind");
    l.macs = toInt<uint64_t>(value(3, "macs"), "macs");
    c.layers.push_back(std::move(l));
  }

  expect("prototypes", 2);
  uint64_t prototypes = toInt<uint64_t>(tok_[1], "prototype count");
  for (uint64_t i = 0; i < prototypes; ++i) {
    c.prototypes.emplace_back();
    readPrototype(c.prototypes.back());
  }

  expect("cores", 2);
  uint64_t cores = toInt<uint64_t>(tok_[1], "core count");
  for (uint64_t i = 0; i < cores; ++i) {
    c.cores.emplace_back();
    readCore(c, i);
  }

  expect("input", 4);
  InputMap &in = c.input;
  in.channels = toInt<uint32_t>(value(1, "channels"), "channels");
  in.height = toInt<uint32_t>(value(2, "height"), "height");
  in.width = toInt<uint32_t>(value(3, "width"), "width");
  uint64_t pixels = uint64_t(in.channels) * in.height * in.width;
  in.targetStart.push_back(0);
  for (uint64_t px = 0; px < pixels; ++px) {
    expect("pixel", 2, true);
    uint64_t p = toInt<uint64_t>(tok_[1], "pixel");
    if (p != px)
      error("line for pixel {} where pixel {} was expected", p, px);
    readTargets(2, in.targetStart, in.targets);
  }

  expect("outputs", 2);
  uint64_t outputs = toInt<uint64_t>(tok_[1], "output count");
  for (uint64_t i = 0; i < outputs; ++i) {
    c.outputs.emplace_back();
    readOutput(c.outputs.back());
  }

  if (next())
    error("unexpected '{}' line after the last output",
          tok_.empty() ? std::string_view("") : tok_[0]);
  return c;
}

} // namespace

ChipConfig parseText(const std::string &bytes, const std::string &path) {
  ChipConfig config = TextReader(bytes, path).read();
  try {
    config.validate();
  } catch (const Error &e) {
    fail("{}: {}", path, e.what());
  }
  return config;
}

} // namespace snnc::chipcfg::detail
