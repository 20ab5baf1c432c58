//===- ConfigIOTests.cpp - Text and binary configuration files ------------===//
//
// Round trips (byte-identical, exact fields), golden bytes written by hand
// (independent of the writer), and rejection of corrupt, truncated, hostile
// and inconsistent files.
//
//===----------------------------------------------------------------------===//
#include "runtime/chip/ConfigIO.h"
#include "runtime/support/Error.h"
#include "test/unit/chipconfig/TestConfigs.h"

#include <catch2/catch.hpp>
#include <zlib.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

using namespace snnc::chipcfg;
using namespace snnc::chipcfg::test;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

std::string errorOf(const std::string &bytes, const std::string &path = "cfg") {
  try {
    parseConfig(bytes, path);
  } catch (const snnc::Error &e) {
    return e.what();
  }
  FAIL("no error for a " << bytes.size() << "-byte input");
  return "";
}

uint32_t zcrc(const std::string &s, size_t begin, size_t size) {
  return uint32_t(
      crc32(0, reinterpret_cast<const Bytef *>(s.data()) + begin, uInt(size)));
}

uint32_t le32(const std::string &s, size_t at) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i)
    v = v << 8 | uint8_t(s[at + i]);
  return v;
}
uint64_t le64(const std::string &s, size_t at) {
  return uint64_t(le32(s, at)) | uint64_t(le32(s, at + 4)) << 32;
}
void put32(std::string &s, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i)
    s[at + i] = char(v >> (8 * i));
}
void put64(std::string &s, size_t at, uint64_t v) {
  for (int i = 0; i < 8; ++i)
    s[at + i] = char(v >> (8 * i));
}

struct Section {
  std::string tag;
  size_t header = 0, payload = 0;
  uint64_t length = 0;
};

/// Walks the section headers of a binary file without snnc's reader.
std::vector<Section> sections(const std::string &bin) {
  std::vector<Section> out;
  size_t pos = 16;
  while (pos < bin.size()) {
    Section s;
    s.tag = bin.substr(pos, 4);
    s.header = pos;
    s.length = le64(bin, pos + 4);
    s.payload = pos + 16;
    out.push_back(s);
    pos = s.payload + size_t(s.length);
  }
  return out;
}

/// `bin` with the payload of section `tag` replaced, lengths and checksums
/// (the section's and END's file size) fixed up: a well-formed file whose
/// content is hostile.
std::string withPayload(const std::string &bin, const std::string &tag,
                        const std::string &payload) {
  std::string out = bin.substr(0, 16);
  for (const Section &s : sections(bin)) {
    std::string body = s.tag == tag ? payload : bin.substr(s.payload, s.length);
    std::string header = s.tag + std::string(12, '\0');
    put64(header, 4, body.size());
    if (s.tag == "END ")
      put64(body, 0, out.size() + 16 + body.size());
    put32(header, 12, zcrc(body, 0, body.size()));
    out += header + body;
  }
  return out;
}

std::string varint(uint64_t v) {
  std::string s;
  while (v >= 0x80) {
    s += char(v | 0x80);
    v >>= 7;
  }
  s += char(v);
  return s;
}

/// Text whose final checksum line is recomputed after editing.
std::string withChecksum(std::string body) {
  char line[32];
  std::snprintf(line, sizeof line, "checksum %08x\n",
                zcrc(body, 0, body.size()));
  return body + line;
}

std::string textBody(const std::string &text) {
  return text.substr(0, text.rfind("checksum "));
}

