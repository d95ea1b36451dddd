#!/usr/bin/env bash
# Crash test: every ticket acknowledged with a 2xx survives kill -9, exactly once.
#
#   scripts/crash-test.sh [TICKETS] [BINARY]
#
# Starts `ticketflow serve` on a temporary data directory (loopback only),
# sends TICKETS tickets from 4 concurrent senders, kill -9s the server a third
# of the way in, restarts it, then re-sends every ticket with its external id.
# Pass: every acknowledged ticket is answered "already exists" (200, not 201)
# and the store holds each external id exactly once. Stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
TICKETS=${1:-2000}
BIN=${2:-}
if [ -z "$BIN" ]; then
    if [ -x .build-release/release/ticketflow ]; then BIN=.build-release/release/ticketflow; else
        swift build --product ticketflow >/dev/null; BIN=.build/debug/ticketflow; fi
fi
PORT=$(scripts/free-port.sh)
WORK=$(mktemp -d)
trap 'kill -9 $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
URL=http://127.0.0.1:$PORT

start_server() {
    "$BIN" serve --host 127.0.0.1 --port "$PORT" --data-dir "$WORK/data" --log-level error &
    SERVER=$!
    for _ in $(seq 1 100); do curl -fs "$URL/healthz" >/dev/null 2>&1 && return 0; sleep 0.1; done
    echo "server did not start"; exit 1
}

send() { # sender index, first, last: prints the external id of every 2xx
    for i in $(seq "$2" "$3"); do
        code=$(curl -s -o /dev/null -w '%{http_code}' -m 5 -H 'Content-Type: application/json' \
            -d "{\"body\":\"crash test ticket $i: my invoice is wrong\",\"external_id\":\"crash-$i\"}" \
            "$URL/v1/tickets" || true)
        case "$code" in 2*) echo "crash-$i" ;; esac
    done > "$WORK/acked-$1"
}

start_server
per=$((TICKETS / 4))
SENDERS=()
for w in 0 1 2 3; do send "$w" $((w * per + 1)) $(((w + 1) * per)) & SENDERS+=($!); done
# Kill once about a third of the tickets are acknowledged.
while [ "$(cat "$WORK"/acked-* 2>/dev/null | wc -l)" -lt $((TICKETS / 3)) ]; do sleep 0.05; done
kill -9 "$SERVER"
echo "killed the server after $(cat "$WORK"/acked-* | wc -l) acknowledged tickets"
sleep 1
start_server
# Wait for the senders by pid: `wait $(jobs -p | grep -v server)` turned into a
# bare `wait` (all children, the server included: a hang) once every sender
# had finished before this line, which happens when they run out of tickets
# while the server is down.
wait "${SENDERS[@]}" 2>/dev/null || true
acked=$(cat "$WORK"/acked-* | sort -u)
acked_count=$(echo "$acked" | grep -c . || true)

# Re-send everything: an acknowledged ticket must already exist (200), never be created again (201).
# Bounded, so a server that stops answering fails the test instead of hanging it.
lost=0
unanswered=0
for i in $(seq 1 $((per * 4))); do
    code=$(curl -s -o /dev/null -w '%{http_code}' -m 10 -H 'Content-Type: application/json' \
        -d "{\"body\":\"crash test ticket $i: my invoice is wrong\",\"external_id\":\"crash-$i\"}" "$URL/v1/tickets")
    if [ "$code" = 201 ] && echo "$acked" | grep -qx "crash-$i"; then lost=$((lost + 1)); fi
    case "$code" in 200|201) ;; *) unanswered=$((unanswered + 1)) ;; esac
done
stored=$(curl -fs -m 10 "$URL/healthz" | sed -E 's/.*"tickets":([0-9]+).*/\1/')
expected=$((per * 4))
echo "sent $expected, acknowledged $acked_count before/after the crash, lost $lost, stored $stored (expected $expected: each external id once), re-sends unanswered $unanswered"
if [ "$lost" -eq 0 ] && [ "$unanswered" -eq 0 ] && [ "$stored" -eq "$expected" ]; then echo "crash test: PASS"; else echo "crash test: FAIL"; exit 1; fi
