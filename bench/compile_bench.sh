#!/usr/bin/env bash
# Compile-time and memory benchmark of `snnc compile` (issue 4): yolo-lite
# on the three profiles, yolov2-tiny-voc (416x416, generated weights) on
# truenorth-x and truenorth. Writes each resource report and a summary
# (wall time, peak RSS from /usr/bin/time) to OUT (default
# docs/results/mapping). Needs ../shared and a built build/bin/snnc.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-docs/results/mapping}
SHARED=${SNNC_SHARED_DIR:-../shared}
SNNC=build/bin/snnc
mkdir -p "$OUT"
CALIB="--calib-voc $SHARED/data/voc07-train --calib-count 16"
summary="$OUT/summary.md"
echo "| model | chip | options | cores | chips | routes | mean hops | latency | wall s | peak RSS MiB |" > "$summary"
echo "|---|---|---|---|---|---|---|---|---|---|" >> "$summary"
run() { # name model chip extra...
  local name=$1 model=$2 chip=$3; shift 3
  # The compile owns its folder: time and log go beside it.
  local work; work=$(mktemp -d)
  local dir=$work/out
  /usr/bin/time -f "%e %M" -o "$work/time" "$SNNC" compile "$model" --chip "$chip" $CALIB "$@" --no-plots -o "$dir" -q > "$work/log" 2>&1
  cp "$dir/report.txt" "$OUT/$name.txt"
  cp "$dir/report.json" "$OUT/$name.json"
  read -r wall rss < "$work/time"
  python3 - "$dir/report.json" "$name" "$chip" "$*" "$wall" "$rss" >> "$summary" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
name, chip, opts, wall, rss = sys.argv[2:7]
opts = opts.replace("--random-weights", "generated weights").split(" --names")[0] + (" --axon-copies 2" if "--axon-copies 2" in opts else "")
print(f"| {r['network']} | {chip} | {opts.strip() or '-'} | {r['total']['cores']} | {r['chips']} | {r['routes']} | {r['hops_mean']:.1f} | {r['latency_ticks']} | {float(wall):.1f} | {int(rss)//1024} |")
PY
  rm -rf "$work"
  echo "compile_bench: $name done ($wall s)" >&2
}
LITE=$SHARED/models/yolo-lite-voc/yolo-lite-voc-nobn.cfg
V2=$SHARED/darknet/cfg/yolov2-tiny-voc.cfg
V2W="--random-weights --names $SHARED/darknet/voc.names"
run yolo-lite-voc-nobn.reference "$LITE" reference
run yolo-lite-voc-nobn.truenorth-x "$LITE" truenorth-x
run yolo-lite-voc-nobn.truenorth "$LITE" truenorth
run yolov2-tiny-voc.truenorth-x "$V2" truenorth-x $V2W
run yolov2-tiny-voc.truenorth-copies2 "$V2" truenorth $V2W --axon-copies 2
cat "$summary"