ChipConfig goldenConfig() {
  ChipConfig c;
  c.network = "g";
  c.classNames = {"dog", "potted plant"};
  c.chip.profile = "p";
  c.layers = {{"l", "conv", 9}};
  CorePrototype p;
  p.name = "q";
  p.axons = 2;
  p.neurons = 5;
  p.axonTypes = {1, 3};
  p.rowStart = {0, 2, 2};
  p.column = {0, 4};
  p.neuronTypes = {neuronType({2, -1, 0, 7}, -3, 5, 1, ResetMode::Absolute,
                              NegativeMode::Reset, 2, -1)};
  p.neuronType = {0, 0, 0, 0, 0};
  c.prototypes = {p};
  Core core;
  core.x = 3;
  core.y = -2;
  core.targetStart = {0, 1, 1, 1, 1, 1};
  core.targets = {tg(0, 1, 2)};
  c.cores = {core};
  c.input.channels = c.input.height = c.input.width = 1;
  c.input.targetStart = {0, 1};
  c.input.targets = {tg(0, 0, 1)};
  OutputMap o;
  o.name = "o";
  o.channels = o.height = o.width = 1;
  o.decoding = OutputDecoding::SpikeCount;
  o.scale = {0.25f};
  o.readoutDelay = 2;
  o.latency = 1;
  o.positive = {ref(0, 4)};
  o.region.classes = 2;
  o.region.coords = 4;
  o.region.num = 1;
  o.region.softmax = true;
  o.region.anchors = {0.5f, 1.5f};
  c.outputs = {o};
  return c;
}

// Written by hand from docs/FORMATS.md: neurons 0 and 4 of axon 0 are the
// most significant bits of the two hex digits ("88").
const char *kGoldenBody =
    "snnc-chip-config 2\n"
    "network \"g\"\n"
    "classes 2 \"dog\" \"potted plant\"\n"
    "chip \"p\" crossbar=binary axons_per_core=256 neurons_per_core=256 "
    "potential_bits=20 signed_spikes=false max_delay=15 cores_x=64 "
    "cores_y=64 chips_x=1 chips_y=1 tick_hz=1000 synaptic_event_pj=26 "
    "hop_pj=0 static_power_mw=65\n"
    "layers 1\n"
    "layer \"l\" kind=\"conv\" macs=9\n"
    "prototypes 1\n"
    "prototype \"q\" kind=binary axons=2 neurons=5 synapses=2 "
    "neuron_types=1\n"
    "axon_types 1 3\n"
    "neuron_type weights=2,-1,0,7 leak=-3 alpha=5 beta=1 reset=absolute "
    "negative=reset reset_value=2 v_init=-1 fires=true\n"
    "neurons 0 0 0 0 0\n"
    "row 0 88\n"
    "row 1 00\n"
    "cores 1\n"
    "core 0 prototype=0 x=3 y=-2 level=0 layer=0\n"
    "n 0 0:1:2\n"
    "n 1\n"
    "n 2\n"
    "n 3\n"
    "n 4\n"
    "input channels=1 height=1 width=1\n"
    "pixel 0 0:0:1\n"
    "outputs 1\n"
    "output \"o\" channels=1 height=1 width=1 decoding=spike_count "
    "readout_delay=2 latency=1 head=region\n"
    "scale 0.25\n"
    "positive 0:4\n"
    "negative\n"
    "region classes=2 coords=4 num=1 softmax=true anchors=0.5,1.5\n"
    "yolo classes=80 anchors= mask=\n";

} // namespace

TEST_CASE("both formats round-trip byte for byte and field for field",
          "[chipcfg][io]") {
  for (const ChipConfig &c :
       {sampleBinary(), sampleWeighted(), goldenConfig()}) {
    for (ConfigFormat f : {ConfigFormat::Text, ConfigFormat::Binary}) {
      std::string first = serializeConfig(c, f);
      ChipConfig back = parseConfig(first, "cfg");
      requireEqual(back, c);
      REQUIRE(serializeConfig(back, f) == first);
      REQUIRE(serializeConfig(c, f) == first); // deterministic
    }
    // The two formats hold the same information.
    requireEqual(parseConfig(serializeConfig(c, ConfigFormat::Text), "t"),
                 parseConfig(serializeConfig(c, ConfigFormat::Binary), "b"));
  }
}

