#!/usr/bin/env bash
# mAP vs chip ticks on the emulated chips, with energy per image (issue 11):
# yolo-lite-voc-nobn on voc07-dev and yolo-lite-coco on coco-val2017-mini,
# each compiled with `snnc compile`'s defaults for truenorth-x and truenorth
# (calibration: 64 voc07-train images, never the evaluation set) and run by
# `snnc run` with its defaults, the float DNN beside it on the same images.
# Ticks count from the first input tick (pipeline latency included).
#
#   bench/chip_map_vs_ticks.sh [OUT]          (default docs/results/chip-ticks)
#
# Environment:
#   RUNS="voc:truenorth-x coco:truenorth-x voc:truenorth coco:truenorth"
#                  which (model:chip) runs, in this order
#   LIMIT_TNX=0    images per run on truenorth-x (0: the full set)
#   LIMIT_TN=0     images per run on truenorth (0: the full set; ~50 s an
#                  image at 256 ticks on the 2-core VM, so give a number)
#   KEEP=1         keep runs whose JSON is already in OUT
# Writes OUT/run-MODEL-CHIP.{json,txt}, energy-MODEL-CHIP.json,
# compile-MODEL-CHIP.txt, table.md and map_vs_ticks.png.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-docs/results/chip-ticks}
RUNS=${RUNS:-voc:truenorth-x coco:truenorth-x voc:truenorth coco:truenorth}
SHARED=${SNNC_SHARED_DIR:-../shared}
SNNC=${SNNC:-build/bin/snnc}
if [ ! -d "$SHARED/data/voc07-dev" ]; then
  echo "chip_map_vs_ticks: needs ../shared (set SNNC_SHARED_DIR)" >&2
  exit 1
fi
CALIB=(--calib-voc "$SHARED/data/voc07-train" --calib-split train --calib-count 64)
mkdir -p "$OUT"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

for run in $RUNS; do
  model=${run%%:*}
  chip=${run#*:}
  case $model in
    voc)
      cfg=$SHARED/models/yolo-lite-voc/yolo-lite-voc-nobn.cfg
      eval=(--voc "$SHARED/data/voc07-dev" --split dev) ;;
    coco)
      cfg=$SHARED/models/yolo-lite-coco/yolo-lite-coco.cfg
      eval=(--coco "$SHARED/data/coco-val2017-mini/annotations/instances_val2017.json"
            --images "$SHARED/data/coco-val2017-mini/val2017") ;;
    *) echo "chip_map_vs_ticks: unknown model '$model' (voc or coco)" >&2; exit 1 ;;
  esac
  case $chip in
    truenorth-x) limit=${LIMIT_TNX:-0}; ticks=128; cps=32,48,64,80,96,128 ;;
    truenorth) limit=${LIMIT_TN:-0}; ticks=256; cps=64,96,128,160,192,256 ;;
    *) echo "chip_map_vs_ticks: unknown chip '$chip'" >&2; exit 1 ;;
  esac
  name=$model-$chip
  if [ -n "${KEEP:-}" ] && [ -f "$OUT/run-$name.json" ]; then
    echo "== $name: kept $OUT/run-$name.json"
    continue
  fi
  echo "== $name: compile"
  $SNNC compile "$cfg" --chip "$chip" "${CALIB[@]}" -o "$WORK/$name" --no-plots -q \
    > "$OUT/compile-$name.txt"
  echo "== $name: run ($limit images, 0 = all; $ticks ticks)"
  start=$(date +%s)
  $SNNC run "$WORK/$name" "${eval[@]}" --limit "$limit" --ticks $ticks --checkpoints $cps \
    --json "$OUT/run-$name.json" --energy-json "$OUT/energy-$name.json" | tee "$OUT/run-$name.txt"
  echo "wall $(( $(date +%s) - start )) s on $(nproc) cores, $(date -u +%F)" >> "$OUT/run-$name.txt"
done

/usr/bin/python3 - "$OUT" <<'EOF'
import json, sys
from pathlib import Path
out = Path(sys.argv[1])
rows = ["| model / chip (latency) | images | DNN float | " +
        "chip ticks: mAP (% of DNN) | J per image at the last |",
        "|---|---|---|---|---|"]
for f in sorted(out.glob("run-*.json")):
    r = json.loads(f.read_text())
    key = "map07" if r["metric"] == "voc" else "ap50"
    dnn = r["dnn"][key]
    cells = []
    for c in r["checkpoints"]:
        v = c[key]
        cells.append(f"{c['ticks']}: {100 * v:.2f} ({100 * v / dnn:.1f}%)")
    last = r["checkpoints"][-1]["energy"]["chipJ"]
    rows.append(f"| {f.stem[4:]} ({r['latencyTicks']}) | {r['images']} | "
                f"{100 * dnn:.2f} | {'; '.join(cells)} | {last:.4f} |")
(out / "table.md").write_text("\n".join(rows) + "\n")
print("\n".join(rows))
EOF
$SNNC plot "$OUT"/run-*.json -o "$OUT/map_vs_ticks.png"
