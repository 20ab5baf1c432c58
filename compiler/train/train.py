#!/usr/bin/env python3
"""Trains a Tiny-YOLO-family darknet model, optionally quantization-aware,
and exports darknet cfg + weights (+ MODEL.qat.json with --qat).

    # float, from scratch, on the synthetic set
    /usr/bin/python3 compiler/train/train.py --cfg compiler/train/cfg/snnc-tiny-synth.cfg \\
        --voc out/synth --split train --val-voc out/synth --val-split val \\
        --iterations 4000 -o out/tiny/snnc-tiny-synth-float
    # quantization-aware fine-tuning from those weights, L = 8, 8-bit weights
    /usr/bin/python3 compiler/train/train.py --cfg out/tiny/snnc-tiny-synth-float.cfg \\
        --weights out/tiny/snnc-tiny-synth-float.weights --qat --levels 8 --weight-bits 8 \\
        --voc out/synth --split train --iterations 2000 --lr 2e-4 -o out/tiny/snnc-tiny-synth

Data: --voc ROOT --split NAME (VOCdevkit; class names from --names or the
only *.names file in ROOT), --coco JSON --images DIR, or --packed FILE.npz
(compiler/train/pack.py). docs/QAT.md describes the quantizers and outputs.
"""

import argparse
import glob
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import torch  # noqa: E402

from snnc_train.cfg import read_cfg  # noqa: E402
from snnc_train.data import load_coco, load_packed, load_voc, read_names  # noqa: E402
from snnc_train.export import export_model  # noqa: E402
from snnc_train.metrics import evaluate  # noqa: E402
from snnc_train.model import Darknet  # noqa: E402
from snnc_train.trainer import TrainConfig, train  # noqa: E402
from snnc_train.weights import load_weights  # noqa: E402


def default_names(root: str) -> str:
    found = sorted(glob.glob(os.path.join(root, "*.names")))
    if len(found) != 1:
        raise SystemExit(f"train.py: give --names (found {len(found)} *.names files in {root})")
    return found[0]


