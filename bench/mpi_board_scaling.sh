#!/usr/bin/env bash
# One network's chips over mpirun ranks (issue 12 (b)): yolo-lite-voc-nobn
# compiled for `truenorth` (71 chips), emulated by one process and by 2
# ranks that each run a block of the chips and exchange the spikes between
# them every tick. Reports, per rank, the wall time per image, the time in
# the exchanges per tick (waiting for the other rank included), the words
# sent and the peak memory (snnc-bench-emulator --board, random input at
# the default rate), then checks that `snnc run --spread chips` prints what
# one process prints on IMAGES voc07-dev images. Run it on a quiet machine.
#   bash bench/mpi_board_scaling.sh [OUT] [IMAGES] [TICKS]
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-docs/results/mpi-board}
IMAGES=${2:-2}
TICKS=${3:-64}
SHARED=${SHARED:-../shared}
SNNC=build/bin/snnc
BENCH=build/bin/snnc-bench-emulator
CONFIG=${CONFIG:-out/bench-board/yolo-lite-truenorth}
mkdir -p "$OUT"
if [ ! -f "$CONFIG/network.snncfg" ]; then
  $SNNC compile "$SHARED/models/yolo-lite-voc/yolo-lite-voc-nobn.cfg" --chip truenorth \
    --calib-voc "$SHARED/data/voc07-train" --calib-split train --calib-count 16 \
    --no-plots --export none -o "$CONFIG" -q > /dev/null
fi
MPIRUN=(mpirun --allow-run-as-root --oversubscribe)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
{
  echo "# yolo-lite-voc-nobn on truenorth, $TICKS ticks, $(date -u +%Y-%m-%d), $(nproc) cores"
  echo "## one process"
  /usr/bin/time -f "peak %M KiB" $BENCH "$CONFIG/network.snncfg" --ticks "$TICKS" --threads 1 --repeat 2 2>&1
  echo "## 2 ranks, the chips spread over them"
  "${MPIRUN[@]}" -np 2 $BENCH "$CONFIG/network.snncfg" --board --ticks "$TICKS" --threads 1 --repeat 2
  echo "## snnc run on $IMAGES voc07-dev images: 1 process, then 2 ranks --spread chips"
  args=(run "$CONFIG" --voc "$SHARED/data/voc07-dev" --split dev --limit "$IMAGES" --ticks "$TICKS" --no-dnn)
  /usr/bin/time -f "%e s, peak %M KiB" $SNNC -j 1 "${args[@]}" > "$WORK/one.txt" 2> "$WORK/one.err"
  tail -2 "$WORK/one.err"
  /usr/bin/time -f "%e s, peak %M KiB (the largest process under mpirun: a rank)" "${MPIRUN[@]}" -np 2 $SNNC -j 1 "${args[@]}" --spread chips > "$WORK/two.txt" 2> "$WORK/two.err"
  grep "^run: .* images in" "$WORK/two.err"; tail -1 "$WORK/two.err"
  cmp "$WORK/one.txt" "$WORK/two.txt" && echo "identical output on 1 process and 2 ranks"
} | tee "$OUT/board-truenorth.txt"
