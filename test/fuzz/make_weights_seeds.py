#!/usr/bin/env python3
"""Writes the seed corpus of WeightsFuzzer (corpus/weights/).

The fuzzer's embedded network stores 240 floats (see WeightsFuzzer.cpp):
conv0 BN 4 filters 3x3x3 (4*4 + 108), conv2 2 filters 3x3x4 (2 + 72),
conv4 BN 3 filters 1x1x2 (3*4 + 6), conv5 6 filters 1x1x3 (6 + 18).
"""
import os
import random
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "corpus", "weights")

# (filters, floats per filter of weights, batch_normalize) per conv
CONVS = [(4, 27, True), (2, 36, False), (3, 2, True), (6, 3, False)]


def payload(rng):
    floats = []
    for filters, per, bn in CONVS:
        floats += [rng.uniform(-0.1, 0.1) for _ in range(filters)]  # biases
        if bn:
            floats += [rng.uniform(0.5, 1.5) for _ in range(filters)]  # scales
            floats += [rng.uniform(-0.1, 0.1) for _ in range(filters)]  # mean
            floats += [rng.uniform(0.5, 1.5) for _ in range(filters)]  # var
        floats += [rng.gauss(0, 0.3) for _ in range(filters * per)]
    assert len(floats) == 240
    return struct.pack("<240f", *floats)


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = random.Random(2026)
    v2 = struct.pack("<iiiQ", 0, 2, 0, 32013312) + payload(rng)
    v1 = struct.pack("<iiiI", 0, 1, 0, 10707200) + payload(rng)
    seeds = {
        "valid-v0.2.weights": v2,  # 20 + 960 = 980 bytes
        "valid-v0.1.weights": v1,  # 16 + 960 = 976 bytes
        "truncated-in-layer.weights": v2[:500],
        "header-only.weights": v2[:20],
        "extra-bytes.weights": v1 + b"\0" * 8,
    }
    for name, data in seeds.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
