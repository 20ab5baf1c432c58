#!/usr/bin/env python3
"""Writes a NIR file the way the `nir` Python package does (h5py; gzip-
compressed arrays; no HDF5 attributes), independently of snnc's writer:

  make_nir.py OUT.nir

The network: Input (3, 8, 8) -> Conv2d 4x3x3x3 (stride 2, padding 1) -> IF
(no v_reset: NIR <= 1.0.5, reset by subtraction) -> SumPool2d 2x2 -> IF
(v_reset 0) -> Flatten -> Affine 6x16 -> Output, with snnc's metadata
giving the output a one-class region head. Exits 77 without h5py.
"""

import sys

try:
    import h5py
    import numpy as np
except ImportError as e:  # pragma: no cover
    print(f"make_nir.py: skipped: {e} (install python3-h5py)")
    sys.exit(77)


def write(group, items):
    for key, value in items.items():
        if isinstance(value, dict):
            write(group.create_group(key), value)
        elif isinstance(value, str):
            group.create_dataset(key, data=value, dtype=h5py.string_dtype())
        elif isinstance(value, np.ndarray) and value.ndim > 0:
            group.create_dataset(key, data=value, compression="gzip")
        else:
            group.create_dataset(key, data=value)


def main():
    rng = np.random.default_rng(3)
    full = lambda shape, v: np.full(shape, v, dtype=np.float32)  # noqa: E731
    nodes = {
        "input": {"type": "Input", "shape": np.array([3, 8, 8])},
        "conv": {"type": "Conv2d", "weight": rng.integers(-3, 4, (4, 3, 3, 3)).astype(np.float32),
                 "bias": np.array([0.5, -0.25, 0, 0.125], dtype=np.float32),
                 "stride": np.array([2, 2]), "padding": np.array([1, 1]),
                 "dilation": np.array([1, 1]), "groups": 1, "input_shape": np.array([8, 8])},
        "lif_free": {"type": "IF", "r": full((4, 4, 4), 2.0), "v_threshold": full((4, 4, 4), 3.0)},
        "pool": {"type": "SumPool2d", "kernel_size": np.array([2, 2]),
                 "stride": np.array([2, 2]), "padding": np.array([0, 0])},
        "if2": {"type": "IF", "r": full((4, 2, 2), 1.0), "v_threshold": full((4, 2, 2), 1.5),
                "v_reset": full((4, 2, 2), 0.0)},
        "flat": {"type": "Flatten", "start_dim": 0, "end_dim": -1,
                 "input_type": np.array([4, 2, 2])},
        "dense": {"type": "Affine", "weight": rng.normal(0, 1, (6, 16)).astype(np.float32),
                  "bias": np.zeros(6, dtype=np.float32)},
        "output0": {"type": "Output", "shape": np.array([6])},
    }
    edges = [("input", "conv"), ("conv", "lif_free"), ("lif_free", "pool"), ("pool", "if2"),
             ("if2", "flat"), ("flat", "dense"), ("dense", "output0")]
    graph = {"type": "NIRGraph", "nodes": nodes, "edges": np.array(edges, dtype=object),
             "metadata": {"snnc": {
                 "network": "handwritten", "input_encoding": "analog",
                 "output0": {"head": "region", "classes": 1, "coords": 4, "num": 1, "softmax": 1,
                             "anchors": np.array([1.0, 1.0], dtype=np.float32),
                             "output_scale": np.ones(6, dtype=np.float32),
                             "readout_delay": 0}}}}
    with h5py.File(sys.argv[1], "w") as f:
        f.create_dataset("version", data="1.0.5", dtype=h5py.string_dtype())
        node = f.create_group("node")
        edges_array = graph.pop("edges")
        write(node, graph)
        node.create_dataset("edges", data=edges_array.astype(h5py.string_dtype()))
    print(f"make_nir.py: wrote {sys.argv[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
