#!/usr/bin/env python3
"""Packs a VOCdevkit split into one .npz: every image resized to the network
size with darknet's resize and re-encoded as JPEG, plus boxes, original
sizes, ids and class names. For carrying a training set to a machine that
gets nothing but the repository (the GPU runs in docs/QAT.md).

    /usr/bin/python3 compiler/train/pack.py --voc ../shared/data/voc07-train --split train \\
        --names ../shared/models/yolo-lite-voc/voc.names --size 224 -o out/qat-pack/voc07-train-224.npz
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from snnc_train.data import pack_voc, read_names  # noqa: E402


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--voc", required=True, help="VOCdevkit root")
    p.add_argument("--split", default="train")
    p.add_argument("--names", required=True, help="class names file")
    p.add_argument("--size", type=int, required=True, help="network input side (square)")
    p.add_argument("--quality", type=int, default=90, help="JPEG quality (default 90)")
    p.add_argument("--limit", type=int, help="only the first N images")
    p.add_argument("-j", "--workers", type=int, default=os.cpu_count() or 1)
    p.add_argument("-o", "--out", required=True, help="output .npz")
    args = p.parse_args()
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    n = pack_voc(args.voc, args.split, read_names(args.names), args.size, args.size,
                 args.out, args.workers, args.limit, args.quality)
    print(f"pack: {n} images at {args.size}x{args.size} -> {args.out} "
          f"({os.path.getsize(args.out) / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
