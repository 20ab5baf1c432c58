#!/usr/bin/env python3
"""VOC07 mAP of an exported model as the trainer computes it: with
MODEL.qat.json beside the cfg, the quantized network (activations clipped and
rounded to L levels, image quantized) - the network the spiking conversion
approaches at T = L - and, with --float-activations, the same weights with
plain (leaky) ReLU, which is what `snnc eval` computes.

    /usr/bin/python3 compiler/train/evaluate.py models/snnc-tiny-synth/snnc-tiny-synth.cfg \\
        --voc out/synth --split test
"""

import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import torch  # noqa: E402

from snnc_train.data import load_voc, names_beside, read_names  # noqa: E402
from snnc_train.export import load_exported  # noqa: E402
from snnc_train.metrics import evaluate  # noqa: E402


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("cfg", help="exported MODEL.cfg (weights and .qat.json beside it)")
    p.add_argument("--weights", help="default: MODEL.weights")
    p.add_argument("--qat", help="default: MODEL.qat.json if present")
    p.add_argument("--voc", required=True, help="VOCdevkit root")
    p.add_argument("--split", default="test")
    p.add_argument("--names", help="default: the only *.names beside the cfg")
    p.add_argument("--limit", type=int)
    p.add_argument("--float-activations", action="store_true",
                   help="also evaluate with the activation and input quantizers off")
    p.add_argument("--json", help="write the results here")
    p.add_argument("-j", "--workers", type=int, default=os.cpu_count() or 1)
    args = p.parse_args()
    names_path = args.names
    if not names_path:
        found = names_beside(args.cfg)
        if len(found) != 1:
            p.error(f"give --names ({len(found)} *.names files beside the cfg)")
        names_path = found[0]
    model = load_exported(args.cfg, args.weights, args.qat)
    data = load_voc(args.voc, args.split, read_names(names_path), model.width, model.height,
                    args.limit, args.workers)
    quantized = model.input_levels > 0
    result = {"model": args.cfg, "images": len(data), "quantized": quantized}
    result["map07"] = evaluate(model, data, "cpu")["map07"]
    label = "quantized network" if quantized else "network"
    print(f"{args.cfg}: {label} VOC07 mAP {100 * result['map07']:.2f} on {len(data)} images")
    if args.float_activations and quantized:
        model.set_activation_quantization(False)
        result["map07_float_activations"] = evaluate(model, data, "cpu")["map07"]
        print(f"{args.cfg}: float activations VOC07 mAP "
              f"{100 * result['map07_float_activations']:.2f}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=1)
            f.write("\n")
    return 0


if __name__ == "__main__":
    torch.set_num_threads(os.cpu_count() or 1)
    sys.exit(main())
