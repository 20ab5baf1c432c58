# lit configuration for snnc: tests live next to the features they test, in a
# tree that mirrors the sources (dialects/, compiler/, ...).
import os

import lit.formats
from lit.llvm import llvm_config

config.name = "snnc"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py"]
config.test_source_root = config.lit_test_dir

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.snnc_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
config.substitutions.append(("%shared", config.snnc_shared_dir))
config.substitutions.append(("%src", config.snnc_source_dir))

# Tests that read ../shared declare `REQUIRES: shared`; without it they are
# reported UNSUPPORTED (lit's skip), naming the missing feature.
if os.path.isdir(os.path.join(config.snnc_shared_dir, "darknet")):
    config.available_features.add("shared")
else:
    lit_config.note("shared data folder %s is absent: tests that need it are "
                    "skipped" % config.snnc_shared_dir)

# snnc run under mpirun (OpenMPI): tests that need it declare `REQUIRES: mpi`.
if config.snnc_have_mpi and config.mpiexec and os.path.exists(config.mpiexec):
    config.available_features.add("mpi")
    # As root (CI) OpenMPI wants --allow-run-as-root; on 2 cores, 2 ranks
    # need --oversubscribe when slots are counted by cores.
    config.substitutions.append(
        ("%mpirun", config.mpiexec + " --allow-run-as-root --oversubscribe"))
else:
    lit_config.note("snnc was built without MPI (libopenmpi-dev) or mpirun "
                    "is absent: tests that need it are skipped")

import subprocess


def require_python_modules(feature, modules, packages, what):
    """Adds `feature` when Debian's /usr/bin/python3 imports `modules`;
    otherwise notes which packages would enable `what`."""
    if subprocess.call(["/usr/bin/python3", "-c", "import " + ", ".join(modules)],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) == 0:
        config.available_features.add(feature)
    else:
        lit_config.note("/usr/bin/python3 cannot import %s (%s): %s are skipped"
                        % (", ".join(modules), packages, what))


# ONNX tests export models with PyTorch and write ONNX with the onnx package:
# `REQUIRES: torch-onnx`. NIR tests read and write HDF5 from Python:
# `REQUIRES: python-h5py`.
require_python_modules("torch-onnx", ["torch", "onnx"],
                       "python3-torch, python3-onnx", "ONNX tests")
require_python_modules("python-h5py", ["h5py", "numpy", "PIL"],
                       "python3-h5py, python3-numpy, python3-pil", "NIR tests")

# The CUDA emulator can run here (a CUDA build and a device, as
# snnc-cuda-tests --probe finds them): `REQUIRES: gpu` / `%if gpu` (CI has
# none; the device machines do).
probe = os.path.join(config.snnc_tools_dir, "snnc-cuda-tests")
if config.snnc_have_cuda and os.path.exists(probe) and subprocess.call(
        [probe, "--probe"], stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL) == 0:
    config.available_features.add("gpu")