TEST_CASE("the text format matches a hand-written file", "[chipcfg][io]") {
  std::string golden = withChecksum(kGoldenBody);
  REQUIRE(serializeConfig(goldenConfig(), ConfigFormat::Text) == golden);
  requireEqual(parseConfig(golden, "golden.cfg"), goldenConfig());

  // Weighted rows are neuron:weight pairs; an empty row has no pairs.
  std::string w = serializeConfig(sampleWeighted(), ConfigFormat::Text);
  REQUIRE_THAT(w, Contains("\nrow 0 0:5 1:-3\nrow 1\nrow 2 1:127\n"));
  REQUIRE_THAT(w, Contains("neuron_type weights=0,0,0,0 leak=0 alpha=1048576 "
                           "beta=0 reset=none negative=reset reset_value=-5 "
                           "v_init=-7 fires=false\n"));
  REQUIRE_THAT(w, Contains("\nscale 0.5 -0.001\n"));
  REQUIRE_THAT(w, Contains("\nyolo classes=80 anchors=10,14,23,27 mask=0,1\n"));
  // Multicast targets and quoted names with escapes.
  std::string b = serializeConfig(sampleBinary(), ConfigFormat::Text);
  REQUIRE_THAT(b, Contains("\nn 0 1:0:1 2:1:2\nn 1 2:0:0\nn 2\n"));
  REQUIRE_THAT(b, Contains("network \"tiny \\\"binary\\\" net\"\n"));
  REQUIRE_THAT(b, Contains(" hop_pj=0.1 "));
}

TEST_CASE("text accepts hand edits with extra spaces and lowercase hex",
          "[chipcfg][io]") {
  std::string body = kGoldenBody;
  body.replace(body.find("row 0 88"), 8, "row  0\t88");
  body.replace(body.find("layers 1"), 8, "layers   1");
  ChipConfig c = parseConfig(withChecksum(body), "edited.cfg");
  requireEqual(c, goldenConfig());

  // Prototype 0 of sampleBinary: axon 0 reaches neurons 0 and 2 (1010).
  std::string b = textBody(serializeConfig(sampleBinary(), ConfigFormat::Text));
  REQUIRE(b.find("\nrow 0 A\n") != std::string::npos);
  b.replace(b.find("\nrow 0 A\n"), 9, "\nrow 0 a\n");
  requireEqual(parseConfig(withChecksum(b), "lower.cfg"), sampleBinary());
}

TEST_CASE("names with control characters round-trip in text", "[chipcfg][io]") {
  ChipConfig c = goldenConfig();
  c.network = std::string("a\nb\t\"c\"\\d\x7f\0e", 12);
  c.layers[0].name = "";
  std::string text = serializeConfig(c, ConfigFormat::Text);
  REQUIRE_THAT(text,
               Contains("network \"a\\x0ab\\x09\\\"c\\\"\\\\d\\x7f\\x00e\""));
  requireEqual(parseConfig(text, "t"), c);
}

