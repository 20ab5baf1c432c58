#!/usr/bin/env python3
"""A NumPy simulator of the NIR graphs snnc exports, written from NIR's
definitions (not from snnc's code), to check `snnc compile --export nir`
against snnc's own simulator.

  nir_sim.py NETWORK.nir IMAGE --ticks T --json OUT.json [--compare SNNC.json]

Reads the file with h5py; walks the graph from its Input along the edges:
  Input      the image (RGB / 255), or, with metadata input_encoding
             "spikes", its spikes: V += x each step, a spike at V >= 1,
             then V -= 1 (the metadata's description)
  Conv2d     y = W * x + b (PyTorch's cross-correlation, zero padding)
  SumPool2d  the sum over each window, per channel
  Flatten    x as a vector; Affine: y = W x + b
  IF         v += r * y; s = v > v_threshold; v = v_reset where s, or,
             without v_reset (NIR <= 1.0.5), v -= v_threshold where s
  Output     the sum of its input over steps readout_delay+1..T, divided by
             the number of those steps, times output_scale per channel
Writes the outputs as JSON; with --compare, prints the largest absolute
difference to `snnc simulate --json` and exits 1 if it exceeds --tolerance.
Images must already have the network's input size (no resizing here).
"""

import argparse
import json
import sys

try:
    import h5py
    import numpy as np
    from PIL import Image
except ImportError as e:  # pragma: no cover
    print(f"nir_sim.py: skipped: {e} (install python3-h5py python3-numpy python3-pil)")
    sys.exit(77)


def text(ds):
    v = ds[()]
    return v.decode() if isinstance(v, bytes) else str(v)


def conv2d(x, weight, bias, stride, padding):
    """x (C, H, W) float64; weight (O, C, kh, kw)."""
    o, c, kh, kw = weight.shape
    ph, pw = padding
    xp = np.pad(x, ((0, 0), (ph, ph), (pw, pw)))
    windows = np.lib.stride_tricks.sliding_window_view(xp, (kh, kw), axis=(1, 2))
    windows = windows[:, ::stride[0], ::stride[1]]  # C, H', W', kh, kw
    y = np.einsum("chwij,ocij->ohw", windows, weight, optimize=True)
    return y + bias[:, None, None]


def pair(ds):
    v = np.atleast_1d(ds[()]).astype(int)
    return (int(v[0]), int(v[-1]))


