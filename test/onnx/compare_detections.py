#!/usr/bin/env python3
"""Compares two `snnc detect --json` files: the same images, and per image
the same detections (class, score and box within a tolerance), each matched
to its closest counterpart. Prints a one-line summary; exits 1 on any difference.

  compare_detections.py A.json B.json [--tolerance T]
"""

import argparse
import json
import sys


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("a")
    parser.add_argument("b")
    parser.add_argument("--tolerance", type=float, default=0.0,
                        help="largest |difference| of a score (absolute) or a "
                             "box coordinate (pixels); 0: exactly equal")
    args = parser.parse_args()
    a = json.load(open(args.a))["images"]
    b = json.load(open(args.b))["images"]
    if len(a) != len(b):
        print(f"different image counts: {len(a)} vs {len(b)}")
        return 1
    count, worst = 0, 0.0
    for ia, ib in zip(a, b):
        da = sorted(ia["detections"], key=lambda d: -d["score"])
        db = sorted(ib["detections"], key=lambda d: -d["score"])
        # Near the score threshold a tiny float difference may add or drop
        # a detection: compare those well above it.
        if args.tolerance > 0:
            floor = min(d["score"] for d in da + db) + 10 * args.tolerance if da + db else 0
            da = [d for d in da if d["score"] >= floor]
            db = [d for d in db if d["score"] >= floor]
        if len(da) != len(db):
            print(f"{ia['image']}: {len(da)} vs {len(db)} detections")
            return 1
        # Each detection of A must have its own match in B (equal scores
        # may come in either order).
        unused = list(db)
        for x in da:
            best, best_diff = None, None
            for y in unused:
                if y["classId"] != x["classId"]:
                    continue
                diff = max([abs(x["score"] - y["score"])] +
                           [abs(p - q) for p, q in zip(x["box"], y["box"])])
                if best_diff is None or diff < best_diff:
                    best, best_diff = y, diff
            if best is None or best_diff > args.tolerance:
                print(f"{ia['image']}: no match for {x} (closest differs by {best_diff})")
                return 1
            unused.remove(best)
            worst = max(worst, best_diff)
            count += 1
    print(f"same detections: {count} on {len(a)} images (largest difference {worst:.3g})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