TEST_CASE("the binary layout: header, sections, checksums", "[chipcfg][io]") {
  std::string bin = serializeConfig(goldenConfig(), ConfigFormat::Binary);
  REQUIRE(bin.substr(0, 8) == std::string("\x89SNNCFG\n"));
  REQUIRE(le32(bin, 8) == 2);  // version
  REQUIRE(le32(bin, 12) == 7); // sections
  std::vector<Section> s = sections(bin);
  REQUIRE(s.size() == 7);
  const char *tags[] = {"INFO", "LAYR", "PROT", "CORE", "INPT", "OUTP", "END "};
  for (int i = 0; i < 7; ++i) {
    REQUIRE(s[i].tag == tags[i]);
    REQUIRE(le32(bin, s[i].header + 12) ==
            zcrc(bin, s[i].payload, s[i].length));
  }
  REQUIRE(s[6].length == 8);
  REQUIRE(le64(bin, s[6].payload) == bin.size());

  // INFO, computed by hand: strings are varint length + bytes, 256 is the
  // varint 80 02, doubles are little-endian IEEE-754.
  const unsigned char info[] = {
      0x01, 'g',  0x01, 'p',  0x00,       // names, crossbar binary
      0x80, 0x02, 0x80, 0x02, 0x14, 0x00, // 256, 256, 20 bits, unsigned
      0x0f, 0x40, 0x40, 0x01, 0x01,       // delay 15, 64x64, 1x1 chips
      0,    0,    0,    0,    0,    0x40, 0x8f, 0x40, // 1000.0
      0,    0,    0,    0,    0,    0,    0x3a, 0x40, // 26.0
      0,    0,    0,    0,    0,    0,    0,    0,    // 0.0
      0,    0,    0,    0,    0,    0x40, 0x50, 0x40, // 65.0
      0x02, 0x03, 'd',  'o',  'g',  0x0c, 'p',  'o',  // 2 class names
      't',  't',  'e',  'd',  ' ',  'p',  'l',  'a',  'n', 't'};
  REQUIRE(bin.substr(s[0].payload, s[0].length) ==
          std::string(reinterpret_cast<const char *>(info), sizeof info));

  // INPT: 1, 1, 1, one target for the pixel, core 0 axon 0 delay 1.
  REQUIRE(bin.substr(s[4].payload, s[4].length) ==
          std::string("\x01\x01\x01\x01\x00\x00\x01", 7));
  // CORE: one core: prototype 0, x 3 (zigzag 6), y -2 (zigzag 3), level 0,
  // layer 0, fan-outs 1 0 0 0 0, then the target relative to core 0.
  REQUIRE(bin.substr(s[3].payload, s[3].length) ==
          std::string("\x01\x00\x06\x03\x00\x00\x01\x00\x00\x00\x00"
                      "\x00\x01\x02",
                      14));
}

TEST_CASE("binary rows use the smaller of lists and bitmaps", "[chipcfg][io]") {
  // A dense 16x16 binary crossbar: a bitmap (2 bytes per row) beats lists
  // (17 bytes per row).
  ChipConfig c = goldenConfig();
  CorePrototype &p = c.prototypes[0];
  p.axons = 16;
  p.neurons = 16;
  p.axonTypes.assign(16, 2);
  p.rowStart.clear();
  p.column.clear();
  for (uint32_t a = 0; a < 16; ++a) {
    p.rowStart.push_back(uint32_t(p.column.size()));
    for (uint32_t n = 0; n < 16; ++n)
      if (n != a)
        p.column.push_back(n);
  }
  p.rowStart.push_back(uint32_t(p.column.size()));
  p.neuronType.assign(16, 0);
  Core &core = c.cores[0];
  core.targetStart.assign(17, 1);
  core.targetStart[0] = 0;
  c.outputs[0].positive = {ref(0, 15)};
  std::string bin = serializeConfig(c, ConfigFormat::Binary);
  Section prot = sections(bin)[2];
  // count, name, axons, neurons, kind, encoding 1 = bitmap ...
  REQUIRE(bin.substr(prot.payload, 7) ==
          std::string("\x01\x01q\x10\x10\x00\x01", 7));
  requireEqual(parseConfig(bin, "b"), c);
  REQUIRE(serializeConfig(parseConfig(bin, "b"), ConfigFormat::Binary) == bin);

  // Degenerate prototypes: axons without neurons (lists: a bitmap would
  // take no bytes at all) and nothing at all.
  CorePrototype noNeurons;
  noNeurons.name = "axons only";
  noNeurons.axons = 3;
  noNeurons.axonTypes = {0, 1, 2};
  noNeurons.rowStart = {0, 0, 0, 0};
  CorePrototype nothing;
  nothing.rowStart = {0}; // readers give the canonical form
  c.prototypes.push_back(noNeurons);
  c.prototypes.push_back(nothing);
  for (ConfigFormat f : {ConfigFormat::Text, ConfigFormat::Binary}) {
    std::string bytes = serializeConfig(c, f);
    requireEqual(parseConfig(bytes, "b"), c);
    REQUIRE(serializeConfig(parseConfig(bytes, "b"), f) == bytes);
  }
}

