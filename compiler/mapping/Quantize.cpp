//===- Quantize.cpp - Chip integers for a spiking layer -------------------===//

#include "compiler/mapping/Quantize.h"

#include "runtime/support/Error.h"

#include <algorithm>
#include <cmath>

namespace snnc::mapping {

namespace {

/// 2^(bits-1) - 1, the largest value of a signed field of `bits` bits,
/// capped at 2^31 - 1.
int64_t signedMax(int64_t bits) {
  if (bits >= 32)
    return INT32_MAX;
  return (int64_t{1} << (bits - 1)) - 1;
}

/// One tick's input stays below this so that float sums of integers are
/// exact (24-bit significand).
constexpr double kExactFloat = 8388608.0; // 2^23

} // namespace

std::vector<int64_t> typeWeights(int axonCopies) {
  std::vector<int64_t> w;
  for (int q = 0; q + 1 < axonCopies; ++q)
    w.push_back(int64_t{1} << q);
  w.push_back(-(int64_t{1} << (axonCopies - 1)));
  return w;
}

unsigned levelBits(int64_t m, int axonCopies) {
  // k-bit two's complement: m = -2^(k-1) b_{k-1} + sum_{q<k-1} 2^q b_q.
  uint64_t mask = (uint64_t{1} << axonCopies) - 1;
  return static_cast<unsigned>(static_cast<uint64_t>(m) & mask);
}

ChipPrecision precisionOf(const chip::ChipDescription &chip, int axonCopies) {
  ChipPrecision p;
  p.binary = chip.crossbar == chip::CrossbarKind::Binary;
  // Portable neurons are doubled at the end of the mapping (odd
  // potentials, see encodeOddPotentials): quantize within half the range.
  const int64_t spare = chip.portableNeurons ? 1 : 0;
  p.thresholdMax = signedMax(chip.thresholdBits - spare);
  p.leakMax = signedMax(chip.leakBits - spare);
  p.potentialMax = signedMax(chip.potentialBits - spare);
  const int64_t typeMax = signedMax(chip.weightBits - spare);
  p.typeMax = typeMax;
  if (p.binary) {
    if (axonCopies < 2 || axonCopies > chip.axonTypes)
      fail("chip '{}': {} axon copies per input; a binary crossbar with {} "
           "axon types encodes weights with 2 to {} copies",
           chip.name, axonCopies, chip.axonTypes, chip.axonTypes);
    p.axonCopies = axonCopies;
    p.levelMax = (int64_t{1} << (axonCopies - 1)) - 1;
    // The most negative type weighs -2^(k-1) * g.
    p.stepMax = typeMax >> (axonCopies - 1);
    if (p.stepMax < 1)
      fail("chip '{}': {}-bit type weights cannot hold the {}-copy levels "
           "(type weight -{} needs {} bits)",
           chip.name, chip.weightBits, axonCopies,
           int64_t{1} << (axonCopies - 1), axonCopies + 1);
    p.weightMax = p.levelMax * p.stepMax;
  } else {
    p.axonCopies = 1;
    p.weightMax = typeMax;
  }
  return p;
}

QuantizedLayer quantizeLayer(const LayerParams &layer, const ChipPrecision &p) {
  QuantizedLayer q;
  const int64_t C = layer.outC, F = layer.fanIn;
  q.weights.resize(layer.weights.size());
  if (!layer.bias.empty())
    q.bias.resize(C);
  q.vth.resize(C);
  q.vthNeg.resize(layer.vthNeg ? C : 0);
  q.vInit.resize(C);
  q.scale.resize(C);
  q.step.assign(C, 1);
  for (int64_t j = 0; j < C; ++j) {
    const float *w = layer.weights.data() + j * F;
    double amax = 0, asum = 0;
    for (int64_t i = 0; i < F; ++i) {
      amax = std::max(amax, std::fabs(double(w[i])));
      asum += std::fabs(double(w[i]));
    }
    double b = layer.bias.empty() ? 0.0 : layer.bias[j];
    double neg = layer.vthNeg ? *layer.vthNeg : 0.0;
    // The largest scale every integer allows.
    double s =
        amax > 0
            ? double(p.binary ? p.levelMax * p.stepMax : p.weightMax) / amax
            : 1e30;
    s = std::min(s, double(p.thresholdMax) / layer.vth);
    if (neg > 0)
      s = std::min(s, double(p.thresholdMax) / neg);
    if (b != 0)
      s = std::min(s, double(p.leakMax) / std::fabs(b));
    s = std::min(s, kExactFloat / (asum + std::fabs(b) + layer.vth + neg));
    if (layer.relayMax > 0)
      s = std::min(s, double(layer.relayMax) / layer.vth);
    if (layer.membraneOutput)
      s = std::min(s, std::min(double(p.potentialMax), kExactFloat) /
                          (4.0 * layer.ticks * layer.vth));
    bool anyWeight = false, anyInteger = false;
    if (p.binary && amax > 0) {
      // Weights are m * g: the step g sets the scale.
      int64_t g = std::clamp<int64_t>(
          static_cast<int64_t>(std::floor(s * amax / p.levelMax)), 1,
          p.stepMax);
      q.step[j] = g;
      s = double(g) * p.levelMax / amax;
      for (int64_t i = 0; i < F; ++i) {
        int64_t m = std::llround(double(w[i]) * p.levelMax / amax);
        m = std::clamp(m, -p.levelMax, p.levelMax);
        q.weights[j * F + i] = static_cast<float>(m * g);
        anyWeight |= w[i] != 0;
        anyInteger |= m != 0;
      }
    } else {
      for (int64_t i = 0; i < F; ++i) {
        int64_t v = std::clamp<int64_t>(std::llround(double(w[i]) * s),
                                        -p.weightMax, p.weightMax);
        q.weights[j * F + i] = static_cast<float>(v);
        anyWeight |= w[i] != 0;
        anyInteger |= v != 0;
      }
    }
    if (anyWeight && !anyInteger)
      ++q.vanishedChannels;
    q.scale[j] = s;
    q.vth[j] = static_cast<float>(
        std::clamp<int64_t>(std::llround(layer.vth * s), 1, p.thresholdMax));
    if (layer.vthNeg)
      q.vthNeg[j] = static_cast<float>(
          std::clamp<int64_t>(std::llround(neg * s), 1, p.thresholdMax));
    if (!q.bias.empty())
      q.bias[j] = static_cast<float>(
          std::clamp<int64_t>(std::llround(b * s), -p.leakMax, p.leakMax));
    q.vInit[j] = static_cast<float>(std::llround(double(layer.vInit) * s));
  }
  return q;
}

} // namespace snnc::mapping
