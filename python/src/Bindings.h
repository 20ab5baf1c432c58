//===- Bindings.h - The parts of the snnc Python module ---------*- C++ -*-===//
//
// Each file adds one part of the API to the module `snnc._snnc`; the
// package `snnc` (python/snnc/__init__.py) re-exports them and wraps the
// results. docs/PYTHON.md describes the API.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_PYTHON_BINDINGS_H
#define SNNC_PYTHON_BINDINGS_H

#include <pybind11/pybind11.h>

namespace snnc::python {

namespace py = pybind11;

/// chip(), chip_profiles(), ChipDescription (compiler/chip).
void bindChip(py::module_ &m);
/// compile(): compileModel (compiler/driver/Compile.h) as `snnc compile`.
void bindCompile(py::module_ &m);
/// evaluate(): the DNN's mAP as `snnc eval`.
void bindEval(py::module_ &m);
/// run(): a compiled folder on the emulator or a HIL chip as `snnc run`.
void bindRun(py::module_ &m);
/// Network, LocalChip, SocketChip: driving a chip tick by tick.
void bindPorts(py::module_ &m);

} // namespace snnc::python

#endif // SNNC_PYTHON_BINDINGS_H