TEST_CASE("a flipped byte is detected", "[chipcfg][io]") {
  SECTION("binary: every byte") {
    std::string bin = serializeConfig(sampleBinary(), ConfigFormat::Binary);
    std::vector<Section> s = sections(bin);
    for (size_t i = 0; i < bin.size(); ++i) {
      for (int mask : {0x01, 0x80}) {
        std::string bad = bin;
        bad[i] = char(bad[i] ^ mask);
        std::string e = errorOf(bad);
        REQUIRE_THAT(e, StartsWith("cfg: "));
        bool inPayload = false;
        for (const Section &x : s)
          inPayload |= i >= x.payload && i < x.payload + x.length;
        if (inPayload) {
          INFO("byte " << i);
          REQUIRE_THAT(e, Contains("checksum mismatch") &&
                              Contains("expected") && Contains("found"));
        }
      }
    }
  }
  SECTION("text: every byte after the first line") {
    std::string text = serializeConfig(sampleBinary(), ConfigFormat::Text);
    for (size_t i = text.find('\n') + 1; i < text.size(); ++i) {
      std::string bad = text;
      bad[i] = char(bad[i] ^ 0x01);
      INFO("byte " << i);
      REQUIRE_THAT(errorOf(bad), StartsWith("cfg: ") && Contains("checksum"));
    }
  }
  SECTION("the message gives both checksums") {
    std::string text = serializeConfig(goldenConfig(), ConfigFormat::Text);
    std::string bad = text;
    bad[bad.find("macs=9") + 5] = '8';
    char want[64];
    std::snprintf(want, sizeof want, "expected %08x",
                  zcrc(text, 0, text.rfind("checksum")));
    REQUIRE_THAT(errorOf(bad, "x.cfg"),
                 StartsWith("x.cfg: checksum mismatch: ") && Contains(want));
  }
}

TEST_CASE("every truncation is a clear error", "[chipcfg][io]") {
  for (ConfigFormat f : {ConfigFormat::Binary, ConfigFormat::Text}) {
    std::string full = serializeConfig(sampleBinary(), f);
    REQUIRE_THAT(errorOf(""), Contains("empty file"));
    for (size_t n = 1; n < full.size(); ++n) {
      INFO("format " << int(f) << ", " << n << " of " << full.size()
                     << " bytes");
      REQUIRE_THAT(errorOf(full.substr(0, n)),
                   StartsWith("cfg: ") && Contains("truncated"));
    }
  }
  // The binary message names the section, the byte and the sizes.
  std::string bin = serializeConfig(sampleBinary(), ConfigFormat::Binary);
  Section core = sections(bin)[3];
  REQUIRE_THAT(errorOf(bin.substr(0, core.payload + 3)),
               Contains("section 'CORE' at byte " +
                        std::to_string(core.header) + " declares " +
                        std::to_string(core.length) +
                        " bytes of payload, only 3 remain"));
  REQUIRE_THAT(errorOf(bin.substr(0, 10)),
               Contains("10 bytes, the binary header needs 16"));
  // Cut inside a section whose length was fixed up: the reader says where.
  std::string cut = withPayload(
      bin, "CORE", bin.substr(core.payload, size_t(core.length) - 2));
  REQUIRE_THAT(errorOf(cut),
               Contains("(section 'CORE'): neuron count 2 needs at least 2 "
                        "bytes, only 0 are left in the section (corrupt count "
                        "or truncated file)"));
  // Cut inside a varint.
  std::string inpt = bin.substr(sections(bin)[4].payload, 2);
  REQUIRE_THAT(errorOf(withPayload(bin, "INPT", inpt)),
               Contains("(section 'INPT'): truncated: needs 1 more bytes, 0 "
                        "left in the section"));
}

