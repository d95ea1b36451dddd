#!/usr/bin/env bash
# Intake benchmark: POST /v1/tickets over loopback with wrk, durable commits.
#
#   scripts/bench-intake.sh [SECONDS] [CONNECTIONS] [DURABILITY]
#
# Builds the release binary, starts it on a fresh data directory, runs wrk
# (installed from apt if missing) with a unique external id per request, and
# prints tickets/s and latency percentiles. Loopback only; stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN=${1:-10}
CONNECTIONS=${2:-16}
DURABILITY=${3:-full}
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
scripts/setup.sh
# TICKETFLOW_BIN runs an already built binary instead of building one.
BIN=${TICKETFLOW_BIN:-.build-release/release/ticketflow}
[ -n "${TICKETFLOW_BIN:-}" ] || swift build -c release --scratch-path .build-release --product ticketflow >/dev/null
PORT=$(scripts/free-port.sh)
WORK=$(mktemp -d)
"$BIN" serve --host 127.0.0.1 --port "$PORT" --data-dir "$WORK/data" \
    --durability "$DURABILITY" --log-level error &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
cat > "$WORK/post.lua" <<'LUA'
local counter = 0
local thread_id = 0
local threads = 0
function setup(thread) threads = threads + 1; thread:set("tid", threads) end
function init(args) thread_id = tid end
function request()
    counter = counter + 1
    local body = string.format('{"subject":"Order %d","body":"Hello, I was charged twice for order %d and need a refund please.","external_id":"bench-%d-%d","customer":{"email":"c%d@example.com"}}', counter, counter, thread_id, counter, counter % 500)
    return wrk.format("POST", "/v1/tickets", {["Content-Type"] = "application/json"}, body)
end
function done(summary, latency, requests)
    io.write(string.format("requests %d, errors(non-2xx) %d, tickets/s %.0f\n", summary.requests, summary.errors.status, summary.requests / (summary.duration / 1e6)))
    io.write(string.format("latency ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f\n", latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
LUA
# The server's own CPU time (user + system ticks from /proc) per stored ticket:
# unlike tickets/s, it barely moves when other work shares the machine, so two
# binaries compare fairly on a busy box.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }
stored() { curl -fs "http://127.0.0.1:$PORT/healthz" | sed -n 's/.*"tickets":\([0-9]*\).*/\1/p'; }
echo "wrk: ${SECONDS_TO_RUN}s, $CONNECTIONS connections, 2 threads, durability=$DURABILITY"
TICKS_BEFORE=$(cpu_ticks); TICKETS_BEFORE=$(stored)
wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_TO_RUN}s" -s "$WORK/post.lua" "http://127.0.0.1:$PORT" | tail -2
TICKS_AFTER=$(cpu_ticks); TICKETS_AFTER=$(stored)
awk -v t=$((TICKS_AFTER - TICKS_BEFORE)) -v hz="$(getconf CLK_TCK)" -v n=$((TICKETS_AFTER - TICKETS_BEFORE)) \
    'BEGIN { if (n > 0) printf "server CPU ms per ticket: %.3f (%d tickets)\n", t * 1000 / hz / n, n }'
echo "stored tickets: $(curl -fs "http://127.0.0.1:$PORT/healthz")"
