#!/usr/bin/env bash
# Installs the Debian packages snnc needs. Idempotent: packages already present are skipped.
set -euo pipefail

PACKAGES=(
  # toolchain
  cmake ninja-build ccache g++ clang-14 libclang-rt-14-dev
  # LLVM/MLIR 19 (mlir-19-tools is needed even to link: MLIR's CMake config requires its tools)
  llvm-19-dev llvm-19-tools libmlir-19-dev mlir-19-tools
  # libraries
  libfmt-dev libyaml-cpp-dev catch2 libopenblas-dev libtbb-dev libstb-dev
  libcli11-dev nlohmann-json3-dev libpugixml-dev zlib1g-dev libssl-dev
  # ONNX import (ONNX 1.12's protobuf classes); python3-onnx writes test models
  libonnx-dev libprotobuf-dev python3-onnx
  # NIR export and import (HDF5); python3-h5py reads and writes NIR in tests
  libhdf5-dev python3-h5py
  # snnc run over mpirun ranks (optional at build time)
  libopenmpi-dev openmpi-bin
  # tests and plots
  python3 python3-matplotlib
  # quantization-aware training (compiler/train): PyTorch (CPU), numpy, PIL
  python3-torch python3-numpy python3-pil
  # the Python API (python/, docs/PYTHON.md): pybind11, Python's headers, pytest for its tests
  pybind11-dev python3-dev python3-pytest
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "setup: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
