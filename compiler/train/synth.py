#!/usr/bin/env python3
"""Generates the synthetic shapes detection set (VOCdevkit layout).

    /usr/bin/python3 compiler/train/synth.py -o out/synth --train 4000 --val 500 --test 500 --seed 1

See snnc_train/synth.py for what is drawn and docs/QAT.md for the figures.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from snnc_train.synth import CLASSES, generate  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-o", "--out", required=True, help="output root (VOCdevkit layout)")
    parser.add_argument("--train", type=int, default=4000, help="training images (default 4000)")
    parser.add_argument("--val", type=int, default=500, help="validation images (default 500)")
    parser.add_argument("--test", type=int, default=500, help="test images (default 500)")
    parser.add_argument("--size", type=int, default=128, help="image side in pixels (default 128)")
    parser.add_argument("--seed", type=int, default=1, help="seed (default 1)")
    parser.add_argument("--skip", type=int, default=0,
                        help="number images from SKIP + 1 (e.g. 8500 with --train 0 --val 0: "
                             "the held-out test split of the bundled model's 8000/500/500 set)")
    parser.add_argument("-j", "--workers", type=int, default=os.cpu_count() or 1,
                        help="worker processes (the output does not depend on it)")
    args = parser.parse_args()
    if min(args.train, args.val, args.test) < 0 or args.size < 32:
        parser.error("counts must be >= 0 and --size >= 32")
    if args.skip < 0:
        parser.error("--skip must be >= 0")
    counts = generate(args.out, args.train, args.val, args.test, args.seed, args.size,
                      args.workers, args.skip)
    total = args.train + args.val + args.test
    print(f"synth: {total} images ({args.train} train, {args.val} val, {args.test} test), "
          f"{args.size}x{args.size}, seed {args.seed}, in {args.out}")
    print("synth: objects " + ", ".join(f"{c} {counts[c]}" for c in CLASSES))
    return 0


if __name__ == "__main__":
    sys.exit(main())
