//===- Mapper.cpp - Layers of a quantized spiking network into cores -----===//
//
// The mapping's first phase (tileNetwork, the snn-to-tn conversion): every
// graph node in order becomes core groups (convolution tiles, relay sums,
// comparator trees) with spike routes whose delays are still open, plus the
// host's input and output maps. The later phases work on the MappedNetwork
// alone, each a tn pass: splitters (Splitting.cpp, tn-split-fanout), tick
// offsets and delays (Scheduling.cpp, tn-schedule), mesh placement
// (Placement.cpp, tn-place), odd potentials (OddPotentials.cpp,
// tn-finish), the report (MappingReport.cpp).
//
//===----------------------------------------------------------------------===//
#include "compiler/mapping/Mapper.h"

#include "compiler/mapping/CorePacker.h"
#include "compiler/mapping/OddPotentials.h"
#include "compiler/mapping/Placement.h"
#include "runtime/snn/ComparatorTree.h"
#include "runtime/support/Error.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace snnc::mapping {

using namespace chipcfg;

namespace {

constexpr uint32_t kNone = UINT32_MAX;
/// A partial-sum relay's threshold is a share / m of its layer's threshold
/// (m partial sums), by default these (see mapConv).
constexpr int64_t kRelayShareSigned = 2, kRelaySharePairs = 4;

/// Where the spikes of a graph node's elements come from: the host (the
/// encoder's pixels) or chip neurons (global ids; with pairs, the negative
/// half is id + 1).
struct NodeSources {
  bool host = false;
  bool pairs = false;        ///< id + 1 emits the negative spikes.
  bool signedOut = false;    ///< Elements carry negative values.
  std::vector<uint32_t> ids; ///< HWC element -> global neuron id
};

/// A train reaching a consumer: a neuron or a host pixel, and the sign its
/// spikes carry.
struct Train {
  bool host = false;
  uint32_t id = kNone; ///< Neuron id or pixel index (CHW).
  int sign = 1;
};

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

bool isInteger(float v) { return std::nearbyint(v) == v; }

class Mapper {
public:
  Mapper(const SpikingGraph &g, const chip::ChipDescription &chip,
         const MappingOptions &options)
      : g(g), chip(chip), options(options),
        precision(precisionOf(chip, options.axonCopies)) {
    binary = chip.crossbar == chip::CrossbarKind::Binary;
    signedSpikes = chip.signedSpikes;
    unlimited = chip.axonsPerCore == 0 || chip.neuronsPerCore == 0;
    maxAxons = chip.axonsPerCore ? chip.axonsPerCore : options.unlimitedTile;
    maxNeurons =
        chip.neuronsPerCore ? chip.neuronsPerCore : options.unlimitedTile;
    copies = binary ? options.axonCopies : 1;
    net.oddPotentials = chip.portableNeurons;
  }

  MappedNetwork run(MappingTrace *trace);

private:
  // Phase 1.
  void mapEncoder(int ni);
  void mapConv(int ni);
  void mapPool(int ni);
  /// The element (node, HWC index) that (c, y, x) of node `ni` reads,
  /// through upsample and concat.
  std::pair<int, int64_t> resolve(int ni, int64_t c, int64_t y,
                                  int64_t x) const;
  /// The trains of input element (c, y, x) of node `ni`: one, or the
  /// positive and negative halves of a pair.
  void trainsOf(int ni, int64_t c, int64_t y, int64_t x, int sign,
                std::vector<std::pair<Train, int>> &out) const;
  void addInputEdge(const Train &t, uint32_t core, uint32_t axon);
  NeuronType firingType(int64_t alpha, std::optional<int64_t> beta,
                        bool zeroReset, int64_t leak, int64_t vInit) const;
  int64_t checkedInt(const SpikingNode &n, const char *what, float v,
                     int64_t limit, int64_t channel) const;
  /// Sums `relays` (per output: consecutive global ids, `m` of them) into
  /// final neurons of `types`, in as many levels as the core allows.
  std::vector<uint32_t>
  sumRelays(int ni, const std::string &name, std::vector<uint32_t> relays,
            int64_t m, int64_t outputs, const std::vector<int64_t> &channelOf,
            const std::vector<int64_t> &theta, const std::vector<int64_t> &unit,
            bool centred, const std::vector<NeuronType> &finalTypes,
            bool finalPair, const TensorShape &shape);

  const SpikingGraph &g;
  const chip::ChipDescription &chip;
  const MappingOptions &options;
  ChipPrecision precision;
  bool binary = false, signedSpikes = false, unlimited = false;
  int64_t maxAxons = 256, maxNeurons = 256;
  int copies = 1;

