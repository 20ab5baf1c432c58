#!/usr/bin/env bash
# The training runs behind the bundled models (docs/QAT.md), as one script for
# a GPU machine that gets only the repository plus the carried folder
# out/qat-pack (made by `compiler/train/gpu_run.sh --prepare` here):
#   out/qat-pack/voc07-train-224.npz, voc07-dev-224.npz (pack.py, JPEG q75)
#   out/qat-pack/yolo-lite-voc-nobn.{cfg,weights}, voc.names (from ../shared)
#
# In parallel on the one GPU:
#   A. synthetic set (synth.py, seed 1: 8000 train / 500 val / 500 test);
#      snnc-tiny-synth float from scratch (phase 1), then from its weights:
#      QAT L=8, QAT L=16 and more float training (the float comparison model)
#   B. YOLO-LITE VOC, QAT fine-tuning from the darknet weights, L=16 and L=8
#      (at most 5000 iterations: ~90 epochs of the 3,506 images)
# Every run anneals to a time limit (train.py --time-limit) and exports.
# Results: $OUT/tiny.tar.gz, $OUT/yololite.tar.gz, $OUT/run.log.
#
#   QUICK=1 PY=/usr/bin/python3 OUT=/tmp/gpu-out bash compiler/train/gpu_run.sh   # CPU rehearsal
set -u
cd "$(dirname "$0")/../.."
PACK=out/qat-pack

if [ "${1:-}" = "--prepare" ]; then
  SHARED=${SNNC_SHARED_DIR:-../shared}
  mkdir -p $PACK
  cp "$SHARED"/models/yolo-lite-voc/yolo-lite-voc-nobn.{cfg,weights} "$SHARED"/models/yolo-lite-voc/voc.names $PACK/
  /usr/bin/python3 compiler/train/pack.py --voc "$SHARED/data/voc07-train" --split train \
    --names $PACK/voc.names --size 224 --quality 75 -o $PACK/voc07-train-224.npz
  /usr/bin/python3 compiler/train/pack.py --voc "$SHARED/data/voc07-dev" --split dev \
    --names $PACK/voc.names --size 224 --quality 75 -o $PACK/voc07-dev-224.npz
  du -sh $PACK
  exit 0
fi

PY=${PY:-python3}
OUT=${OUT:?set OUT}
W=$(mktemp -d)
T=compiler/train/train.py
LOG=$OUT/run.log
mkdir -p "$OUT"
exec > >(tee "$LOG") 2>&1
export PYTHONUNBUFFERED=1

if [ "${QUICK:-0}" = 1 ]; then
  # CPU rehearsal: same commands, seconds instead of minutes.
  NTRAIN=96 NVAL=32 NTEST=32; T1=8; T2=8; TY=10; YIT=4; YEVAL=2; LIMIT="--limit 64"; VLIMIT="--val-limit 32"
  BATCH="--batch 8"; DEV="--device cpu --threads 1"
else
  NTRAIN=8000 NVAL=500 NTEST=500; T1=100; T2=150; TY=280; YIT=5000; YEVAL=2500; LIMIT=""; VLIMIT=""
  BATCH="--batch 64"; DEV="--threads 2"
fi

echo "== $(date -u +%T) machine"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>/dev/null || echo "no nvidia-smi"
$PY -c "import torch, numpy, PIL; print('torch', torch.__version__, 'cuda', torch.cuda.is_available(), 'numpy', numpy.__version__, 'PIL', PIL.__version__)"
nproc

echo "== $(date -u +%T) synthetic set"
$PY compiler/train/synth.py -o $W/synth --train $NTRAIN --val $NVAL --test $NTEST --seed 1 -j 8

SYN="--voc $W/synth --split train --val-voc $W/synth --val-split val --workers 4 $BATCH $DEV"
TINY=$W/tiny
mkdir -p $TINY

stage_a() {
  $PY $T --cfg compiler/train/cfg/snnc-tiny-synth-maxpool.cfg $SYN --iterations 1000000 \
    --time-limit $T1 --lr 1e-3 --warmup 200 -o $TINY/phase1-float > $TINY/phase1-float.out 2>&1
  echo "A phase1 float: exit $? $(tail -n 2 $TINY/phase1-float.out | head -n 1)"
  local init="--cfg $TINY/phase1-float.cfg --weights $TINY/phase1-float.weights"
  $PY $T $init $SYN --iterations 1000000 --time-limit $T2 --lr 3e-4 --warmup 50 \
    -o $TINY/snnc-tiny-synth-float > $TINY/float.out 2>&1 &
  local pf=$!
  $PY $T $init $SYN --qat --levels 8 --weight-bits 8 --iterations 1000000 --time-limit $T2 \
    --lr 3e-4 --warmup 50 --eval-before -o $TINY/snnc-tiny-synth-l8 > $TINY/l8.out 2>&1 &
  local p8=$!
  $PY $T $init $SYN --qat --levels 16 --weight-bits 8 --iterations 1000000 --time-limit $T2 \
    --lr 3e-4 --warmup 50 --eval-before -o $TINY/snnc-tiny-synth-l16 > $TINY/l16.out 2>&1 &
  local p16=$!
  wait $pf; echo "A float (continued): exit $?"
  wait $p8; echo "A QAT L=8: exit $?"
  wait $p16; echo "A QAT L=16: exit $?"
}

YL=$W/yololite
mkdir -p $YL
VOC="--names $PACK/voc.names --packed $PACK/voc07-train-224.npz --val-packed $PACK/voc07-dev-224.npz $LIMIT $VLIMIT --workers 4 $BATCH $DEV"
stage_b() {
  local levels=$1
  $PY $T --cfg $PACK/yolo-lite-voc-nobn.cfg --weights $PACK/yolo-lite-voc-nobn.weights $VOC \
    --qat --levels $levels --weight-bits 8 --iterations $YIT --time-limit $TY --lr 1e-4 \
    --warmup 100 --eval-before --eval-every $YEVAL -o $YL/yolo-lite-voc-qat-l$levels > $YL/l$levels.out 2>&1
  echo "B YOLO-LITE QAT L=$levels: exit $?"
}

echo "== $(date -u +%T) training (A: snnc-tiny-synth, B: YOLO-LITE)"
stage_a & PA=$!
stage_b 16 & PB16=$!
stage_b 8 & PB8=$!
TICK=0
while kill -0 $PA 2>/dev/null || kill -0 $PB16 2>/dev/null || kill -0 $PB8 2>/dev/null; do
  sleep 5
  TICK=$((TICK + 1))
  [ $((TICK % 6)) = 0 ] || continue
  echo "-- $(date -u +%T) $(nvidia-smi --query-gpu=utilization.gpu,memory.used --format=csv,noheader 2>/dev/null)"
  for f in $TINY/*.out $YL/*.out; do [ -f "$f" ] && echo "   $(basename $f): $(grep '^it ' $f | tail -n 1)"; done
done
wait $PA $PB16 $PB8 2>/dev/null  # not a bare wait: that would also wait for the tee above

echo "== $(date -u +%T) summaries"
for f in $TINY/*.train.json $YL/*.train.json; do
  echo "-- $f"; $PY -c "import json,sys; d=json.load(open(sys.argv[1])); d.pop('command'); print(json.dumps(d))" "$f"
done
for f in $TINY/*.out $YL/*.out; do echo "-- $f"; grep -E "val mAP07|before training|Traceback|Error" "$f" | tail -n 5; done
tar -C $W -czf $OUT/tiny.tar.gz tiny
tar -C $W -czf $OUT/yololite.tar.gz yololite
ls -la $OUT
echo "== $(date -u +%T) done"
