#!/usr/bin/env bash
# The training behind the bundled snnc-tiny-synth (docs/QAT.md), on the CPU
# of a 2-core machine (session 3 had no GPU): the synthetic set, the float
# model from scratch (also kept as the float twin), then QAT with L = 4
# levels from its weights. Every run anneals to its time limit
# (train.py --time-limit) and exports, so the iteration counts, and with
# them the weights, depend on the machine's speed.
#   OUT=out/tiny2 bash compiler/train/cpu_run.sh      (about 55 minutes)
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=/usr/bin/python3
OUT=${OUT:-out/tiny2}
SYNTH=${SYNTH:-out/synth}
T=compiler/train/train.py
mkdir -p "$OUT"
if [ ! -f "$SYNTH/VOC2007/ImageSets/Main/train.txt" ]; then
  $PY compiler/train/synth.py -o "$SYNTH" --train 8000 --val 500 --test 500 --seed 1 -j 2
fi
DATA="--voc $SYNTH --split train --val-voc $SYNTH --val-split val --val-limit 250"
COMMON="--iterations 1000000 --batch 64 --threads 2 --workers 2 --log-every 100 --device cpu"
# 1. Float, from scratch (batch norm): 20 minutes.
$PY $T --cfg compiler/train/cfg/snnc-tiny-synth.cfg $DATA $COMMON --time-limit 1200 \
  --lr 1e-3 --warmup 200 -o "$OUT/phase1-float"
# 2. QAT, L = 4 levels, 8-bit weights, from the float weights: 30 minutes.
$PY $T --cfg "$OUT/phase1-float.cfg" --weights "$OUT/phase1-float.weights" $DATA $COMMON \
  --qat --levels 4 --weight-bits 8 --time-limit 1800 --lr 5e-4 --warmup 50 --eval-before \
  -o "$OUT/qat-l4-long"
