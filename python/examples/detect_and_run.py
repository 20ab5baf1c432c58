#!/usr/bin/env python3
"""Compile a detector for a chip, then detect objects with it on the emulator.

The whole flow of docs/PYTHON.md in one script: look at the chip, compile
the model, measure the DNN's mAP and the chip's at several time steps with
the energy per image, and detect objects in a few pictures (written
annotated). With the bundled model and its synthetic test images:

    /usr/bin/python3 compiler/train/synth.py -o out/synth --train 0 --val 0 --test 16 --skip 8500
    PYTHONPATH=build/python /usr/bin/python3 python/examples/detect_and_run.py \\
        --voc out/synth --split test --out out/python-example

Give --chip-at unix:PATH to run on a chip behind `snnc-emu-server --socket
PATH` instead of the in-process emulator (docs/HIL.md).
"""

import argparse
import os
import sys

import snnc

HERE = os.path.dirname(os.path.abspath(__file__))
BUNDLED = os.path.join(os.path.dirname(HERE), os.pardir, "models",
                       "snnc-tiny-synth", "snnc-tiny-synth.cfg")


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=os.path.normpath(BUNDLED),
                        help="darknet .cfg or .onnx (default: the bundled model)")
    parser.add_argument("--chip", default="truenorth-x",
                        help="chip profile or YAML (default truenorth-x)")
    parser.add_argument("--voc", required=True, help="VOCdevkit root of the test images")
    parser.add_argument("--split", default="test", help="image set (default test)")
    parser.add_argument("--ticks", type=int, default=32, help="time steps per image")
    parser.add_argument("--pictures", type=int, default=3,
                        help="images to detect objects in and draw (default 3)")
    parser.add_argument("--chip-at", default="local",
                        help="local, unix:PATH or tcp:HOST:PORT (default local)")
    parser.add_argument("--out", default="out/python-example", help="output folder")
    args = parser.parse_args()

    # 1. The chip: its limits decide how the network is mapped.
    chip = snnc.chip(args.chip)
    print(f"chip {chip.name}: {chip.axons_per_core}x{chip.neurons_per_core} "
          f"{chip.crossbar} crossbar, {chip.readout} readout, "
          f"{chip.cores_per_chip} cores per chip")

    # 2. Compile: calibration from the QAT metadata beside a QAT model's cfg,
    # conversion, quantization, mapping, configuration files.
    compiled = snnc.compile(args.model, chip=args.chip,
                            out_dir=os.path.join(args.out, "compiled"),
                            plots=False, quiet=True)
    print(f"compiled: {compiled.cores} cores on {compiled.chips} chip(s), "
          f"latency {compiled.latency_ticks} ticks -> {compiled.out_dir}")

    # 3. mAP by time steps on the chip, beside the DNN's on the same images.
    result = snnc.run(compiled.out_dir, voc=args.voc, split=args.split,
                      ticks=args.ticks, chip=args.chip_at, quiet=True)
    if result.dnn:
        print(f"DNN (float activations): mAP {100 * result.dnn['map07']:.2f}")
    if result.dnn_as_trained:
        print(f"DNN as trained: mAP {100 * result.dnn_as_trained['map07']:.2f}")
    for ticks, value in result.map07.items():
        print(f"T = {ticks:3}: chip mAP {100 * value:6.2f}, "
              f"{result.chip_joules[ticks]:.3g} J per image")

    # 4. Objects in a few pictures at T ticks, drawn into the output folder.
    folder = os.path.join(args.voc, "VOC2007", "JPEGImages")
    if not os.path.isdir(folder):
        folder = os.path.join(args.voc, "JPEGImages")
    pictures = sorted(os.path.join(folder, f) for f in os.listdir(folder))
    detected = snnc.run(compiled.out_dir, images=pictures[:args.pictures],
                        ticks=args.ticks, chip=args.chip_at,
                        pictures_dir=os.path.join(args.out, "pictures"),
                        quiet=True)
    for image in detected.detections:
        found = image["checkpoints"][-1]["detections"]
        print(f"{os.path.basename(image['image'])}: {len(found)} objects "
              f"-> {image['picture']}")
        for d in found:
            x0, y0, x1, y1 = d["box"]
            print(f"  {d['class']:<10} {d['score']:.2f}  "
                  f"({x0:.0f}, {y0:.0f}) - ({x1:.0f}, {y1:.0f})")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except snnc.Error as e:
        # The one-line message `snnc` itself prints.
        sys.exit(f"detect_and_run: error: {e}")
