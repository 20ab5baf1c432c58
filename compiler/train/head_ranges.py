#!/usr/bin/env python3
"""Adds the detection heads' ranges to an exported model's MODEL.qat.json.

A chip that reads spikes only (truenorth) decodes each output from its
spike count, so the output neurons' threshold must be the head's range: the
QAT ceilings cover the quantized activations, not the linear head. This
measures, per head convolution and output channel, the 99.99th percentile of
|output| (snnc's normalization percentile) of the network as trained
(quantized activations) on training images, and writes it as the head's
"linear" entry (docs/QAT.md). train.py does the same at export; this is for
models exported before it did.

    /usr/bin/python3 compiler/train/head_ranges.py models/snnc-tiny-synth/snnc-tiny-synth.cfg \\
        --voc out/synth-train --split train --limit 256

Measure on training images, never on the images you evaluate on.
"""

import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import torch  # noqa: E402

from snnc_train.data import load_voc, names_beside, read_names  # noqa: E402
from snnc_train.export import (HEAD_PERCENTILE, format_metadata, head_ranges,  # noqa: E402
                               load_exported)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("cfg", help="exported MODEL.cfg (weights and .qat.json beside it)")
    p.add_argument("--weights", help="default: MODEL.weights")
    p.add_argument("--qat", help="default: MODEL.qat.json")
    p.add_argument("--voc", required=True, help="VOCdevkit root of the training images")
    p.add_argument("--split", default="train")
    p.add_argument("--names", help="default: the only *.names beside the cfg")
    p.add_argument("--limit", type=int, default=256, help="images (default 256)")
    p.add_argument("--percentile", type=float, default=HEAD_PERCENTILE)
    p.add_argument("-j", "--workers", type=int, default=os.cpu_count() or 1)
    args = p.parse_args()
    base = args.cfg[:-4] if args.cfg.endswith(".cfg") else args.cfg
    qat_path = args.qat or base + ".qat.json"
    if not os.path.exists(qat_path):
        p.error(f"{qat_path}: no QAT metadata (give --qat)")
    names_path = args.names
    if not names_path:
        found = names_beside(args.cfg)
        if len(found) != 1:
            p.error(f"give --names ({len(found)} *.names files beside the cfg)")
        names_path = found[0]
    if args.limit < 1:
        p.error(f"--limit: {args.limit} is below the minimum 1")
    if not 0 < args.percentile <= 100:
        p.error(f"--percentile: {args.percentile} is outside (0, 100]")

    model = load_exported(args.cfg, args.weights, qat_path)
    data = load_voc(args.voc, args.split, read_names(names_path), model.width, model.height,
                    args.limit, args.workers)
    if len(data) == 0:
        p.error(f"{args.voc}: split '{args.split}' has no images")
    ranges = head_ranges(model, data.images, args.percentile)

    with open(qat_path) as f:
        meta = json.load(f)
    meta["layers"] = [e for e in meta["layers"] if e.get("activation") != "linear"]
    for index, ceiling in ranges.items():
        meta["layers"].append({"index": index, "type": "convolutional",
                               "activation": "linear", "ceiling": ceiling})
    meta["layers"].sort(key=lambda entry: entry["index"])
    temporary = qat_path + f".tmp-{os.getpid()}"
    with open(temporary, "w") as f:
        f.write(format_metadata(meta))
    os.replace(temporary, qat_path)
    for index, ceiling in sorted(ranges.items()):
        print(f"{qat_path}: layer {index}: {len(ceiling)} channel ranges "
              f"({min(ceiling):g} to {max(ceiling):g}) from {len(data)} images "
              f"of {args.voc} split '{args.split}', percentile {args.percentile:g}")
    return 0


if __name__ == "__main__":
    torch.set_num_threads(os.cpu_count() or 1)
    sys.exit(main())
