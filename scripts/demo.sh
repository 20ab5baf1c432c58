#!/usr/bin/env bash
# The main job on the bundled default: set up, build, then run snnc on the
# YOLO-LITE VOC model from ../shared (stats, detection on darknet's dog.jpg,
# VOC07 mAP on the 500-image dev set, and the DNN-to-SNN conversion simulated
# on 16 dev images: SNN vs DNN mAP by time steps, with a PNG plot).
#
# Until the bundled quantized model exists (issue: quantization-aware
# training), this demonstrates on ../shared and says so when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."

SHARED=${SNNC_SHARED_DIR:-../shared}
OUT=${OUT:-out/demo}

bash scripts/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j "$(nproc)" --target snnc

if [ ! -f "$SHARED/models/yolo-lite-voc/yolo-lite-voc-nobn.cfg" ]; then
  echo "demo: $SHARED/models/yolo-lite-voc is absent: the demo needs the shared"
  echo "      YOLO-LITE model and VOC images (set SNNC_SHARED_DIR). Nothing to run."
  exit 0
fi

MODEL="$SHARED/models/yolo-lite-voc/yolo-lite-voc-nobn.cfg"
mkdir -p "$OUT"
echo "== snnc stats"
./build/bin/snnc stats "$MODEL"
echo "== snnc detect"
./build/bin/snnc detect "$MODEL" "$SHARED/darknet/images/dog.jpg" -o "$OUT"
echo "== snnc eval (VOC07 dev, 500 images)"
./build/bin/snnc eval "$MODEL" --voc "$SHARED/data/voc07-dev" --split dev --json "$OUT/eval.json"
echo "== snnc sweep (spiking conversion: channel-norm, IBT, max_count pool; 16 images, T <= 256)"
./build/bin/snnc sweep "$MODEL" --calib-voc "$SHARED/data/voc07-train" --calib-count 32 \
  --voc "$SHARED/data/voc07-dev" --split dev --limit 16 --ticks 256 \
  --norm channel --neuron ibt --decode vmem --max-pool max_count --percentile 99.99 \
  -q -o "$OUT/sweep"
echo "demo: annotated image, results and plots in $OUT/"
