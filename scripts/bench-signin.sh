#!/usr/bin/env bash
# Sign-in under attack: does a burst of password guesses slow other requests?
#
#   scripts/bench-signin.sh [SAMPLES] [GUESSERS] [MODE]
#
# Starts the server (bcrypt at the production cost, 12) on a fresh data
# directory and a free loopback port, times SAMPLES sequential GET /healthz
# while idle, then again while GUESSERS (default 8) clients post wrong
# passwords to /console/login as fast as they can, and prints p50/p99 of both
# and the ratio (target: p50 during the attack <= 2x idle).
#
# MODE spray (default): each guesser has its own source address (127.0.0.1x;
#   any 127/8 address reaches loopback on Linux) and a fresh email per guess,
#   so lock-outs only start after 20 failures per address: the bound on
#   concurrent password checks is what keeps the server responsive.
# MODE single: all guessers from 127.0.0.1 against one account, the issue's
#   "300 wrong passwords" case: the lock-outs answer almost everything at once,
#   so the guessers become a plain request flood.
# MODE flood: the reference for that: the same clients hammer GET /healthz
#   itself, showing what any request flood costs on this machine.
#
# TICKETFLOW_BIN runs an already built binary; otherwise a release build is
# made in .build-release (BUILD=debug uses `swift build` in .build instead).
set -euo pipefail
cd "$(dirname "$0")/.."
SAMPLES=${1:-200}
GUESSERS=${2:-8}
MODE=${3:-spray}
scripts/setup.sh
if [ -n "${TICKETFLOW_BIN:-}" ]; then
    BIN=$TICKETFLOW_BIN
elif [ "${BUILD:-release}" = debug ]; then
    swift build --product ticketflow >/dev/null
    BIN=.build/debug/ticketflow
else
    swift build -c release --scratch-path .build-release --product ticketflow >/dev/null
    BIN=.build-release/release/ticketflow
fi
PORT=$(scripts/free-port.sh)
URL="http://127.0.0.1:$PORT"
WORK=$(mktemp -d)
"$BIN" serve --host 127.0.0.1 --port "$PORT" --data-dir "$WORK/data" --log-level error &
SERVER=$!
GUESSER_PIDS=()
# Stops the guessers: each checks the stop file between batches, and the
# curl running its current batch is killed (again, in case one just began).
stop_guessers() {
    touch "$WORK/stop"
    for _ in $(seq 1 50); do
        for pidfile in "$WORK"/curl-*.pid; do
            if [ -e "$pidfile" ]; then kill "$(cat "$pidfile")" 2>/dev/null || true; fi
        done
        local alive=0
        for pid in "${GUESSER_PIDS[@]}"; do if kill -0 "$pid" 2>/dev/null; then alive=1; fi; done
        [ "$alive" = 0 ] && break
        sleep 0.1
    done
    for pid in "${GUESSER_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    GUESSER_PIDS=()
}
cleanup() {
    stop_guessers || true
    kill "$SERVER" 2>/dev/null || true
    wait "$SERVER" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
for _ in $(seq 1 300); do curl -fs "$URL/healthz" >/dev/null && break; sleep 0.1; done
curl -fs "$URL/healthz" >/dev/null || { echo "bench-signin: the server did not start on port $PORT" >&2; exit 1; }

# The login form's CSRF token doubles as its cookie.
TOKEN=$(curl -fsi "$URL/console/login" | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: tf_login_csrf=\([^;]*\).*/\1/p')
[ -n "$TOKEN" ] || { echo "bench-signin: no login token" >&2; exit 1; }

# Prints "p50_ms p99_ms" of SAMPLES sequential healthz requests.
measure() {
    for _ in $(seq 1 "$SAMPLES"); do
        curl -fs -o /dev/null -w '%{time_total}\n' "$URL/healthz"
    done | sort -n | awk '{ t[NR] = $1 * 1000 } END {
        p50 = t[int(NR * 0.50) + (NR * 0.50 > int(NR * 0.50))]
        p99 = t[int(NR * 0.99) + (NR * 0.99 > int(NR * 0.99))]
        printf "%.2f %.2f\n", p50, p99 }'
}

# One guesser: a single curl process per 500 guesses (keep-alive, no fork per
# request, so the guessers' own CPU use stays small), again until stopped.
guess() {
    local i=$1 n source email config="$WORK/guesser-$1.curl"
    if [ "$MODE" = single ]; then source=127.0.0.1; else source=127.0.0.$((10 + i)); fi
    local round=0
    while [ ! -e "$WORK/stop" ]; do
        round=$((round + 1))
        : >"$config"
        for n in $(seq $((round * 500)) $((round * 500 + 499))); do
            if [ "$MODE" = single ]; then email=admin%40example.com; else email=g$i-$n%40example.com; fi
            [ -s "$config" ] && echo next >>"$config"
            if [ "$MODE" = flood ]; then
                printf 'url = "%s/healthz"\n' "$URL" >>"$config"
            else
                printf 'url = "%s/console/login"\ninterface = "%s"\n' "$URL" "$source" >>"$config"
                printf 'cookie = "tf_login_csrf=%s"\n' "$TOKEN" >>"$config"
                printf 'data = "_csrf=%s&email=%s&password=guess-%s"\n' "$TOKEN" "$email" "$n" >>"$config"
            fi
            printf 'output = "/dev/null"\nwrite-out = "%%{http_code}\\n"\nsilent\n' >>"$config"
        done
        [ -e "$WORK/stop" ] && break
        # Line-buffered, so the statuses of a curl stopped mid-batch are kept.
        stdbuf -oL curl -K "$config" >>"$WORK/statuses" 2>/dev/null &
        echo $! >"$WORK/curl-$i.pid"
        wait $! || true
    done
}

read -r IDLE_P50 IDLE_P99 < <(measure)
for i in $(seq 0 $((GUESSERS - 1))); do guess "$i" & GUESSER_PIDS+=($!); done
sleep 1 # let the burst build up
read -r ATTACK_P50 ATTACK_P99 < <(measure)
stop_guessers

echo "sign-in bench: $GUESSERS clients ($MODE), $SAMPLES healthz samples each phase, binary $BIN"
printf "healthz idle:          p50 %8.2f ms  p99 %8.2f ms\n" "$IDLE_P50" "$IDLE_P99"
printf "healthz under attack:  p50 %8.2f ms  p99 %8.2f ms\n" "$ATTACK_P50" "$ATTACK_P99"
awk -v a="$ATTACK_P50" -v i="$IDLE_P50" \
    'BEGIN { r = a / i; printf "p50 ratio: %.2fx (target <= 2x): %s\n", r, (r <= 2 ? "met" : "NOT met") }'
echo "their responses: $(sort "$WORK/statuses" | uniq -c | awk '{ printf "%s×%s ", $2, $1 }')"
