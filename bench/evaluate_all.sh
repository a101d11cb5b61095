#!/usr/bin/env bash
# Every figure the issues ask for: runs `eventwire eval` on each gold set of
# ../shared/eval and prints the scorer's summary lines. Skips when absent.
#   bench/evaluate_all.sh [quick]    quick: leave out the large sets (PolNeAR, ConfliBERT)
set -u
cd "$(dirname "$0")/.."
E=../shared/eval/data
[ -d "$E" ] || { echo "skipped: $E not found"; exit 0; }
EW=${EVENTWIRE:-.venv/bin/eventwire}
run() { printf '%-34s ' "$2 $(basename "$3")"; "$EW" eval "$2" "$3" --workers "${WORKERS:-2}" 2>&1 | tail -1; }
for t in events times places quotes; do run x $t $E/seed/gold.json; done
for t in events times places quotes; do run x $t $E/wire-dev/gold.jsonl; done
run x events $E/events/plover_gsr.jsonl
run x times  $E/times/meantime.jsonl
run x times  $E/times/tbaq.jsonl
run x places $E/places/geovirus.jsonl
run x places $E/places/trnews.jsonl
if [ "${1:-}" != quick ]; then
  run x events $E/events/conflibert_quad_train.jsonl
  run x quotes $E/quotes/polnear_dev.jsonl
fi