def simulate(path, image_path, ticks):
    f = h5py.File(path, "r")
    graph = f["node"]
    nodes = graph["nodes"]
    edges = [(a.decode(), b.decode()) for a, b in graph["edges"][()]]
    meta = graph["metadata"]["snnc"]
    successors = {}
    for a, b in edges:
        successors.setdefault(a, []).append(b)
    kinds = {name: text(nodes[name]["type"]) for name in nodes}
    (input_name,) = [n for n, k in kinds.items() if k == "Input"]
    c, h, w = (int(v) for v in nodes[input_name]["shape"][()])

    image = np.asarray(Image.open(image_path).convert("RGB"), dtype=np.float32) / np.float32(255)
    if image.shape[:2] != (h, w):
        sys.exit(f"nir_sim.py: {image_path} is {image.shape[1]}x{image.shape[0]}, "
                 f"the network takes {w}x{h}")
    pixels = image.transpose(2, 0, 1)  # C, H, W, float32 like snnc
    spikes_in = text(meta["input_encoding"]) == "spikes"

    # Topological order (the export writes a chain with fan-outs).
    order, seen = [], set()

    def visit(name):
        if name in seen:
            return
        seen.add(name)
        order.append(name)
        for nxt in successors.get(name, []):
            visit(nxt)
    visit(input_name)

    params, state, sums, outputs = {}, {}, {}, {}
    spike_counts = {input_name: 0}
    for name in order:
        node = nodes[name]
        if kinds[name] == "Conv2d":
            params[name] = (node["weight"][()].astype(np.float64), node["bias"][()].astype(np.float64),
                            pair(node["stride"]), pair(node["padding"]))
        elif kinds[name] == "SumPool2d":
            params[name] = (pair(node["kernel_size"]), pair(node["stride"]), pair(node["padding"]))
        elif kinds[name] == "Affine":
            params[name] = (node["weight"][()].astype(np.float64), node["bias"][()].astype(np.float64))
        elif kinds[name] == "IF":
            reset = node["v_reset"][()].astype(np.float64) if "v_reset" in node else None
            params[name] = (node["r"][()].astype(np.float64),
                            node["v_threshold"][()].astype(np.float64), reset)
            state[name] = np.zeros_like(params[name][0])
        elif kinds[name] == "Output":
            sums[name] = None
    encoder_v = np.zeros_like(pixels)
    delays = {n: int(meta[n]["readout_delay"][()]) for n in sums}
    for t in range(1, ticks + 1):
        values = {}
        if spikes_in:
            encoder_v += pixels
            s = encoder_v >= np.float32(1)
            encoder_v -= s.astype(np.float32)
            values[input_name] = s.astype(np.float64)
            spike_counts[input_name] += int(s.sum())
        else:
            values[input_name] = pixels.astype(np.float64)
        for name in order[1:]:
            # Every node but Input reads exactly one predecessor.
            (src,) = [a for a, b in edges if b == name]
            x = values[src]
            if kinds[name] == "Conv2d":
                values[name] = conv2d(x, *params[name])
            elif kinds[name] == "SumPool2d":
                (kh, kw), stride, padding = params[name]
                channels = x.shape[0]
                eye = np.zeros((channels, channels, kh, kw))
                for ch in range(channels):
                    eye[ch, ch] = 1
                values[name] = conv2d(x, eye, np.zeros(channels), stride, padding)
            elif kinds[name] == "Flatten":
                values[name] = x.reshape(-1)
            elif kinds[name] == "Affine":
                weight, bias = params[name]
                values[name] = weight @ x + bias
            elif kinds[name] == "IF":
                r, vth, vreset = params[name]
                v = state[name] + r * x
                s = v > vth
                state[name] = np.where(s, vth * 0 + (vreset if vreset is not None else v - vth), v)
                values[name] = s.astype(np.float64)
                spike_counts[name] = spike_counts.get(name, 0) + int(s.sum())
            elif kinds[name] == "Output":
                if t > delays[name]:
                    sums[name] = x if sums[name] is None else sums[name] + x
            else:
                sys.exit(f"nir_sim.py: node {name}: type {kinds[name]} not simulated here")
    for name in sorted(sums, key=lambda n: (len(n), n)):
        scale = meta[name]["output_scale"][()].astype(np.float64)
        steps = ticks - delays[name] if ticks > delays[name] else ticks
        total = sums[name].reshape(len(scale), -1)
        outputs[name] = total / steps * scale[:, None]
    return outputs, spike_counts


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("network")
    parser.add_argument("image")
    parser.add_argument("--ticks", type=int, default=16)
    parser.add_argument("--json", required=True)
    parser.add_argument("--compare", help="snnc simulate --json output for the same image")
    parser.add_argument("--tolerance", type=float, default=1e-4)
    args = parser.parse_args()
    outputs, spike_counts = simulate(args.network, args.image, args.ticks)
    with open(args.json, "w") as f:
        json.dump({name: {"shape": list(v.shape), "values": v.ravel().tolist()}
                   for name, v in outputs.items()}, f)
    if not args.compare:
        return 0
    snnc = json.load(open(args.compare))["images"][0]
    theirs = snnc["outputs"]
    layer_spikes = snnc.get("layer_spikes", {})
    differing = [f"{name}: {count} vs {layer_spikes.get(name)}"
                 for name, count in spike_counts.items()
                 if name in layer_spikes and layer_spikes[name] != count]
    print(f"spikes per layer: {len(spike_counts) - len(differing)} of "
          f"{len(spike_counts)} layers equal" +
          (" (" + "; ".join(differing) + ")" if differing else ""))
    worst, count = 0.0, 0
    for ours, other in zip(outputs.values(), theirs):
        a = ours.ravel()
        b = np.asarray(other["values"], dtype=np.float64)
        if a.shape != b.shape:
            print(f"different output sizes: {a.shape} vs {b.shape}")
            return 1
        worst = max(worst, float(np.max(np.abs(a - b))))
        count += a.size
    print(f"NumPy NIR simulation vs snnc: {count} output values, "
          f"largest difference {worst:.3g}")
    return 0 if worst <= args.tolerance else 1


if __name__ == "__main__":
    sys.exit(main())
