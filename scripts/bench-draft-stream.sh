#!/usr/bin/env bash
# How soon an agent sees a draft's first words when it streams, against waiting for the whole draft, side by side
# in one run: `ticketflow serve` (release, demo help center, no queue worker) with a real llama.cpp server on
# loopback (SmolLM2-135M-Instruct, scripts/llm-server.sh); N bitext test tickets, each asked for a fresh draft over
# `POST /v1/agent/tickets/{id}/draft` with `Accept: text/event-stream`. Prints, per ticket and as medians: seconds to
# the first `text` event, to the stored `draft` event, the pieces streamed, and the engine that wrote the stored draft.
#   scripts/bench-draft-stream.sh [N]     N drafts (default 10), from every (890/8N)th row so that intents vary;
#                                         tickets the help center has nothing for (no engine runs) are skipped
# Settings: TICKETFLOW_BIN (.build-release/release/ticketflow), TICKETFLOW_LLM_THREADS (2), BENCH_PORT (18390).
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-10}"
BIN="${TICKETFLOW_BIN:-.build-release/release/ticketflow}"
PORT="${BENCH_PORT:-18390}"
export TICKETFLOW_LLM_DIR=/tmp/ticketflow-llm-bench TICKETFLOW_LLM_THREADS="${TICKETFLOW_LLM_THREADS:-2}"
WORK="$(mktemp -d)"
SERVER_PID=""
trap '[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; scripts/llm-server.sh stop; rm -rf "$WORK"' EXIT
[ -x "$BIN" ] || { echo "bench-draft-stream: build first: swift build -c release --scratch-path .build-release --product ticketflow" >&2; exit 1; }
eval "$(scripts/llm-server.sh start)"
TICKETFLOW_LLM_BASE_URL="$TICKETFLOW_TEST_LLM_URL" TICKETFLOW_LLM_MODEL="$TICKETFLOW_TEST_LLM_MODEL" \
    TICKETFLOW_LLM_API_KEY="$TICKETFLOW_TEST_LLM_KEY" TICKETFLOW_LLM_TIMEOUT=300 TICKETFLOW_LLM_MAX_RETRIES=0 \
    TICKETFLOW_QUEUE_WORKER=false "$BIN" serve --demo --host 127.0.0.1 --port "$PORT" --data-dir "$WORK/data" \
    --durability normal --log-level warning >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 300); do curl -fsS -o /dev/null "http://127.0.0.1:$PORT/healthz" 2>/dev/null && break; sleep 0.2; done
TOKEN="$("$BIN" token create --role agent --name bench --data-dir "$WORK/data" | tail -1)"
python3 - "$PORT" "$TOKEN" "$N" ../shared/data/bitext/test.csv <<'PY'
import csv, http.client, json, statistics, sys, time

port, token, n, data = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
rows = list(csv.DictReader(open(data, newline="")))

def call(method, path, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    connection.request(method, path, body=body, headers=headers or {})
    return connection, connection.getresponse()

auth = {"Authorization": f"Bearer {token}"}
first_text, whole, pieces_seen, skipped, llm_written = [], [], [], 0, 0
print("ticket  first text s  stored draft s  pieces  stored draft by")
for row in rows[:: max(1, len(rows) // (8 * n))]:
    if len(whole) == n:
        break
    _, response = call("POST", "/v1/tickets", json.dumps({"subject": "", "body": row["instruction"]}),
                       {"Content-Type": "application/json"})
    ticket = json.load(response)["ticket"]["id"]
    started = time.perf_counter()
    connection, response = call("POST", f"/v1/agent/tickets/{ticket}/draft", headers={**auth, "Accept": "text/event-stream"})
    if response.status != 200:
        print(f"{ticket:>6}  refused {response.status}: {response.read()[:200]!r}")
        continue
    first, pieces, event = None, 0, None
    while True:
        line = response.readline().decode()
        if not line:
            break
        if line.startswith("event: "):
            event = line[7:].strip()
        elif line.startswith("data: ") and event == "text":
            pieces += 1
            first = first or time.perf_counter() - started
        elif line.startswith("data: ") and event in ("draft", "error"):
            break
    done = time.perf_counter() - started
    connection.close()
    _, response = call("GET", f"/v1/agent/tickets/{ticket}/events", headers=auth)
    details = [e for e in json.load(response)["events"] if e["kind"] == "redraft"][-1]["details"]
    if "engine" not in details:
        skipped += 1  # nothing in the help center above the retrieval cut-off: no engine ran
        continue
    engine = details["engine"]
    if engine.startswith("llm:"):
        llm_written += 1
    elif "fallback" in details:
        engine += " (the LLM's reply: " + details["fallback"].split(": ", 1)[-1][:60] + ")"
    whole.append(done)
    if first is not None:
        first_text.append(first)
        pieces_seen.append(pieces)
    print(f"{ticket:>6}  {first if first is not None else float('nan'):12.2f}  {done:14.2f}  {pieces:6d}  {engine}")
if first_text:
    print(f"median: first text {statistics.median(first_text):.2f} s, stored draft {statistics.median(whole):.2f} s "
          f"({statistics.median(whole) / statistics.median(first_text):.1f}x later), "
          f"{statistics.median(pieces_seen):.0f} pieces; {len(first_text)} of {len(whole)} drafts streamed text, "
          f"{llm_written} stored as the LLM wrote them; {skipped} tickets without knowledge skipped")
PY
