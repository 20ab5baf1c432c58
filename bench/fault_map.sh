#!/usr/bin/env bash
# mAP vs fault rate (issue 16): yolo-lite-voc-nobn compiled for truenorth-x
# (64 voc07-train calibration images), run by the emulator with
# `snnc run --faults` over N voc07-dev images at T chip ticks, one fault
# kind at a time (dead cores, stuck-off neurons, stuck-on neurons, dropped
# spikes) and each rate with SEEDS seeds. Writes OUT/faults.csv,
# OUT/table.md and OUT/map_vs_faults.png (default docs/results/faults).
#   bench/fault_map.sh [OUT] [IMAGES] [TICKS] [SEEDS]
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-docs/results/faults}
N=${2:-64}
T=${3:-128}
SEEDS=${4:-1}
SHARED=${SNNC_SHARED_DIR:-../shared}
SNNC=${SNNC:-build/bin/snnc}
MODEL=$SHARED/models/yolo-lite-voc/yolo-lite-voc-nobn.cfg
EVAL="--voc $SHARED/data/voc07-dev --split dev --limit $N"
RATES=${RATES:-"0.001 0.003 0.01 0.03 0.1"}
mkdir -p "$OUT"
WORK=${WORK:-$(mktemp -d)}
if [ ! -f "$WORK/c/report.json" ]; then
  $SNNC compile "$MODEL" --chip truenorth-x --calib-voc $SHARED/data/voc07-train \
    --calib-count 64 -o "$WORK/c" -q --no-plots > "$OUT/compile.txt"
fi
run() { # name, extra options
  local name=$1; shift
  [ -f "$OUT/$name.json" ] && return
  echo "fault_map: $name" >&2
  $SNNC run "$WORK/c" $EVAL --ticks $T --checkpoints $T -q --json "$OUT/$name.json" "$@" \
    > "$OUT/$name.txt"
}
run none
for kind in dead-cores stuck-off stuck-on drop; do
  for rate in $RATES; do
    for seed in $(seq 1 $SEEDS); do
      run "$kind-$rate-s$seed" --no-dnn --faults "$kind=$rate,seed=$seed"
    done
  done
done
/usr/bin/python3 scripts/plot_faults.py "$OUT"
