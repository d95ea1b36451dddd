#!/usr/bin/env bash
# Live chat load benchmark: N WebSocket visitors on loopback (scripts/chat_load.py).
#
#   scripts/bench-chat.sh [VISITORS] [MESSAGES] [RAMP_SECONDS]
#
# Starts the release server in demo mode on a fresh data directory, with the
# sentence encoder when TICKETFLOW_ENCODER_DIR is set, durable commits and chat
# limits high enough that one address may play every visitor; then every visitor
# opens a session and a WebSocket, and sends MESSAGES questions one after the
# other (their first messages spread over RAMP_SECONDS; 0 sends them all at
# once). Prints the time from a message to the AI's answer or the hand-over
# (p50/p95/p99) and the server's memory per idle connection. Loopback only;
# stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
VISITORS=${1:-500}
MESSAGES=${2:-2}
RAMP=${3:-0}
scripts/setup.sh
# TICKETFLOW_BIN runs an already built binary instead of building one.
BIN=${TICKETFLOW_BIN:-.build-release/release/ticketflow}
[ -n "${TICKETFLOW_BIN:-}" ] || swift build -c release --scratch-path .build-release --product ticketflow >/dev/null
PORT=$(scripts/free-port.sh)
WORK=$(mktemp -d)
cat >"$WORK/config.json" <<JSON
{"chat_limits": {"requests_per_address_per_minute": 1000000, "messages_per_visitor_per_minute": 10000}}
JSON
TICKETFLOW_CONFIG="$WORK/config.json" "$BIN" serve --demo --host 127.0.0.1 --port "$PORT" \
    --data-dir "$WORK/data" --log-level error &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
# With an encoder, wait until the demo help center is embedded (retrieval is hybrid from then on).
if [ -n "${TICKETFLOW_ENCODER_DIR:-}" ]; then
    for _ in $(seq 1 600); do
        "$BIN" kb embed-status --data-dir "$WORK/data" --encoder "$TICKETFLOW_ENCODER_DIR" --json 2>/dev/null |
            grep -q '"waiting" : 0' && break
        sleep 0.5
    done
fi
python3 scripts/chat_load.py --base "http://127.0.0.1:$PORT" --visitors "$VISITORS" --messages "$MESSAGES" \
    --ramp "$RAMP" --pid "$SERVER"
