#!/usr/bin/env bash
# Start-up and shutdown with nothing to do or a hung LLM, over real processes.
#
#   scripts/shutdown-idle-test.sh [BINARY]
#
# 1. An idle server (no LLM) must exit 0 within 2 s of SIGTERM: no background
#    loop may sleep out its interval.
# 2. With an LLM endpoint that accepts connections and never answers (a small
#    Python listener), the server must answer /healthz no more than 2 s later
#    after launch than without an LLM (the embeddings probe runs in the
#    background, it does not hold up listening), and with an answer job
#    waiting on that LLM it must exit 0 within the shutdown grace period (5 s)
#    + 2 s of SIGTERM: the call gets the grace period, then it is cancelled and
#    its job released for another node. Stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-}
if [ -z "$BIN" ]; then swift build --product ticketflow >/dev/null; BIN=.build/debug/ticketflow; fi
GRACE=5
WORK=$(mktemp -d)
trap 'kill -9 $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
within() { awk -v t="$1" -v max="$2" 'BEGIN { exit !(t < max) }'; }
FAIL=0
wait_healthy() { # port: seconds until /healthz answered, or empty after 10 s
    local started=$1 port=$2
    for _ in $(seq 1 200); do
        curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && { since "$started"; return; }
        sleep 0.05
    done
}
stop_and_time() { # pid: SIGTERM; sets RC (exit code) and TOOK (seconds). Not in a subshell: wait needs the child.
    local started
    started=$(now)
    kill -TERM "$1"
    set +e; wait "$1"; RC=$?; set -e
    TOOK=$(since "$started")
}

# 1. Idle.
PORT=$(scripts/free-port.sh)
"$BIN" serve --host 127.0.0.1 --port "$PORT" --data-dir "$WORK/idle" --log-level error &
SERVER=$!
IDLE_UP=$(wait_healthy "$(now)" "$PORT")
[ -n "$IDLE_UP" ] || { echo "shutdown idle test: FAIL: the server did not start on port $PORT" >&2; exit 1; }
sleep 1  # every background loop is asleep now
stop_and_time "$SERVER"
echo "idle server: exit $RC, stopped ${TOOK}s after SIGTERM (limit 2 s)"
{ [ "$RC" = 0 ] && within "$TOOK" 2; } || FAIL=1

# 2. A hung LLM: accepts, reads, never answers; logs each request line it reads.
LLM_PORT=$(scripts/free-port.sh)
python3 - "$LLM_PORT" "$WORK/llm-requests" <<'PY' &
import socket, sys, threading
server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", int(sys.argv[1])))
server.listen(64)
held = []
def hold(conn):
    data = conn.recv(65536).split(b"\r\n", 1)[0].decode(errors="replace")
    with open(sys.argv[2], "a") as log:
        log.write(data + "\n")
    held.append(conn)  # never answered, never closed
while True:
    conn, _ = server.accept()
    threading.Thread(target=hold, args=(conn,), daemon=True).start()
PY
LLM_PID=$!
for _ in $(seq 1 100); do (echo > "/dev/tcp/127.0.0.1/$LLM_PORT") 2>/dev/null && break; sleep 0.05; done
mkdir -p "$WORK/kb"
cat > "$WORK/kb/duplicate-charges.md" <<'MD'
---
title: Duplicate charges
category: billing
---
Seeing a duplicate charge on your invoices? Open Settings > Billing > Invoices and choose Request refund
next to the duplicate charge. Duplicate charges are refunded within 5 days.
MD
"$BIN" kb import "$WORK/kb" --data-dir "$WORK/hung" >/dev/null
PORT=$(scripts/free-port.sh)
STARTED=$(now)
TICKETFLOW_LLM_BASE_URL="http://127.0.0.1:$LLM_PORT/v1" TICKETFLOW_LLM_MODEL=stub-model \
    TICKETFLOW_LLM_EMBEDDINGS_MODEL=stub-embed TICKETFLOW_LLM_TIMEOUT=60 \
    "$BIN" serve --host 127.0.0.1 --port "$PORT" --data-dir "$WORK/hung" --log-level error &
SERVER=$!
UP=$(wait_healthy "$STARTED" "$PORT")
[ -n "$UP" ] || { echo "shutdown idle test: FAIL: the server with a hung LLM did not start on port $PORT" >&2; exit 1; }
# Process launch and model loading cost the same with or without an LLM (the idle
# start measures them); the LLM may add at most 2 s on top, not its timeouts.
LIMIT=$(awk -v a="$IDLE_UP" 'BEGIN { printf "%.2f", a + 2 }')
echo "hung LLM: /healthz answered ${UP}s after launch (without an LLM: ${IDLE_UP}s; limit ${LIMIT} s)"
within "$UP" "$LIMIT" || FAIL=1
curl -fs -o /dev/null -H 'Content-Type: application/json' -d '{"subject":"Duplicate charge","body":"Hello, I see a duplicate charge on my invoices. How do I get the duplicate charge refunded?"}' \
    "http://127.0.0.1:$PORT/v1/tickets" || { echo "shutdown idle test: FAIL: intake failed" >&2; exit 1; }
for _ in $(seq 1 200); do grep -q "chat/completions" "$WORK/llm-requests" 2>/dev/null && break; sleep 0.05; done
grep -q "chat/completions" "$WORK/llm-requests" 2>/dev/null \
    || { echo "shutdown idle test: FAIL: the answer job never called the LLM" >&2; exit 1; }
stop_and_time "$SERVER"
echo "hung LLM with an answer in flight: exit $RC, stopped ${TOOK}s after SIGTERM (limit $GRACE s grace + 2 s)"
{ [ "$RC" = 0 ] && within "$TOOK" $((GRACE + 2)); } || FAIL=1
kill "$LLM_PID" 2>/dev/null || true
wait "$LLM_PID" 2>/dev/null || true
if [ "$FAIL" = 0 ]; then echo "shutdown idle test: PASS"; else echo "shutdown idle test: FAIL"; exit 1; fi
