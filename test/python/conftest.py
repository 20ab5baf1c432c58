"""Fixtures of the Python API tests (registered in ctest by
test/python/CMakeLists.txt; docs/PYTHON.md).

Every test compares the Python API with the `snnc` tool it wraps, on the
bundled model and 16 deterministic synthetic test images, so nothing here
needs ../shared. ctest sets PYTHONPATH (the built module) and SNNC_BIN_DIR
(snnc and snnc-emu-server); by hand:

    PYTHONPATH=build/python SNNC_BIN_DIR=build/bin \\
        /usr/bin/python3 -m pytest test/python
"""

import json
import os
import subprocess
import sys

import pytest

SOURCE_DIR = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
MODEL = os.path.join(SOURCE_DIR, "models", "snnc-tiny-synth",
                     "snnc-tiny-synth.cfg")
# What run.test pins for these images: the runs here are as short.
TICKS = 24
CHECKPOINTS = [16, 24]


def bin_path(tool):
    directory = os.environ.get("SNNC_BIN_DIR")
    if not directory:
        pytest.skip("SNNC_BIN_DIR is not set (the folder of snnc and "
                    "snnc-emu-server)")
    path = os.path.join(directory, tool)
    if not os.path.exists(path):
        pytest.skip(f"{path} is not built")
    return path


def snnc_cli(*args, check=True):
    """Runs `snnc ARGS`; returns the completed process (text)."""
    return subprocess.run([bin_path("snnc")] + [str(a) for a in args],
                          capture_output=True, text=True, check=check)


def cli_error(*args):
    """The message of a failing `snnc ARGS` ('snnc: error: ' removed)."""
    p = snnc_cli(*args, check=False)
    assert p.returncode == 1, p.stdout + p.stderr
    line = p.stderr.strip().splitlines()[-1]
    assert line.startswith("snnc: error: "), line
    return line[len("snnc: error: "):]


def without_provenance(path):
    with open(path) as f:
        result = json.load(f)
    result.pop("provenance")
    return result


@pytest.fixture(scope="session")
def snnc():
    import snnc as module
    return module


@pytest.fixture(scope="session")
def synth(tmp_path_factory):
    """16 synthetic test images in VOCdevkit layout, as run.test makes
    them (the bundled model's held-out range)."""
    root = tmp_path_factory.mktemp("synth")
    subprocess.run([sys.executable,
                    os.path.join(SOURCE_DIR, "compiler", "train", "synth.py"),
                    "-o", str(root), "--train", "0", "--val", "0", "--test",
                    "16", "--skip", "8500", "-j", "1"],
                   check=True, capture_output=True)
    return root


@pytest.fixture(scope="session")
def images(synth):
    return synth / "VOC2007" / "JPEGImages"


@pytest.fixture(scope="session")
def cli_compiled(tmp_path_factory):
    """`snnc compile` of the bundled model for truenorth-x."""
    out = tmp_path_factory.mktemp("cli") / "compiled"
    snnc_cli("compile", MODEL, "--chip", "truenorth-x", "-o", out,
             "--no-plots", "-q")
    return out


@pytest.fixture(scope="session")
def py_compiled(snnc, tmp_path_factory):
    """snnc.compile of the same, with the same options."""
    out = tmp_path_factory.mktemp("py") / "compiled"
    return snnc.compile(MODEL, chip="truenorth-x", out_dir=out, plots=False,
                        quiet=True)
