//===- CompileBindings.cpp - snnc.compile: a detector onto a chip ---------===//
//
// The steps of `snnc compile` (compiler/tools/snnc/CompileCommand.cpp) with
// the options as keywords: the same checks before any work, the same
// calibration choices (CalibrationArgs), compileModel, and the output
// folder replaced whole. The same options write the same configuration
// files; report.json differs only in its provenance.
//
//===----------------------------------------------------------------------===//
#include "python/src/Bindings.h"
#include "python/src/Convert.h"

#include "compiler/chip/ChipDescription.h"
#include "compiler/driver/Compile.h"
#include "compiler/tools/common/CliSupport.h"
#include "compiler/tools/snnc/CalibrationArgs.h"
#include "compiler/tools/snnc/Commands.h"
#include "compiler/tools/snnc/CompileSteps.h"
#include "compiler/tools/snnc/Plots.h"
#include "compiler/tools/snnc/Provenance.h"
#include "runtime/chip/Limits.h"
#include "runtime/support/Error.h"
#include "runtime/support/Files.h"

#include <pybind11/stl.h>

#include <algorithm>
#include <filesystem>
#include <optional>

namespace snnc::python {

namespace {

using Names = std::vector<std::string>;

struct CompileArgs {
  ModelOptions model;
  std::string chip, outDir;
  cli::CalibrationArgs calibration;
  std::string norm, neuron, decode, reset, format, exportImage;
  float percentile = 0;
  std::optional<float> vInit;
  std::string readoutDelay = "auto";
  int ticks = 0, axonCopies = 0, relayCopies = 0, exportTicks = 0;
  int64_t maxChips = 0;
  std::vector<std::string> exports;
  bool dumpIr = false, plots = true, quiet = false;
};

/// The checks CLI11 makes on `snnc compile`'s options, with the same
/// validators, under the keywords' names.
void checkArgs(const CompileArgs &a) {
  checkOption("norm", a.norm, CLI::IsMember(Names{"layer", "channel"}));
  checkOption("neuron", a.neuron, CLI::IsMember(Names{"if", "signed", "ibt"}));
  if (!a.decode.empty())
    checkOption("decode", a.decode, CLI::IsMember(Names{"vmem", "count"}));
  checkOption("percentile", fmt::format("{}", a.percentile),
              CLI::IsMember(std::vector<float>{99.0f, 99.9f, 99.99f, 100.0f}));
  if (a.vInit)
    checkOption("v_init", fmt::format("{}", *a.vInit),
                cli::between(0.0, 0.999));
  checkOption("reset", a.reset, CLI::IsMember(Names{"subtract", "zero"}));
  checkOption("readout_delay", a.readoutDelay, cli::readoutDelayValidator());
  checkOption("ticks", std::to_string(a.ticks), cli::atLeast(1));
  checkOption("axon_copies", std::to_string(a.axonCopies), cli::between(2, 4));
  checkOption("relay_copies", std::to_string(a.relayCopies),
              cli::between(1, 16));
  checkOption("max_chips", std::to_string(a.maxChips), cli::atLeast(0));
  checkOption("format", a.format,
              CLI::IsMember(Names{"binary", "text", "both", "auto"}));
  // CompileCommand's list of exporters.
  for (const std::string &e : a.exports)
    checkOption("export", e,
                CLI::IsMember(Names{"ibm", "ranc", "nir", "none", "auto"}));
  checkOption("export_ticks", std::to_string(a.exportTicks),
              cli::between(1, chipcfg::kMaxTicks));
  checkOption("calib_count", std::to_string(a.calibration.count),
              cli::atLeast(1));
}

/// Every option's value, defaults included, for the provenance.
nlohmann::ordered_json optionsJson(const CompileArgs &a) {
  nlohmann::ordered_json o;
  auto orNull = [](const std::string &s) {
    return s.empty() ? nlohmann::ordered_json(nullptr)
                     : nlohmann::ordered_json(s);
  };
  o["model"] = a.model.cfgPath;
  o["chip"] = a.chip;
  o["out_dir"] = a.outDir;
  o["weights"] = orNull(a.model.weightsPath);
  o["head"] = orNull(a.model.headPath);
  o["random_weights"] = a.model.randomWeights;
  o["seed"] = a.model.seed;
  o["names"] = orNull(a.model.namesPath);
  o["calib_images"] = a.calibration.images;
  o["calib_voc"] = orNull(a.calibration.voc);
  o["calib_split"] = a.calibration.split;
  o["calib_count"] = a.calibration.count;
  o["qat"] = orNull(a.calibration.qat);
  o["no_qat"] = a.calibration.noQat;
  o["norm"] = a.norm;
  o["neuron"] = a.neuron;
  o["decode"] = orNull(a.decode);
  o["percentile"] = a.percentile;
  o["v_init"] = a.vInit ? nlohmann::ordered_json(*a.vInit)
                        : nlohmann::ordered_json(nullptr);
  o["reset"] = a.reset;
  o["readout_delay"] = a.readoutDelay;
  o["ticks"] = a.ticks;
  o["axon_copies"] = a.axonCopies;
  o["relay_copies"] = a.relayCopies;
  o["max_chips"] = a.maxChips;
  o["format"] = a.format;
  o["export"] = a.exports;
  o["export_image"] = orNull(a.exportImage);
  o["export_ticks"] = a.exportTicks;
  o["dump_ir"] = a.dumpIr;
  o["plots"] = a.plots;
  o["quiet"] = a.quiet;
  return o;
}

py::dict compile(const CompileArgs &a) {
  checkArgs(a);
  CompileOptions options;
  options.model = a.model;
  options.chip = a.chip;
  options.outDir = a.outDir;
  ConversionConfig &c = options.conversion;
  c.encoder = "spikes";
  c.maxPool = "comparator";
  c.norm = a.norm;
  c.neuron = a.neuron;
  c.decode = a.decode;
  c.percentile = a.percentile;
  c.vInit = a.vInit.value_or(0.0f);
  c.reset = a.reset;
  cli::setReadoutDelay(options, a.readoutDelay);
  options.ticks = a.ticks;
  options.axonCopies = a.axonCopies;
  options.relayCopies = a.relayCopies;
  options.maxChips = a.maxChips;
  options.format = a.format;
  options.exports = a.exports;
  options.exportImage = a.exportImage;
  options.exportTicks = a.exportTicks;
  options.dumpIr = a.dumpIr;
  options.progress = !a.quiet;

  // As CompileCommand: the chip, the output folder and the images are
  // checked before any work.
  const chip::ChipDescription chip = chip::loadChip(options.chip);
  cli::checkCompileRequest(options, chip);
  cli::resolveCalibration(a.calibration, options, "snnc.compile");
  // A V(0) given explicitly stays (resolveCalibration sets Vth / 2 for QAT
  // when --v-init was not given).
  if (a.vInit)
    c.vInit = *a.vInit;
  cli::setCompileProvenance(options, chip,
                            pythonProvenance("snnc.compile", optionsJson(a)));
  const std::string outDir = options.outDir;
  CompileResult r;
  {
    py::gil_scoped_release release;
    r = cli::compileIntoPlace(options, a.plots);
  }

  py::dict out;
  out["out_dir"] = outDir;
  out["report"] = toPython(nlohmann::ordered_json::parse(r.reportJson));
  out["report_text"] = r.reportText;
  out["files"] = r.files;
  out["notes"] = r.notes;
  py::list stages;
  for (const auto &[name, seconds] : r.stageSeconds)
    stages.append(py::make_tuple(name, seconds));
  out["stage_seconds"] = stages;
  out["peak_rss_mb"] = peakRssMb();
  return out;
}

} // namespace

void bindCompile(py::module_ &m) {
  m.def(
      "compile",
      [](const py::object &model, const py::object &chip,
         const py::object &outDir, const py::object &weights,
         const py::object &head, bool randomWeights, uint64_t seed,
         const py::object &names, const py::object &calibImages,
         const py::object &calibVoc, const std::string &calibSplit,
         size_t calibCount, const py::object &qat, bool noQat,
         const std::string &norm, const std::string &neuron,
         const std::optional<std::string> &decode, float percentile,
         std::optional<float> vInit, const std::string &reset,
         const py::object &readoutDelay, int ticks, int axonCopies,
         int relayCopies, int64_t maxChips, const std::string &format,
         const py::object &exports, const py::object &exportImage,
         int exportTicks, bool dumpIr, bool plots, bool quiet) {
        CompileArgs a;
        a.model.cfgPath = pathOf(model);
        a.model.weightsPath = pathOf(weights);
        a.model.headPath = pathOf(head);
        a.model.randomWeights = randomWeights;
        a.model.seed = seed;
        a.model.namesPath = pathOf(names);
        a.chip = pathOf(chip);
        a.outDir = pathOf(outDir);
        a.calibration.images = pathsOf(calibImages);
        a.calibration.voc = pathOf(calibVoc);
        a.calibration.split = calibSplit;
        a.calibration.count = calibCount;
        a.calibration.qat = pathOf(qat);
        a.calibration.noQat = noQat;
        a.norm = norm;
        a.neuron = neuron;
        a.decode = decode.value_or("");
        a.percentile = percentile;
        a.vInit = vInit;
        a.reset = reset;
        // "auto" or an int, as the CLI's --readout-delay.
        a.readoutDelay = py::isinstance<py::str>(readoutDelay)
                             ? readoutDelay.cast<std::string>()
                             : py::str(readoutDelay).cast<std::string>();
        a.ticks = ticks;
        a.axonCopies = axonCopies;
        a.relayCopies = relayCopies;
        a.maxChips = maxChips;
        a.format = format;
        a.exports = py::isinstance<py::str>(exports)
                        ? std::vector<std::string>{exports.cast<std::string>()}
                        : exports.cast<std::vector<std::string>>();
        a.exportImage = pathOf(exportImage);
        a.exportTicks = exportTicks;
        a.dumpIr = dumpIr;
        a.plots = plots;
        a.quiet = quiet;
        return compile(a);
      },
      py::arg("model"), py::arg("chip") = "truenorth-x",
      py::arg("out_dir") = cli::defaultOutputDir("compile"), py::kw_only(),
      py::arg("weights") = py::none(), py::arg("head") = py::none(),
      py::arg("random_weights") = false, py::arg("seed") = 1,
      py::arg("names") = py::none(), py::arg("calib_images") = py::none(),
      py::arg("calib_voc") = py::none(), py::arg("calib_split") = "train",
      py::arg("calib_count") = cli::kDefaultCalibCount,
      py::arg("qat") = py::none(), py::arg("no_qat") = false,
      py::arg("norm") = "channel", py::arg("neuron") = "ibt",
      py::arg("decode") = py::none(),
      py::arg_v("percentile", cli::kDefaultChipPercentile, "99.9"),
      py::arg("v_init") = py::none(), py::arg("reset") = "subtract",
      py::arg("readout_delay") = "auto", py::arg("ticks") = 256,
      py::arg("axon_copies") = 4, py::arg("relay_copies") = 1,
      py::arg("max_chips") = 0, py::arg("format") = "auto",
      py::arg("export") = Names{"auto"}, py::arg("export_image") = py::none(),
      py::arg("export_ticks") = 64, py::arg("dump_ir") = false,
      py::arg("plots") = true, py::arg("quiet") = false,
      "`snnc compile` as a function; returns a dict (snnc.compile wraps it "
      "in a CompileResult).");
}

} // namespace snnc::python
