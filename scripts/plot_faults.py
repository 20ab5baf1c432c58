#!/usr/bin/env python3
"""mAP vs fault rate (bench/fault_map.sh output).

Reads OUT/none.json and OUT/KIND-RATE-sSEED.json (`snnc run --json`),
writes OUT/faults.csv, OUT/table.md and OUT/map_vs_faults.png. Uses
Debian's python3-matplotlib.
"""
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

KINDS = ["dead-cores", "stuck-off", "stuck-on", "drop"]


def main(out):
    out = Path(out)
    base = json.load(open(out / "none.json"))
    clean = 100 * base["checkpoints"][-1]["map07"]
    dnn = 100 * base["dnn"]["map07"] if "dnn" in base else None
    runs = defaultdict(lambda: defaultdict(list))
    for f in sorted(out.glob("*-s*.json")):
        m = re.fullmatch(r"(.+)-([0-9.e-]+)-s(\d+)", f.stem)
        if not m or m.group(1) not in KINDS:
            continue
        j = json.load(open(f))
        runs[m.group(1)][float(m.group(2))].append(
            100 * j["checkpoints"][-1]["map07"])
    with open(out / "faults.csv", "w") as csv:
        csv.write("kind,rate,seeds,map07_mean,map07_min,map07_max,of_fault_free\n")
        for kind in KINDS:
            for rate in sorted(runs[kind]):
                v = runs[kind][rate]
                csv.write(f"{kind},{rate},{len(v)},{sum(v)/len(v):.2f},"
                          f"{min(v):.2f},{max(v):.2f},{sum(v)/len(v)/clean:.3f}\n")
    rates = sorted({r for k in KINDS for r in runs[k]})
    with open(out / "table.md", "w") as md:
        md.write(f"fault-free: {clean:.2f} mAP"
                 + (f" (float DNN {dnn:.2f})" if dnn is not None else "")
                 + f", {base['images']} images, T = {base['ticks']} chip ticks\n\n")
        md.write("| fault | " + " | ".join(f"{r:g}" for r in rates) + " |\n")
        md.write("|---" * (len(rates) + 1) + "|\n")
        for kind in KINDS:
            cells = []
            for r in rates:
                v = runs[kind].get(r)
                cells.append(f"{sum(v)/len(v):.2f}" if v else "-")
            md.write(f"| {kind} | " + " | ".join(cells) + " |\n")
    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    for kind in KINDS:
        rs = sorted(runs[kind])
        if rs:
            ax.plot(rs, [sum(runs[kind][r]) / len(runs[kind][r]) for r in rs],
                    marker="o", label=kind)
    ax.axhline(clean, color="gray", linestyle="--", label="no faults")
    if dnn is not None:
        ax.axhline(dnn, color="black", linestyle=":", label="float DNN")
    ax.set_xscale("log")
    ax.set_xlabel("fault rate (share of cores, neurons or spike deliveries)")
    ax.set_ylabel("mAP (VOC07 11-point), %")
    ax.set_title(f"{base['network']} on {base['profile']}, "
                 f"{base['images']} images, T = {base['ticks']}")
    ax.legend()
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(out / "map_vs_faults.png", dpi=120)
    print((out / "table.md").read_text())


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "docs/results/faults")
