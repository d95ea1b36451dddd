#!/usr/bin/env bash
# Sentence-encoder speed side by side: `ticketflow bench encoder` and the numpy
# reference (scripts/encoder-reference.py --bench) on the same sentences, then
# the ratios. numpy runs twice, with OpenBLAS's default threads and with one
# (its spinning threads can lose on a busy 2-core machine), and the ratios use
# its better figure. Usage:
#   scripts/bench-encoder.sh [N]   (N sentences, default 1000; TICKETFLOW_BIN,
#   ENCODER_DIR, DATA and PY may be set)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000}
B=${TICKETFLOW_BIN:-.build-release/release/ticketflow}
DIR=${ENCODER_DIR:-.build/encoder-model}
DATA=${DATA:-../shared/data/stackfaq/queries_test.jsonl}
PY=${PY:-python3}
[ -x "$B" ] || { echo "no binary at $B: swift build -c release --scratch-path .build-release --product ticketflow" >&2; exit 1; }
scripts/fetch-encoder.sh "$DIR" >&2
"$PY" -c 'import numpy' 2>/dev/null || { echo "$PY lacks numpy" >&2; exit 1; }

echo "# load: $(cut -d' ' -f1-3 /proc/loadavg), cores: $(nproc), sentences: $N from $DATA"
SWIFT=$("$B" bench encoder --encoder "$DIR" --data "$DATA" --sentences "$N")
echo "$SWIFT"
NP_DEFAULT=$("$PY" scripts/encoder-reference.py "$DIR" --bench --sentences "$DATA" --count "$N")
echo "$NP_DEFAULT"
NP_ONE=$(OPENBLAS_NUM_THREADS=1 "$PY" scripts/encoder-reference.py "$DIR" --bench --sentences "$DATA" --count "$N")
echo "$NP_ONE"

field() {  # field NAME LINE-PREFIX TEXT: the value of NAME=... on the line starting with the prefix
  grep "^$2" <<<"$3" | tr ' ' '\n' | sed -n "s/^$1=//p"
}
best() {  # best KIND FIELD: numpy's best value of FIELD (highest rate or lowest latency) on its two runs
  local a b
  a=$(field "$2" "numpy $1" "$NP_DEFAULT")
  b=$(field "$2" "numpy $1" "$NP_ONE")
  if [ "$2" = sentences_per_s ]; then  # a rate: higher is better
    awk -v a="$a" -v b="$b" 'BEGIN { print (a > b ? a : b) }'
  else
    awk -v a="$a" -v b="$b" 'BEGIN { print (a < b ? a : b) }'
  fi
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "## swift vs best numpy"
echo "single sentence p50: $(ratio "$(best single p50_ms)" "$(field p50_ms 'swift single' "$SWIFT")")x faster" \
  "(target 3x), p99: $(ratio "$(best single p99_ms)" "$(field p99_ms 'swift single' "$SWIFT")")x," \
  "sentences/s: $(ratio "$(field sentences_per_s 'swift single' "$SWIFT")" "$(best single sentences_per_s)")x"
echo "CPU time per sentence (all threads; less sensitive to a busy machine): single" \
  "$(ratio "$(best single cpu_ms)" "$(field cpu_ms 'swift single' "$SWIFT")")x less," \
  "batch $(ratio "$(best batch256 cpu_ms)" "$(field cpu_ms 'swift batch256' "$SWIFT")")x less"
echo "batch of 256 sentences/s: $(ratio "$(field sentences_per_s 'swift batch256' "$SWIFT")" \
  "$(best batch256 sentences_per_s)")x faster (target 2x)"
