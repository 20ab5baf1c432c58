"""snnc.SocketChip against snnc.LocalChip: a chip behind snnc-emu-server
(docs/HIL.md) gives the same spikes, potentials, counters and mAP as the
in-process emulator."""

import subprocess

import pytest

from conftest import TICKS, bin_path


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """snnc-emu-server on a Unix socket; its address."""
    path = tmp_path_factory.mktemp("hil") / "chip.sock"
    process = subprocess.Popen([bin_path("snnc-emu-server"), "--socket",
                                str(path), "-q"],
                               stdout=subprocess.PIPE, text=True)
    try:
        # The server prints one line when it listens (docs/HIL.md).
        line = process.stdout.readline()
        assert "listening on unix:" in line, line
        yield f"unix:{path}"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def network(snnc, py_compiled):
    return snnc.Network(py_compiled.out_dir)


def watched(network):
    """Every neuron of every 97th core (all layers), and the outputs."""
    sizes = network.core_sizes
    neurons = [(core, n) for core in range(0, network.cores, 97)
               for n in range(sizes[core][1])]
    return neurons + network.output_neurons()


def test_network(network, py_compiled):
    assert network.name == "snnc_tiny_synth"
    assert network.profile == "truenorth-x"
    assert network.cores == py_compiled.cores == len(network.core_sizes)
    assert network.input_shape == (3, 128, 128)
    assert network.outputs[0]["decoding"] == "membrane"
    # The names of models/snnc-tiny-synth/synth.names, carried by the
    # configuration; the output reads after twice its latency (auto).
    assert network.class_names == ["circle", "square", "triangle", "star",
                                   "cross", "ring"]
    out = network.outputs[0]
    assert out["readout_delay"] == 2 * out["latency"] == 2 * 11
    assert network.report == py_compiled.report
    with open(py_compiled.config_path, "rb") as f:
        assert network.config_bytes == f.read()


def test_spikes_potentials_counters_equal_local(snnc, server, network,
                                                images):
    image = sorted(images.iterdir())[0]
    ticks = network.encode(image, TICKS)
    assert len(ticks) == TICKS and sum(map(len, ticks)) > 0
    outputs = network.output_neurons()
    local = snnc.LocalChip()
    with snnc.SocketChip(server) as remote:
        assert remote.server["name"] == "snnc-emu-server"
        # A Network, a compile folder path, and raw bytes all configure.
        local.configure(network)
        remote.configure(network.config_path)
        assert remote.configuration["cores"] == network.cores
        for chip in (local, remote):
            chip.reset()
            chip.watch(watched(network))
        spikes = 0
        for tick in ticks:
            mine = local.step(tick)
            assert remote.step(tick) == mine
            spikes += len(mine)
        assert spikes > 0
        assert remote.tick == TICKS
        assert remote.readout(outputs) == local.readout(outputs)
        assert remote.counters() == local.counters()

        # The same ticks in one round trip.
        remote.configure(network.config_bytes)
        remote.reset()
        remote.watch(watched(network))
        local.reset()
        local.watch(watched(network))
        assert remote.step_many(ticks) == [local.step(t) for t in ticks]


def test_run_over_the_socket_equals_local(snnc, server, py_compiled, synth):
    options = dict(voc=synth, split="test", ticks=TICKS, checkpoints=[16, 24],
                   no_dnn=True, quiet=True, limit=8)
    local = snnc.run(py_compiled.out_dir, **options)
    remote = snnc.run(py_compiled.out_dir, chip=server, **options)
    assert remote.map07 == local.map07
    assert remote.detections == local.detections
    assert remote.results == local.results


def test_no_server_is_an_error(snnc, tmp_path):
    with pytest.raises(snnc.Error, match="none.sock"):
        snnc.SocketChip(f"unix:{tmp_path}/none.sock", connect_timeout=0.2)
