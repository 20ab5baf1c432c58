//===- Module.cpp - The snnc Python module (snnc._snnc) -------------------===//
//
// The module's process-wide settings, which `snnc` takes before the
// subcommand (-j, --max-memory), and its error type: snnc::Error becomes
// snnc.Error (a RuntimeError) with the message `snnc: error:` would print.
//
//===----------------------------------------------------------------------===//
#include "python/src/Bindings.h"

#include "runtime/support/Error.h"
#include "runtime/support/MemoryBudget.h"
#include "runtime/support/Version.h"

#include <tbb/global_control.h>

#include <memory>
#include <string>

namespace {

std::unique_ptr<tbb::global_control> threadLimit;

/// `snnc -j N`: at most N worker threads (0: all cores). Results do not
/// depend on it.
void setThreads(int threads) {
  if (threads < 0)
    snnc::fail("threads: {} is below the minimum 0", threads);
  threadLimit.reset();
  if (threads > 0)
    threadLimit = std::make_unique<tbb::global_control>(
        tbb::global_control::max_allowed_parallelism, threads);
}

/// `snnc --max-memory SIZE`: "8G", "512M", "2048" (MiB), "0" (no limit).
void setMaxMemory(const pybind11::object &size) {
  std::string text = pybind11::str(size);
  snnc::setMemoryLimit(snnc::parseMemorySize(text, "max_memory"));
}

} // namespace

PYBIND11_MODULE(_snnc, m) {
  namespace py = pybind11;
  m.doc() = "snnc's C++ libraries for Python; use the `snnc` package.";
  static py::exception<snnc::Error> error(m, "Error", PyExc_RuntimeError);
  // Messages may quote bytes of a bad input file: invalid UTF-8 becomes
  // U+FFFD instead of an empty exception.
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p)
        std::rethrow_exception(p);
    } catch (const snnc::Error &e) {
      std::string text = e.what();
      PyObject *message =
          PyUnicode_DecodeUTF8(text.data(), Py_ssize_t(text.size()), "replace");
      PyErr_SetObject(error.ptr(), message);
      Py_XDECREF(message);
    }
  });
  m.attr("__version__") = snnc::snncVersion();
  m.attr("revision") = snnc::snncRevision();
  m.def("set_threads", &setThreads, py::arg("threads"),
        "At most `threads` worker threads (0: all cores), as `snnc -j`.");
  m.def("set_max_memory", &setMaxMemory, py::arg("size"),
        "The memory budget heavy work is checked against, as `snnc "
        "--max-memory` ('8G', '512M', 2048 MiB, 0: no limit).");
  m.def("max_memory", &snnc::memoryLimit,
        "The memory budget in bytes (0: no limit).");
  snnc::python::bindChip(m);
  snnc::python::bindCompile(m);
  snnc::python::bindEval(m);
  snnc::python::bindRun(m);
  snnc::python::bindPorts(m);
}
