#!/usr/bin/env bash
# snnc run over mpirun ranks (issue 12 (a)): wall time of the same
# evaluation on 1 process with 1 and 2 threads and on 2 ranks of 1 thread,
# and a check that all three print the same table. Images: the bundled
# model's held-out synthetic set (regenerated if absent). Run it on a quiet
# machine: the figures are wall-clock times.
#   bash bench/mpi_run_scaling.sh [OUT] [IMAGES] [CHIP]
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-docs/results/mpi}
IMAGES=${2:-200}
CHIP=${3:-truenorth-x}
SNNC=build/bin/snnc
PY=/usr/bin/python3
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT"
SYNTH=${SYNTH:-out/synth}
if [ ! -f "$SYNTH/VOC2007/ImageSets/Main/test.txt" ]; then
  $PY compiler/train/synth.py -o "$SYNTH" --train 0 --val 0 --test 500 --skip 8500 -j 2
fi
M=models/snnc-tiny-synth/snnc-tiny-synth
$SNNC compile $M.cfg --chip "$CHIP" --readout-delay 8 --relay-copies 4 -o "$WORK/c" -q --no-plots > /dev/null
lat=$($PY -c "import json,sys; print(json.load(open(sys.argv[1]))['latency_ticks'])" "$WORK/c/report.json")
args=(run "$WORK/c" --voc "$SYNTH" --split test --limit "$IMAGES" --ticks $((lat + 16)) --no-dnn)
MPIRUN=(mpirun --allow-run-as-root --oversubscribe)
timed() { # name command...: prints "name seconds"
  local name=$1; shift
  /usr/bin/time -f "%e" -o "$WORK/$name.time" "$@" > "$WORK/$name.txt" 2> "$WORK/$name.err"
  echo "$name $(cat "$WORK/$name.time") s"
}
{
  echo "# snnc run, $IMAGES images, snnc-tiny-synth on $CHIP, $(date -u +%Y-%m-%d), $(nproc) cores"
  timed one-rank-1-thread $SNNC -j 1 "${args[@]}"
  timed one-rank-2-threads $SNNC -j 2 "${args[@]}"
  timed two-ranks-1-thread "${MPIRUN[@]}" -np 2 $SNNC -j 1 "${args[@]}"
} | tee "$OUT/scaling-$CHIP.txt"
# The three print the same results.
cmp "$WORK/one-rank-1-thread.txt" "$WORK/one-rank-2-threads.txt"
cmp "$WORK/one-rank-1-thread.txt" "$WORK/two-ranks-1-thread.txt"
echo "identical output on 1 and 2 ranks" | tee -a "$OUT/scaling-$CHIP.txt"
