#!/usr/bin/env bash
# The bundled QAT model (issue 6): SNN mAP vs time steps on held-out
# synthetic images, converted with its QAT metadata (threshold = trained
# ceiling, V(0) = Vth/2) and without it (calibrated 99.99th percentile,
# V(0) = 0), on the graph-level simulator (truenorth-x integers) with the
# chip's comparator max-pool and with snnc's max_count pool, and on the
# cycle-accurate emulator of truenorth-x. Writes CSV/JSON, table.md and
# map_vs_T_qat.png into OUT (default docs/results/qat).
#   bench/qat_map_vs_t.sh [OUT] [IMAGES]
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-docs/results/qat}
N=${2:-100}
SNNC=build/bin/snnc
PY=/usr/bin/python3
M=models/snnc-tiny-synth
mkdir -p "$OUT"
SYNTH=${SYNTH:-out/demo/synth}
if [ ! -f "$SYNTH/VOC2007/ImageSets/Main/test.txt" ]; then
  $PY compiler/train/synth.py -o "$SYNTH" --train 0 --val 0 --test 500 --skip 8500 -j 2
fi
# Calibration (the no-metadata conversion) on training images of the set.
CALIBSET=${CALIBSET:-out/synth-train}
if [ ! -f "$CALIBSET/VOC2007/ImageSets/Main/train.txt" ]; then
  $PY compiler/train/synth.py -o "$CALIBSET" --train 64 --val 0 --test 0 -j 2
fi
EVAL="--voc $SYNTH --split test --limit $N"
CALIB="--calib-voc $CALIBSET --calib-split train --calib-count 64"
CPS=4,8,12,16,24,32,48,64
common="--norm channel --neuron ibt --decode vmem --encoder spikes --percentile 99.99 --ticks 64 --checkpoints $CPS --no-plots -q"
# A sweep folder that already holds sweep.csv is reused (KEEP=1).
sweep() { # folder, options...
  local dir=$1; shift
  if [ -n "${KEEP:-}" ] && [ -f "$OUT/$dir/sweep.csv" ]; then return; fi
  $SNNC sweep "$@" $CALIB $EVAL --max-pool comparator,max_count --chip truenorth-x \
    $common -o "$OUT/$dir" > /dev/null
}
sweep sweep-qat $M/snnc-tiny-synth.cfg --qat $M/snnc-tiny-synth.qat.json --v-init 0.5
sweep sweep-qat-v0 $M/snnc-tiny-synth.cfg --qat $M/snnc-tiny-synth.qat.json --v-init 0 --readout-delay 4
sweep sweep-noqat $M/snnc-tiny-synth.cfg --v-init 0
sweep sweep-float-model $M/snnc-tiny-synth-float.cfg --v-init 0
# The emulator: checkpoints are chip ticks; the outputs read after the
# pipeline latency, so tick LATENCY + T holds T time steps.
$SNNC compile $M/snnc-tiny-synth.cfg --chip truenorth-x --qat $M/snnc-tiny-synth.qat.json \
  --v-init 0 --readout-delay 4 -o "$OUT/chip" -q > "$OUT/compile.txt"
LAT=$($PY -c "import json,sys; print(json.load(open(sys.argv[1]))['latency_ticks'])" "$OUT/chip/report.json")
ECPS=$(for t in 4 8 12 16 24 32 48 64; do printf "%s," $((LAT + t)); done)
$SNNC run "$OUT/chip" $EVAL --ticks $((LAT + 64)) --checkpoints "${ECPS%,}" \
  --json "$OUT/emulator.json" --energy-json "$OUT/energy.json" > "$OUT/run.txt"
rm -f "$OUT/chip/network.snncfg" "$OUT/chip/network.snncfg.txt"
$PY scripts/plot_qat_map.py "$OUT" "$LAT"
