#!/usr/bin/env python3
"""Plots of an `snnc compile` output folder (uses Debian's python3-matplotlib).

  placement.png  the board's core mesh: every used core a square coloured by
                 its layer, chip boundaries as grid lines, the busiest
                 core-to-core routes as lines whose width grows with their
                 spike targets
  layers.png     cores, neurons and latency per layer, in report order

Reads OUTDIR/report.json and OUTDIR/placement.json, both written by
`snnc compile`.

usage: plot_compile.py OUTDIR [--top-routes N]
"""
import argparse
import sys
from pathlib import Path
from typing import NamedTuple

# The scripts run as `/usr/bin/python3 scripts/plot_*.py ...` from any
# folder. Python puts the script's folder on sys.path itself, but not under
# -P, -I or PYTHONSAFEPATH: name it here so that plotlib.py beside this file
# always imports.
sys.path.insert(0, str(Path(__file__).resolve().parent))
# plotlib selects the Agg backend before pyplot is first imported.
from plotlib import InputError, field, load_json, run_main, save  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.collections import LineCollection  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

PROG = "plot_compile"
# A legend longer than this no longer fits beside the mesh; the layers with
# the fewest cores are then summarised in one entry.
MAX_LEGEND = 30


# ---------------------------------------------------------------- reading


class Layer(NamedTuple):
    name: str
    kind: str
    cores: int
    neurons: int
    helpers: int  # relay, splitter, pair and comparator neurons
    latency: int


class Report(NamedTuple):
    network: str
    chip: str
    chips: int
    layers: list


def read_report(path: Path) -> Report:
    j = load_json(path)
    layers = []
    for i, entry in enumerate(field(path, j, "layers", list)):
        where = f"layers[{i}]."
        if not isinstance(entry, dict):
            raise InputError(path, f'"layers[{i}]" is not an object')
        helpers = sum(field(path, entry, k, int, where)
                      for k in ("relay_neurons", "splitter_neurons",
                                "pair_neurons", "comparator_neurons")
                      if k in entry)
        layers.append(Layer(field(path, entry, "name", str, where),
                            field(path, entry, "kind", str, where),
                            field(path, entry, "cores", int, where),
                            field(path, entry, "neurons", int, where),
                            helpers,
                            field(path, entry, "latency_ticks", int, where)))
    if not layers:
        raise InputError(path, '"layers" is empty')
    return Report(field(path, j, "network", str), field(path, j, "chip", str),
                  field(path, j, "chips", int), layers)


class Placement(NamedTuple):
    network: str
    chip: str
    cores_x: int
    cores_y: int
    chips_x: int
    chips_y: int
    layer_names: list
    x: np.ndarray
    y: np.ndarray
    layer: np.ndarray
    routes: list  # (x0, y0, x1, y1, targets), busiest first


def int_array(path: Path, values: list, name: str) -> np.ndarray:
    try:
        a = np.asarray(values)
    except ValueError:
        a = np.asarray([])
    if a.ndim != 1 or (a.size and a.dtype.kind not in "iu"):
        raise InputError(path, f'"{name}" is not a list of integers')
    return a.astype(np.int64)


