#!/usr/bin/env bash
# Crash test: the background embedding job (kb.embed) survives kill -9 and never recomputes a stored vector.
#
#   scripts/embed-crash-test.sh [DOCS_JSONL] [BINARY]
#
# Imports the StackFAQ answers (../shared/data/stackfaq/docs.jsonl, 766 chunks; generated answers when
# it is missing) into a temporary data directory, starts `ticketflow serve` with the sentence encoder on
# 127.0.0.1, and kill -9s it as soon as it logs that a slice of the embedding is stored and more remains.
# `kb embed-status` must then show 0 < embedded < chunks. The restarted server takes the job over once
# the dead one's lease runs out (30 s) and must finish with every chunk embedded, the embedded count
# never going down, and having embedded exactly the chunks the first run had not stored (its log says
# how many). Stops its servers.
set -euo pipefail
cd "$(dirname "$0")/.."
DOCS=${1:-../shared/data/stackfaq/docs.jsonl}
BIN=${2:-.build/debug/ticketflow}
if [ ! -x "$BIN" ]; then swift build --product ticketflow >/dev/null; fi
ENCODER=${TICKETFLOW_ENCODER_DIR:-.build/encoder-model}
scripts/fetch-encoder.sh "$ENCODER" >/dev/null
PORT=$(scripts/free-port.sh)
WORK=$(mktemp -d)
SERVER=
stop_server() {
    if [ -n "$SERVER" ]; then kill -9 "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
    SERVER=
}
trap 'stop_server; rm -rf "$WORK"' EXIT
URL=http://127.0.0.1:$PORT
DATA=$WORK/data
fail() { echo "$1"; echo "embed crash test: FAIL"; exit 1; }
# Both servers and every status check run the same binary, even if a build relinks BINARY meanwhile.
cp "$BIN" "$WORK/ticketflow"
BIN=$WORK/ticketflow

# The answers as question/answer articles, as bench-deflection.sh imports them. Without the data set
# (a checkout without ../shared), 800 generated answers of the same length stand in.
python3 - "$DOCS" "$WORK/kb.jsonl" <<'PY'
import json, os, random, sys
with open(sys.argv[2], "w") as kb:
    if os.path.exists(sys.argv[1]):
        for line in open(sys.argv[1]):
            doc = json.loads(line)
            kb.write(json.dumps({"id": doc["id"], "question": doc["title"], "answer": doc["body"]}) + "\n")
    else:
        print(f"no {sys.argv[1]}: generating 800 answers", file=sys.stderr)
        rng = random.Random(16)
        words = ("account invoice refund export crash password login billing plan upgrade team email "
                 "report setting browser mobile sync folder file share permission token limit error "
                 "update install restore backup delete archive calendar invite payment card").split()
        for n in range(800):
            answer = " ".join(rng.choice(words) for _ in range(120)).capitalize() + "."
            question = "How do I " + " ".join(rng.choice(words) for _ in range(5)) + "?"
            kb.write(json.dumps({"id": f"gen{n:04d}", "question": question, "answer": answer}) + "\n")
PY
"$BIN" kb import "$WORK/kb.jsonl" --data-dir "$DATA" >/dev/null

start_server() { # log file
    "$BIN" serve --host 127.0.0.1 --port "$PORT" --data-dir "$DATA" --encoder "$ENCODER" --log-level info \
        >"$1" 2>&1 &
    SERVER=$!
    for _ in $(seq 1 300); do curl -fs "$URL/healthz" >/dev/null 2>&1 && return 0; sleep 0.1; done
    cat "$1"; fail "server did not start"
}

status() { # sets EMBEDDED and CHUNKS from `kb embed-status`
    local out
    out=$("$BIN" kb embed-status --data-dir "$DATA" --encoder "$ENCODER" --json 2>"$WORK/status.err") ||
        fail "kb embed-status failed: $(cat "$WORK/status.err")"
    read -r EMBEDDED CHUNKS < <(python3 -c \
        'import json, sys; s = json.load(sys.stdin); print(s["embedded"], s["chunks"])' <<<"$out")
    [[ "$EMBEDDED $CHUNKS" =~ ^[0-9]+\ [0-9]+$ ]] || fail "kb embed-status printed no counts: $out"
}

start_server "$WORK/first.log"
for _ in $(seq 1 1200); do
    grep -q "the next slice is queued" "$WORK/first.log" && break
    grep -q "every chunk has a vector" "$WORK/first.log" &&
        fail "embedding finished before one slice ended: use a larger knowledge base"
    sleep 0.05
done
grep -q "the next slice is queued" "$WORK/first.log" ||
    { cat "$WORK/first.log"; fail "no slice was stored within 60 s"; }
stop_server
status
before=$EMBEDDED chunks=$CHUNKS
echo "killed the server (kill -9) with $before of $chunks chunks embedded"
[ "$before" -gt 0 ] && [ "$before" -lt "$chunks" ] || fail "expected 0 < embedded < chunks after the kill"

start_server "$WORK/second.log"
# Each status check loads the encoder, so check every few seconds; give up after 10 minutes.
seen=$before
down=0
deadline=$((SECONDS + 600))
while [ "$SECONDS" -lt "$deadline" ]; do
    status
    [ "$EMBEDDED" -lt "$seen" ] && down=1
    seen=$EMBEDDED
    grep -q "every chunk has a vector" "$WORK/second.log" && break
    sleep 3
done
status
after=$EMBEDDED
second=$(grep "every chunk has a vector" "$WORK/second.log" |
    sed -nE 's/.*embedded_by_this_process=([0-9]+).*/\1/p' | tail -1)
stop_server
echo "after the restart: $after of $chunks chunks embedded;" \
    "the second run embedded ${second:-?} (expected $((chunks - before)))"
[ "$down" -eq 0 ] || fail "the embedded count went down during the second run"
[ "$after" -eq "$chunks" ] || { tail -20 "$WORK/second.log"; fail "not every chunk was embedded"; }
[ "${second:-x}" = "$((chunks - before))" ] ||
    { tail -20 "$WORK/second.log"; fail "stored vectors were recomputed (or the log line is missing)"; }
echo "embed crash test: PASS"
