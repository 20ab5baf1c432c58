#!/usr/bin/env python3
"""mAP vs time steps on the emulated chips (bench/chip_map_vs_t.sh output).

Reads OUT/sweep-*.csv (graph-level simulator) and OUT/emulator-*.json
(`snnc run --json`), writes OUT/map_vs_T_chips.png and OUT/table.md.
Uses Debian's python3-matplotlib.
"""
import csv
import json
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def sweep(path):
    rows = list(csv.DictReader(open(path)))
    return ([int(r["ticks"]) for r in rows],
            [100 * float(r["map07"]) for r in rows],
            100 * float(rows[0]["dnn_map07"]))


def emulator(path):
    j = json.load(open(path))
    cps = j["checkpoints"]
    return ([c["ticks"] for c in cps], [100 * c["map07"] for c in cps],
            j["images"], j["energy"])


def main(out: Path) -> None:
    series = [
        ("graph-level, float weights (64 images)", "sweep-float.csv", "C0", "--"),
        ("graph-level, truenorth-x integers (64)", "sweep-tnx.csv", "C1", "--"),
        ("graph-level, truenorth integers (16)", "sweep-tn.csv", "C2", "--"),
        ("graph-level, float, count decoding (16)", "sweep-tn-float.csv", "C3", ":"),
    ]
    fig, ax = plt.subplots(figsize=(9, 5.5))
    rows = []
    dnn64 = dnn16 = None
    for label, name, color, style in series:
        p = out / name
        if not p.exists():
            continue
        t, m, dnn = sweep(p)
        if "64" in label:
            dnn64 = dnn
        else:
            dnn16 = dnn
        ax.plot(t, m, style, color=color, marker="o", label=label)
        rows.append((label, t, m))
    for label, name, color in [
            ("emulator, truenorth-x", "emulator-truenorth-x.json", "C1"),
            ("emulator, truenorth", "emulator-truenorth.json", "C2")]:
        p = out / name
        if not p.exists():
            continue
        t, m, n, energy = emulator(p)
        ax.plot(t, m, "-", color=color, marker="s", linewidth=2,
                label=f"{label} ({n} images)")
        rows.append((f"{label} ({n} images)", t, m))
    if dnn64 is not None:
        ax.axhline(dnn64, color="k", linewidth=1,
                   label=f"DNN, 64 images ({dnn64:.2f})")
    if dnn16 is not None:
        ax.axhline(dnn16, color="gray", linewidth=1, linestyle=":",
                   label=f"DNN, 16 images ({dnn16:.2f})")
    ax.set_xlabel("time steps T (chip ticks for the emulator, pipeline "
                  "latency included)")
    ax.set_ylabel("mAP (VOC07 11-point, %)")
    ax.set_title("yolo-lite-voc-nobn on voc07-dev: emulated chips vs "
                 "graph-level simulator")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    fig.savefig(out / "map_vs_T_chips.png", dpi=120)
    ticks = sorted({x for _, t, _ in rows for x in t})
    lines = ["| curve | " + " | ".join(f"T={x}" for x in ticks) + " |",
             "|---|" + "---|" * len(ticks)]
    for label, t, m in rows:
        value = dict(zip(t, m))
        lines.append(f"| {label} | " + " | ".join(
            f"{value[x]:.2f}" if x in value else "" for x in ticks) + " |")
    if dnn64 is not None:
        lines.append(f"\nDNN: {dnn64:.2f} (64 images)" +
                     (f", {dnn16:.2f} (16 images)" if dnn16 else ""))
    (out / "table.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
