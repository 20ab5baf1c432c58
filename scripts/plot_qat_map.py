#!/usr/bin/env python3
"""mAP vs T of the bundled QAT model (bench/qat_map_vs_t.sh output).

Writes OUT/map_vs_T_qat.png and OUT/table.md (the curves, and each one's
ratio to the DNN as trained). Uses python3-matplotlib.
"""
import csv
import json
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def map07(path: Path) -> float:
    return 100 * json.load(open(path))["map07"]


def main(out: Path) -> None:
    curves = []
    for folder, name in [("sweep-qat", "QAT model with metadata, graph level"),
                         ("sweep-noqat", "QAT model without metadata, graph level"),
                         ("sweep-float-model", "float twin (no QAT), graph level")]:
        rows = list(csv.DictReader(open(out / folder / "sweep.csv")))
        curves.append((name, [int(r["ticks"]) for r in rows],
                       [100 * float(r["map07"]) for r in rows]))
    images = None
    for k in (4, 1):
        em = json.load(open(out / f"emulator-k{k}.json"))
        latency = int((out / f"latency-k{k}.txt").read_text())
        images = em["images"]
        curves.append((f"QAT model with metadata, truenorth-x emulator, "
                       f"{k} relay cop{'ies' if k > 1 else 'y'}",
                       [c["ticks"] - latency for c in em["checkpoints"]],
                       [100 * c["map07"] for c in em["checkpoints"]]))
    dnn = map07(out / "dnn-quantized.json")
    dnn_float_act = map07(out / "dnn-float-activations.json")
    dnn_float_model = map07(out / "dnn-float-model.json")
    fig, ax = plt.subplots(figsize=(9, 5.5))
    styles = ["-o", "--v", ":^", "-s", "--D"]
    for (label, t, m), style in zip(curves, styles):
        ax.plot(t, m, style, label=label, linewidth=2 if "emulator" in label else 1)
    ax.axhline(dnn, color="k", linewidth=1, label=f"DNN as trained ({dnn:.2f})")
    ax.axhline(0.99 * dnn, color="k", linestyle="--", linewidth=0.8,
               label=f"99% of it ({0.99 * dnn:.2f})")
    ax.axhline(dnn_float_model, color="gray", linestyle=":",
               label=f"DNN, float twin ({dnn_float_model:.2f})")
    ax.axvline(16, color="r", linewidth=0.6)
    ax.set_xlabel("time steps T (emulator: chip ticks after the pipeline latency)")
    ax.set_ylabel("mAP (VOC07 11-point, %)")
    ax.set_title(f"snnc-tiny-synth (QAT, L = 4) on {images} held-out synthetic images")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    fig.savefig(out / "map_vs_T_qat.png", dpi=120)
    ticks = sorted({x for _, t, _ in curves for x in t})
    lines = ["| curve | " + " | ".join(f"T={x}" for x in ticks) + " |",
             "|---|" + "---|" * len(ticks)]
    for label, t, m in curves:
        v = dict(zip(t, m))
        lines.append(f"| {label} | " + " | ".join(
            f"{v[x]:.2f} ({100 * v[x] / dnn:.1f}%)" if x in v else "" for x in ticks) + " |")
    lines.append("")
    lines.append(f"DNN mAP on the same {images} images: as trained (quantized, "
                 f"`snnc eval --qat`) {dnn:.2f}; the same weights with float "
                 f"activations {dnn_float_act:.2f}; the float twin {dnn_float_model:.2f}. "
                 "Percentages: of the DNN as trained.")
    (out / "table.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
