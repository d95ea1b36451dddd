#!/usr/bin/env bash
# Deflection on StackFAQ through the whole pipeline (issue 16): the knowledge
# base is docs.jsonl, one article per answer tagged with its 4-character thread
# id (t000); each test query is a ticket labeled with its thread. Prints
# `ticketflow bench pipeline`'s report: auto-resolved share, auto-sent answers
# citing the right thread ("on topic"), unsupported sentences, latency.
#   scripts/bench-deflection.sh [lexical|encoder] [LIMIT]
# TICKETFLOW_BIN, ENCODER_DIR, DATA, SPLIT (test, or dev for tuning) and DETAILS
# (a file for per-ticket JSON lines, see `bench pipeline --details`) may be set.
# Stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
MODE=${1:-encoder}
LIMIT=${2:-0}
B=${TICKETFLOW_BIN:-.build/debug/ticketflow}
DATA=${DATA:-../shared/data/stackfaq}
DIR=${ENCODER_DIR:-.build/encoder-model}
SPLIT=${SPLIT:-test}
[ -x "$B" ] || { echo "no binary at $B (swift build first)" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
python3 - "$DATA" "$WORK" "$SPLIT" <<'PY'
import csv, json, sys
data, work, split = sys.argv[1], sys.argv[2], sys.argv[3]
with open(f"{data}/docs.jsonl") as src, open(f"{work}/kb.jsonl", "w") as kb:
    for line in src:
        doc = json.loads(line)
        kb.write(json.dumps({"id": doc["id"], "question": doc["title"], "answer": doc["body"],
                             "tags": doc["id"][:4]}) + "\n")
with open(f"{data}/queries_{split}.jsonl") as src, open(f"{work}/tickets.csv", "w", newline="") as out:
    writer = csv.writer(out)
    writer.writerow(["text", "thread"])
    for line in src:
        query = json.loads(line)
        writer.writerow([query["text"], query["id"][:4]])
PY
ARGS=(bench pipeline --kb "$WORK/kb.jsonl" --tickets "$WORK/tickets.csv" --text-column text
  --label-column thread --limit "$LIMIT" --durability normal)
if [ "$MODE" = encoder ]; then
    scripts/fetch-encoder.sh "$DIR" >&2
    ARGS+=(--encoder "$DIR")
fi
echo "# StackFAQ deflection, $SPLIT split, retrieval: $MODE, tickets: $( [ "$LIMIT" = 0 ] && echo all || echo "$LIMIT")"
[ -n "${DETAILS:-}" ] && ARGS+=(--details "$DETAILS")
"$B" "${ARGS[@]}"
