//===- Convert.h - Python values in, Python values out ----------*- C++ -*-===//
//
// What every binding needs: paths as Python gives them (str or os.PathLike,
// one or a list), option values checked with the validators the snnc tools
// use (so a range is stated in the same words, under the Python keyword's
// name), results as plain Python objects (dicts, lists, numbers), and the
// provenance of a result made from Python.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_PYTHON_CONVERT_H
#define SNNC_PYTHON_CONVERT_H

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <pybind11/pybind11.h>

#include <string>
#include <vector>

namespace snnc::python {

namespace py = pybind11;

/// A path from str, bytes or os.PathLike; "" for None.
std::string pathOf(const py::handle &value);

/// One path (str, bytes or os.PathLike) or an iterable of them; {} for
/// None.
std::vector<std::string> pathsOf(const py::handle &value);

/// A JSON value as Python objects (json.loads of its text: exact for every
/// number nlohmann writes).
py::object toPython(const nlohmann::ordered_json &json);
py::object toPython(const nlohmann::json &json);

/// Throws snnc::Error "NAME: MESSAGE" when `validator` (a snnc tool's
/// option check: cli::between, cli::atLeast, CLI::IsMember) refuses the
/// value's text.
void checkOption(const std::string &name, std::string text,
                 const CLI::Validator &validator);

/// The "provenance" object of a result made from Python: the tool
/// ("snnc.compile (Python)"), version and git revision, the Python
/// command line (sys.argv) and the call's options.
nlohmann::ordered_json pythonProvenance(const std::string &function,
                                        nlohmann::ordered_json options);

} // namespace snnc::python

#endif // SNNC_PYTHON_CONVERT_H
