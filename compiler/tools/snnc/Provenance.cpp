//===- Provenance.cpp - What made a result: version, command, inputs ------===//
#include "compiler/tools/snnc/Provenance.h"

#include "compiler/chip/ChipDescription.h"
#include "compiler/onnx/OnnxReader.h"
#include "runtime/support/Sha256.h"
#include "runtime/support/Version.h"

#include <filesystem>

namespace snnc::cli {

namespace {
std::vector<std::string> &commandLine() {
  static std::vector<std::string> args;
  return args;
}

/// The weights file a model reads: given, else the cfg's path with
/// .weights (as ModelLoader resolves it).
std::string weightsFileOf(const ModelOptions &model) {
  if (!model.weightsPath.empty())
    return model.weightsPath;
  if (onnx::isOnnxPath(model.cfgPath))
    return ""; // the weights are inside
  std::string base = model.cfgPath;
  if (base.size() > 4 && base.compare(base.size() - 4, 4, ".cfg") == 0)
    base.resize(base.size() - 4);
  return base + ".weights";
}
} // namespace

void setCommandLine(int argc, char **argv) {
  commandLine().assign(argv, argv + argc);
}

nlohmann::ordered_json provenance(const CLI::App &command) {
  nlohmann::ordered_json j;
  j["tool"] = "snnc " + command.get_name();
  j["version"] = snncVersion();
  j["revision"] = snncRevision();
  j["command"] = commandLine();
  nlohmann::ordered_json options = nlohmann::ordered_json::object();
  for (const CLI::Option *o : command.get_options()) {
    std::string name = o->get_name(/*positional=*/false, /*all=*/false);
    if (name == "--help" || name.empty())
      continue;
    if (o->count() > 0) {
      const std::vector<std::string> &r = o->results();
      if (r.size() == 1)
        options[name] = r.front();
      else
        options[name] = r;
    } else {
      std::string d = o->get_default_str();
      options[name] = d.empty() ? nlohmann::ordered_json(nullptr)
                                : nlohmann::ordered_json(d);
    }
  }
  j["options"] = std::move(options);
  return j;
}

void addFileProvenance(nlohmann::ordered_json &json, const std::string &key,
                       const std::string &path) {
  if (path.empty())
    return;
  // Absolute, so that a later command run from another folder finds it.
  std::error_code ec;
  std::string absolute =
      std::filesystem::absolute(path, ec).lexically_normal().string();
  json[key] = {{"path", ec ? path : absolute}, {"sha256", sha256OfFile(path)}};
}

void addModelProvenance(nlohmann::ordered_json &json,
                        const ModelOptions &model) {
  nlohmann::ordered_json m;
  addFileProvenance(m, "cfg", model.cfgPath);
  if (model.randomWeights)
    m["weights"] = {{"generated", true}, {"seed", model.seed}};
  else if (!weightsFileOf(model).empty() &&
           std::filesystem::exists(weightsFileOf(model)))
    addFileProvenance(m, "weights", weightsFileOf(model));
  addFileProvenance(m, "names", namesFileFor(model));
  addFileProvenance(m, "head", model.headPath);
  json["model"] = std::move(m);
}

void addChipProvenance(nlohmann::ordered_json &json, const std::string &chip) {
  if (chip.empty())
    return;
  json["chip"] = {{"name", chip},
                  {"sha256", sha256Hex(chip::chipDescriptionText(chip))}};
}

} // namespace snnc::cli
