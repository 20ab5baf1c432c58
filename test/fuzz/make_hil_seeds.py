#!/usr/bin/env python3
"""Writes the seed corpus of HilPacketFuzzer (test/fuzz/corpus/hil/).

The byte layouts are those of docs/HIL.md. The first byte of every seed picks
the fuzzer's mode: 0 raw frame, 1 payload behind a harness-built header,
2 a session of records (op, u16 length, bytes).

    python3 test/fuzz/make_hil_seeds.py
"""
import os
import struct
import zlib

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "hil")


def frame(mtype, rid, payload):
    head = b"SNHL" + struct.pack("<HHIII", 1, mtype, rid, len(payload),
                                 zlib.crc32(payload))
    return head + struct.pack("<I", zlib.crc32(head)) + payload


def spikes(items):
    return struct.pack("<I", len(items)) + b"".join(
        struct.pack("<IIIb", c, a, d, s) for c, a, d, s in items)


def out_spikes(items):
    return struct.pack("<I", len(items)) + b"".join(
        struct.pack("<IIb", c, n, s) for c, n, s in items)


def refs(items):
    return struct.pack("<I", len(items)) + b"".join(
        struct.pack("<II", c, n) for c, n in items)


def name(text):
    return struct.pack("<I", len(text)) + text


PAYLOADS = {
    "hello": (0x0001, struct.pack("<HH", 1, 1) + name(b"host")),
    "hello-reply": (0x8001, struct.pack("<HIIII", 1, 1 << 30, 64 << 20, 65536,
                                        1 << 22) + name(b"snnc-emu-server")),
    "configure": (0x0002, b"snnc-chip-config 1\n"),
    "configure-reply": (0x8002, struct.pack("<IIBQQ", 3, 3, 1, 16, 60)),
    "reset": (0x0003, b""),
    "watch": (0x0004, refs([(0, 0), (1, 5), (2, 3)])),
    "step": (0x0005, spikes([(0, 1, 0, 1), (1, 7, 3, -1)])),
    "step-reply": (0x8005, struct.pack("<Q", 12) + out_spikes([(2, 0, 1)])),
    "step-many": (0x0006, struct.pack("<I", 3) + spikes([]) +
                  spikes([(0, 0, 1, 1)]) + spikes([(1, 2, 0, -1)])),
    "step-many-reply": (0x8006, struct.pack("<QI", 2, 2) + out_spikes([]) +
                        out_spikes([(0, 1, -1)])),
    "readout": (0x0007, refs([(0, 0), (2, 3)])),
    "readout-reply": (0x8007, struct.pack("<Iqq", 2, -5, 2047)),
    "counters": (0x0008, b""),
    "counters-reply": (0x8008, struct.pack("<I6Q", 1, 1, 2, 3, 4, 5, 6)),
    "shutdown": (0x0009, b""),
    "error": (0xFFFF, struct.pack("<II", 13, 5) + b"range"),
}


def record(op, body):
    return bytes([op]) + struct.pack("<H", len(body)) + body


def main():
    os.makedirs(OUT, exist_ok=True)
    seeds = {}
    for key, (mtype, payload) in PAYLOADS.items():
        seeds["raw-" + key] = b"\x00" + frame(mtype, 7, payload)
        seeds["sealed-" + key] = (b"\x01" + struct.pack("<HH", mtype, 7) +
                                  payload)
    # Sessions (mode 2): byte 1 picks the unsigned (0) or signed (1) chip.
    step = bytes([0, 1, 0, 1, 1, 7, 1, 3, 2, 3, 0, 0])
    seeds["session-steps"] = b"\x02\x01" + b"".join(
        record(2, step) for _ in range(6)) + record(6, b"\x01")
    seeds["session-mixed"] = (
        b"\x02\x00" + record(2, step) + record(3, b"\x03" + step + step) +
        record(4, bytes([0, 0, 1, 5, 2, 3])) + record(5, bytes([0, 1, 2, 3])) +
        record(6, b"\x00") + record(6, b"\x01") + record(2, step) +
        record(6, b"\x04") + record(6, b"\x03"))
    seeds["session-hostile"] = (
        b"\x02\x01" + record(2, bytes([3, 0, 0, 0, 0, 8, 0, 0, 0, 0, 0, 4])) +
        record(5, bytes([9, 9])) + record(0, struct.pack("<H", 5) +
                                          spikes([(0, 0, 0, 1)])) +
        record(1, frame(0x0005, 3, spikes([(0, 0, 0, 1)]))[:-1]) +
        record(6, b"\x05") + record(2, step))
    seeds["session-configure"] = (
        b"\x02\x00" + record(7, b"\x01\x00") + record(2, step) +
        record(7, b"\x00\x00" + struct.pack("<HB", 40, ord("7"))) +
        record(2, step) + record(7, b"\x01\x01" + struct.pack("<HB", 30, 0)) +
        record(6, b"\x01"))
    for key, data in seeds.items():
        with open(os.path.join(OUT, key), "wb") as f:
            f.write(data)
    print(f"wrote {len(seeds)} seeds to {OUT}")


if __name__ == "__main__":
    main()
