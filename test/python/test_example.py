"""python/examples/detect_and_run.py runs end to end (docs/PYTHON.md)."""

import os
import subprocess
import sys

from conftest import SOURCE_DIR

EXAMPLE = os.path.join(SOURCE_DIR, "python", "examples", "detect_and_run.py")


def test_example_runs(synth, tmp_path):
    out = tmp_path / "example"
    p = subprocess.run([sys.executable, EXAMPLE, "--voc", str(synth),
                        "--split", "test", "--out", str(out), "--pictures",
                        "3"], capture_output=True, text=True)
    assert p.returncode == 0, p.stdout + p.stderr
    lines = p.stdout.splitlines()
    assert lines[0].startswith("chip truenorth-x: 256x256 weighted crossbar")
    assert lines[1].startswith("compiled: 2344 cores on 1 chip(s)")
    # run.test's DNN figures for these images.
    assert "DNN (float activations): mAP 57.00" in lines
    assert "DNN as trained: mAP 72.32" in lines
    assert any(line.startswith("T =  32: chip mAP") for line in lines)
    pictures = sorted(os.listdir(out / "pictures"))
    assert pictures == ["008501-detections.png", "008502-detections.png",
                        "008503-detections.png"]


def test_example_error_is_one_line(tmp_path):
    p = subprocess.run([sys.executable, EXAMPLE, "--voc", str(tmp_path),
                        "--chip", "truenorht", "--out", str(tmp_path / "o")],
                       capture_output=True, text=True)
    assert p.returncode == 1
    assert p.stderr.strip().splitlines() == [
        "detect_and_run: error: 'truenorht' is neither a chip profile "
        "(reference, truenorth-x, truenorth) nor a readable file; did you "
        "mean 'truenorth'?"]
