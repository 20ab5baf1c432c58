#!/usr/bin/env python3
"""CI test of the quantization-aware trainer (registered in ctest as
snnc-train-smoke; exits 77 = skipped when PyTorch is not importable).

1. The quantizers equal the spiking neurons they stand for: an IF / IBT
   neuron (V(0) = Vth/2, reset by subtraction, negative threshold -10 Vth)
   fed a constant input for L ticks, and an IF pixel (V(0) = 0, threshold 1).
2. The synthetic generator is deterministic (byte-identical files).
3. A tiny model trains a few steps on a few generated images, float then
   quantization-aware: the loss falls in both.
4. The exports round-trip: `snnc stats` and `snnc import` read them, the
   reloaded model (with MODEL.qat.json) reproduces the trained one's mAP,
   and `snnc eval` finds the same detections as the Python model.

    /usr/bin/python3 compiler/train/tests/test_train_smoke.py --snnc build/bin/snnc --work /tmp/w
"""

import argparse
import filecmp
import importlib
import json
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TRAIN_DIR = os.path.dirname(HERE)
sys.path.insert(0, TRAIN_DIR)
SKIP = 77

TINY_CFG = """[net]
width=64
height=64
channels=3

[convolutional]
batch_normalize=1
filters=8
size=3
stride=1
pad=1
activation=leaky

[maxpool]
size=2
stride=2

[convolutional]
batch_normalize=1
filters=16
size=3
stride=1
pad=1
activation=leaky

[maxpool]
size=2
stride=2

[convolutional]
batch_normalize=1
filters=16
size=3
stride=1
pad=1
activation=relu

[maxpool]
size=2
stride=2

[maxpool]
size=2
stride=1

[convolutional]
size=1
stride=1
pad=1
filters=33
activation=linear

[region]
anchors=1,1, 2,2, 3,3
classes=6
coords=4
num=3
softmax=1
object_scale=5
noobject_scale=1
class_scale=1
coord_scale=1
thresh=.6
"""


def check(condition: bool, message: str) -> None:
    if not condition:
        print(f"FAIL: {message}", flush=True)
        sys.exit(1)
    print(f"ok: {message}", flush=True)


def test_quantizers(torch) -> None:
    from snnc_train.quant import quantize_activation, quantize_input, quantize_weight

    gen = torch.Generator().manual_seed(3)
    for levels in (1, 4, 8, 16):
        lam = 0.5 + torch.rand(5, generator=gen) * 2  # per-channel ceilings
        x = (torch.rand(5, 2000, generator=gen) * 26 - 24) * lam.view(5, 1)  # [-24, 2] lambda
        y = quantize_activation(x.view(1, 5, 2000, 1), lam, levels, leaky=True).view(5, 2000)
        # The IBT neuron, threshold lambda, input x every tick for L ticks.
        v = lam.view(5, 1).expand_as(x) / 2
        count = torch.zeros_like(x)
        for _ in range(levels):
            v = v + x
            pos = v >= lam.view(5, 1)
            neg = v <= -10 * lam.view(5, 1)
            v = v - pos.float() * lam.view(5, 1) + neg.float() * 10 * lam.view(5, 1)
            count += pos.float() - neg.float()
        expected = count * lam.view(5, 1) / levels
        # Exact except (a) on rounding boundaries (float rounding) and (b) for
        # inputs in (-10.5, -10) lambda per tick, just past the negative clip,
        # where the neuron's first negative spike comes only at tick 2 (from
        # V(0) = +Vth/2) and one spike per tick cannot catch up: one step less.
        step = lam.view(5, 1) / levels
        off = (y - expected).abs() > 1e-4 * lam.view(5, 1)
        band = (x / lam.view(5, 1) > -10.5) & (x / lam.view(5, 1) < -10)
        late = off & band & ((y - expected + step).abs() < 1e-4 * lam.view(5, 1))
        mismatch = (off & ~late).float().mean().item()
        check(mismatch < 1e-3, f"activation quantizer = IBT neuron counts at L={levels} "
              f"(mismatch {mismatch:.1e}, {int(late.sum())} one step late near -10.5 lambda)")
        relu = quantize_activation(x.view(1, 5, 2000, 1), lam, levels, leaky=False)
        check(bool((relu >= 0).all()), f"relu quantizer has no negative side at L={levels}")
        pixels = torch.rand(1000, generator=gen)
        v, spikes = torch.zeros(1000), torch.zeros(1000)
        for _ in range(levels):
            v = v + pixels
            fire = v >= 1
            v = v - fire.float()
            spikes += fire.float()
        check(torch.equal(quantize_input(pixels, levels) * levels, spikes),
              f"input quantizer = IF pixel spike counts at T={levels}")
    # Gradient: straight through inside the range, 0.1 on the negative side.
    x = torch.tensor([0.3, -2.0, 5.0], requires_grad=True)
    lam = torch.tensor([1.0], requires_grad=True)
    quantize_activation(x.view(1, 1, 3, 1), lam, 8, True).sum().backward()
    check(torch.allclose(x.grad, torch.tensor([1.0, 0.1, 0.0])), "STE gradients 1 / 0.1 / 0")
    # Weights: integers on the per-output-channel grid of w * lambda_in.
    w = torch.randn(4, 3, 3, 3, generator=gen)
    b = torch.randn(4, generator=gen)
    lam_in = torch.tensor([0.5, 1.0, 2.0])
    wq, bq = quantize_weight(w, b, lam_in, 8)
    step = (w * lam_in.view(1, 3, 1, 1)).abs().amax(dim=(1, 2, 3)) / 127
    k = wq * lam_in.view(1, 3, 1, 1) / step.view(4, 1, 1, 1)
    check(bool(((k - k.round()).abs() < 1e-3).all()) and float(k.abs().max()) <= 127.001,
          "weights are integers in [-127, 127] times the channel step / lambda_in")
    check(bool(((bq / step - (bq / step).round()).abs() < 1e-3).all()),
          "biases are on the channel step")


