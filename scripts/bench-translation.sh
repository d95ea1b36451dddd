#!/usr/bin/env bash
# The translator and its check on Sphinx's message translations (BSD-licensed, from its PyPI wheel), both ways.
# Without --llm it starts the pinned llama.cpp server with SmolLM2-135M-Instruct (scripts/llm-server.sh).
# Usage: scripts/bench-translation.sh [--sample N] [--languages es,de,fr] [--llm URL --llm-model NAME]
#        (TICKETFLOW_BIN may be set; extra arguments go to `ticketflow bench translation`)
set -euo pipefail
cd "$(dirname "$0")/.."
B=${TICKETFLOW_BIN:-.build/debug/ticketflow}
[ -x "$B" ] || { echo "no binary at $B: swift build --product ticketflow" >&2; exit 1; }
WORK=$(mktemp -d /tmp/ticketflow-translation-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
python3 -m pip download --quiet --no-deps --dest "$WORK/wheels" sphinx==9.0.4
unzip -q "$WORK/wheels/sphinx-9.0.4-py3-none-any.whl" '*.po' -d "$WORK/sphinx"
if [[ " $* " == *" --llm "* ]]; then
    "$B" bench translation --catalogs "$WORK/sphinx" "$@"
else
    eval "$(scripts/llm-server.sh start)"
    TICKETFLOW_LLM_API_KEY=$TICKETFLOW_TEST_LLM_KEY "$B" bench translation --catalogs "$WORK/sphinx" \
        --llm "$TICKETFLOW_TEST_LLM_URL" --llm-model "$TICKETFLOW_TEST_LLM_MODEL" "$@"
fi
