//===- Sweep.h - Conversion sweeps: mAP vs time steps -----------*- C++ -*-===//
//
// Calibrates a model once, converts it under several ann-to-snn
// configurations, simulates each on an image set with checkpoints in time,
// and evaluates VOC mAP at every checkpoint next to the DNN's.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_COMPILER_DRIVER_SWEEP_H
#define SNNC_COMPILER_DRIVER_SWEEP_H

#include "compiler/driver/ModelLoader.h"
#include "runtime/eval/Dataset.h"

#include <string>
#include <vector>

namespace snnc {

/// One ann-to-snn configuration.
struct ConversionConfig {
  std::string norm = "channel"; ///< layer | channel
  std::string neuron = "ibt";   ///< if | signed | ibt
  std::string decode = "vmem";  ///< vmem | count
  std::string reset = "subtract";
  std::string encoder = "analog";
  std::string maxPool = "spike_count"; ///< spike_count | max_count
  float percentile = 99.9f;
  float vInit = 0.0f;
  int readoutDelay = 0;
  /// Quantize for this chip (snn-quantize) before simulating: the integer
  /// network the chip runs. Empty: float.
  std::string chip;
  int axonCopies = 4;

  /// The ann-to-snn pass options ("norm=channel neuron=ibt ...").
  std::string passOptions() const;
  /// A short label ("channel/ibt/vmem/p99.9/v0").
  std::string label() const;
};

struct SweepOptions {
  ModelOptions model;
  std::vector<std::string> calibrationImages;
  std::vector<float> calibrationPercentiles = {99.0f, 99.9f, 99.99f};
  /// QAT metadata (MODEL.qat.json): its ceilings replace the calibrated
  /// activation percentiles (docs/QAT.md).
  std::string qatPath;
  Dataset evalSet;
  std::vector<ConversionConfig> configs;
  int ticks = 256;
  std::vector<int> checkpoints; ///< Empty: powers of two up to ticks.
  bool progress = true;
};

struct ChannelRates {
  std::string layer;
  std::vector<double> rates; ///< Spikes per neuron per tick, per channel.
};

struct ConfigResult {
  ConversionConfig config;
  std::vector<double> map07, mapAll; ///< Per checkpoint (fractions).
  double synapticEventsPerImage = 0;
  double spikesPerImage = 0;
  std::vector<ChannelRates> channelRates; ///< Spiking layers.
  double secondsPerImage = 0;
};

struct SweepResult {
  std::vector<int> checkpoints;
  /// The reference DNN: with QAT metadata the network as trained
  /// (dnnQuantized), whose float-activation twin is dnnFloatMap07.
  double dnnMap07 = 0, dnnMapAll = 0;
  bool dnnQuantized = false;
  double dnnFloatMap07 = 0;
  int images = 0;
  std::vector<ConfigResult> configs;
  std::string model; ///< Named in the CSV and the plots (the cfg's stem).
};

/// Runs the sweep. Throws snnc::Error on bad input.
SweepResult runSweep(const SweepOptions &options);

/// Writes sweep.csv, firing_rates.csv and table.md into `dir`.
void writeSweepReport(const SweepResult &result, const std::string &dir);

} // namespace snnc

#endif // SNNC_COMPILER_DRIVER_SWEEP_H
