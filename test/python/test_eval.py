"""snnc.evaluate against `snnc eval`: the same mAP, per class too."""

import pytest

from conftest import MODEL, snnc_cli, without_provenance


@pytest.mark.parametrize("qat", [None, MODEL.replace(".cfg", ".qat.json")])
def test_results_equal_snnc_eval_json(snnc, synth, tmp_path, qat):
    args = ["--qat", qat] if qat else []
    snnc_cli("eval", MODEL, "--voc", synth, "--split", "test", "-q", *args,
             "--json", tmp_path / "eval.json")
    e = snnc.evaluate(MODEL, voc=synth, split="test", qat=qat, quiet=True)
    assert e.results == without_provenance(tmp_path / "eval.json")
    # run.test pins the float DNN at 57.00 and as trained at 72.32.
    assert round(100 * e.map07, 2) == (72.32 if qat else 57.00)
    assert len(e.detections) == e.results["images"] == 16
    assert snnc.eval is snnc.evaluate


def test_limit_and_detections(snnc, synth):
    e = snnc.evaluate(MODEL, voc=synth, split="test", limit=4, thresh=0.25,
                      quiet=True)
    assert e.results["images"] == 4
    found = [d for image in e.detections for d in image["detections"]]
    assert found and all(d["score"] >= 0.25 for d in found)
    names = [c["name"] for c in e.results["classes"]]
    assert {d["class"] for d in found} <= set(names)
    assert all(names[d["classId"]] == d["class"] for d in found)

def test_missing_split_is_an_error(snnc, synth):
    with pytest.raises(snnc.Error, match="voc= needs split=NAME"):
        snnc.evaluate(MODEL, voc=synth)