def run(cmd, **kw) -> subprocess.CompletedProcess:
    print("+ " + " ".join(cmd), flush=True)
    result = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, **kw)
    if result.returncode != 0:
        print(result.stdout)
        check(False, f"command exited with {result.returncode}")
    return result


def losses(log_path: str):
    with open(log_path) as f:
        return [json.loads(line)["loss"] for line in f if '"loss"' in line]



def compare_detections(args, torch, prefix, extra, root, names, label) -> None:
    """Each of the Python model's 10 best detections per validation image
    is in `snnc eval`'s list (score within 2e-3, box within 0.1 px)."""
    from snnc_train.data import load_voc
    from snnc_train.export import load_exported
    from snnc_train.metrics import decode_region, nms_detections

    val = load_voc(root, "val", names, 64, 64)
    model = load_exported(prefix + ".cfg")
    model.eval()
    dets_path = os.path.join(args.work, "detections.json")
    run([args.snnc, "-j", "2", "eval", prefix + ".cfg", *extra, "--voc", root, "--split", "val",
         "-q", "--thresh", "0.05", "--detections-json", dets_path])
    with open(dets_path) as f:
        snnc_dets = json.load(f)
    # PIL and stb decode JPEG with different IDCTs: inputs differ by a grey
    # level here and there, so scores agree to ~1e-4, not bit for bit.
    worst_score = worst_box = 0.0
    compared = 0
    with torch.no_grad():
        outputs = model(val.images.float() / 255)[0]
    for i, (boxes, probs) in enumerate(decode_region(outputs, model.heads[0], 0.05)):
        ours = sorted(nms_detections(boxes, probs), key=lambda d: -d[1])[:10]
        theirs = [d for d in snnc_dets if d["image_id"] == val.ids[i]]
        for k, score, box in ours:
            candidates = [d for d in theirs if d["category"] == names[k]]
            if not candidates:
                check(False, f"{label}: image {val.ids[i]}: snnc does not detect {names[k]}")

            def box_diff(d):
                x, y, w, h = d["bbox"]
                return max(abs(a - b) for a, b in zip(box * 64, [x, y, x + w, y + h]))
            best = min(candidates, key=box_diff)
            worst_box = max(worst_box, box_diff(best))
            worst_score = max(worst_score, abs(best["score"] - score))
            compared += 1
    check(compared > 0 and worst_score < 2e-3 and worst_box < 0.1,
          f"{label}: snnc eval finds the Python model's {compared} best detections (max "
          f"score diff {worst_score:.1e}, max box diff {worst_box:.2e} px)")