TEST_CASE("hostile counts are rejected before allocating", "[chipcfg][io]") {
  std::string bin = serializeConfig(sampleBinary(), ConfigFormat::Binary);
  auto start = std::chrono::steady_clock::now();
  // Counts far beyond what the section could hold.
  for (const char *tag : {"LAYR", "PROT", "CORE", "OUTP"}) {
    INFO(tag);
    REQUIRE_THAT(errorOf(withPayload(bin, tag, varint(uint64_t(1) << 62))),
                 Contains(std::string("(section '") + tag + "')") &&
                     Contains("count 4611686018427387904 needs at least"));
  }
  // A string longer than its section.
  REQUIRE_THAT(errorOf(withPayload(bin, "INFO", varint(1000000) + "abc")),
               Contains("network name count 1000000 needs at least 1000000 "
                        "bytes, only 3 are left"));
  // 2^32-1 neurons in a prototype, with nothing behind them.
  std::string prot = varint(1) + varint(1) + "p" + varint(0) +
                     varint(0xffffffff) + std::string("\0\0", 2) + varint(0);
  REQUIRE_THAT(errorOf(withPayload(bin, "PROT", prot)),
               Contains("neuron count 4294967295 needs at least"));
  // 2^32-3 axons of a weighted prototype (no axon type bytes), rows as
  // lists or as a bitmap (found by ChipConfigFuzzer: the row offsets were
  // sized before the rows were checked against the section).
  std::string weighted =
      varint(1) + varint(1) + "w" + varint(0xfffffffd) + varint(2) + "\x01";
  std::string types = varint(0) + std::string("\0\0", 2);
  REQUIRE_THAT(errorOf(withPayload(bin, "PROT", weighted + '\0' + types)),
               Contains("row count 4294967293 needs at least 4294967293 "
                        "bytes, only 0 are left"));
  REQUIRE_THAT(errorOf(withPayload(bin, "PROT", weighted + '\1' + types)),
               Contains("truncated: needs 4294967293 more bytes, 0 left"));
  // A bitmap needs a byte per row, so a prototype without neurons cannot
  // use one.
  std::string empty = varint(1) + varint(1) + "w" + varint(0xfffffffd) +
                      varint(0) + "\x01\x01" + varint(0);
  REQUIRE_THAT(errorOf(withPayload(bin, "PROT", empty)),
               Contains("bitmap rows of a prototype without neurons"));
  // An input map of 2^32-1 squared pixels.
  std::string inpt = varint(0xffffffff) + varint(0xffffffff) + varint(1);
  REQUIRE_THAT(errorOf(withPayload(bin, "INPT", inpt)),
               Contains("pixel count 18446744065119617025"));
  // A varint that never ends, and one beyond 64 bits.
  REQUIRE_THAT(errorOf(withPayload(bin, "LAYR", std::string(5, '\xff'))),
               Contains("truncated"));
  REQUIRE_THAT(
      errorOf(withPayload(bin, "LAYR", std::string(11, '\xff') + '\x01')),
      Contains("varint longer than 64 bits"));
  // Text: a count with nothing behind it.
  std::string text =
      textBody(serializeConfig(goldenConfig(), ConfigFormat::Text));
  text.replace(text.find("cores 1"), 7, "cores 4000000000");
  REQUIRE_THAT(errorOf(withChecksum(text)),
               Contains("expected a 'core' line, found 'input'"));
  auto seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  REQUIRE(seconds < 5);
}

