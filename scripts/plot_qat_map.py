#!/usr/bin/env python3
"""mAP vs T of the bundled QAT model (bench/qat_map_vs_t.sh output).

Writes OUT/map_vs_T_qat.png and OUT/table.md. Uses python3-matplotlib.
"""
import csv
import json
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main(out: Path, latency: int) -> None:
    curves = []
    dnn = {}
    for folder, name in [("sweep-qat", "QAT model, with metadata"),
                         ("sweep-qat-v0", "QAT model, metadata, V(0)=0, delay 4"),
                         ("sweep-noqat", "QAT model, without metadata"),
                         ("sweep-float-model", "float model (no QAT)")]:
        rows = list(csv.DictReader(open(out / folder / "sweep.csv")))
        for pool in ("comparator", "max_count"):
            sel = [r for r in rows if r["max_pool"] == pool]
            curves.append((f"{name}, {pool} pool (graph-level)",
                           [int(r["ticks"]) for r in sel],
                           [100 * float(r["map07"]) for r in sel]))
        dnn[name] = 100 * float(rows[0]["dnn_map07"])
    em = json.load(open(out / "emulator.json"))
    curves.append(("QAT model, metadata, V(0)=0, delay 4: truenorth-x emulator",
                   [c["ticks"] - latency for c in em["checkpoints"]],
                   [100 * c["map07"] for c in em["checkpoints"]]))
    fig, ax = plt.subplots(figsize=(9, 5.5))
    styles = ["-o", "--o", "-v", "--v", "-^", "--^", "-s", "--s", "-D"]
    for (label, t, m), style in zip(curves, styles):
        ax.plot(t, m, style, label=label, linewidth=2 if "emulator" in label else 1)
    ax.axhline(dnn["QAT model, with metadata"], color="k", linewidth=1,
               label=f"DNN, QAT model ({dnn['QAT model, with metadata']:.2f})")
    ax.axhline(dnn["float model (no QAT)"], color="gray", linestyle=":",
               label=f"DNN, float model ({dnn['float model (no QAT)']:.2f})")
    ax.set_xscale("log", base=2)
    ax.set_xlabel("time steps T (emulator: chip ticks after the pipeline latency)")
    ax.set_ylabel("mAP (VOC07 11-point, %)")
    ax.set_title(f"snnc-tiny-synth on {em['images']} held-out synthetic images")
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
            f"{v[x]:.2f}" if x in v else "" for x in ticks) + " |")
    lines.append("")
    lines.append("DNN mAP on the same images (float activations, `snnc eval`): " +
                 ", ".join(f"{k} {v:.2f}" for k, v in dnn.items()))
    (out / "table.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]))
