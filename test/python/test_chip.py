"""snnc.chip, snnc.chip_yaml and snnc.chip_profiles against `snnc chip`."""

import json

import pytest

from conftest import cli_error, snnc_cli


def test_profiles_are_the_shipped_ones(snnc):
    assert sorted(snnc.chip_profiles()) == ["reference", "truenorth",
                                            "truenorth-x"]


@pytest.mark.parametrize("name", ["truenorth", "truenorth-x", "reference"])
def test_description_equals_snnc_chip_json(snnc, name):
    cli = json.loads(snnc_cli("chip", name, "--json", "-").stdout)
    cli.pop("provenance")
    mine = snnc.chip(name).to_dict()
    # The CLI's fields first, in its order and spelling; more after them.
    assert list(mine)[:len(cli)] == list(cli)
    assert {k: mine[k] for k in cli} == cli


@pytest.mark.parametrize("name", ["truenorth", "reference"])
def test_yaml_equals_snnc_chip_yaml(snnc, name):
    assert snnc.chip_yaml(name) == snnc_cli("chip", name, "--yaml").stdout


def test_attributes(snnc):
    c = snnc.chip("truenorth")
    assert (c.name, c.crossbar, c.readout) == ("truenorth", "binary", "spikes")
    assert (c.axons_per_core, c.neurons_per_core, c.axon_types) == (256, 256, 4)
    assert c.cores_per_chip == c.cores_x * c.cores_y == 4096
    assert not c.signed_spikes
    assert snnc.chip("truenorth-x").readout == "membrane"


def test_a_yaml_file_by_path(snnc, tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(snnc.chip_yaml("truenorth-x").replace(
        "name: truenorth-x", "name: mine"))
    c = snnc.chip(path)  # os.PathLike
    assert c.name == "mine" and c.path == str(path)
    expected = snnc.chip("truenorth-x").to_dict()
    got = c.to_dict()
    for key in ("name", "path"):
        expected.pop(key), got.pop(key)
    assert got == expected


def test_unknown_chip_is_snnc_error_with_the_cli_message(snnc):
    with pytest.raises(snnc.Error) as e:
        snnc.chip("truenorht")
    assert isinstance(e.value, RuntimeError)
    assert str(e.value) == cli_error("chip", "truenorht")
    assert "did you mean 'truenorth'" in str(e.value)
