#!/usr/bin/env bash
# mAP vs time steps on the emulated chips (issue 5): yolo-lite-voc-nobn
# compiled for truenorth-x and truenorth, run on the cycle-accurate emulator
# over voc07-dev images, next to the float DNN and the graph-level simulator
# (float and quantized for each chip) on the same images. Writes CSV/JSON
# and a PNG plot into OUT (default docs/results/chip).
#   bench/chip_map_vs_t.sh [OUT] [IMAGES_TNX] [IMAGES_TN] [TICKS]
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-docs/results/chip}
N_TNX=${2:-64}
N_TN=${3:-16}
T=${4:-128}
SHARED=${SNNC_SHARED_DIR:-../shared}
SNNC=build/bin/snnc
MODEL=$SHARED/models/yolo-lite-voc/yolo-lite-voc-nobn.cfg
CALIB="--calib-voc $SHARED/data/voc07-train --calib-count 64"
EVAL="--voc $SHARED/data/voc07-dev --split dev"
CPS=16,32,48,64,96,128
mkdir -p "$OUT"
WORK=$(mktemp -d)
for chip in truenorth-x truenorth; do
  $SNNC compile "$MODEL" --chip $chip $CALIB -o "$WORK/$chip" -q > "$OUT/compile-$chip.txt"
done
# Graph-level simulator on the same images: float, and quantized per chip
# (KEEP=1 reuses the CSVs of an earlier run).
common="--norm channel --neuron ibt --percentile 99.99 --max-pool comparator --encoder spikes --ticks $T --checkpoints $CPS --no-plots -q"
sweep() { # name, options...
  local name=$1; shift
  if [ -n "${KEEP:-}" ] && [ -f "$OUT/$name.csv" ]; then return; fi
  $SNNC sweep "$MODEL" $CALIB $EVAL "$@" $common -o "$WORK/$name" > /dev/null
  cp "$WORK/$name/sweep.csv" "$OUT/$name.csv"
}
sweep sweep-float --limit $N_TNX --decode vmem
sweep sweep-tnx --limit $N_TNX --decode vmem --chip truenorth-x
sweep sweep-tn --limit $N_TN --decode count --chip truenorth
sweep sweep-tn-float --limit $N_TN --decode count
# The emulator.
$SNNC run "$WORK/truenorth-x" $EVAL --limit $N_TNX --ticks $T --checkpoints $CPS \
  --json "$OUT/emulator-truenorth-x.json" --energy-json "$OUT/energy-truenorth-x.json" | tee "$OUT/run-truenorth-x.txt"
$SNNC run "$WORK/truenorth" $EVAL --limit $N_TN --ticks $T --checkpoints $CPS \
  --json "$OUT/emulator-truenorth.json" --energy-json "$OUT/energy-truenorth.json" | tee "$OUT/run-truenorth.txt"
/usr/bin/python3 scripts/plot_chip_map.py "$OUT"
rm -rf "$WORK"
