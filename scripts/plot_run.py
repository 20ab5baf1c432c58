#!/usr/bin/env python3
"""mAP and chip energy vs ticks of `snnc run --json` results (uses Debian's
python3-matplotlib).

Left: mAP (VOC07 11-point, or COCO AP50) in % at each checkpoint, one line
per result file, its DNN (when the file has one) as a dashed line of the same
colour. Right: chip energy per image (J, log scale) at each checkpoint, left
out when no checkpoint has an energy. Ticks count from the first input tick,
so each curve includes the network's pipeline latency.

usage: plot_run.py RESULT.json [RESULT.json ...] -o OUT.png [--title T]
"""
import argparse
import sys
from pathlib import Path
from typing import NamedTuple, Optional

# The scripts run as `/usr/bin/python3 scripts/plot_*.py ...` from any
# folder. Python puts the script's folder on sys.path itself, but not under
# -P, -I or PYTHONSAFEPATH: name it here so that plotlib.py beside this file
# always imports.
sys.path.insert(0, str(Path(__file__).resolve().parent))
# plotlib selects the Agg backend before pyplot is first imported.
from plotlib import InputError, field, load_json, run_main, save  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.ticker import (EngFormatter, LogLocator,  # noqa: E402
                               MaxNLocator, NullFormatter, NullLocator,
                               ScalarFormatter)

PROG = "plot_run"
# The score plotted for each metric: the paper's VOC07 11-point mAP, and
# COCO's AP at IoU 0.5 (the closest to it).
SCORE = {"voc": ("map07", "VOC07 mAP"), "coco": ("ap50", "COCO AP50")}


class Result(NamedTuple):
    path: Path
    metric: str
    label: str
    ticks: list
    score: list  # %
    energy: list  # (ticks, chip J per image) where the checkpoint has one
    dnn: Optional[float]  # %, float activations (the reference)
    trained: Optional[float]  # %, a QAT model's DNN as trained


def read_result(path: Path) -> Result:
    j = load_json(path)
    # `snnc run` writes checkpoints (and metric) only when it evaluates on a
    # data set: say so first, as the likely cause of both missing.
    cps = field(path, j, "checkpoints", list,
                hint=" (was the run evaluated with --voc or --coco?)")
    if not cps:
        raise InputError(path, '"checkpoints" is empty')
    metric = field(path, j, "metric", str)
    if metric not in SCORE:
        raise InputError(path, f'"metric" is "{metric}", not "voc" or "coco"')
    key, _ = SCORE[metric]
    ticks, score, energy = [], [], []
    for i, c in enumerate(cps):
        where = f"checkpoints[{i}]."
        if not isinstance(c, dict):
            raise InputError(path, f'"checkpoints[{i}]" is not an object')
        t = field(path, c, "ticks", int, where)
        ticks.append(t)
        score.append(100 * field(path, c, key, float, where))
        if "energy" in c:
            e = field(path, c, "energy", dict, where)
            joules = field(path, e, "chipJ", float, where + "energy.")
            if joules > 0:  # a log axis cannot show 0
                energy.append((t, joules))
    dnn = trained = None
    if "dnn" in j:
        dnn = 100 * field(path, field(path, j, "dnn", dict), key, float, "dnn.")
    if "dnnAsTrained" in j:
        trained = 100 * field(path, field(path, j, "dnnAsTrained", dict), key,
                              float, "dnnAsTrained.")
    label = (f"{field(path, j, 'network', str)} on "
             f"{field(path, j, 'profile', str)} "
             f"({field(path, j, 'images', int)} images)")
    return Result(path, metric, label, ticks, score, energy, dnn, trained)


def set_ticks_axis(ax: plt.Axes, ticks: list) -> None:
    # Checkpoints usually double (8, 16, 32, ...): a log2 axis spaces them
    # evenly; a short linear range reads better as it is.
    if min(ticks) > 0 and max(ticks) >= 8 * min(ticks):
        ax.set_xscale("log", base=2)
        ax.set_xticks(sorted(set(ticks)))
        ax.xaxis.set_major_formatter(ScalarFormatter())
        ax.xaxis.set_minor_locator(NullLocator())
    else:
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("chip ticks from the first input tick\n"
                  "(the pipeline latency included)")
    ax.grid(True, alpha=0.3)


