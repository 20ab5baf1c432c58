#!/usr/bin/env bash
# The bundled QAT model (issue 6): SNN mAP vs time steps on held-out
# synthetic images, against its DNN as trained (activations and image
# quantized, `snnc eval --qat`), on the graph-level simulator (truenorth-x
# integers) and on the cycle-accurate truenorth-x emulator:
#   - converted with its QAT metadata (threshold = trained ceiling,
#     V(0) = Vth/2, readout delay $DELAY);
#   - the same model converted without the metadata (calibrated 99.99th
#     percentile thresholds, V(0) = 0, same readout delay);
#   - the float twin (same architecture trained without QAT), converted
#     the same way;
#   - on the emulator with 4 staggered relay copies and with 1.
# Writes CSV/JSON, table.md and map_vs_T_qat.png into OUT
# (default docs/results/qat).
#   bench/qat_map_vs_t.sh [OUT] [IMAGES] [SPLIT]
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-docs/results/qat}
N=${2:-500}
SPLIT=${3:-test}
DELAY=${DELAY:-8}
SNNC=build/bin/snnc
PY=/usr/bin/python3
M=models/snnc-tiny-synth
mkdir -p "$OUT"
SYNTH=${SYNTH:-out/demo/synth}
if [ ! -f "$SYNTH/VOC2007/ImageSets/Main/$SPLIT.txt" ]; then
  # The held-out test images (ids 8501-9000; SYNTH=out/synth SPLIT=val
  # for the validation images of a full generated set).
  $PY compiler/train/synth.py -o "$SYNTH" --train 0 --val 0 --test 500 --skip 8500 -j 2
fi
# Calibration (the no-metadata conversion) on training images of the set.
CALIBSET=${CALIBSET:-out/synth-train}
if [ ! -f "$CALIBSET/VOC2007/ImageSets/Main/train.txt" ]; then
  $PY compiler/train/synth.py -o "$CALIBSET" --train 64 --val 0 --test 0 -j 2
fi
EVAL="--voc $SYNTH --split $SPLIT --limit $N"
CALIB="--calib-voc $CALIBSET --calib-split train --calib-count 64"
TS="4 8 12 16 24 32"
CPS=$(echo $TS | tr ' ' ,)
common="--norm channel --neuron ibt --decode vmem --encoder spikes --percentile 99.99 --max-pool comparator --readout-delay $DELAY --ticks 32 --checkpoints $CPS --no-plots -q"
# A folder that already holds its results is reused (KEEP=1).
keep() { [ -n "${KEEP:-}" ] && [ -f "$1" ]; }
sweep() { # folder, options...
  local dir=$1; shift
  keep "$OUT/$dir/sweep.csv" && return
  $SNNC sweep "$@" $CALIB $EVAL --chip truenorth-x $common -o "$OUT/$dir" > /dev/null
}
$SNNC eval $M/snnc-tiny-synth.cfg --qat $M/snnc-tiny-synth.qat.json $EVAL -q \
  --json "$OUT/dnn-quantized.json" > /dev/null
$SNNC eval $M/snnc-tiny-synth.cfg $EVAL -q --json "$OUT/dnn-float-activations.json" > /dev/null
$SNNC eval $M/snnc-tiny-synth-float.cfg $EVAL -q --json "$OUT/dnn-float-model.json" > /dev/null
sweep sweep-qat $M/snnc-tiny-synth.cfg --qat $M/snnc-tiny-synth.qat.json --v-init 0.5
sweep sweep-noqat $M/snnc-tiny-synth.cfg --v-init 0
sweep sweep-float-model $M/snnc-tiny-synth-float.cfg --v-init 0
# The emulator: the outputs are read after the pipeline latency, so chip
# tick LATENCY + T holds T time steps.
emulate() { # copies
  local k=$1 dir="$OUT/chip-k$1"
  keep "$OUT/emulator-k$k.json" && return
  $SNNC compile $M/snnc-tiny-synth.cfg --chip truenorth-x --qat $M/snnc-tiny-synth.qat.json \
    --v-init 0.5 --readout-delay $DELAY --relay-copies $k -o "$dir" -q > "$OUT/compile-k$k.txt"
  local lat
  lat=$($PY -c "import json,sys; print(json.load(open(sys.argv[1]))['latency_ticks'])" "$dir/report.json")
  local ecps
  ecps=$(for t in $TS; do printf "%s," $((lat + t)); done)
  $SNNC run "$dir" $EVAL --ticks $((lat + 32)) --checkpoints "${ecps%,}" \
    --json "$OUT/emulator-k$k.json" --energy-json "$OUT/energy-k$k.json" > "$OUT/run-k$k.txt" 2>/dev/null
  cp "$dir/report.txt" "$OUT/chip-report-k$k.txt"
  echo "$lat" > "$OUT/latency-k$k.txt"
  rm -rf "$dir"
}
emulate 4
emulate 1
$PY scripts/plot_qat_map.py "$OUT"
