#!/usr/bin/env bash
# Retrieval side by side on StackFAQ: Ticketflow's `kb eval` and the Python
# peers (tantivy, bm25s), one system per process so peak memory is each
# system's own, at 719 documents and with 20,000 synthetic distractors.
# Usage: scripts/bench-retrieval.sh   (TICKETFLOW_BIN and PY may be set;
# PY must have the peers' packages, see ../shared/peers/README.md)
set -euo pipefail
cd "$(dirname "$0")/.."
B=${TICKETFLOW_BIN:-.build-release/release/ticketflow}
PY=${PY:-/tmp/peers-venv/bin/python}
S=../shared/data/stackfaq
PEERS=$(cd ../shared/peers && pwd)
[ -x "$B" ] || { echo "no binary at $B: swift build -c release --scratch-path .build-release --product ticketflow" >&2; exit 1; }
"$PY" -c 'import bm25s, tantivy, Stemmer' 2>/dev/null || { echo "$PY lacks the peers' packages (../shared/peers/README.md)" >&2; exit 1; }

peak() {  # peak RSS in MiB of the command, then its last line
  local out
  out=$(/usr/bin/time -f 'RSS %M' "$@" 2>&1)
  local rss; rss=$(grep '^RSS ' <<<"$out" | awk '{printf "%.1f", $2 / 1024}')
  echo "$(grep '^|' <<<"$out" | tail -1) $rss MiB"
}

echo "# load: $(cut -d' ' -f1-3 /proc/loadavg)"
for split in dev test; do
  echo "## ticketflow, $split split"
  peak "$B" kb eval --docs $S/docs.jsonl --queries $S/queries_$split.jsonl --qrels $S/qrels_$split.tsv
done
for pad in 0 20000; do
  echo "## test split, $pad distractors"
  echo "ticketflow: S@1 | S@3 | S@10 | R@10 | MRR@10 | nDCG@10 | build s | p50 ms | p99 ms | QPS | index MiB | peak RSS"
  peak "$B" kb eval --docs $S/docs.jsonl --queries $S/queries_test.jsonl --qrels $S/qrels_test.tsv --pad-docs $pad
  echo "peers: system | R@1 | R@3 | R@10 | S@1 | S@3 | S@10 | MRR@10 | nDCG@10 | build s | p50 ms | p99 ms | QPS | peak RSS"
  for system in tantivy-en_stem bm25s; do
    (cd "$PEERS" && peak "$PY" retrieval_bm25.py --split test --systems $system --pad-docs $pad)
  done
done