def plot(results: list, out: Path, title: Optional[str]) -> None:
    # The same network and profile twice (e.g. two checkpoints of a model)
    # would give two identical labels: the file names tell them apart.
    plain = [r.label for r in results]
    labels = list(plain)
    metrics = {r.metric for r in results}
    for i, r in enumerate(results):
        if plain.count(r.label) > 1:
            labels[i] = f"{r.label} [{r.path.name}]"
        if len(metrics) > 1:
            labels[i] += f", {SCORE[r.metric][1]}"
    with_energy = any(r.energy for r in results)
    fig, axes = plt.subplots(1, 2 if with_energy else 1,
                             figsize=(13 if with_energy else 7.5, 5.5),
                             squeeze=False)
    ax = axes[0, 0]
    all_ticks = []
    # The legend lists each curve above its DNN, a column per result file;
    # a blank entry stands in for a missing DNN to keep the columns aligned.
    handles = []
    for i, (r, label) in enumerate(zip(results, labels)):
        color = f"C{i % 10}"
        handles += ax.plot(r.ticks, r.score, "-o", color=color, markersize=4,
                           label=label)
        all_ticks += r.ticks
        if r.dnn is not None:
            handles.append(ax.axhline(r.dnn, color=color, linestyle="--",
                                      linewidth=1,
                                      label=f"DNN, float activations {r.dnn:.2f}"))
        else:
            handles.append(Line2D([], [], alpha=0, label=" "))
        if r.trained is not None:
            handles.append(ax.axhline(r.trained, color=color, linestyle=":",
                                      linewidth=1,
                                      label=f"DNN as trained (QAT) {r.trained:.2f}"))
    set_ticks_axis(ax, all_ticks)
    ax.set_ylabel(" / ".join(SCORE[m][1] for m in sorted(metrics)) + " (%)")
    ax.set_ylim(bottom=0)
    if with_energy:
        ax.set_title("accuracy", fontsize=10)
    if with_energy:
        ax = axes[0, 1]
        energy_ticks = []
        for i, r in enumerate(results):
            if r.energy:
                t, e = zip(*r.energy)
                ax.plot(t, e, "-o", color=f"C{i % 10}", markersize=4)
                energy_ticks += t
        ax.set_yscale("log")
        # Energies often span under two decades, where a plain log axis
        # labels one tick at most: label 1, 2 and 5 of each decade in J, mJ...
        ax.yaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
        ax.yaxis.set_major_formatter(EngFormatter(unit="J"))
        ax.yaxis.set_minor_formatter(NullFormatter())
        set_ticks_axis(ax, energy_ticks)
        ax.set_ylabel("chip energy per image (J)")
        ax.set_title("energy (colours as on the left)", fontsize=10)
    # Below the panels: inside, it would hide the curves that rise into the
    # corner a legend usually takes.
    ncol = min(len(results), 3)
    while len(handles) < 2 * ncol * -(-len(results) // ncol):
        handles.append(Line2D([], [], alpha=0, label=" "))
    legend = fig.legend(handles=handles, loc="lower center", fontsize=8,
                        ncol=ncol, frameon=False)
    fig.suptitle(title or ("mAP and energy vs chip ticks" if with_energy
                           else "mAP vs chip ticks"))
    # Room at the bottom for the legend: measure it rather than guess.
    fig.canvas.draw()
    legend_h = legend.get_window_extent().height / fig.bbox.height
    fig.tight_layout(rect=(0, legend_h + 0.01, 1, 1))
    save(fig, out, 120)


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="plot_run.py",
        description="mAP and chip energy vs ticks of `snnc run --json` "
                    "results.")
    parser.add_argument("results", type=Path, nargs="+", metavar="RESULT.json")
    parser.add_argument("-o", "--output", type=Path, required=True,
                        metavar="OUT.png")
    parser.add_argument("--title", help="figure title (default: mAP and "
                                        "energy vs chip ticks)")
    args = parser.parse_args()

    def body() -> None:
        if args.output.suffix.lower() != ".png":
            raise InputError(args.output, "the output must be a .png file")
        results = [read_result(p) for p in args.results]
        plot(results, args.output, args.title)

    return run_main(PROG, body, f"wrote {args.output}")


if __name__ == "__main__":
    sys.exit(main())
