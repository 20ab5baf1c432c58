#!/usr/bin/env bash
# SHA-256 of the configuration files `snnc compile` writes for fixed inputs
# (issue 13's acceptance: a change that moves the mapping into MLIR passes
# must not change one byte). Compiles yolo-lite-voc-nobn for the reference,
# truenorth-x and truenorth profiles and the bundled model for truenorth-x,
# then prints one line per file: "<name> <file> <sha256>".
#
#   bash bench/config_checksums.sh            # prints the current checksums
#   bash bench/config_checksums.sh --check    # compares with test/golden/config-checksums.txt
#   ONLY=small bash bench/config_checksums.sh # skip the truenorth compile (~35 s, 2.7 GB)
#
# The recorded values (test/golden/config-checksums.txt) were written by
# this script at the commit named in that file; record new ones only when a
# change means to alter the mapping, and say so in its commit message.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SNNC_SHARED_DIR:-../shared}
SNNC=${SNNC:-build/bin/snnc}
GOLDEN=test/golden/config-checksums.txt
check=0
[ "${1:-}" = "--check" ] && check=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
LITE=$SHARED/models/yolo-lite-voc/yolo-lite-voc-nobn.cfg
CALIB="--calib-voc $SHARED/data/voc07-train --calib-split train --calib-count 16"
compile() { # name model chip options...
  local name=$1 model=$2 chip=$3
  shift 3
  "$SNNC" compile "$model" --chip "$chip" "$@" --no-plots --export none \
    -o "$work/$name" -q > "$work/$name.log" 2>&1 || {
    cat "$work/$name.log" >&2
    exit 1
  }
  for f in network.snncfg network.snncfg.txt; do
    [ -f "$work/$name/$f" ] &&
      echo "$name $f $(sha256sum "$work/$name/$f" | cut -d' ' -f1)"
  done
  return 0
}
{
  compile tiny-synth.truenorth-x models/snnc-tiny-synth/snnc-tiny-synth.cfg \
    truenorth-x --qat models/snnc-tiny-synth/snnc-tiny-synth.qat.json \
    --readout-delay 8 --relay-copies 4
  compile yolo-lite-voc.reference "$LITE" reference $CALIB
  compile yolo-lite-voc.truenorth-x "$LITE" truenorth-x $CALIB
  [ "${ONLY:-}" = small ] || compile yolo-lite-voc.truenorth "$LITE" truenorth $CALIB
} > "$work/sums"
if [ $check = 0 ]; then
  cat "$work/sums"
  exit 0
fi
status=0
while read -r name file sum; do
  want=$(awk -v n="$name" -v f="$file" '$1 == n && $2 == f { print $3 }' "$GOLDEN")
  if [ -z "$want" ]; then
    echo "config_checksums: $name $file: no recorded checksum in $GOLDEN" >&2
    status=1
  elif [ "$want" != "$sum" ]; then
    echo "config_checksums: $name $file: $sum, recorded $want" >&2
    status=1
  else
    echo "config_checksums: $name $file: unchanged"
  fi
done < "$work/sums"
exit $status
