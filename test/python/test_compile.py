"""snnc.compile against `snnc compile`: the same options write the same
configuration files, and report.json differs only in its provenance."""

import filecmp
import json
import os

import pytest

from conftest import MODEL, cli_error, snnc_cli

SAME_FILES = ["network.snncfg", "network.snncfg.txt", "classes.names",
              "placement.json"]


def assert_same_compile(cli_dir, py_dir):
    for name in SAME_FILES:
        assert filecmp.cmp(os.path.join(cli_dir, name),
                           os.path.join(py_dir, name), shallow=False), name
    with open(os.path.join(cli_dir, "report.json")) as f:
        cli = json.load(f)
    with open(os.path.join(py_dir, "report.json")) as f:
        mine = json.load(f)
    cli_prov, my_prov = cli.pop("provenance"), mine.pop("provenance")
    assert mine == cli
    # What made the network is the same; only who asked differs.
    for key in ("version", "revision", "model", "chip", "qat", "calibration",
                "conversion"):
        assert my_prov.get(key) == cli_prov.get(key), key
    assert my_prov["tool"] == "snnc.compile (Python)"
    assert cli_prov["tool"] == "snnc compile"


def test_default_options_write_the_same_files(cli_compiled, py_compiled):
    assert_same_compile(cli_compiled, py_compiled.out_dir)


def test_result_holds_the_report(py_compiled):
    c = py_compiled
    with open(os.path.join(c.out_dir, "report.json")) as f:
        assert c.report == json.load(f)
    with open(os.path.join(c.out_dir, "report.txt")) as f:
        assert c.report_text == f.read()
    assert c.cores == c.report["total"]["cores"] > 0
    assert c.latency_ticks == c.report["latency_ticks"] > 0
    assert c.chips == 1
    assert c.config_path == os.path.join(c.out_dir, "network.snncfg")
    assert "network.snncfg" in c.files and "report.json" in c.files
    assert "import" in c.stage_seconds and "snn-to-tn" in c.stage_seconds
    # truenorth-x has signed spikes: both exporters say why they skipped.
    assert len(c.notes) == 2
    assert c.report["provenance"]["qat"]["path"].endswith(
        "snnc-tiny-synth.qat.json")


@pytest.mark.parametrize("cli_args,py_kwargs", [
    # Calibration from images (a folder) and from a VOC split, with other
    # conversion, mapping and output options.
    (["--chip", "reference", "--calib-images", "{images}", "--percentile",
      "99.9", "--relay-copies", "2", "--norm", "layer", "--format", "both"],
     dict(chip="reference", calib_images="{images}", percentile=99.9,
          relay_copies=2, norm="layer", format="both")),
    (["--calib-voc", "{synth}", "--calib-split", "test", "--calib-count", "4",
      "--neuron", "signed", "--reset", "zero"],
     dict(calib_voc="{synth}", calib_split="test", calib_count=4,
          neuron="signed", reset="zero")),
    # QAT metadata beside the cfg, with V(0) given instead of QAT's Vth / 2
    # and decoding by spike count.
    (["--v-init", "0", "--decode", "count", "--readout-delay", "2",
      "--ticks", "64"],
     dict(v_init=0, decode="count", readout_delay=2, ticks=64)),
])
def test_other_options_write_the_same_files(snnc, synth, images, tmp_path,
                                            cli_args, py_kwargs):
    paths = {"images": images, "synth": synth}
    cli_args = [a.format(**paths) for a in cli_args]
    py_kwargs = {k: v.format(**paths) if isinstance(v, str) else v
                 for k, v in py_kwargs.items()}
    cli_dir, py_dir = tmp_path / "cli", tmp_path / "py"
    snnc_cli("compile", MODEL, "-o", cli_dir, *cli_args, "--no-plots", "-q")
    snnc.compile(MODEL, out_dir=py_dir, plots=False, quiet=True, **py_kwargs)
    assert_same_compile(cli_dir, py_dir)
    with open(py_dir / "report.json") as f:
        provenance = json.load(f)["provenance"]
    # Calibrated: the QAT metadata beside the cfg was not used.
    calibrated = "calib_images" in py_kwargs or "calib_voc" in py_kwargs
    assert ("qat" in provenance) != calibrated


def test_recompiling_replaces_the_folder(snnc, tmp_path):
    out = tmp_path / "c"
    first = snnc.compile(MODEL, out_dir=out, plots=False, quiet=True,
                         format="both")
    assert os.path.exists(out / "network.snncfg.txt")
    second = snnc.compile(MODEL, out_dir=out, plots=False, quiet=True,
                          format="binary")
    assert second.out_dir == first.out_dir
    assert not os.path.exists(out / "network.snncfg.txt")


@pytest.mark.parametrize("cli_args,py_kwargs,message", [
    (["--axon-copies", "5"], dict(axon_copies=5), "5 is outside 2..4"),
    (["--relay-copies", "17"], dict(relay_copies=17), "17 is outside 1..16"),
    (["--norm", "foo"], dict(norm="foo"), "foo not in {layer,channel}"),
    (["--percentile", "99.5"], dict(percentile=99.5),
     "99.5 not in {99,99.9,99.99,100}"),
])
def test_option_checks_state_the_cli_ranges(snnc, tmp_path, cli_args,
                                            py_kwargs, message):
    with pytest.raises(snnc.Error) as e:
        snnc.compile(MODEL, out_dir=tmp_path / "c", **py_kwargs)
    name = next(iter(py_kwargs))
    assert str(e.value) == f"{name}: {message}"
    assert cli_error("compile", MODEL, *cli_args).endswith(message)


def test_library_errors_are_the_cli_messages(snnc, synth, tmp_path):
    # A folder compile did not write is refused before any work, in the
    # same words (the path as given to each).
    with pytest.raises(snnc.Error) as e:
        snnc.compile(MODEL, out_dir=synth)
    assert str(e.value) == cli_error("compile", MODEL, "-o", synth)
    with pytest.raises(snnc.Error) as e:
        snnc.compile(MODEL, chip="truenorht", out_dir=tmp_path / "c")
    assert str(e.value) == cli_error("compile", MODEL, "--chip", "truenorht",
                                     "-o", tmp_path / "c")
    # A failed compile leaves nothing behind.
    assert not os.path.exists(tmp_path / "c")