def load_set(args, kind: str, model: Darknet, names_path):
    """kind: '' for training data, 'val_' for validation data."""
    get = lambda k: getattr(args, kind + k, None)
    w, h = model.width, model.height
    limit = args.val_limit if kind else args.limit
    if get("voc"):
        names = read_names(names_path or default_names(get("voc")))
        return load_voc(get("voc"), get("split"), names, w, h, limit, args.workers)
    if get("packed"):
        data = load_packed(get("packed"), w, h, args.workers, limit)
        if names_path and read_names(names_path) != data.names:
            raise SystemExit(f"train.py: {names_path} differs from the names in {get('packed')}")
        return data
    if get("coco"):
        return load_coco(get("coco"), get("images"), w, h, limit, args.workers)
    return None


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--cfg", required=True, help="darknet .cfg (Tiny-YOLO family, region head)")
    p.add_argument("--weights", help="initialize from darknet .weights")
    p.add_argument("--seen", type=int, help="images seen so far (default: from --weights, "
                   "else 0; the region loss pulls boxes to anchors while < 12800)")
    d = p.add_argument_group("data")
    d.add_argument("--voc", help="VOCdevkit root")
    d.add_argument("--split", default="train", help="image set (default train)")
    d.add_argument("--coco", help="COCO instances JSON")
    d.add_argument("--images", help="COCO image folder")
    d.add_argument("--packed", help="packed set (.npz from pack.py)")
    d.add_argument("--names", help="class names file (VOC; with --packed: checked against "
                   "the pack's, and its file name is used for the exported copy)")
    d.add_argument("--limit", type=int, help="use only the first N training images")
    d.add_argument("--val-voc", help="VOCdevkit root for validation mAP")
    d.add_argument("--val-split", default="val")
    d.add_argument("--val-packed", help="packed validation set")
    d.add_argument("--val-limit", type=int, help="validate on the first N images")
    d.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                   help="processes decoding images")
    q = p.add_argument_group("quantization-aware training")
    q.add_argument("--qat", action="store_true", help="quantization-aware mode")
    q.add_argument("--levels", type=int, default=8, help="activation levels L = time steps T (default 8)")
    q.add_argument("--weight-bits", type=int, default=8,
                   help="signed weight bits, per output channel (default 8: truenorth-x; 0 = float)")
    q.add_argument("--ceiling", choices=["channel", "layer"], default="channel",
                   help="one learnable ceiling per output channel or per layer (default channel)")
    q.add_argument("--calib-batches", type=int, default=4,
                   help="batches used to initialize the ceilings (default 4)")
    q.add_argument("--calib-percentile", type=float, default=99.9,
                   help="percentile of positive activations for the initial ceiling (default 99.9)")
    t = p.add_argument_group("optimization")
    t.add_argument("--iterations", type=int, default=1000)
    t.add_argument("--batch", type=int, default=64)
    t.add_argument("--lr", type=float, default=1e-3)
    t.add_argument("--optimizer", choices=["adam", "sgd"], default="adam")
    t.add_argument("--weight-decay", type=float, default=5e-4)
    t.add_argument("--warmup", type=int, default=100, help="burn-in iterations (default 100)")
    t.add_argument("--time-limit", type=float, default=0,
                   help="seconds; the schedule anneals to it and stops (0 = none)")
    t.add_argument("--jitter", type=float, default=0.2)
    t.add_argument("--no-augment", action="store_true")
    t.add_argument("--seed", type=int, default=1)
    t.add_argument("--log-every", type=int, default=50)
    t.add_argument("--eval-every", type=int, default=0, help="validate every N iterations")
    t.add_argument("--eval-before", action="store_true",
                   help="validate once before training (with --qat: the post-training-"
                   "quantized network)")
    t.add_argument("--device", default="auto", help="auto, cpu, cuda, cuda:N")
    t.add_argument("--threads", type=int, help="CPU threads for torch")
    o = p.add_argument_group("output")
    o.add_argument("-o", "--out", required=True, help="output prefix: PREFIX.cfg, .weights, "
                   ".qat.json, .log.jsonl, .train.json")
    o.add_argument("--fold-bn", action="store_true",
                   help="write batch norm folded into the convolutions (QAT always folds)")
    o.add_argument("--onnx", action="store_true",
                   help="also write PREFIX.onnx (torch.onnx, the heads in its metadata; "
                   "needs python3-onnx), which `snnc` reads like the darknet files")
    args = p.parse_args()
    if sum(bool(x) for x in (args.voc, args.coco, args.packed)) != 1:
        p.error("give exactly one of --voc, --coco, --packed")
    if args.coco and not args.images:
        p.error("--coco needs --images")
    if args.qat and args.levels < 1:
        p.error("--levels must be >= 1")
    if args.weight_bits and not 2 <= args.weight_bits <= 32:
        p.error("--weight-bits must be 0 or in [2, 32]")

    torch.manual_seed(args.seed)
    if args.threads:
        torch.set_num_threads(args.threads)
    device = torch.device("cuda" if args.device == "auto" and torch.cuda.is_available()
                          else ("cpu" if args.device == "auto" else args.device))
    if device.type == "cuda":
        torch.backends.cudnn.benchmark = True
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True

    model = Darknet(read_cfg(args.cfg))
    seen = 0
    if args.weights:
        seen = load_weights(model, args.weights)
    if args.seen is not None:
        seen = args.seen
    if any(h.kind != "region" for h in model.heads):
        p.error("training needs a [region] head (yolo heads are forward-only)")

    started = time.time()
    data = load_set(args, "", model, args.names)
    val = load_set(args, "val_", model, args.names)
    print(f"train.py: {len(data)} training images"
          + (f", {len(val)} validation images" if val is not None else "")
          + f", {model.width}x{model.height}, loaded in {time.time() - started:.1f}s, device {device}",
          flush=True)
    store = device if device.type == "cuda" else torch.device("cpu")
    data = data.to(store)
    model.to(device)
    if args.qat:
        model.enable_qat(args.levels, args.weight_bits, args.ceiling == "channel")

    cfg = TrainConfig(iterations=args.iterations, batch=args.batch, lr=args.lr,
                      optimizer=args.optimizer, weight_decay=args.weight_decay,
                      warmup=args.warmup, time_limit=args.time_limit, jitter=args.jitter,
                      augment=not args.no_augment, seed=args.seed, log_every=args.log_every,
                      eval_every=args.eval_every, calib_batches=args.calib_batches,
                      calib_percentile=args.calib_percentile, eval_before=args.eval_before)
    log_path = args.out + ".log.jsonl"
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    if os.path.exists(log_path):
        os.remove(log_path)
    result = train(model, data, cfg, device, seen, val, log_path, qat_calibrate=args.qat)

    names_base = os.path.basename(args.names) if args.names else (
        os.path.basename(default_names(args.voc)) if args.voc else "classes.names")
    # The heads' ranges on (up to 256 of) the training images: the output
    # threshold of spike-count readout (chips that read spikes only).
    paths = export_model(model, args.out, result["seen"], fold_bn=args.fold_bn,
                         names=data.names, names_basename=names_base,
                         range_images=data.images[:256] if args.qat else None)
    if args.onnx:
        from snnc_train.onnx_export import export_onnx
        paths["onnx"] = export_onnx(model, args.out + ".onnx")
    losses = [r["loss"] for r in result["history"] if "loss" in r]
    summary = {"command": sys.argv, "device": str(device), "iterations": result["iterations"],
               "seen": result["seen"], "train_seconds": round(result["time"], 1),
               "first_loss": losses[0] if losses else None,
               "last_loss": losses[-1] if losses else None,
               "val_map07": result["eval"]["map07"] if result["eval"] else None,
               "val_map07_before": next((r["val_map07"] for r in result["history"]
                                         if r.get("iteration") == 0 and "val_map07" in r), None),
               "outputs": paths}
    if args.qat and val is not None:
        # The same network with its activations left float (what `snnc eval`
        # computes: it runs the exported weights with float activations).
        model.set_activation_quantization(False)
        summary["val_map07_float_activations"] = evaluate(model, val, device)["map07"]
        model.set_activation_quantization(True)
        print(f"val mAP07 with float activations (quantized weights): "
              f"{100 * summary['val_map07_float_activations']:.2f}", flush=True)
    with open(args.out + ".train.json", "w") as f:
        json.dump(summary, f, indent=1)
        f.write("\n")
    print("train.py: wrote " + ", ".join(sorted(paths.values())), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
