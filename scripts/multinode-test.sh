#!/usr/bin/env bash
# Several `ticketflow serve` nodes against one PostgreSQL.
#
#   scripts/multinode-test.sh test [TICKETS]          crash test (default 600 tickets)
#   scripts/multinode-test.sh bench [NODES] [SECONDS] intake tickets/s and p99 with wrk over NODES nodes
#   SQLITE=1 scripts/multinode-test.sh bench 1        the same against one SQLite node, for comparison
#
# test: three nodes on 127.0.0.1:18081-18083 share a scratch database on the
# throwaway cluster (scripts/postgres.sh). Senders spread tickets over all
# three, a third of them delivered twice to different nodes; node 2 is
# kill -9'd mid-run and restarted. Afterwards every acknowledged ticket must
# exist exactly once (a re-POST is answered 200, not 201; no external id is
# stored twice), and once the nodes drained the work queue, no job may be
# left pending or leased. Exits non-zero on any violation.
#
# Settings: TICKETFLOW_BIN (default: release build in .build-release),
# TICKETFLOW_PG_PORT (55432), SENDERS (8 parallel curl senders).
set -euo pipefail
cd "$(dirname "$0")/.."

MODE="${1:-test}"
export TICKETFLOW_PG_PORT="${TICKETFLOW_PG_PORT:-55432}"
SENDERS="${SENDERS:-8}"
# The crash test answers from the work queue so jobs run on (and are lost by)
# the nodes; the intake bench answers inline, like the single-node default.
if [ "$MODE" = test ]; then ANSWER_MODE="${ANSWER_MODE:-queue}"; else ANSWER_MODE="${ANSWER_MODE:-inline}"; fi
BIN="${TICKETFLOW_BIN:-}"
if [ -z "$BIN" ]; then
    scripts/setup.sh
    swift build -c release --scratch-path .build-release --product ticketflow >/dev/null
    BIN=.build-release/release/ticketflow
fi

WORK=$(mktemp -d)
PIDS=()
STARTED_PG=0
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    [ "$STARTED_PG" = 1 ] && scripts/postgres.sh stop >/dev/null 2>&1
    rm -rf "$WORK"
}
trap cleanup EXIT

if ! pg_isready -q -h 127.0.0.1 -p "$TICKETFLOW_PG_PORT" 2>/dev/null; then STARTED_PG=1; fi
SERVER_URL=$(scripts/postgres.sh start)
DB="tf_multinode_$$"
psql -q "$SERVER_URL" -c "CREATE DATABASE $DB" >/dev/null
DB_URL="postgres://postgres@127.0.0.1:$TICKETFLOW_PG_PORT/$DB?sslmode=disable"
sql() { psql -qtA "$DB_URL" -c "$1"; }

# start_node N: node N listens on 1808N with its own data directory (models,
# knowledge base) and the shared database.
start_node() {
    local n=$1
    mkdir -p "$WORK/node$n"
    local store=(--database-url "$DB_URL")
    # SQLITE=1 (bench with one node): the embedded store, for comparison.
    [ "${SQLITE:-0}" = 1 ] && store=()
    # The nightly QA and retraining jobs would still be open when the queue-drain check runs.
    TICKETFLOW_QA_HOUR=off TICKETFLOW_RETRAIN_HOUR=off "$BIN" serve --host 127.0.0.1 --port "1808$n" --data-dir "$WORK/node$n" "${store[@]}" \
        --answer-mode "$ANSWER_MODE" --log-level error >>"$WORK/node$n.log" 2>&1 &
    PIDS[$n]=$!
    for _ in $(seq 1 200); do
        curl -fs "http://127.0.0.1:1808$n/healthz" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    echo "node $n did not start:" >&2
    cat "$WORK/node$n.log" >&2
    exit 1
}

NODES=3
[ "$MODE" = bench ] && NODES="${2:-3}"
for n in $(seq 1 "$NODES"); do start_node "$n"; done

if [ "$MODE" = bench ]; then
    SECONDS_TO_RUN="${3:-10}"
    command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
    cat > "$WORK/post.lua" <<'LUA'
local counter = 0
local node = os.getenv("NODE") or "1"
function request()
    counter = counter + 1
    local body = string.format('{"subject":"Order %d","body":"Hello, I was charged twice for order %d and need a refund please.","external_id":"bench-%s-%d-%d","customer":{"email":"c%d@example.com"}}', counter, counter, node, math.random(1, 1000000000), counter, counter % 500)
    return wrk.format("POST", "/v1/tickets", {["Content-Type"] = "application/json"}, body)
