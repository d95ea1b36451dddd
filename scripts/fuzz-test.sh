#!/usr/bin/env bash
# Bad input over real HTTP, against a demo server on a temporary data directory:
# every operation of docs/openapi.yaml broken many ways (scripts/api_fuzz.py), then
# every console form and page link reached from the start pages (scripts/console_fuzz.py), then
# every command of the binary and every config key broken (scripts/cli_fuzz.py).
#
#   scripts/fuzz-test.sh [BINARY] [SEEDS] [POSTGRES_URL]
#
# With POSTGRES_URL (a server the caller runs, e.g. scripts/postgres.sh's), the server
# stores into a scratch database created there and dropped at the end; else into SQLite.
#
# Pass: no answer is a 5xx or a dropped connection, every API 4xx is a JSON problem,
# and the server still answers /healthz; no command crashes, hangs or fails without
# an error line, and the store keeps its tickets. Loopback only; stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-}
SEEDS=${2:-17}
POSTGRES=${3:-}
if [ -z "$BIN" ]; then swift build --product ticketflow >/dev/null; BIN=.build/debug/ticketflow; fi
python3 -c 'import yaml' 2>/dev/null || python3 -m pip install -q 'pyyaml==6.0.3'
PORT=$(scripts/free-port.sh)
WORK=$(mktemp -d)
STORE=(--data-dir "$WORK/data")
DROP=:
if [ -n "$POSTGRES" ]; then
    SCRATCH=fuzz_$$_$RANDOM
    psql -q "$POSTGRES" -c "CREATE DATABASE $SCRATCH"
    STORE=(--database-url "$(python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(p._replace(path="/" + sys.argv[2]).geturl())' "$POSTGRES" "$SCRATCH")")
    DROP="psql -q $POSTGRES -c 'DROP DATABASE IF EXISTS $SCRATCH WITH (FORCE)'"
fi
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; eval "$DROP"; rm -rf "$WORK"' EXIT
# The chat limits are raised so the chat calls reach their handlers instead of the rate limiter.
echo '{"chat_limits":{"messages_per_visitor_per_minute":10000,"requests_per_address_per_minute":10000}}' \
    > "$WORK/config.json"
TOKEN=$("$BIN" token create "${STORE[@]}" --role admin --name fuzz 2>/dev/null | tail -1)
PASSWORD=fuzz-$RANDOM-$RANDOM-password
echo "$PASSWORD" | "$BIN" user create "${STORE[@]}" --email lead@example.com --name Lead --admin \
    --password-stdin >/dev/null
"$BIN" serve --demo --config "$WORK/config.json" --host 127.0.0.1 --port "$PORT" \
    "${STORE[@]}" --log-level error > "$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
fail() {
    echo "fuzz test: FAIL ($1); server log:" >&2
    tail -20 "$WORK/server.log" >&2
    exit 1
}
for seed in $SEEDS; do
    python3 scripts/api_fuzz.py "http://127.0.0.1:$PORT" "$TOKEN" --seed "$seed" || fail "API, seed $seed"
    python3 scripts/console_fuzz.py "http://127.0.0.1:$PORT" lead@example.com "$PASSWORD" --seed "$seed" \
        || fail "console, seed $seed"
done
# The command line on the same store, the server stopped as for maintenance.
kill "$SERVER"
wait "$SERVER" 2>/dev/null || true
for seed in $SEEDS; do
    python3 scripts/cli_fuzz.py "$BIN" "${STORE[@]}" --seed "$seed" || { echo "fuzz test: FAIL (CLI, seed $seed)" >&2; exit 1; }
done
if [ -n "$POSTGRES" ]; then echo "fuzz test: PASS (PostgreSQL)"; else echo "fuzz test: PASS (SQLite)"; fi