def read_placement(path: Path, top_routes: int) -> Placement:
    j = load_json(path)
    mesh = field(path, j, "mesh", dict)
    dims = [field(path, mesh, k, int, "mesh.")
            for k in ("cores_x", "cores_y", "chips_x", "chips_y")]
    if min(dims) < 1:
        raise InputError(path, '"mesh" has a size below 1')
    cores_x, cores_y, chips_x, chips_y = dims
    names = []
    for i, entry in enumerate(field(path, j, "layers", list)):
        if not isinstance(entry, dict):
            raise InputError(path, f'"layers[{i}]" is not an object')
        names.append(field(path, entry, "name", str, f"layers[{i}]."))
    cores = field(path, j, "cores", dict)
    x, y, layer = (int_array(path, field(path, cores, k, list, "cores."),
                             f"cores.{k}") for k in ("x", "y", "layer"))
    if not len(x) == len(y) == len(layer):
        raise InputError(path, f'"cores.x", "cores.y" and "cores.layer" differ '
                               f"in length ({len(x)}, {len(y)}, {len(layer)})")
    width, height = cores_x * chips_x, cores_y * chips_y
    for name, a, limit in (("cores.x", x, width), ("cores.y", y, height),
                           ("cores.layer", layer, len(names))):
        bad = np.flatnonzero((a < 0) | (a >= limit))
        if bad.size:
            raise InputError(path, f'"{name}[{bad[0]}]" = {a[bad[0]]} is outside '
                                   f"[0, {limit})")
    raw = field(path, j, "routes", list)
    # A board has up to ~300k routes: read all the targets in one pass and
    # check the rest of only the routes drawn.
    try:
        targets = np.array([r["targets"] for r in raw], dtype=float)
        if targets.size and not np.isfinite(targets).all():
            raise ValueError
    except (TypeError, KeyError, ValueError):
        for i, r in enumerate(raw):  # find the bad one for the message
            if not isinstance(r, dict):
                raise InputError(path, f'"routes[{i}]" is not an object') from None
            field(path, r, "targets", float, f"routes[{i}].")
        raise InputError(path, '"routes[].targets" is not finite') from None
    # The file lists the busiest first; sorting again costs little and keeps
    # the plot right should a writer not.
    order = np.argsort(-targets, kind="stable")[:max(top_routes, 0)]
    routes = []
    for i in order:
        r, where = raw[i], f"routes[{i}]."
        ends = [field(path, r, k, list, where) for k in ("from", "to")]
        if not all(len(e) == 2 and all(isinstance(v, int) for v in e)
                   for e in ends):
            raise InputError(path, f'"{where}from" or "{where}to" is not a '
                                   f"pair of integers [x, y]")
        routes.append((*ends[0], *ends[1], targets[i]))
    return Placement(field(path, j, "network", str), field(path, j, "chip", str),
                     cores_x, cores_y, chips_x, chips_y, names, x, y, layer,
                     routes)


# ---------------------------------------------------------------- writing


def palette(n: int) -> list:
    """n distinct qualitative colours; neighbouring layers (which the placer
    puts side by side) get unlike hues, so tab20's light/dark pairs are
    split apart. Beyond 60 colours they repeat."""
    cmaps = [plt.get_cmap(c).colors for c in ("tab20", "tab20b", "tab20c")]
    colors = list(cmaps[0][0::2]) + list(cmaps[0][1::2])
    for c in cmaps[1:]:
        colors += [c[i + k] for k in range(4) for i in range(0, 20, 4)]
    return [colors[i % len(colors)] for i in range(n)]


def plot_placement(report: Report, p: Placement, out: Path) -> None:
    width, height = p.cores_x * p.chips_x, p.cores_y * p.chips_y
    # The mesh fills at most 9 x 9 inches; the legend gets a column beside it.
    scale = 9.0 / max(width, height)
    mesh_w, mesh_h = max(width * scale, 3.0), max(height * scale, 3.0)
    fig = plt.figure(figsize=(mesh_w + 4.2, mesh_h + 1.2))
    ax = fig.add_axes([0.6 / (mesh_w + 4.2), 0.7 / (mesh_h + 1.2),
                       mesh_w / (mesh_w + 4.2), mesh_h / (mesh_h + 1.2)])
    # At least ~3 pixels per core so that neighbouring squares stay apart,
    # capped so that a 300k-core board still writes in a few seconds.
    cell_in = min(mesh_w / width, mesh_h / height)
    dpi = min(max(110.0, 3.0 / cell_in), 300.0)
    # Marker size is in points squared: 85% of a cell leaves a thin gap.
    side_pt = 0.85 * cell_in * 72
    colors = np.array(palette(len(p.layer_names)))
    ax.scatter(p.x + 0.5, p.y + 0.5, s=side_pt ** 2, marker="s",
               c=colors[p.layer] if len(p.layer) else None, linewidths=0,
               rasterized=True)
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)  # core (0, 0) at the top left, as in a chip map
    ax.set_aspect("equal")
    ax.set_facecolor("#f4f4f4")
    for i in range(1, p.chips_x):
        ax.axvline(i * p.cores_x, color="black", linewidth=0.8)
    for i in range(1, p.chips_y):
        ax.axhline(i * p.cores_y, color="black", linewidth=0.8)
    ax.set_xticks([i * p.cores_x for i in range(p.chips_x + 1)])
    ax.set_yticks([i * p.cores_y for i in range(p.chips_y + 1)])
    ax.set_xlabel(f"core x (chips of {p.cores_x} x {p.cores_y} cores)")
    ax.set_ylabel("core y")

    handles = []
    if p.routes:
        r = np.array(p.routes, dtype=float)
        segments = np.stack([r[:, 0:2] + 0.5, r[:, 2:4] + 0.5], axis=1)
        most = max(r[:, 4].max(), 1.0)
        widths = 0.3 + 2.7 * r[:, 4] / most
        ax.add_collection(LineCollection(segments, linewidths=widths,
                                         colors="black", alpha=0.35))
        handles.append(Line2D([], [], color="black", alpha=0.6, linewidth=2,
                              label=f"busiest {len(p.routes)} routes (width ~ "
                                    f"targets, up to {int(r[:, 4].max()):,})"))

    counts = np.bincount(p.layer, minlength=len(p.layer_names))
    shown = [i for i in np.argsort(-counts, kind="stable")
             if counts[i] > 0][:MAX_LEGEND - 1 if len(p.layer_names) > MAX_LEGEND
                               else MAX_LEGEND]
    for i in sorted(shown):
        handles.append(Patch(color=colors[i],
                             label=f"{p.layer_names[i]} ({counts[i]:,})"))
    hidden = int(np.count_nonzero(counts)) - len(shown)
    if hidden > 0:
        handles.append(Patch(color="white",
                             label=f"+ {hidden} smaller layers"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0),
              fontsize=7, title="layer (cores)", title_fontsize=8,
              frameon=False)
    chips = report.chips
    ax.set_title(f"{p.network} on {p.chip}: {len(p.x):,} cores on "
                 f"{chips} chip{'s' if chips != 1 else ''}", fontsize=10)
    save(fig, out, dpi)