def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--snnc", required=True, help="the snnc binary")
    parser.add_argument("--work", required=True, help="scratch folder (emptied)")
    args = parser.parse_args()
    try:
        for module in ("numpy", "PIL"):
            importlib.import_module(module)
        import torch
    except ImportError as e:
        print(f"SKIP: the trainer's Python packages are not importable ({e}); install "
              "python3-torch, python3-numpy and python3-pil (scripts/setup.sh) to run it")
        return SKIP
    torch.set_num_threads(min(2, os.cpu_count() or 1))
    started = time.time()
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    python = sys.executable

    test_quantizers(torch)

    # -- synthetic data, deterministic -----------------------------------
    synth = os.path.join(TRAIN_DIR, "synth.py")
    data_a, data_b = os.path.join(args.work, "synth"), os.path.join(args.work, "synth2")
    run([python, synth, "-o", data_a, "--train", "8", "--val", "4", "--test", "0",
         "--size", "64", "--seed", "5", "-j", "1"])
    run([python, synth, "-o", data_b, "--train", "8", "--val", "4", "--test", "0",
         "--size", "64", "--seed", "5", "-j", "2"])
    cmp = filecmp.dircmp(data_a, data_b)
    same = all(filecmp.cmp(os.path.join(root, f), os.path.join(root.replace(data_a, data_b), f),
                           shallow=False)
               for root, _, files in os.walk(data_a) for f in files)
    check(same and not cmp.left_only and not cmp.right_only,
          "same seed gives byte-identical files (1 and 2 workers)")

    # -- train float, then QAT ---------------------------------------------
    cfg = os.path.join(args.work, "tiny.cfg")
    with open(cfg, "w") as f:
        f.write(TINY_CFG)
    train = os.path.join(TRAIN_DIR, "train.py")
    common = ["--voc", data_a, "--split", "train", "--val-voc", data_a, "--val-split", "val",
              "--batch", "8", "--no-augment", "--log-every", "1", "--threads", "2",
              "--workers", "1", "--device", "cpu"]
    float_prefix = os.path.join(args.work, "out", "tiny-float")
    try:
        import onnx  # noqa: F401  (python3-onnx: the --onnx export)
        onnx_flag = ["--onnx"]
    except ImportError:
        onnx_flag = []
        print("note: python3-onnx is absent: the ONNX export is not checked")
    run([python, train, "--cfg", cfg, "--iterations", "40", "--warmup", "1", "--lr", "3e-3",
         "-o", float_prefix] + onnx_flag + common)
    curve = losses(float_prefix + ".log.jsonl")
    head, tail = sum(curve[:5]) / 5, sum(curve[-5:]) / 5
    check(len(curve) == 40 and tail < 0.6 * head,
          f"float loss falls: first 5 mean {head:.2f} -> last 5 mean {tail:.2f}")

    qat_prefix = os.path.join(args.work, "out", "tiny-qat")
    run([python, train, "--cfg", float_prefix + ".cfg", "--weights", float_prefix + ".weights",
         "--qat", "--levels", "8", "--weight-bits", "8", "--iterations", "20", "--warmup", "1",
         "--lr", "1e-3", "--calib-batches", "1", "-o", qat_prefix] + common)
    curve = losses(qat_prefix + ".log.jsonl")
    head, tail = sum(curve[:3]) / 3, sum(curve[-3:]) / 3
    check(tail < head, f"QAT loss falls: first 3 mean {head:.2f} -> last 3 mean {tail:.2f}")
    with open(qat_prefix + ".qat.json") as f:
        meta = json.load(f)
    check(meta["format"] == "snnc-qat" and meta["levels"] == 8 and meta["weight_bits"] == 8
          and [l["index"] for l in meta["layers"]] == [0, 2, 4, 7]
          and [len(l["ceiling"]) for l in meta["layers"]] == [8, 16, 16, 33]
          and [l["activation"] for l in meta["layers"]] == ["leaky", "leaky", "relu", "linear"],
          "MODEL.qat.json lists layers 0, 2, 4 with per-channel ceilings and the head 7's range")

    # -- round trip through the C++ importer ---------------------------------
    for prefix, bn_params in ((float_prefix, 8 * 4 + 16 * 4 + 16 * 4), (qat_prefix, 0)):
        stats = run([args.snnc, "stats", prefix + ".cfg"]).stdout
        conv = 3 * 9 * 8 + 8 * 9 * 16 + 16 * 9 * 16 + 16 * 33
        expected = conv + 33 + bn_params + (0 if bn_params else 8 + 16 + 16)
        check(f"total parameters: {expected:,}" in stats,
              f"snnc stats reads {os.path.basename(prefix)} ({expected:,} parameters)")
        ir = run([args.snnc, "import", prefix + ".cfg", "--elide-resources", "64"]).stdout
        check("ann.conv2d" in ir and "ann.region" in ir,
              f"snnc import reads {os.path.basename(prefix)}")

    from snnc_train.data import load_voc, read_names
    from snnc_train.export import load_exported
    from snnc_train.metrics import decode_region, evaluate, nms_detections

    names = read_names(os.path.join(data_a, "synth.names"))
    val = load_voc(data_a, "val", names, 64, 64)
    with open(qat_prefix + ".train.json") as f:
        summary = json.load(f)
    reloaded = load_exported(qat_prefix + ".cfg")
    reloaded_map = evaluate(reloaded, val, "cpu")["map07"]
    check(abs(reloaded_map - summary["val_map07"]) < 1e-6,
          f"reloaded QAT export reproduces the trained mAP ({reloaded_map:.4f})")
    # The head's range: the 99.99th percentile of |head output| per channel
    # over the training images, recomputed here by hand (hooked convolution,
    # numpy's percentile) from the reloaded network.
    import numpy as np
    train_set = load_voc(data_a, "train", names, 64, 64)
    captured = []
    hook = reloaded.layers[7].register_forward_hook(
        lambda module, inputs, output: captured.append(output.detach()))
    with torch.no_grad():
        reloaded.eval()
        reloaded(train_set.images.float() / 255)
    hook.remove()
    head = torch.cat(captured).abs().numpy()  # [N, 33, H, W]
    expected = np.percentile(head.transpose(1, 0, 2, 3).reshape(33, -1), 99.99, axis=1)
    written = np.array(meta["layers"][3]["ceiling"])
    check(np.allclose(written, np.maximum(expected, 1e-3), rtol=1e-5),
          f"the head's range is the 99.99th percentile of |output| per channel "
          f"(largest difference {np.abs(written - expected).max():.2e})")
    # head_ranges.py, run on the export with the same training images,
    # rewrites the metadata byte for byte; bad values fail in one line.
    head_ranges = os.path.join(TRAIN_DIR, "head_ranges.py")
    with open(qat_prefix + ".qat.json", "rb") as f:
        exported = f.read()
    run([python, head_ranges, qat_prefix + ".cfg", "--voc", data_a, "--split", "train",
         "--workers", "1"])
    with open(qat_prefix + ".qat.json", "rb") as f:
        check(f.read() == exported, "head_ranges.py reproduces the exported head range")
    bad = subprocess.run([python, head_ranges, qat_prefix + ".cfg", "--voc", data_a,
                          "--limit", "0"], capture_output=True, text=True)
    check(bad.returncode == 2 and "--limit: 0 is below the minimum 1" in bad.stderr,
          "head_ranges.py --limit 0 is refused")

    # snnc eval on the exported float model finds the Python model's detections.
    compare_detections(args, torch, float_prefix, [], data_a, names, "float")
    if onnx_flag:
        # The trainer's ONNX export reads as the very same network.
        outs = []
        for model in (float_prefix + ".cfg", float_prefix + ".onnx"):
            out = model + ".detections.json"
            run([args.snnc, "eval", model, "--voc", data_a, "--split", "val", "-q",
                 "--detections-json", out])
            with open(out, "rb") as f:
                outs.append(f.read())
        check(outs[0] == outs[1] and len(outs[0]) > 2,
              "train.py --onnx: snnc eval of the .onnx writes the detections of the .cfg")
    # The quantized network as trained (`snnc eval --qat`) against the Python
    # one, on a lossless copy of the images: the quantizers round, so a grey
    # level of JPEG decoder difference could move a value across a step.
    lossless = os.path.join(args.work, "data-png")
    shutil.rmtree(lossless, ignore_errors=True)
    shutil.copytree(data_a, lossless)
    from PIL import Image
    jpegs = os.path.join(lossless, "VOC2007", "JPEGImages")
    for f in os.listdir(jpegs):
        path = os.path.join(jpegs, f)
        Image.open(path).convert("RGB").save(path, format="PNG")
    compare_detections(args, torch, qat_prefix, ["--qat", qat_prefix + ".qat.json"], lossless,
                       names, "QAT (quantized)")
    print(f"snnc-train-smoke: passed in {time.time() - started:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
