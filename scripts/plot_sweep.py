#!/usr/bin/env python3
"""Plots of an `snnc sweep` output folder (uses Debian's python3-matplotlib).

  map_vs_T.png      mAP vs time steps per conversion config, DNN as a line
                    (the paper's Figure 7)
  firing_rates.png  per-channel firing rates of each spiking layer, layer-norm
                    vs channel-norm (the paper's Figures 3 and 4)
"""
import csv
import sys
from collections import defaultdict
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def plot_map(folder: Path) -> None:
    rows = list(csv.DictReader(open(folder / "sweep.csv")))
    if not rows:
        return
    series = defaultdict(list)
    for r in rows:
        key = (f"{r['norm']}/{r['neuron']}/{r['decode']}/p{r['percentile']}"
               f"/v{r['v_init']}/{r['max_pool']}/d{r.get('readout_delay', '0')}")
        series[key].append((int(r["ticks"]), 100 * float(r["map07"])))
    dnn = 100 * float(rows[0]["dnn_map07"])
    fig, ax = plt.subplots(figsize=(9, 5.5))
    for key, points in sorted(series.items()):
        points.sort()
        style = "-" if "/ibt/" in key else "--"
        ax.plot([p[0] for p in points], [p[1] for p in points], style,
                marker="o", markersize=3, label=key)
    ax.axhline(dnn, color="black", linewidth=1, label=f"DNN {dnn:.2f}")
    ax.axhline(0.978 * dnn, color="gray", linestyle=":", linewidth=1,
               label="97.8% of DNN")
    ax.set_xscale("log", base=2)
    ax.set_xlabel("time steps T")
    ax.set_ylabel("VOC07 mAP (%)")
    ax.set_title("Spiking YOLO-LITE: mAP vs time steps")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    fig.savefig(folder / "map_vs_T.png", dpi=120)


def plot_rates(folder: Path) -> None:
    path = folder / "firing_rates.csv"
    if not path.exists():
        return
    rates = defaultdict(lambda: defaultdict(list))
    for r in csv.DictReader(open(path)):
        rates[r["config"]][r["layer"]].append(float(r["rate"]))
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
    fig.savefig(folder / "firing_rates.png", dpi=110)


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: plot_sweep.py SWEEP_DIR", file=sys.stderr)
        return 2
    folder = Path(sys.argv[1])
    plot_map(folder)
    plot_rates(folder)
    print(f"plots written to {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