TEST_CASE("version 1 files, without the outputs' latency, still read",
          "[chipcfg][io]") {
  ChipConfig expected = goldenConfig();
  expected.outputs[0].latency = 0;
  expected.classNames.clear();
  // Text: the golden body as version 1 wrote it.
  std::string v1 = kGoldenBody;
  v1.replace(0, 18, "snnc-chip-config 1");
  const std::string field = " latency=1";
  v1.erase(v1.find(field), field.size());
  const std::string classes = "classes 2 \"dog\" \"potted plant\"\n";
  v1.erase(v1.find(classes), classes.size());
  requireEqual(parseConfig(withChecksum(v1), "t"), expected);
  // Binary: OUTP is count 1, name (01 'o'), channels, height, width,
  // decoding, readout delay 2, then version 2's latency byte at offset 8.
  std::string bin = serializeConfig(goldenConfig(), ConfigFormat::Binary);
  const Section outp = sections(bin)[5];
  std::string payload = bin.substr(outp.payload, outp.length);
  REQUIRE(payload.substr(0, 9) ==
          std::string("\x01\x01o\x01\x01\x01\x01\x02\x01", 9));
  payload.erase(8, 1);
  std::string old = withPayload(bin, "OUTP", payload);
  // INFO ends with version 2's class names: 02, 03 "dog", 0c "potted plant".
  const Section info = sections(old)[0];
  old = withPayload(old, "INFO", old.substr(info.payload, info.length - 18));
  put32(old, 8, 1);
  requireEqual(parseConfig(old, "b"), expected);
  // Version 1 text lines have 8 fields, version 2 lines 9.
  std::string mixed = kGoldenBody;
  mixed.erase(mixed.find(field), field.size());
  // ... and name their classes.
  std::string unnamed = kGoldenBody;
  unnamed.erase(unnamed.find(classes), classes.size());
  REQUIRE_THAT(errorOf(withChecksum(unnamed)),
               Contains("expected a 'classes' line, found 'chip'"));
  std::string miscounted = kGoldenBody;
  miscounted.replace(miscounted.find("classes 2"), 9, "classes 3");
  REQUIRE_THAT(errorOf(withChecksum(miscounted)),
               Contains("'classes 3' names 2 classes"));
  REQUIRE_THAT(errorOf(withChecksum(mixed)),
               Contains("'output' line has 8 fields, expected 9"));
}

TEST_CASE("magic, versions and trailing data", "[chipcfg][io]") {
  REQUIRE_THAT(errorOf("hello world", "a.cfg"),
               StartsWith("a.cfg: not a chip configuration: it starts with "
                          "bytes 68 65 6c 6c 6f 20 77 6f"));
  std::string bin = serializeConfig(goldenConfig(), ConfigFormat::Binary);
  std::string v2 = bin;
  put32(v2, 8, 3);
  REQUIRE_THAT(errorOf(v2), Contains("unsupported binary format version 3 "
                                     "(this snnc reads versions 1 to 2)"));
  put32(v2, 8, 0);
  REQUIRE_THAT(errorOf(v2), Contains("unsupported binary format version 0"));
  std::string text =
      textBody(serializeConfig(goldenConfig(), ConfigFormat::Text));
  std::string t2 = text;
  t2.replace(0, 18, "snnc-chip-config 3");
  REQUIRE_THAT(errorOf(withChecksum(t2)),
               Contains("line 1: unsupported text format version 3 (this "
                        "snnc reads versions 1 to 2)"));
  REQUIRE_THAT(errorOf(bin + "x"),
               Contains("1 unexpected bytes after the END section"));
  REQUIRE_THAT(errorOf(withChecksum(text + "extra 1\n")),
               Contains("unexpected 'extra' line after the last output"));
  std::string sectionSwap = bin;
  sectionSwap.replace(sections(bin)[1].header, 4, "LAYX");
  REQUIRE_THAT(errorOf(sectionSwap),
               Contains("expected section 'LAYR', found 'LAYX'"));
}

