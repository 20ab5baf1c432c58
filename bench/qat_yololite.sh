#!/usr/bin/env bash
# YOLO-LITE VOC fine-tuned quantization-aware (L = 16; models/yolo-lite-voc-qat,
# rebuilt by compiler/train/gpu_run.sh, not in the repository) vs the float
# model's post-training conversion, both simulated on voc07-dev images at
# T = L = 16 and beyond (graph-level simulator, spike input, truenorth-x
# integers). Writes sweep folders into OUT (default docs/results/qat-yololite).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-docs/results/qat-yololite}
N=${2:-64}
SHARED=${SNNC_SHARED_DIR:-../shared}
SNNC=build/bin/snnc
QAT=models/yolo-lite-voc-qat/yolo-lite-voc-qat-l16
mkdir -p "$OUT"
EVAL="--voc $SHARED/data/voc07-dev --split dev --limit $N"
CALIB="--calib-voc $SHARED/data/voc07-train --calib-count 64"
common="--norm channel --neuron ibt --decode vmem --encoder spikes --percentile 99.99 --ticks 64 --checkpoints 8,16,32,64 --max-pool comparator,max_count --chip truenorth-x --no-plots -q"
$SNNC sweep $QAT.cfg --qat $QAT.qat.json --v-init 0.5 $CALIB $EVAL $common -o "$OUT/qat-l16" > /dev/null
$SNNC sweep $SHARED/models/yolo-lite-voc/yolo-lite-voc-nobn.cfg --v-init 0 $CALIB $EVAL $common -o "$OUT/float" > /dev/null
for d in qat-l16 float; do echo "== $d"; cat "$OUT/$d/table.md"; done
