//===- Convert.cpp - Python values in, Python values out ------------------===//
#include "python/src/Convert.h"

#include "runtime/support/Error.h"
#include "runtime/support/Version.h"

namespace snnc::python {

std::string pathOf(const py::handle &value) {
  if (value.is_none())
    return "";
  // os.fsdecode accepts str, bytes and os.PathLike (pathlib.Path) and
  // refuses the rest with Python's own TypeError.
  return py::str(py::module_::import("os").attr("fsdecode")(value));
}

std::vector<std::string> pathsOf(const py::handle &value) {
  if (value.is_none())
    return {};
  if (py::isinstance<py::str>(value) || py::isinstance<py::bytes>(value) ||
      py::hasattr(value, "__fspath__"))
    return {pathOf(value)};
  std::vector<std::string> out;
  for (const py::handle &item : value)
    out.push_back(pathOf(item));
  return out;
}

py::object toPython(const nlohmann::ordered_json &json) {
  return py::module_::import("json").attr("loads")(json.dump());
}

py::object toPython(const nlohmann::json &json) {
  return py::module_::import("json").attr("loads")(json.dump());
}

void checkOption(const std::string &name, std::string text,
                 const CLI::Validator &validator) {
  std::string problem = validator(text);
  if (!problem.empty())
    fail("{}: {}", name, problem);
}

nlohmann::ordered_json pythonProvenance(const std::string &function,
                                        nlohmann::ordered_json options) {
  nlohmann::ordered_json j;
  j["tool"] = function + " (Python)";
  j["version"] = snncVersion();
  j["revision"] = snncRevision();
  std::vector<std::string> argv;
  py::module_ sys = py::module_::import("sys");
  if (py::hasattr(sys, "argv"))
    for (const py::handle &a : sys.attr("argv"))
      argv.push_back(py::str(a));
  j["command"] = argv;
  j["options"] = std::move(options);
  return j;
}

} // namespace snnc::python
