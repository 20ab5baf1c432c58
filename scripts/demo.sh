#!/usr/bin/env bash
# The main job on the bundled default model: set up, build, then
#   1. regenerate the bundled model's held-out synthetic test images (the
#      500 it never saw: the generator is deterministic),
#   2. measure the DNN's mAP on them,
#   3. compile the quantization-aware model for a chip (default truenorth-x)
#      with its QAT metadata (threshold = trained ceiling, L = 4 levels,
#      V(0) = Vth/2), an 8-tick readout delay and 4 staggered relay copies,
#   4. emulate the chip cycle by cycle on the test images and measure the
#      SNN's mAP at T = 4..32 time steps, the cores used and the energy per
#      image, and write annotated images.
# Everything comes from the repository (models/snnc-tiny-synth); ../shared is
# not needed. About two to three minutes on 2 cores once built.
#   OUT=out/demo CHIP=truenorth-x IMAGES=500 bash scripts/demo.sh   (IMAGES <= 500)
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=${OUT:-out/demo}
CHIP=${CHIP:-truenorth-x}
IMAGES=${IMAGES:-500}
MODEL=models/snnc-tiny-synth/snnc-tiny-synth.cfg
QAT=models/snnc-tiny-synth/snnc-tiny-synth.qat.json
PY=/usr/bin/python3
SNNC=./build/bin/snnc

bash scripts/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j "$(nproc)" --target snnc
mkdir -p "$OUT"

echo "== held-out test images (synth.py: seed 1, images 8501-9000)"
if [ ! -f "$OUT/synth/VOC2007/ImageSets/Main/test.txt" ]; then
  $PY compiler/train/synth.py -o "$OUT/synth" --train 0 --val 0 --test 500 \
    --skip 8500 -j "$(nproc)"
fi
EVAL=(--voc "$OUT/synth" --split test)

echo "== DNN as trained (activations and image quantized) on the test images"
$SNNC eval "$MODEL" --qat "$QAT" "${EVAL[@]}" --limit "$IMAGES" --json "$OUT/dnn.json" > "$OUT/dnn.txt"
tail -n 1 "$OUT/dnn.txt"
$SNNC eval "$MODEL" "${EVAL[@]}" --limit "$IMAGES" --json "$OUT/dnn-float-activations.json" \
  > "$OUT/dnn-float-activations.txt"

echo "== compile for $CHIP (QAT metadata: threshold = trained ceiling, L = 4, V(0) = Vth/2)"
# An 8-tick readout delay and 4 staggered relay copies: chosen on the
# validation images (docs/RESULTS.md, "The bundled QAT model as an SNN").
$SNNC compile "$MODEL" --chip "$CHIP" --qat "$QAT" --readout-delay 8 --relay-copies 4 \
  -o "$OUT/chip" -q | tee "$OUT/compile.txt" | tail -n 8
LATENCY=$($PY -c "import json,sys; print(json.load(open(sys.argv[1]))['latency_ticks'])" "$OUT/chip/report.json")
# The outputs read ticks LATENCY+1.. (the pipeline's fill time excluded):
# checkpoint LATENCY+T holds T time steps.
CPS=$(for t in 4 8 12 16 32; do printf "%s," $((LATENCY + t)); done)
CPS=${CPS%,}

echo "== emulate $CHIP cycle by cycle ($IMAGES images, T <= 32 after a latency of $LATENCY ticks)"
$SNNC run "$OUT/chip" "${EVAL[@]}" --limit "$IMAGES" --ticks $((LATENCY + 32)) \
  --checkpoints "$CPS" --json "$OUT/snn.json" --energy-json "$OUT/energy.json" > "$OUT/snn.txt"
# Annotated images of a few test pictures.
$SNNC run "$OUT/chip" --ticks $((LATENCY + 16)) -o "$OUT/images" \
  --images $(head -n 4 "$OUT/synth/VOC2007/ImageSets/Main/test.txt" | sed "s|^|$OUT/synth/VOC2007/JPEGImages/|; s|$|.jpg|") > /dev/null

$PY - "$OUT" "$LATENCY" "$CHIP" <<'PY'
import json, sys
out, latency, chip = sys.argv[1], int(sys.argv[2]), sys.argv[3]
dnn = json.load(open(f"{out}/dnn.json"))
dnn_float = json.load(open(f"{out}/dnn-float-activations.json"))
snn = json.load(open(f"{out}/snn.json"))
report = json.load(open(f"{out}/chip/report.json"))
energy = json.load(open(f"{out}/energy.json"))
dnn_map = 100 * dnn.get("map07", dnn.get("mAP07", 0))
print(f"\nsnnc-tiny-synth on {snn['images']} held-out synthetic images, chip {chip}")
print(f"  DNN mAP (VOC07 11-point), as trained (quantized): {dnn_map:.2f}; "
      f"same weights, float activations: {100 * dnn_float['map07']:.2f}")
for c in snn["checkpoints"]:
    t = c["ticks"] - latency
    print(f"  SNN mAP at T = {t:2d} time steps ({c['ticks']} chip ticks): "
          f"{100 * c['map07']:.2f}  ({100 * c['map07'] / dnn_map * 100:.1f}% of the DNN)")
print(f"  cores: {report['total']['cores']} on {report['chips']} chip(s); "
      f"latency {latency} ticks")
c = energy["chip"]
ops = energy["operations"]
t2 = energy["table2"]
print(f"  energy per image on the chip ({energy['ticksPerImage']} ticks): "
      f"{c['totalJ']:.3g} J (synaptic events {c['synapticJ']:.3g} J, static "
      f"{c['staticJ']:.3g} J of {c['chips']} chip(s)); the DNN on a GPU "
      f"{t2['gpuJ']:.3g} J")
print(f"  operation count: DNN {ops['dnnFp32J']:.3g} J (FP32 MACs) vs SNN "
      f"{ops['snnFp32J']:.3g} J (FP32 accumulates)")
print(f"  the paper's Table 2 formula (not the chip model): GPU {t2['gpuJ']:.3g} J "
      f"vs TrueNorth at 400 GFLOPS/W {t2['chipJ']:.3g} J")
print(f"  annotated images: {out}/images/")
PY
