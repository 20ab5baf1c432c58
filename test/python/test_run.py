"""snnc.run against `snnc run`: the same mAP, energy and detections."""

import filecmp
import json
import os

import pytest

from conftest import CHECKPOINTS, TICKS, cli_error, snnc_cli, \
    without_provenance


@pytest.fixture(scope="module")
def cli_eval(cli_compiled, synth, tmp_path_factory):
    out = tmp_path_factory.mktemp("run") / "run.json"
    snnc_cli("run", cli_compiled, "--voc", synth, "--split", "test",
             "--ticks", TICKS, "--checkpoints", ",".join(map(str, CHECKPOINTS)),
             "-q", "--json", out)
    return without_provenance(out)


@pytest.fixture(scope="module")
def py_eval(snnc, py_compiled, synth):
    return snnc.run(py_compiled.out_dir, voc=synth, split="test", ticks=TICKS,
                    checkpoints=CHECKPOINTS, quiet=True)


def test_voc_results_equal_snnc_run_json(cli_eval, py_eval):
    # Everything `snnc run --json` holds (mAP and chip energy per
    # checkpoint, the DNN's mAP float and as trained, the energy report),
    # value for value.
    assert py_eval.results == cli_eval


def test_result_attributes(py_eval):
    r = py_eval
    assert r.checkpoints == CHECKPOINTS
    assert list(r.map07) == CHECKPOINTS
    # run.test pins these figures for the same images and ticks.
    assert round(100 * r.map07[24], 2) == 53.78
    assert round(100 * r.dnn["map07"], 2) == 57.00
    assert round(100 * r.dnn_as_trained["map07"], 2) == 72.32
    assert r.chip_joules[24] == r.results["checkpoints"][1]["energy"]["chipJ"]
    assert r.energy["ticksPerImage"] == TICKS
    assert "Table 2" in r.energy_report
    assert len(r.detections) == 16 and r.failed == []
    assert [e["ticks"] for e in r.evaluations] == CHECKPOINTS
    assert r.evaluations[1]["map07"] == r.map07[24]


def test_pictures_equal_snnc_run_images(snnc, cli_compiled, py_compiled,
                                        images, tmp_path):
    some = sorted(images.iterdir())[:3]
    snnc_cli("run", cli_compiled, "--images", *some, "--ticks", TICKS,
             "--checkpoints", "16,24", "-o", tmp_path / "cli", "-q")
    r = snnc.run(py_compiled.out_dir, images=some, ticks=TICKS,
                 checkpoints=[16, 24], pictures_dir=tmp_path / "py",
                 quiet=True)
    with open(tmp_path / "cli" / "detections.json") as f:
        cli = json.load(f)["images"]
    assert len(r.detections) == len(cli) == 3
    for mine, theirs in zip(r.detections, cli):
        picture = os.path.basename(mine.pop("picture"))
        assert picture == theirs.pop("picture")
        assert filecmp.cmp(tmp_path / "py" / picture,
                           tmp_path / "cli" / picture, shallow=False)
        mine.pop("id")
        assert mine == theirs


def test_faults_equal_snnc_run_faults(snnc, cli_compiled, py_compiled, synth,
                                      tmp_path):
    spec = "drop=0.2,stuck-on=0.001,seed=3"
    snnc_cli("run", cli_compiled, "--voc", synth, "--split", "test",
             "--ticks", TICKS, "--checkpoints", "24", "--limit", "6",
             "--no-dnn", "-q", "--faults", spec, "--json", tmp_path / "f.json")
    r = snnc.run(py_compiled.out_dir, voc=synth, split="test", ticks=TICKS,
                 checkpoints=[24], limit=6, no_dnn=True, faults=spec,
                 quiet=True)
    assert r.results == without_provenance(tmp_path / "f.json")
    assert r.results["faults"] == "stuck-on=0.001,drop=0.2,seed=3"


def test_readout_delay_equals_snnc_run_readout_delay(snnc, cli_compiled,
                                                     py_compiled, synth,
                                                     tmp_path):
    snnc_cli("run", cli_compiled, "--voc", synth, "--split", "test",
             "--ticks", TICKS, "--checkpoints", "16,24", "--limit", "6",
             "--no-dnn", "-q", "--readout-delay", "3",
             "--json", tmp_path / "d.json")
    r = snnc.run(py_compiled.out_dir, voc=synth, split="test", ticks=TICKS,
                 checkpoints=[16, 24], limit=6, no_dnn=True, readout_delay=3,
                 quiet=True)
    assert r.results == without_provenance(tmp_path / "d.json")
    # The compile's own delay (auto: 22 on this 11-tick network) reads
    # otherwise at 24 ticks.
    default = snnc.run(py_compiled.out_dir, voc=synth, split="test",
                       ticks=TICKS, checkpoints=[16, 24], limit=6,
                       no_dnn=True, quiet=True)
    assert default.results["checkpoints"][1] != r.results["checkpoints"][1]
    with pytest.raises(snnc.Error, match="readout_delay: 'soon' is neither"):
        snnc.run(py_compiled.out_dir, voc=synth, split="test",
                 readout_delay="soon")


def test_errors_are_the_cli_messages(snnc, cli_compiled, synth):
    with pytest.raises(snnc.Error) as e:
        snnc.run(cli_compiled, voc=synth, split="test", ticks=TICKS,
                 checkpoints=[30])
    assert str(e.value) == cli_error("run", cli_compiled, "--voc", synth,
                                     "--split", "test", "--ticks", TICKS,
                                     "--checkpoints", "30")
    with pytest.raises(snnc.Error) as e:
        snnc.run(cli_compiled, voc=synth, split="test", faults="drop=2")
    assert str(e.value) == "faults: drop=2 is outside 0..1 (a share of " \
                           "spike deliveries)"
    with pytest.raises(snnc.Error, match="injects faults into the local"):
        snnc.run(cli_compiled, voc=synth, split="test", faults="drop=0.1",
                 chip="unix:/nonexistent.sock")
    with pytest.raises(snnc.Error, match="is not local, unix:PATH or tcp:"):
        snnc.run(cli_compiled, images=synth, chip="truenorth")
    with pytest.raises(snnc.Error, match="ticks: 0 is outside 1..65536"):
        snnc.run(cli_compiled, images=synth, ticks=0)
    with pytest.raises(snnc.Error, match="needs images=FILES or voc="):
        snnc.run(cli_compiled)