end
function done(summary, latency, requests)
    io.write(string.format("RESULT %d %d %.3f %.3f %.3f\n", summary.requests, summary.errors.status,
        summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
LUA
    WRKS=()
    for n in $(seq 1 "$NODES"); do
        NODE=$n wrk -t1 -c8 -d"${SECONDS_TO_RUN}s" -s "$WORK/post.lua" "http://127.0.0.1:1808$n" >"$WORK/wrk$n.out" 2>&1 &
        WRKS+=($!)
    done
    wait "${WRKS[@]}"
    awk -v nodes="$NODES" '/^RESULT/ { req += $2; err += $3; dur = ($4 > dur ? $4 : dur); if ($6 > p99) p99 = $6; p50 += $5 }
        END { printf "nodes %d: %d requests, %d non-2xx, %.0f tickets/s, p50 %.2f ms (mean of nodes), p99 %.2f ms (worst node)\n",
              nodes, req, err, req / dur, p50 / nodes, p99 }' "$WORK"/wrk*.out
    [ "${SQLITE:-0}" = 1 ] || echo "stored tickets: $(sql 'SELECT COUNT(*) FROM tickets')"
    exit 0
fi

TICKETS="${2:-600}"
# The help center goes in through the shared store; every node's index picks
# it up from the change feed (no restart), so the queued answers can cite it.
"$BIN" kb import demo/help-center --database-url "$DB_URL" >/dev/null
sleep 3
# One line per delivery: external id and node. A third are delivered twice, to different nodes.
for i in $(seq 1 "$TICKETS"); do
    echo "mt-$i $(( (i % 3) + 1 ))"
    if [ $((i % 3)) -eq 0 ]; then echo "mt-$i $(( ((i + 1) % 3) + 1 ))"; fi
done | shuf --random-source=<(yes) >"$WORK/deliveries"

deliver() {
    local id=$1 node=$2 code
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 20 -X POST "http://127.0.0.1:1808$node/v1/tickets" \
        -H 'Content-Type: application/json' \
        -d "{\"subject\":\"Duplicate charge\",\"body\":\"How do I get the duplicate charge for $id refunded?\",\"external_id\":\"$id\",\"customer\":{\"email\":\"$id@example.com\"}}" \
        || true)
    echo "$id $node $code"
}
export -f deliver

START=$(date +%s.%N)
xargs -P "$SENDERS" -L 1 bash -c 'deliver "$0" "$1"' <"$WORK/deliveries" >"$WORK/acks" &
SENDING=$!
# Crash node 2 while deliveries are in flight, then bring it back.
sleep 2
kill -9 "${PIDS[2]}"
echo "killed node 2 (kill -9) after 2 s"
sleep 1
start_node 2
echo "restarted node 2"
wait "$SENDING"
END=$(date +%s.%N)
# Like a helpdesk's webhook retries: deliveries that got no 2xx (node 2 was
# down, or died mid-request after committing) are sent again to the next node.
awk '$3 !~ /^2/ { print $1, ($2 % 3) + 1 }' "$WORK/acks" >"$WORK/retries"
RETRIED=$(wc -l <"$WORK/retries")
xargs -P "$SENDERS" -L 1 bash -c 'deliver "$0" "$1"' <"$WORK/retries" >>"$WORK/acks"

DELIVERIES=$(wc -l <"$WORK/deliveries")
ACKED=$(awk '$3 ~ /^2/ { print $1 }' "$WORK/acks" | sort -u)
ACKED_COUNT=$(printf '%s\n' "$ACKED" | grep -c . || true)
echo "deliveries $DELIVERIES, failed while node 2 was down or restarting: $RETRIED (retried on the next node), acknowledged tickets $ACKED_COUNT of $TICKETS"
awk -v d="$DELIVERIES" -v s="$START" -v e="$END" 'BEGIN { printf "throughput %.0f deliveries/s over 3 nodes (curl senders)\n", d / (e - s) }'

STATUS=0
# Every acknowledged ticket exists: a repeat delivery to any node is a replay (200).
NOT_REPLAYED=0
for id in $ACKED; do
    code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:18081/v1/tickets" \
        -H 'Content-Type: application/json' -d "{\"body\":\"again\",\"external_id\":\"$id\"}")
    if [ "$code" != 200 ]; then
        NOT_REPLAYED=$((NOT_REPLAYED + 1))
        [ "$NOT_REPLAYED" -le 5 ] && echo "FAIL: acknowledged $id answered $code on re-delivery" >&2
        STATUS=1
    fi
done
echo "re-deliveries of acknowledged tickets not answered as replays (200): $NOT_REPLAYED"
DUPLICATES=$(sql "SELECT COUNT(*) FROM (SELECT external_id FROM tickets GROUP BY external_id HAVING COUNT(*) > 1) d")
STORED=$(sql "SELECT COUNT(*) FROM tickets")
MISSING=0
for id in $ACKED; do echo "$id"; done >"$WORK/acked"
sql "SELECT external_id FROM tickets" | sort >"$WORK/stored"
MISSING=$(comm -23 <(sort "$WORK/acked") "$WORK/stored" | wc -l)
echo "stored tickets $STORED, duplicated external ids $DUPLICATES, acknowledged but missing $MISSING"
[ "$DUPLICATES" = 0 ] || { echo "FAIL: duplicated tickets" >&2; STATUS=1; }
[ "$MISSING" = 0 ] || { echo "FAIL: acknowledged tickets missing" >&2; STATUS=1; }
[ "$STORED" -ge "$ACKED_COUNT" ] && [ "$STORED" -le "$TICKETS" ] || { echo "FAIL: ticket count out of range" >&2; STATUS=1; }

# The work queue drains: nothing pending or stuck in a lease once the nodes
# had time to pick up the killed node's expired leases.
HAS_JOBS=$(sql "SELECT to_regclass('jobs') IS NOT NULL")
if [ "$HAS_JOBS" = t ]; then
    for _ in $(seq 1 "${DRAIN_SECONDS:-180}"); do
        OPEN=$(sql "SELECT COUNT(*) FROM jobs WHERE state IN ('pending', 'leased')")
        [ "$OPEN" = 0 ] && break
        sleep 1
    done
    echo "jobs by state: $(sql "SELECT string_agg(state || '=' || n, ' ') FROM (SELECT state, COUNT(*) n FROM jobs GROUP BY state ORDER BY state) s")"
    [ "$OPEN" = 0 ] || { echo "FAIL: $OPEN jobs still pending or leased" >&2; STATUS=1; }
    DUP_JOBS=$(sql "SELECT COUNT(*) FROM (SELECT dedupe_key FROM jobs WHERE dedupe_key IS NOT NULL GROUP BY dedupe_key HAVING COUNT(*) > 1) d")
    [ "$DUP_JOBS" = 0 ] || { echo "FAIL: $DUP_JOBS jobs enqueued twice" >&2; STATUS=1; }
fi
if [ "$ANSWER_MODE" = queue ]; then
    # Exactly once in effect: every ticket left triage (nothing waits for an
    # answer forever, orphans included) and no ticket was answered twice.
    # Orphans (a node killed between commit and enqueue) are re-enqueued by
    # the sweep after a minute, so give it time.
    for _ in $(seq 1 "${DRAIN_SECONDS:-180}"); do
        WAITING=$(sql "SELECT COUNT(*) FROM tickets WHERE status = 'triaged'")
        [ "$WAITING" = 0 ] && break
        sleep 1
    done
    TWICE=$(sql "SELECT COUNT(*) FROM (SELECT ticket_id FROM trace_entries WHERE stage = 'answering' GROUP BY ticket_id HAVING COUNT(*) > 1) t")
    AI_TWICE=$(sql "SELECT COUNT(*) FROM (SELECT ticket_id FROM messages WHERE author = 'ai' GROUP BY ticket_id HAVING COUNT(*) > 1) t")
    echo "tickets still waiting for an answer $WAITING, answered twice $TWICE, with two AI replies $AI_TWICE"
    echo "tickets by status: $(sql "SELECT string_agg(status || '=' || n, ' ') FROM (SELECT status, COUNT(*) n FROM tickets GROUP BY status ORDER BY status) s")"
    [ "$WAITING" = 0 ] || { echo "FAIL: $WAITING tickets never answered" >&2; STATUS=1; }
    [ "$TWICE" = 0 ] && [ "$AI_TWICE" = 0 ] || { echo "FAIL: tickets answered twice" >&2; STATUS=1; }
fi
psql -q "$SERVER_URL" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
[ "$STATUS" = 0 ] && echo "PASS: every acknowledged ticket stored exactly once; queue drained" || echo "FAILED" >&2
exit "$STATUS"