def plot_layers(report: Report, out: Path) -> None:
    layers = report.layers
    n = len(layers)
    x = np.arange(n)
    fig, axes = plt.subplots(3, 1, figsize=(max(6.0, 1.2 + 0.32 * n), 7.5),
                             sharex=True)
    cores = [l.cores for l in layers]
    neurons = [l.neurons for l in layers]
    helpers = [l.helpers for l in layers]
    axes[0].bar(x, cores, color="C0")
    axes[0].set_ylabel("cores")
    axes[1].bar(x, neurons, color="C1", label="all neurons")
    # Overdrawn narrower: the share of neurons that only move spikes around.
    if any(helpers):
        axes[1].bar(x, helpers, width=0.4, color="C3",
                    label="relays, splitters, pairs, comparators")
        # Above the axes, in the gap between panels: inside it would hide
        # bars, beside it would squeeze all three panels.
        axes[1].legend(fontsize=7, loc="lower right", bbox_to_anchor=(1.0, 1.0),
                       ncol=2, frameon=False, borderaxespad=0.2)
    axes[1].set_ylabel("neurons")
    axes[2].bar(x, [l.latency for l in layers], color="C2")
    axes[2].set_ylabel("latency (ticks)")  # of the layer's last group
    # Counts span orders of magnitude across a detector's layers.
    for ax, values in ((axes[0], cores), (axes[1], neurons)):
        if max(values) > 0 and max(values) > 20 * max(min(values), 1):
            ax.set_yscale("log")
    for ax in axes:
        ax.grid(True, axis="y", alpha=0.3)
        ax.set_axisbelow(True)
    axes[2].set_xticks(x)
    axes[2].set_xticklabels([f"{l.name} ({l.kind})" for l in layers],
                            rotation=60, ha="right", fontsize=7)
    axes[0].set_title(f"{report.network} on {report.chip}: resources and "
                      f"latency per layer", fontsize=10)
    fig.tight_layout()
    save(fig, out, 110)


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="plot_compile.py",
        description="Plots of an `snnc compile` output folder.")
    parser.add_argument("outdir", type=Path,
                        help="folder with report.json and placement.json")
    parser.add_argument("--top-routes", type=int, default=200, metavar="N",
                        help="routes drawn, the busiest first (default 200)")
    args = parser.parse_args()
    folder = args.outdir

    def body() -> None:
        if not folder.is_dir():
            raise InputError(folder, "no such folder")
        # Read both before writing either, so a bad input writes nothing.
        report = read_report(folder / "report.json")
        placement = read_placement(folder / "placement.json", args.top_routes)
        plot_placement(report, placement, folder / "placement.png")
        plot_layers(report, folder / "layers.png")

    return run_main(PROG, body, f"plots written to {folder}/placement.png "
                                f"and {folder}/layers.png")


if __name__ == "__main__":
    sys.exit(main())