TEST_CASE("text errors name the line and the field", "[chipcfg][io]") {
  std::string text =
      textBody(serializeConfig(goldenConfig(), ConfigFormat::Text));
  auto edited = [&](const std::string &from, const std::string &to) {
    std::string t = text;
    size_t at = t.find(from);
    REQUIRE(at != std::string::npos);
    t.replace(at, from.size(), to);
    return errorOf(withChecksum(t), "e.cfg");
  };
  REQUIRE_THAT(edited("alpha=5", "alpha=x"),
               Contains("e.cfg: line 10: alpha: 'x' is not an integer"));
  REQUIRE_THAT(edited("alpha=5", "alfa=5"),
               Contains("line 10: expected 'alpha=', found 'alfa=5'"));
  REQUIRE_THAT(edited("row 0 88", "row 0 8G"),
               Contains("line 12: row mask: 'G' is not a hex digit"));
  REQUIRE_THAT(edited("row 0 88", "row 0 8"),
               Contains("row mask has 1 hex digits, expected 2 for 5 neurons"));
  REQUIRE_THAT(edited("row 0 88", "row 0 84"),
               Contains("row mask sets neuron 5, beyond the 5 neurons"));
  REQUIRE_THAT(edited("synapses=2", "synapses=3"),
               Contains("line 8: prototype 'q' declares 3 synapses, its rows "
                        "hold 2"));
  REQUIRE_THAT(edited("axon_types 1 3", "axon_types 1"),
               Contains("1 axon types for 2 axons"));
  REQUIRE_THAT(edited("n 0 0:1:2", "n 0 0:1"),
               Contains("expected 3 ':'-separated numbers, found '0:1'"));
  REQUIRE_THAT(
      edited("n 2\n", "n 7\n"),
      Contains("core 0: line for neuron 7 where neuron 2 was expected"));
  REQUIRE_THAT(edited("network \"g\"", "network \"g"),
               Contains("line 2: unterminated string"));
  REQUIRE_THAT(edited("x=3", "x=99999999999"),
               Contains("x: '99999999999' is not an integer in "
                        "[-2147483648, 2147483647]"));
  REQUIRE_THAT(edited("scale 0.25", "scale 0.2.5"),
               Contains("scale: '0.2.5' is not a number"));
  // After parsing, validate() runs; its message carries the path.
  REQUIRE_THAT(edited("n 0 0:1:2", "n 0 0:7:2"),
               Contains("e.cfg: core 0 neuron 0 target 0: target axon 7 of "
                        "core 0 out of range"));
}

TEST_CASE("serializing an inconsistent configuration is refused",
          "[chipcfg][io]") {
  ChipConfig c = sampleBinary();
  c.cores[0].targets[0].axon = 9;
  REQUIRE_THROWS_WITH(serializeConfig(c, ConfigFormat::Binary),
                      Contains("core 0 neuron 0 target 0: target axon 9"));
}

TEST_CASE("readConfig and writeConfig use files", "[chipcfg][io]") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / "snnc-chipcfg-test";
  fs::create_directories(dir);
  for (ConfigFormat f : {ConfigFormat::Text, ConfigFormat::Binary}) {
    std::string path =
        (dir / (f == ConfigFormat::Text ? "c.txt" : "c.bin")).string();
    writeConfig(sampleWeighted(), path, f);
    requireEqual(readConfig(path), sampleWeighted());
    std::ifstream in(path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)),
                      std::istreambuf_iterator<char>());
    REQUIRE(bytes == serializeConfig(sampleWeighted(), f));
  }
  std::string missing = (dir / "missing.cfg").string();
  REQUIRE_THROWS_WITH(readConfig(missing),
                      StartsWith(missing + ": cannot open"));
  std::string badDir = (dir / "no" / "such" / "dir.cfg").string();
  REQUIRE_THROWS_WITH(writeConfig(sampleWeighted(), badDir, ConfigFormat::Text),
                      StartsWith(badDir + ": cannot open for writing"));
  fs::remove_all(dir);
}
