#!/usr/bin/env python3
"""Plots of an `snnc sweep` output folder (uses Debian's python3-matplotlib).

  map_vs_T.png      mAP vs time steps per conversion config, DNN as a line
                    (the paper's Figure 7)
  firing_rates.png  per-channel firing rates of each spiking layer, layer-norm
                    vs channel-norm (the paper's Figures 3 and 4)

The optional sweep.csv columns `model` (named in the title; the folder name
otherwise) and `dnn_kind` ("qat": the DNN line is the model as trained, with
quantized activations; otherwise the DNN with float activations) label the
plot. A missing file or column is a one-line error, exit status 1.
"""
import csv
import sys
from collections import defaultdict
from pathlib import Path

# The scripts run as `/usr/bin/python3 scripts/plot_*.py ...` from any
# folder. Python puts the script's folder on sys.path itself, but not under
# -P, -I or PYTHONSAFEPATH: name it here so that plotlib.py beside this file
# always imports.
sys.path.insert(0, str(Path(__file__).resolve().parent))
# plotlib selects the Agg backend before pyplot is first imported.
from plotlib import InputError, run_main, save  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402

PROG = "plot_sweep"
MAP_COLUMNS = ["norm", "neuron", "decode", "percentile", "v_init", "max_pool",
               "ticks", "map07", "dnn_map07"]
RATE_COLUMNS = ["config", "layer", "rate"]


def read_csv(path: Path, columns: list) -> list:
    """The rows of path as dicts, after checking that it has columns."""
    try:
        with open(path, newline="") as f:
            reader = csv.DictReader(f)
            missing = [c for c in columns if c not in (reader.fieldnames or [])]
            if missing:
                raise InputError(path, "missing column(s) " + ", ".join(missing))
            rows = list(reader)
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        raise InputError(path, f"cannot read: {e}") from None
    # A short row leaves None in its last columns.
    for n, r in enumerate(rows, start=2):
        if any(r[c] is None for c in columns):
            raise InputError(path, f"line {n}: too few fields")
    return rows


def number(path: Path, row: dict, column: str, line: int,
           kind: type = float) -> float:
    try:
        return kind(row[column])
    except ValueError:
        raise InputError(path, f"line {line}: {column} = {row[column]!r} is "
                               f"not a number") from None


def plot_map(folder: Path) -> None:
    path = folder / "sweep.csv"
    rows = read_csv(path, MAP_COLUMNS)
    if not rows:
        return
    series = defaultdict(list)
    for n, r in enumerate(rows, start=2):
        key = (f"{r['norm']}/{r['neuron']}/{r['decode']}/p{r['percentile']}"
               f"/v{r['v_init']}/{r['max_pool']}/d{r.get('readout_delay') or '0'}")
        series[key].append((number(path, r, "ticks", n, int),
                            100 * number(path, r, "map07", n)))
    dnn = 100 * number(path, rows[0], "dnn_map07", 2)
    # Older sweeps have neither column: name the folder, and assume the DNN
    # they measured (float activations).
    model = rows[0].get("model") or folder.resolve().name
    if (rows[0].get("dnn_kind") or "").strip() == "qat":
        dnn_label = f"DNN as trained (quantized) {dnn:.2f}"
    else:
        dnn_label = f"DNN (float activations) {dnn:.2f}"
    fig, ax = plt.subplots(figsize=(9, 5.5))
    for key, points in sorted(series.items()):
        points.sort()
        style = "-" if "/ibt/" in key else "--"
        ax.plot([p[0] for p in points], [p[1] for p in points], style,
                marker="o", markersize=3, label=key)
    ax.axhline(dnn, color="black", linewidth=1, label=dnn_label)
    ax.axhline(0.978 * dnn, color="gray", linestyle=":", linewidth=1,
               label="97.8% of the DNN (the paper's target)")
    ax.set_xscale("log", base=2)
    ax.set_xlabel("time steps T")
    ax.set_ylabel("VOC07 mAP (%)")
    ax.set_title(f"Spiking {model}: mAP vs time steps")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    save(fig, folder / "map_vs_T.png", 120)


def plot_rates(folder: Path) -> None:
    path = folder / "firing_rates.csv"
    if not path.exists():
        return
    rates = defaultdict(lambda: defaultdict(list))
    for n, r in enumerate(read_csv(path, RATE_COLUMNS), start=2):
        rates[r["config"]][r["layer"]].append(number(path, r, "rate", n))
    # Compare layer vs channel norm for the same other options.
    pairs = []
    for config in rates:
        if config.startswith("layer/"):
            other = "channel/" + config[len("layer/"):]
            if other in rates:
                pairs.append((config, other))
    if not pairs:
        return
    # Prefer the paper's comparison (IBT neurons, Vmem decoding).
    pairs.sort(key=lambda p: ("/ibt/" not in p[0], "/vmem/" not in p[0]))
    layer_cfg, channel_cfg = pairs[0]
    layers = list(rates[layer_cfg].keys())
    fig, axes = plt.subplots(len(layers), 1, figsize=(9, 2.2 * len(layers)),
                             squeeze=False)
    for ax, layer in zip(axes[:, 0], layers):
        a = rates[layer_cfg][layer]
        b = rates[channel_cfg][layer]
        ax.bar(range(len(a)), a, width=1.0, alpha=0.6, label="layer-norm")
        ax.bar(range(len(b)), b, width=1.0, alpha=0.6, label="channel-norm")
        ax.set_ylabel(layer, fontsize=7)
        ax.tick_params(labelsize=7)
    axes[0, 0].legend(fontsize=7)
    axes[0, 0].set_title(f"firing rate per channel (spikes/neuron/tick): "
                         f"{layer_cfg} vs {channel_cfg}", fontsize=8)
    axes[-1, 0].set_xlabel("channel")
    fig.tight_layout()
    save(fig, folder / "firing_rates.png", 110)


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: plot_sweep.py SWEEP_DIR", file=sys.stderr)
        return 2
    folder = Path(sys.argv[1])

    def body() -> None:
        plot_map(folder)
        plot_rates(folder)

    return run_main(PROG, body, f"plots written to {folder}")


if __name__ == "__main__":
    sys.exit(main())
