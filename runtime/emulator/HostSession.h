//===- HostSession.h - The host's detection loop over a chip ----*- C++ -*-===//
//
// What a host computer does around a configured chip: preprocess an image
// to the network's input size, encode it into input spikes tick by tick
// (ChipConfig's InputMap: an integrate-and-fire encoder per pixel, the
// graph-level simulator's `encoder=spikes`, bit for bit), run the ticks
// through a ChipPort, read the outputs at checkpoints (OutputMap: membrane
// potentials through readout(), or spike counts from step()), apply the
// heads' activation and decode detections with per-class NMS.
//
// The session only talks to the chip through ChipPort, so it gives the
// same results in process (makeLocalChip) and over the hardware-in-the-loop
// socket (runtime/hil). docs/EMULATOR.md describes encoding and decoding.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_EMULATOR_HOSTSESSION_H
#define SNNC_RUNTIME_EMULATOR_HOSTSESSION_H

#include "runtime/chip/ChipConfig.h"
#include "runtime/detection/Detection.h"
#include "runtime/emulator/ChipPort.h"
#include "runtime/image/Image.h"
#include "runtime/inference/Detector.h" // DetectorOptions, Tensor

#include <cstdint>
#include <string>
#include <vector>

namespace snnc::emu {

/// The configuration file `snnc compile` writes into its output folder: the
/// binary form, or else the text form (runtime/chip/ConfigIO.h).
inline constexpr const char *kConfigFileName = "network.snncfg";
inline constexpr const char *kConfigTextFileName = "network.snncfg.txt";

/// The configuration file in `outDir` (kConfigFileName, else
/// kConfigTextFileName); throws snnc::Error naming both when neither
/// exists.
std::string findConfigFile(const std::string &outDir);

struct HostRunOptions {
  int ticks = 64;
  /// Ticks (1..ticks) at which to decode the outputs, any order (duplicates
  /// merged); empty: {ticks}.
  std::vector<int> checkpoints;
  /// Apply the region/yolo activation to the decoded heads.
  bool activateHeads = true;
  /// Also snapshot the per-core counters at every checkpoint (energy vs
  /// ticks); one counters request per checkpoint.
  bool countersAtCheckpoints = false;
};

struct HostRunResult {
  std::vector<int> checkpoints; ///< Sorted, unique.
  /// [checkpoint][output]: CHW tensors, decoded (and activated).
  std::vector<std::vector<Tensor>> heads;
  uint64_t inputSpikes = 0;     ///< Pixel spikes the encoder produced.
  uint64_t inputAxonSpikes = 0; ///< Axon spikes sent (spikes x targets).
  /// Per-core counters of this image (the port is reset before it).
  std::vector<CoreCounters> counters;
  /// [checkpoint]: the counters after that checkpoint's tick (with
  /// countersAtCheckpoints).
  std::vector<std::vector<CoreCounters>> checkpointCounters;
};

/// The host's pixel encoder over a configuration's input map: per pixel an
/// integrate-and-fire neuron (threshold 1, reset by subtraction, V(0) = 0)
/// that sends a spike to every target of the pixel when it fires.
class PixelEncoder {
public:
  /// `image`: CHW, the input map's shape (checked by the caller).
  PixelEncoder(const chipcfg::InputMap &map, const Tensor &image);
  /// Replaces `out` with the axon spikes (and their delays) of the next
  /// tick; returns how many pixels fired.
  uint64_t next(std::vector<std::pair<AxonSpike, uint32_t>> &out);

private:
  const chipcfg::InputMap &map;
  const Tensor &image;
  std::vector<float> potential;
};

/// A host spike as the export formats write it: sent in tick `tick` (from
/// 0), integrated by `axon` of `core` one tick later.
struct TimedAxonSpike {
  uint32_t tick = 0, core = 0, axon = 0;
};

/// The input spikes of `image` (CHW, the input map's shape) over chip ticks
/// 1..ticks, as HostSession::run sends them: a pixel spike of tick t to a
/// target of delay d is integrated in tick t + d, so it is sent in tick
/// t + d - 1. Sorted by tick, then as encoded.
std::vector<TimedAxonSpike> encodeInput(const chipcfg::ChipConfig &config,
                                        const Tensor &image, int ticks);

class HostSession {
public:
  /// `config` is the host's copy of the configuration the port was (or will
  /// be) configured with; both must outlive the session. Checks the input
  /// and output maps against the cores (throws snnc::Error).
  HostSession(const chipcfg::ChipConfig &config, ChipPort &port);

  /// Resizes (or letterboxes) an image to the input size.
  Tensor preprocess(const Image &image, bool letterbox) const;

  /// The spikes pixel value `v` sends in ticks 1..ticks (the encoder alone;
  /// for tests and documentation): element t-1 is 1 when it fires in t.
  static std::vector<uint8_t> encodePixel(float v, int ticks);

  /// Resets the chip, tells it which neurons to watch, encodes `image` (CHW,
  /// the input map's shape) for `options.ticks` ticks and decodes the
  /// outputs at every checkpoint.
  HostRunResult run(const Tensor &image, const HostRunOptions &options);

  /// Detections of one checkpoint's activated heads, in the pixel
  /// coordinates of an imageW x imageH original.
  Detections decode(const std::vector<Tensor> &heads, int imageW, int imageH,
                    const DetectorOptions &options) const;

  const chipcfg::ChipConfig &config() const { return cfg; }

private:
  const chipcfg::ChipConfig &cfg;
  ChipPort &port;
};

} // namespace snnc::emu

#endif // SNNC_RUNTIME_EMULATOR_HOSTSESSION_H
