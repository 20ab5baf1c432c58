#!/usr/bin/env python3
"""Exports a darknet model (cfg + weights, as snnc's trainer writes them) to
ONNX for `snnc`: the float forward pass up to the head inputs, with the
[region]/[yolo] sections in metadata_props "snnc.head".

  /usr/bin/python3 compiler/train/export_onnx.py MODEL.cfg [-w MODEL.weights] -o MODEL.onnx
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from snnc_train.cfg import read_cfg  # noqa: E402
from snnc_train.model import Darknet  # noqa: E402
from snnc_train.onnx_export import DEFAULT_OPSET, export_onnx  # noqa: E402
from snnc_train.weights import load_weights  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cfg", help="darknet .cfg")
    parser.add_argument("-w", "--weights", help="darknet .weights (default: beside the cfg)")
    parser.add_argument("-o", "--output", required=True, help="the .onnx file to write")
    parser.add_argument("--opset", type=int, default=DEFAULT_OPSET)
    args = parser.parse_args()
    weights = args.weights or os.path.splitext(args.cfg)[0] + ".weights"
    model = Darknet(read_cfg(args.cfg))
    load_weights(model, weights)
    export_onnx(model, args.output, args.opset)
    print(f"export_onnx: wrote {args.output} (opset {args.opset})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
