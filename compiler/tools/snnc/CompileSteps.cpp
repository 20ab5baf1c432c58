//===- CompileSteps.cpp - What `snnc compile` does around the pipeline ----===//
#include "compiler/tools/snnc/CompileSteps.h"

#include "compiler/tools/snnc/Plots.h"
#include "compiler/tools/snnc/Provenance.h"
#include "runtime/support/Error.h"
#include "runtime/support/Files.h"

#include <algorithm>
#include <filesystem>

namespace snnc::cli {

CLI::Validator readoutDelayValidator() {
  return CLI::Validator(
      [](std::string &text) -> std::string {
        if (text == "auto")
          return "";
        if (text.empty() ||
            text.find_first_not_of("0123456789") != std::string::npos)
          return "'" + text + "' is neither 'auto' nor a whole number >= 0";
        if (text.size() > 9)
          return text + " ticks is beyond any run";
        return "";
      },
      "auto|INT>=0");
}

void setReadoutDelay(CompileOptions &options, const std::string &value) {
  options.readoutAfterFill = value == "auto";
  options.conversion.readoutDelay =
      options.readoutAfterFill ? 0 : std::stoi(value);
}

void checkCompileRequest(CompileOptions &options,
                         const chip::ChipDescription &chip) {
  for (const char *format : {"ibm", "ranc"})
    if (chip.signedSpikes &&
        std::find(options.exports.begin(), options.exports.end(), format) !=
            options.exports.end())
      fail("{}: the chip ('{}') has signed spikes; the format's spikes are "
           "unsigned (compile for the truenorth profile)",
           std::string(format) == "ibm" ? "IBM model file" : "RANC input",
           chip.name);
  options.outDir = resolveCompileOutputDir(options.outDir);
  checkCompileOutputDir(options.outDir);
}

void setCompileProvenance(CompileOptions &options,
                          const chip::ChipDescription &chip,
                          nlohmann::ordered_json provenance) {
  addModelProvenance(provenance, options.model);
  addChipProvenance(provenance, options.chip);
  addFileProvenance(provenance, "qat", options.qatPath);
  provenance["calibration"] = options.calibrationImages;
  // The conversion as run (defaults that depend on the chip or on QAT
  // resolved), beside the options as given.
  ConversionConfig effective = options.conversion;
  if (effective.decode.empty())
    effective.decode =
        chip.readout == chip::Readout::Membrane ? "vmem" : "count";
  provenance["conversion"] = effective.passOptions();
  provenance["readout_after_fill"] = options.readoutAfterFill;
  options.provenanceJson = provenance.dump();
}

CompileResult compileIntoPlace(CompileOptions options, bool plots) {
  const std::string outDir = options.outDir;
  std::filesystem::path parent = std::filesystem::path(outDir).parent_path();
  makeDirs(parent.empty() ? "." : parent.string());
  options.outDir = temporarySibling(outDir);
  struct RemoveOnFailure {
    std::string path;
    bool keep = false;
    ~RemoveOnFailure() {
      std::error_code ec;
      if (!keep)
        std::filesystem::remove_all(path, ec);
    }
  } staging{options.outDir};
  CompileResult r = compileModel(options);
  if (plots && plotCompileOutput(options.outDir, options.progress)) {
    r.files.push_back("placement.png");
    r.files.push_back("layers.png");
  }
  replaceCompileOutputDir(options.outDir, outDir);
  staging.keep = true;
  return r;
}

} // namespace snnc::cli
