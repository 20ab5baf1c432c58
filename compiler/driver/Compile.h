//===- Compile.h - The whole pipeline: darknet to chip config ---*- C++ -*-===//
//
// snnc compile: import -> ann passes -> calibration -> ann-to-snn ->
// snn-quantize -> snn-to-tn -> configuration files, exporters and the
// resource report, with the IR after each stage optionally dumped.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_COMPILER_DRIVER_COMPILE_H
#define SNNC_COMPILER_DRIVER_COMPILE_H

#include "compiler/driver/ModelLoader.h"
#include "compiler/driver/Sweep.h" // ConversionConfig
#include "runtime/snn/SpikingGraph.h"

#include <string>
#include <vector>

namespace snnc {

/// The configuration file names in a compile output folder.
constexpr const char *kConfigBinaryName = "network.snncfg";
constexpr const char *kConfigTextName = "network.snncfg.txt";
/// --export nir: the spiking network (after chip quantization) as NIR.
constexpr const char *kNirName = "network.nir";

/// Everything snnc compile writes into its output folder. A folder holding
/// only these names is a compile output and may be replaced by the next
/// compile; anything else in it makes compile refuse the folder.
const std::vector<std::string> &compileOutputNames();

/// The folder `snnc compile -o OUTDIR` writes: absolute, without a trailing
/// separator, a link resolved to its folder; fails for the current folder,
/// a folder above it and the root (they cannot be replaced whole).
std::string resolveCompileOutputDir(const std::string &outDir);

/// Fails before any work unless `outDir` is absent, empty, or a previous
/// compile output (only compileOutputNames() in it), and can be written.
void checkCompileOutputDir(const std::string &outDir);

/// Replaces `outDir` (absent, empty or a compile output) with the finished
/// `staging` folder: rename the old one aside, rename staging in, remove the
/// old one; a reader never sees a mix of two compilations.
void replaceCompileOutputDir(const std::string &staging,
                             const std::string &outDir);

struct CompileOptions {
  ModelOptions model;
  std::vector<std::string> calibrationImages;
  std::vector<float> percentiles = {99.0f, 99.9f, 99.99f};
  /// Conversion options; `decode` empty: vmem where the chip reads
  /// membrane potentials, count otherwise.
  ConversionConfig conversion;
  std::string chip = "truenorth-x";
  int axonCopies = 4;
  int ticks = 256; ///< Longest run the quantization must hold.
  int64_t maxChips = 0;
  int relayCopies = 1; ///< Staggered copies of each partial-sum relay.
  /// Outputs integrate only after twice their pipeline latency, on top of
  /// conversion.readoutDelay (snnc compile's `--readout-delay auto`, the
  /// default; mapping::MappingOptions::readoutAfterFill).
  bool readoutAfterFill = true;
  std::string outDir = "out";
  bool dumpIr = false;
  /// binary, text, both, or auto (text too when the network is small).
  std::string format = "auto";
  /// Exporters: "ibm" (IBM model file for NSCS/NeMo), "ranc" (RANC
  /// input.json), or "auto": both where the configuration fits their format
  /// and has at most 4096 cores (their JSON grows with every synapse).
  std::vector<std::string> exports = {"auto"};
  /// An image whose input spikes the exports carry (IBM's spikes.json,
  /// RANC's packets) over `exportTicks` chip ticks; empty: no input.
  std::string exportImage;
  int exportTicks = 64;
  /// Optional QAT metadata (compiler/calibration/QatMetadata.h): activation
  /// ceilings replace the calibrated percentiles.
  std::string qatPath;
  bool progress = true;
  /// A JSON object written into report.json as "provenance" (the version,
  /// command line, options and input hashes; snnc's CLI fills it).
  std::string provenanceJson;
};

struct CompileResult {
  std::string reportText, reportJson;
  std::vector<std::string> files; ///< Written, relative to outDir.
  std::vector<std::string> notes; ///< Exports skipped, and why.
  std::vector<std::pair<std::string, double>> stageSeconds;
  double peakRssMb = 0;
};

/// Runs the pipeline; throws snnc::Error on bad input or a failed stage.
CompileResult compileModel(const CompileOptions &options);

/// The pipeline up to snn-quantize, exported for the graph-level simulator
/// (what snn-to-tn maps): for verification against the emulator.
SpikingGraph quantizedGraph(const CompileOptions &options);

/// The process's peak resident set size so far, in MiB.
double peakRssMb();

} // namespace snnc

#endif // SNNC_COMPILER_DRIVER_COMPILE_H