  MappedNetwork net;
  std::vector<NodeSources> sources;
  std::vector<std::string> tilings;
  std::vector<int64_t> relayCount, pairCount, comparatorCount;
};

//===----------------------------------------------------------------------===//
// Phase 1: layers into core groups.
//===----------------------------------------------------------------------===//

std::pair<int, int64_t> Mapper::resolve(int ni, int64_t c, int64_t y,
                                        int64_t x) const {
  for (;;) {
    const SpikingNode &n = g.nodes[ni];
    if (n.kind == SpikingKind::Upsample) {
      y /= n.upsample;
      x /= n.upsample;
      ni = n.inputs[0];
      continue;
    }
    if (n.kind == SpikingKind::Concat) {
      for (int in : n.inputs) {
        int64_t inC = g.nodes[in].shape.c;
        if (c < inC) {
          ni = in;
          break;
        }
        c -= inC;
      }
      continue;
    }
    return {ni, (y * n.shape.w + x) * n.shape.c + c};
  }
}

void Mapper::trainsOf(int ni, int64_t c, int64_t y, int64_t x, int sign,
                      std::vector<std::pair<Train, int>> &out) const {
  auto [node, e] = resolve(ni, c, y, x);
  const NodeSources &s = sources[node];
  if (s.host) {
    const TensorShape &sh = g.nodes[node].shape;
    int64_t pixel =
        (e % sh.c * sh.h + e / sh.c / sh.w) * sh.w + e / sh.c % sh.w;
    out.push_back({Train{true, static_cast<uint32_t>(pixel), 1}, sign});
    return;
  }
  uint32_t id = s.ids[e];
  if (id == kNone)
    fail("internal: element {} of '{}' has no neuron", e, g.nodes[node].name);
  out.push_back({Train{false, id, 1}, sign});
  if (s.pairs)
    out.push_back({Train{false, id + 1, -1}, -sign});
}

void Mapper::addInputEdge(const Train &t, uint32_t core, uint32_t axon) {
  if (t.host)
    net.inputEdges.push_back({t.id, {core, axon}});
  else
    net.edges.push_back({t.id, core, axon});
}

NeuronType Mapper::firingType(int64_t alpha, std::optional<int64_t> beta,
                              bool zeroReset, int64_t leak,
                              int64_t vInit) const {
  return mapping::firingType(chip, precision.potentialMax, alpha, beta,
                             zeroReset, leak, vInit);
}

int64_t Mapper::checkedInt(const SpikingNode &n, const char *what, float v,
                           int64_t limit, int64_t channel) const {
  if (!isInteger(v))
    fail("layer '{}': {} {} of output channel {} is not an integer; run "
         "snn-quantize for chip '{}' first",
         n.name, what, v, channel, chip.name);
  int64_t i = static_cast<int64_t>(v);
  if (std::llabs(i) > limit)
    fail("layer '{}': {} {} of output channel {} exceeds the chip's range "
         "(|value| <= {}); run snn-quantize for chip '{}'",
         n.name, what, i, channel, limit, chip.name);
  return i;
}

void Mapper::mapEncoder(int ni) {
  const SpikingNode &n = g.nodes[ni];
  if (n.encoder != EncoderMode::Spikes)
    fail("layer '{}': the chip receives its input as spikes; convert with "
         "--encoder spikes (ann-to-snn encoder=spikes)",
         n.name);
  sources[ni].host = true;
}

/// The step g of a binary channel's weights m * g: the largest divisor of
/// the weights' gcd that fits the type weights and leaves |m| in range.
static int64_t stepOf(const std::vector<int64_t> &w, const ChipPrecision &p,
                      const std::string &layer, int64_t channel) {
  int64_t gcd = 0, amax = 0;
  for (int64_t v : w) {
    gcd = std::gcd<int64_t, int64_t>(gcd, std::llabs(v));
    amax = std::max<int64_t>(amax, std::llabs(v));
  }
  if (gcd == 0)
    return 1;
  for (int64_t d = std::min(gcd, p.stepMax); d >= 1; --d)
    if (gcd % d == 0 && amax / d <= p.levelMax)
      return d;
  fail("layer '{}': the weights of output channel {} (largest {}, common "
       "step {}) need more than {}-copy levels (|m| <= {} with step <= {}); "
       "run snn-quantize with the same axon-copies",
       layer, channel, amax, gcd, p.axonCopies, p.levelMax, p.stepMax);
}

void Mapper::mapConv(int ni) {
  const SpikingNode &n = g.nodes[ni];
  const int in = n.inputs[0];
  const TensorShape &is = g.nodes[in].shape;
  const int64_t Cin = is.c, Hin = is.h, Win = is.w;
  const int64_t Cout = n.shape.c, Hout = n.shape.h, Wout = n.shape.w;
  const int64_t kh = n.kernel[0], kw = n.kernel[1];
  const int64_t sh = n.strides[0], sw = n.strides[1];
  const int64_t pt = n.padding[0], pl = n.padding[1];
  const bool isOutput = n.kind == SpikingKind::Output;
  const bool membrane = isOutput && n.decoding == Decoding::Membrane;
  if (membrane && chip.readout == chip::Readout::Spikes)
    fail("layer '{}': chip '{}' reads spikes only, but the output is decoded "
         "from the membrane potential; convert with --decode count",
         n.name, chip.name);
  const bool outSigned = isOutput ? !membrane : n.negativeSpikes;

  // Input trains per element: 1, or 2 where signed inputs become pairs.
  bool anyPairs = false;
  for (int64_t c = 0; c < Cin; ++c)
    anyPairs |= sources[resolve(in, c, 0, 0).first].pairs;
  const int64_t tIn = anyPairs ? 2 : 1;
  const int64_t perInput = tIn * copies;

  // Integer parameters, checked against the chip.
  const int64_t fan = Cin * kh * kw;
  std::vector<int64_t> W(n.weights.size());
  std::vector<int64_t> step(Cout, 1);
  for (int64_t o = 0; o < Cout; ++o) {
    std::vector<int64_t> row(fan);
    for (int64_t i = 0; i < fan; ++i)
      row[i] = W[o * fan + i] = checkedInt(
          n, "weight", n.weights[o * fan + i],
          binary ? precision.levelMax * precision.stepMax : precision.weightMax,
          o);
    if (binary)
      step[o] = stepOf(row, precision, n.name, o);
  }
  std::vector<int64_t> vth(Cout), vthNeg(Cout), bias(Cout), vInit(Cout);
  for (int64_t o = 0; o < Cout; ++o) {
    float t = n.vthPosC.empty() ? n.vthPos : n.vthPosC[o];
    vth[o] = checkedInt(n, "threshold", t, precision.thresholdMax, o);
    if (!membrane && vth[o] < 1)
      fail("layer '{}': threshold {} of output channel {} must be >= 1", n.name,
           vth[o], o);
    if (outSigned) {
      float tn = isOutput ? t : (n.vthNegC.empty() ? n.vthNeg : n.vthNegC[o]);
      vthNeg[o] =
          checkedInt(n, "negative threshold", tn, precision.thresholdMax, o);
    }
    bias[o] = n.bias.empty()
                  ? 0
                  : checkedInt(n, "bias", n.bias[o], precision.leakMax, o);
    float vi = n.vInitC.empty() ? n.vInit : n.vInitC[o];
    vInit[o] = membrane ? 0
                        : checkedInt(n, "initial potential", vi,
                                     precision.potentialMax, o);
  }

  // Tiling: th x tw outputs x cg channels per core, g input channels per
  // core (g < Cin: partial sums through relays). Fewest cores wins.
  const int64_t npoFinal = (!signedSpikes && outSigned) ? 2 : 1;
  // Relays: up to relayCopies staggered copies per partial sum (below), as
  // many as let the m * k relays of an output reach one summing core: a
  // further summing level would pass their sum on through single relays,
  // one spike a tick, which loses far more than the copies gain (measured
  // on truenorth, m = 43: 4 copies 1.1 mAP, 2 copies 32.7, docs/MAPPING.md).
  const int64_t relaysPerSum =
      std::max<int64_t>(2, maxAxons / (signedSpikes ? 1 : 2));
  auto copiesFor = [&](int64_t m) {
    return std::clamp<int64_t>(relaysPerSum / m, 1, options.relayCopies);
  };
  int64_t axonLimit = maxAxons;
  if (unlimited)
    axonLimit = std::max(axonLimit, kh * kw * Cin * perInput);
  struct Tiling {
    int64_t th = 0, tw = 0, g = 0, cg = 0, m = 0, cost = INT64_MAX;
  } best;
  for (int64_t th = 1; th <= std::min<int64_t>(Hout, 64); ++th)
    for (int64_t tw = 1; tw <= std::min<int64_t>(Wout, 64); ++tw) {
      int64_t winH = (th - 1) * sh + kh, winW = (tw - 1) * sw + kw;
      int64_t gMax = axonLimit / (winH * winW * perInput);
      if (gMax < 1)
        continue;
      int64_t m = ceilDiv(Cin, std::min(Cin, gMax));
      int64_t gsz = ceilDiv(Cin, m);
      const int64_t copies = copiesFor(m);
      int64_t npo = m == 1 ? npoFinal : (signedSpikes ? 1 : 2) * copies;
      int64_t cgMax = maxNeurons / (th * tw * npo);
      if (cgMax < 1)
        continue;
      int64_t cg = std::min(Cout, cgMax);
      int64_t cost =
          ceilDiv(Hout, th) * ceilDiv(Wout, tw) * m * ceilDiv(Cout, cg);
      if (m > 1) {
        // Summing cores: m relays (one axon per copy and sign) per output.
        int64_t outputs = Hout * Wout * Cout;
        cost += ceilDiv(outputs * m * npo, maxAxons) + 1;
      }
      if (cost < best.cost)
        best = {th, tw, gsz, cg, m, cost};
    }
  if (best.cost == INT64_MAX)
    fail("layer '{}': not even one output of a {}x{} kernel over {} input "
         "trains fits a core of {} axons and {} neurons",
         n.name, kh, kw, perInput, maxAxons, maxNeurons);
  const int64_t th = best.th, tw = best.tw, gsz = best.g, cg = best.cg,
                m = best.m;
  const int64_t winH = (th - 1) * sh + kh, winW = (tw - 1) * sw + kw;
  const int64_t k = m == 1 ? 1 : copiesFor(m);
  const int64_t npo = m == 1 ? npoFinal : (signedSpikes ? 1 : 2) * k;
  // Neurons per role: 2 where a mirrored partner follows each (pairs on
  // unsigned-spike chips), else 1.
  const int64_t mirrors = (m == 1 ? npo : npo / k) == 2 ? 2 : 1;

  // Relay thresholds: the weight a relay spike carries into the sum. A
  // relay fires at most once a tick, so a partial sum that grows faster
  // than theta a tick falls behind for good; what it has not passed on at
  // the end stays in its potential. Partial sums of signed inputs run far
  // beyond a 1/m share of the threshold (on the bundled model's 43-way
  // split on truenorth, 99% of them stay below about 7 vth / m a tick), so
  // theta is share * vth / m: 2 with signed spikes, 4 with pairs, the
  // settings compared on training images in docs/MAPPING.md.
  const int64_t relayMax = precision.typeMax;
  //
  // Staggered copies: the k copies of a relay integrate the same partial
  // sum P with thresholds theta = k u and each of their spikes carries u.
  // A relay's potential stays in (-theta, theta): it passes P on rounded
  // towards zero by up to theta, whichever its sign. Initial potentials
  // centred on 0, (j + 1/2) u - theta / 2 for j = 0..k-1, spread the copies
  // so that (sum_j floor(x + j/k) = floor(k x)) together they pass on P
  // rounded to u and shrunk by theta / 2 towards zero, the same for both
  // signs ("centred"). Starting at (j + 1/2) u instead ("rounded") passes
  // positive sums rounded but shrinks negative ones by a whole theta.
  // Measured on the bundled model (training images, docs/MAPPING.md),
  // rounded is a little better with signed spikes (5 partial sums on
  // truenorth-x), centred far better with pairs (43 on truenorth).
  const int64_t share = options.relayShare > 0 ? options.relayShare
                        : signedSpikes         ? kRelayShareSigned
                                               : kRelaySharePairs;
  const bool centred =
      options.relayStart == MappingOptions::RelayStart::Centred ||
      (options.relayStart == MappingOptions::RelayStart::Auto && !signedSpikes);
  std::vector<int64_t> theta(Cout), unit(Cout), vStart(Cout * k);
  for (int64_t o = 0; o < Cout; ++o) {
    int64_t t =
        std::clamp<int64_t>((share * vth[o] + m - 1) / m, 1,
                            std::max<int64_t>(1, std::min(vth[o], relayMax)));
    unit[o] = std::max<int64_t>(1, (t + k / 2) / k);
    theta[o] = unit[o] * k;
    for (int64_t j = 0; j < k; ++j)
      vStart[o * k + j] =
          ((2 * j + 1) * unit[o] - (centred ? theta[o] : 0)) / 2;
  }

  // Neuron types of the final neurons (positive role).
  std::vector<NeuronType> finalTypes(Cout);
  for (int64_t o = 0; o < Cout; ++o) {
    NeuronType t;
    if (membrane) {
      t.fires = false;
      t.alpha = static_cast<int32_t>(precision.thresholdMax);
      t.beta = static_cast<int32_t>(precision.potentialMax);
      t.reset = chipcfg::ResetMode::None;
      t.negative = NegativeMode::Saturate;
      t.leak = static_cast<int32_t>(bias[o]);
    } else {
      t = firingType(
          vth[o], outSigned ? std::optional<int64_t>(vthNeg[o]) : std::nullopt,
          !isOutput && n.reset == snnc::ResetMode::Zero, bias[o], vInit[o]);
    }
    finalTypes[o] = t;
  }

  tilings[ni] = fmt::format(
      "{}x{} outputs x {} ch per core, {} of {} input ch ({} axons)", th, tw,
      cg, gsz, Cin, winH * winW * gsz * perInput);
  if (m > 1)
    tilings[ni] += fmt::format(", {} partial sums", m);

  // Stage 1: the tiles.
  int group = net.newGroup(m == 1 ? n.name : n.name + ".partial", ni,
                           m == 1 ? (isOutput ? "output" : "conv") : "relay");
  const int64_t tilesY = ceilDiv(Hout, th), tilesX = ceilDiv(Wout, tw);
  const int64_t groupsOut = ceilDiv(Cout, cg);
  const std::vector<int64_t> levels =
      binary ? typeWeights(copies) : std::vector<int64_t>{1};
  NodeSources &out = sources[ni];
  out.pairs = npoFinal == 2;
  out.signedOut = outSigned;
  out.ids.assign(n.shape.size(), kNone);
  std::vector<uint32_t> relays; // [output (HWC)][partial] global ids
  if (m > 1)
    relays.assign(n.shape.size() * m * k, kNone);
  std::vector<std::pair<Train, int>> trains;
  for (int64_t gi = 0; gi < m; ++gi) {
    const int64_t ci0 = gi * gsz, gn = std::min(gsz, Cin - ci0);
    if (gn <= 0)
      continue;
    for (int64_t cgi = 0; cgi < groupsOut; ++cgi) {
      const int64_t co0 = cgi * cg, cn = std::min(cg, Cout - co0);
      // The prototype: axon ((wy * winW + wx) * gn + ci) * tIn + train) *
      // copies + copy; neuron ((py * tw + px) * cn + co) * npo + role.
      CorePrototype proto;
      proto.name = fmt::format("{}.g{}.c{}", n.name, gi, cgi);
      proto.axons = static_cast<uint32_t>(winH * winW * gn * perInput);
      proto.neurons = static_cast<uint32_t>(th * tw * cn * npo);
      proto.kind = binary ? CrossbarKind::Binary : CrossbarKind::Weighted;
      std::vector<std::vector<std::pair<uint32_t, int32_t>>> rows(proto.axons);
      for (int64_t py = 0; py < th; ++py)
        for (int64_t px = 0; px < tw; ++px)
          for (int64_t co = 0; co < cn; ++co) {
            int64_t o = co0 + co;
            uint32_t neuron =
                static_cast<uint32_t>(((py * tw + px) * cn + co) * npo);
            for (int64_t ci = 0; ci < gn; ++ci)
              for (int64_t ky = 0; ky < kh; ++ky)
                for (int64_t kx = 0; kx < kw; ++kx) {
                  int64_t w = W[((o * Cin + ci0 + ci) * kh + ky) * kw + kx];
                  if (w == 0)
                    continue;
                  int64_t wy = py * sh + ky, wx = px * sw + kx;
                  for (int64_t tr = 0; tr < tIn; ++tr) {
                    int64_t signedW = tr == 0 ? w : -w;
                    int64_t base =
                        (((wy * winW + wx) * gn + ci) * tIn + tr) * copies;
                    if (binary) {
                      unsigned bits = levelBits(signedW / step[o], copies);
                      for (int q = 0; q < copies; ++q)
                        if (bits >> q & 1)
                          for (int64_t r = 0; r < npo; ++r)
                            rows[base + q].push_back(
                                {neuron + static_cast<uint32_t>(r), 1});
                    } else {
                      for (int64_t r = 0; r < npo; ++r)
                        rows[base].push_back(
                            {neuron + static_cast<uint32_t>(r),
                             static_cast<int32_t>(
                                 mirrors == 2 && r % 2 ? -signedW : signedW)});
                    }
                  }
                }
          }
      proto.rowStart.push_back(0);
      for (auto &row : rows) {
        std::sort(row.begin(), row.end());
        for (auto [j, w] : row) {
          proto.column.push_back(j);
          if (!binary)
            proto.weight.push_back(w);
        }
        proto.rowStart.push_back(static_cast<uint32_t>(proto.column.size()));
      }
      if (binary)
        for (uint32_t a = 0; a < proto.axons; ++a)
          proto.axonTypes.push_back(static_cast<uint8_t>(a % copies));
      // Neuron types per (channel, role): roles are the relay copies and,
      // on unsigned-spike chips, each one's mirrored partner.
      for (int64_t co = 0; co < cn; ++co) {
        int64_t o = co0 + co;
        for (int64_t j = 0; j < npo / mirrors; ++j) {
          NeuronType t = m == 1 ? finalTypes[o]
                                : firingType(theta[o], theta[o], false, 0,
                                             vStart[o * k + j]);
          if (binary)
            for (int q = 0; q < copies; ++q)
              t.weights[q] = static_cast<int32_t>(levels[q] * step[o]);
          proto.neuronTypes.push_back(t);
          if (mirrors == 2)
            proto.neuronTypes.push_back(mirrorType(t, net.oddPotentials));
        }
      }
      for (int64_t p = 0; p < th * tw; ++p)
        for (int64_t co = 0; co < cn; ++co)
          for (int64_t r = 0; r < npo; ++r)
            proto.neuronType.push_back(static_cast<uint16_t>(co * npo + r));
      if (proto.neuronTypes.size() > 65535)
        fail("layer '{}': {} neuron types in one core", n.name,
             proto.neuronTypes.size());
      std::vector<char> axonUsed(proto.axons);
      for (uint32_t a = 0; a < proto.axons; ++a)
        axonUsed[a] = proto.rowStart[a + 1] > proto.rowStart[a];
      uint32_t protoIndex = net.addPrototype(std::move(proto));

      for (int64_t ty = 0; ty < tilesY; ++ty)
        for (int64_t tx = 0; tx < tilesX; ++tx) {
          uint32_t core =
              net.addCore(protoIndex, group,
                          {std::min(1.0f, (ty + 0.5f) * th / Hout),
                           std::min(1.0f, (tx + 0.5f) * tw / Wout)});
          // Neurons of real outputs.
          for (int64_t py = 0; py < th; ++py)
            for (int64_t px = 0; px < tw; ++px) {
              int64_t oy = ty * th + py, ox = tx * tw + px;
              if (oy >= Hout || ox >= Wout)
                continue;
              for (int64_t co = 0; co < cn; ++co) {
                uint32_t id = net.globalId(
                    core,
                    static_cast<uint32_t>(((py * tw + px) * cn + co) * npo));
                int64_t e = (oy * Wout + ox) * Cout + co0 + co;
                if (m == 1)
                  out.ids[e] = id;
                else
                  for (int64_t j = 0; j < k; ++j)
                    relays[(e * m + gi) * k + j] =
                        id + static_cast<uint32_t>(j * mirrors);
              }
            }
          // Routes into the window's axons.
          const int64_t iy0 = ty * th * sh - pt, ix0 = tx * tw * sw - pl;
          for (int64_t wy = 0; wy < winH; ++wy) {
            int64_t iy = iy0 + wy;
            if (iy < 0 || iy >= Hin)
              continue;
            for (int64_t wx = 0; wx < winW; ++wx) {
              int64_t ix = ix0 + wx;
              if (ix < 0 || ix >= Win)
                continue;
              for (int64_t ci = 0; ci < gn; ++ci) {
                trains.clear();
                trainsOf(in, ci0 + ci, iy, ix, 1, trains);
                for (size_t tr = 0; tr < trains.size(); ++tr) {
                  int64_t base =
                      (((wy * winW + wx) * gn + ci) * tIn + int64_t(tr)) *
                      copies;
                  for (int q = 0; q < copies; ++q)
                    if (axonUsed[base + q])
                      addInputEdge(trains[tr].first, core,
                                   static_cast<uint32_t>(base + q));
                }
              }
            }
          }
        }
    }
  }
  if (m > 1) {
    relayCount[ni] += static_cast<int64_t>(relays.size()) * mirrors;
    std::vector<int64_t> channelOf(n.shape.size());
    for (int64_t e = 0; e < n.shape.size(); ++e)
      channelOf[e] = e % Cout;
    std::vector<uint32_t> finals = sumRelays(
        ni, n.name, std::move(relays), m * k, n.shape.size(), channelOf, theta,
        unit, centred, finalTypes, npoFinal == 2, n.shape);
    out.ids = std::move(finals);
  }
  pairCount[ni] += npoFinal == 2 ? n.shape.size() : 0;
}

std::vector<uint32_t> Mapper::sumRelays(
    int ni, const std::string &name, std::vector<uint32_t> relays, int64_t m,
    int64_t outputs, const std::vector<int64_t> &channelOf,
    const std::vector<int64_t> &theta, const std::vector<int64_t> &unit,
    bool centred, const std::vector<NeuronType> &finalTypes, bool finalPair,
    const TensorShape &shape) {
  auto spotOf = [&](int64_t e) {
    int64_t pixel = e / shape.c;
    return std::pair<float, float>{(pixel / shape.w + 0.5f) / shape.h,
                                   (pixel % shape.w + 0.5f) / shape.w};
  };
  const int64_t tRelay = signedSpikes ? 1 : 2;
  const int64_t perCore = std::max<int64_t>(2, maxAxons / tRelay);
  int level = 0;
  // What a spike of the incoming relays carries: u from the staggered
  // copies, then theta from a summing level's single relays.
  std::vector<int64_t> carried = unit;
  while (m > perCore) {
    // An intermediate level: chunks of perCore relays into one relay.
    ++level;
    int64_t chunks = ceilDiv(m, perCore);
    int group = net.newGroup(fmt::format("{}.sum{}", name, level), ni, "relay");
    std::vector<uint32_t> next(outputs * chunks, kNone);
    {
      CorePacker packer(net, group, binary, maxAxons, maxNeurons);
      for (int64_t e = 0; e < outputs; ++e) {
        int64_t o = channelOf[e];
        for (int64_t k = 0; k < chunks; ++k) {
          LogicalNeuron ln;
          ln.unit = static_cast<int32_t>(carried[o]);
          for (int64_t r = k * perCore; r < std::min(m, (k + 1) * perCore);
               ++r) {
            uint32_t id = relays[e * m + r];
            ln.inputs.push_back({id, ln.unit});
            if (!signedSpikes)
              ln.inputs.push_back({id + 1, -ln.unit});
          }
          ln.type = firingType(theta[o], theta[o], false, 0,
                               centred ? 0 : theta[o] / 2);
          ln.pair = !signedSpikes;
          ln.spot = spotOf(e);
          next[e * chunks + k] = packer.add(ln);
        }
      }
    }
    relayCount[ni] += outputs * chunks * (signedSpikes ? 1 : 2);
    relays = std::move(next);
    m = chunks;
    carried = theta;
  }
  int group = net.newGroup(name, ni, "sum");
  std::vector<uint32_t> finals(outputs, kNone);
  CorePacker packer(net, group, binary, maxAxons, maxNeurons);
  for (int64_t e = 0; e < outputs; ++e) {
    int64_t o = channelOf[e];
    LogicalNeuron ln;
    ln.unit = static_cast<int32_t>(carried[o]);
    for (int64_t r = 0; r < m; ++r) {
      uint32_t id = relays[e * m + r];
      ln.inputs.push_back({id, ln.unit});
      if (!signedSpikes)
        ln.inputs.push_back({id + 1, -ln.unit});
    }
    ln.type = finalTypes[o];
    ln.pair = finalPair;
    ln.spot = spotOf(e);
    finals[e] = packer.add(ln);
  }
  packer.flush();
  return finals;
}

void Mapper::mapPool(int ni) {
  const SpikingNode &n = g.nodes[ni];
  if (n.pool != PoolStrategy::Comparator)
    fail("layer '{}': max-pool strategy '{}' has no chip neuron mapping; "
         "convert with --max-pool comparator",
         n.name,
         n.pool == PoolStrategy::MaxCount ? "max_count" : "spike_count");
  const int in = n.inputs[0];
  const TensorShape &is = g.nodes[in].shape;
  const int64_t C = n.shape.c, H = n.shape.h, W = n.shape.w;
  const int64_t kh = n.kernel[0], kw = n.kernel[1];
  const int64_t window = kh * kw;
  std::vector<ComparatorTree> trees;
  int depth = 0;
  for (int64_t k = 0; k <= window; ++k) {
    trees.push_back(
        buildComparatorTree(static_cast<int>(std::max<int64_t>(k, 1))));
    depth = std::max(depth, trees.back().depth);
  }
  // Comparator level of each comparator of each tree.
  auto levelsOf = [](const ComparatorTree &t) {
    std::vector<int> lv(t.comparators.size());
    for (size_t k = 0; k < t.comparators.size(); ++k) {
      int l = 0;
      for (const auto *list : {&t.comparators[k].plus, &t.comparators[k].minus})
        for (int tr : *list)
          if (tr >= t.inputs)
            l = std::max(l, lv[tr - t.inputs]);
      lv[k] = l + 1;
    }
    return lv;
  };
  std::vector<std::vector<int>> treeLevels;
  for (const ComparatorTree &t : trees)
    treeLevels.push_back(levelsOf(t));

  const int64_t outputs = n.shape.size();
  std::vector<int32_t> count(outputs, 0);
  std::vector<std::vector<std::pair<Train, int>>> leafTrains(window);
  std::vector<uint32_t> cmpIds(outputs * std::max<int64_t>(window - 1, 1),
                               kNone);
  auto spotOf = [&](int64_t e) {
    return std::pair<float, float>{(e / C / W + 0.5f) / H,
                                   (e / C % W + 0.5f) / W};
  };
  // Leaves of element e (in-image window inputs, row-major).
  auto leavesOf = [&](int64_t e, int &k) {
    int64_t c = e % C, ox = e / C % W, oy = e / C / W;
    k = 0;
    for (int64_t ky = 0; ky < kh; ++ky)
      for (int64_t kx = 0; kx < kw; ++kx) {
        int64_t iy = oy * n.strides[0] - n.padding[0] + ky;
        int64_t ix = ox * n.strides[1] - n.padding[1] + kx;
        if (iy < 0 || iy >= is.h || ix < 0 || ix >= is.w)
          continue;
        leafTrains[k].clear();
        trainsOf(in, c, iy, ix, 1, leafTrains[k]);
        ++k;
      }
  };
  auto addTrain = [&](LogicalNeuron &ln, int64_t e, const ComparatorTree &t,
                      int tr, int sign) {
    if (tr < t.inputs) {
      for (auto &[train, s] : leafTrains[tr]) {
        if (train.host)
          fail("layer '{}': a max-pool directly on the input image is not "
               "supported on the chip",
               n.name);
        ln.inputs.push_back({train.id, sign * s});
      }
    } else {
      ln.inputs.push_back(
          {cmpIds[e * std::max<int64_t>(window - 1, 1) + (tr - t.inputs)],
           sign});
    }
  };
  for (int level = 1; level <= depth; ++level) {
    int group =
        net.newGroup(fmt::format("{}.cmp{}", n.name, level), ni, "comparator");
    CorePacker packer(net, group, binary, maxAxons, maxNeurons);
    for (int64_t e = 0; e < outputs; ++e) {
      int k;
      leavesOf(e, k);
      if (k == 0)
        continue;
      const ComparatorTree &t = trees[k];
      for (size_t j = 0; j < t.comparators.size(); ++j) {
        if (treeLevels[k][j] != level)
          continue;
        LogicalNeuron ln;
        for (int tr : t.comparators[j].plus)
          addTrain(ln, e, t, tr, 1);
        for (int tr : t.comparators[j].minus)
          addTrain(ln, e, t, tr, -1);
        ln.type = firingType(1, std::nullopt, false, 0, 0);
        ln.spot = spotOf(e);
        cmpIds[e * std::max<int64_t>(window - 1, 1) + j] = packer.add(ln);
        ++comparatorCount[ni];
      }
    }
  }
  int group = net.newGroup(n.name, ni, "pool");
  NodeSources &out = sources[ni];
  out.pairs = !signedSpikes;
  out.signedOut = true;
  out.ids.assign(outputs, kNone);
  CorePacker packer(net, group, binary, maxAxons, maxNeurons);
  for (int64_t e = 0; e < outputs; ++e) {
    int k;
    leavesOf(e, k);
    if (k == 0)
      fail("layer '{}': output element {} has an empty window", n.name, e);
    const ComparatorTree &t = trees[k];
    LogicalNeuron ln;
    for (int tr : t.output)
      addTrain(ln, e, t, tr, 1);
    ln.type = firingType(1, 1, false, 0, 0);
    ln.pair = !signedSpikes;
    ln.spot = spotOf(e);
    out.ids[e] = packer.add(ln);
  }
  packer.flush();
  pairCount[ni] += signedSpikes ? 0 : outputs;
  tilings[ni] =
      fmt::format("{}x{} window: comparator tree of depth {}", kh, kw, depth);
}

//===----------------------------------------------------------------------===//
// The tiled network.
//===----------------------------------------------------------------------===//

MappedNetwork Mapper::run(MappingTrace *trace) {
  g.validate();
  if (unlimited && options.unlimitedTile < 2)
    fail("unlimited-tile is {}; the tiles of a chip without a core size "
         "limit need at least 2 axons and neurons",
         options.unlimitedTile);
  sources.resize(g.nodes.size());
  tilings.resize(g.nodes.size());
  relayCount.assign(g.nodes.size(), 0);
  pairCount.assign(g.nodes.size(), 0);
  comparatorCount.assign(g.nodes.size(), 0);
  net.neuronBase.push_back(0);
  for (size_t ni = 0; ni < g.nodes.size(); ++ni) {
    switch (g.nodes[ni].kind) {
    case SpikingKind::Encoder:
      mapEncoder(static_cast<int>(ni));
      break;
    case SpikingKind::SpikingConv:
    case SpikingKind::Output:
      mapConv(static_cast<int>(ni));
      break;
    case SpikingKind::SpikingMaxPool:
      mapPool(static_cast<int>(ni));
      break;
    case SpikingKind::Upsample:
    case SpikingKind::Concat:
      break; // Routing only: resolved by the readers.
    }
  }

  // One row per layer that owns cores; groups name their row from now on.
  std::vector<int> rowOf(g.nodes.size(), -1);
  for (size_t ni = 0; ni < g.nodes.size(); ++ni) {
    const SpikingNode &n = g.nodes[ni];
    if (n.kind != SpikingKind::SpikingConv && n.kind != SpikingKind::Output &&
        n.kind != SpikingKind::SpikingMaxPool)
      continue;
    rowOf[ni] = static_cast<int>(net.layers.size());
    LayerStats r;
    r.name = n.name;
    r.kind = n.kind == SpikingKind::SpikingMaxPool ? "max_pool"
             : n.kind == SpikingKind::Output       ? "output"
                                                   : "conv";
    r.tiling = tilings[ni];
    r.relays = relayCount[ni];
    r.pairNeurons = pairCount[ni];
    r.comparators = comparatorCount[ni];
    if (n.kind != SpikingKind::SpikingMaxPool)
      r.macs = uint64_t(n.shape.size()) * g.nodes[n.inputs[0]].shape.c *
               n.kernel[0] * n.kernel[1];
    net.layers.push_back(std::move(r));
  }
  for (CoreGroup &grp : net.groups) {
    const SpikingNode &n = g.nodes[grp.node];
    // The DNN layer's MACs go with the group that produces its output.
    if ((grp.role == "conv" || grp.role == "output" || grp.role == "sum") &&
        n.kind != SpikingKind::SpikingMaxPool)
      grp.macs = net.layers[rowOf[grp.node]].macs;
    grp.node = rowOf[grp.node];
  }
  net.syncLayerInfo();

  ChipConfig &cfg = net.config;
  cfg.network = g.name;
  ChipInfo &ci = cfg.chip;
  ci.profile = chip.name;
  ci.crossbar = binary ? CrossbarKind::Binary : CrossbarKind::Weighted;
  ci.axonsPerCore = static_cast<uint32_t>(chip.axonsPerCore);
  ci.neuronsPerCore = static_cast<uint32_t>(chip.neuronsPerCore);
  ci.potentialBits = static_cast<uint32_t>(chip.potentialBits);
  ci.signedSpikes = signedSpikes;
  ci.maxDelay = static_cast<uint32_t>(chip.maxDelay);
  ci.coresX = static_cast<uint32_t>(chip.coresX);
  ci.coresY = static_cast<uint32_t>(chip.coresY);
  ci.tickHz = chip.tickHz;
  ci.synapticEventPj = chip.synapticEventPj;
  ci.hopPj = chip.hopPj;
  ci.staticPowerMw = chip.staticPowerMw;

  // Routes per neuron, delays open until the network is scheduled.
  net.edgesToTargets();
  // Input: pixels in CHW order.
  const SpikingNode &enc = g.input();
  InputMap &im = cfg.input;
  im.channels = static_cast<uint32_t>(enc.shape.c);
  im.height = static_cast<uint32_t>(enc.shape.h);
  im.width = static_cast<uint32_t>(enc.shape.w);
  std::sort(net.inputEdges.begin(), net.inputEdges.end());
  im.targetStart.assign(enc.shape.size() + 1, 0);
  for (auto &ie : net.inputEdges)
    ++im.targetStart[ie.first + 1];
  for (int64_t p = 0; p < enc.shape.size(); ++p)
    im.targetStart[p + 1] += im.targetStart[p];
  for (auto &ie : net.inputEdges)
    im.targets.push_back({ie.second.first, ie.second.second, 0});
  net.inputEdges.clear();
  // Outputs; their latency and readout delay follow from the schedule.
  for (int oi : g.outputs) {
    const SpikingNode &n = g.nodes[oi];
    OutputMap om;
    om.name = n.name;
    om.channels = static_cast<uint32_t>(n.shape.c);
    om.height = static_cast<uint32_t>(n.shape.h);
    om.width = static_cast<uint32_t>(n.shape.w);
    om.decoding = n.decoding == Decoding::Membrane ? OutputDecoding::Membrane
                                                   : OutputDecoding::SpikeCount;
    for (int64_t c = 0; c < n.shape.c; ++c) {
      float vth = n.vthPosC.empty() ? n.vthPos : n.vthPosC[c];
      om.scale.push_back(om.decoding == OutputDecoding::Membrane
                             ? n.outputScale[c]
                             : n.outputScale[c] * vth);
    }
    const NodeSources &s = sources[oi];
    for (int64_t c = 0; c < n.shape.c; ++c)
      for (int64_t y = 0; y < n.shape.h; ++y)
        for (int64_t x = 0; x < n.shape.w; ++x) {
          uint32_t id = s.ids[(y * n.shape.w + x) * n.shape.c + c];
          auto [core, neuron] = net.locate(id);
          om.positive.push_back({core, neuron});
          if (s.pairs)
            om.negative.push_back({core, neuron + 1});
        }
    om.readoutDelay = static_cast<uint32_t>(n.readoutDelay);
    om.isRegion = n.isRegion;
    om.region = n.region;
    om.yolo = n.yolo;
    cfg.outputs.push_back(std::move(om));
  }
  if (trace) {
    trace->nodes.assign(g.nodes.size(), {});
    for (size_t ni = 0; ni < g.nodes.size(); ++ni) {
      trace->nodes[ni].pairs = sources[ni].pairs;
      for (uint32_t id : sources[ni].ids) {
        auto [core, neuron] = net.locate(id);
        trace->nodes[ni].neurons.push_back({core, neuron});
      }
    }
  }
  return std::move(net);
}

} // namespace

MappedNetwork tileNetwork(const SpikingGraph &graph,
                          const chip::ChipDescription &chip,
                          const MappingOptions &options, MappingTrace *trace) {
  return Mapper(graph, chip, options).run(trace);
}

ChipConfig mapNetwork(const SpikingGraph &graph,
                      const chip::ChipDescription &chip,
                      const MappingOptions &options, MappingReport &report,
                      MappingTrace *trace) {
  MappedNetwork net = tileNetwork(graph, chip, options, trace);
  splitFanout(net, chip, options);
  scheduleNetwork(net, chip, options);
  placeNetwork(net, chip, options);
  finishNetwork(net, chip);
  report = reportOf(net, chip);
  net.config.validate();
  return std::move(net.config);
}

} // namespace snnc::mapping
