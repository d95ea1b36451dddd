#!/usr/bin/env bash
# Server memory with a 20,000-chunk knowledge base and the sentence encoder (issue 16: RSS under 400 MB).
#
#   scripts/bench-memory.sh [CHUNKS] [TICKETS]
#
# Builds a knowledge base of about CHUNKS chunks (default 20000) from real text in ../shared/data:
#   - StackFAQ docs.jsonl (719 Stack Exchange answers, 766 chunks),
#   - bitext train+test responses (4,514 customer-support answers, titled by the customer's message),
#   - TweetEval posts, 8 consecutive posts per article (one paragraph, ~800 characters: a help-center-sized
#     chunk of real English), as many windows as needed to reach CHUNKS (a window may start past the end and
#     wrap; from the second pass on, windows are 6 posts long so no text repeats).
# imports it into a fresh SQLite store, starts the release server with the encoder on 127.0.0.1, waits until
# every chunk has a vector (`kb embed-status`), sends TICKETS tickets (default 200), and prints VmRSS / VmHWM
# of the server from /proc. The embedded store is cached in .build/bench-memory/ and reused while the data
# and the encoder are unchanged (vectors are reused when the model and content hash match), so only the first
# run embeds (about 7 minutes on 2 cores). Environment:
#   TICKETFLOW_BIN       an already built binary (default: builds .build-release/release/ticketflow)
#   ENCODER_DIR          the model (default .build/encoder-model, fetched by scripts/fetch-encoder.sh)
#   BENCH_MEMORY_ENCODER set to 0 to start the server without the encoder (lexical), for comparison
#   BENCH_MEMORY_SMAPS   set to 1 to also print the largest mappings from /proc/PID/smaps
#   BENCH_MEMORY_FRESH   set to 1 to ignore the cached store: the server embeds every chunk itself (the memory a
#                        server keeps after embedding a whole knowledge base, not only after loading vectors)
set -euo pipefail
cd "$(dirname "$0")/.."
CHUNKS=${1:-20000}
TICKETS=${2:-200}
DATA=${TICKETFLOW_DATA:-../shared/data}
ENCODER_DIR=${ENCODER_DIR:-.build/encoder-model}
USE_ENCODER=${BENCH_MEMORY_ENCODER:-1}
BIN=${TICKETFLOW_BIN:-.build-release/release/ticketflow}
[ -n "${TICKETFLOW_BIN:-}" ] || swift build -c release --scratch-path .build-release --product ticketflow >/dev/null
[ "$USE_ENCODER" = 0 ] || [ -f "$ENCODER_DIR/model.safetensors" ] || scripts/fetch-encoder.sh "$ENCODER_DIR"
unset TICKETFLOW_ENCODER_DIR TICKETFLOW_DATABASE_URL

CACHE=.build/bench-memory
mkdir -p "$CACHE"
KB="$CACHE/kb-$CHUNKS.jsonl"
if [ ! -s "$KB" ]; then
    python3 - "$DATA" "$CHUNKS" "$KB" <<'PY'
import csv, json, sys
data, target, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rows = []
for line in open(f"{data}/stackfaq/docs.jsonl"):
    doc = json.loads(line)
    rows.append({"id": doc["id"], "question": doc["title"], "answer": doc["body"], "category": "stackfaq"})
for split in ("train", "test"):
    for n, row in enumerate(csv.DictReader(open(f"{data}/bitext/{split}.csv", newline=""))):
        rows.append({"id": f"bitext-{split}-{n}", "question": row["instruction"], "answer": row["response"],
                     "category": row["category"].lower()})
# StackFAQ's 719 documents make 766 chunks; every other row is one chunk (bitext answers and post windows stay
# under the chunker's 1,200 characters).
posts = [" ".join(r["text"].split()) for r in csv.DictReader(open(f"{data}/tweeteval-sentiment/train.csv"))]
needed = max(0, target - 766 - (len(rows) - 719))
for n in range(needed):
    size = 8 if n < len(posts) else 6
    start = n % len(posts) + (0 if n < len(posts) else 3)
    window = [posts[(start + i) % len(posts)] for i in range(size)]
    rows.append({"id": f"posts-{n}", "question": window[0][:80], "answer": " ".join(window), "category": "posts"})
with open(out, "w") as f:
    for row in rows:
        f.write(json.dumps(row) + "\n")
PY
fi

# Keyed by the data and the weights, so a lexical run (BENCH_MEMORY_ENCODER=0) reuses the same store.
FINGERPRINT=$( (cksum <"$KB"; cksum <"$ENCODER_DIR/model.safetensors" 2>/dev/null || true) | cksum | cut -d' ' -f1)
STORE="$CACHE/store-$CHUNKS-$FINGERPRINT"
WORK=$(mktemp -d)
SERVER=
cleanup() {
    if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT
if [ -d "$STORE" ] && [ "${BENCH_MEMORY_FRESH:-0}" != 1 ]; then
    cp -r "$STORE" "$WORK/data"
else
    "$BIN" kb import "$KB" --data-dir "$WORK/data" >/dev/null
fi

PORT=$(scripts/free-port.sh)
ENCODER_ARGS=()
[ "$USE_ENCODER" = 0 ] || ENCODER_ARGS=(--encoder "$ENCODER_DIR")
"$BIN" serve --host 127.0.0.1 --port "$PORT" --data-dir "$WORK/data" "${ENCODER_ARGS[@]}" \
    --answer-mode inline --log-level notice >"$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null || { cat "$WORK/server.log"; exit 1; }

STARTED=$(date +%s)
embed_status() { "$BIN" kb embed-status --data-dir "$WORK/data" --encoder "$ENCODER_DIR" --json 2>/dev/null || true; }
# The server's own line once its index has every vector: after the background job's last slice, or at start-up
# when the store already had them all (vectors=N and chunks=N).
server_has_vectors() {
    grep -q "every chunk has a vector" "$WORK/server.log" \
        || grep -Eq "chunks=([0-9]+) .*vectors=\1( |$)" "$WORK/server.log"
}
if [ "$USE_ENCODER" != 0 ]; then
    POLLS=0
    while :; do
        if server_has_vectors; then
            STATUS=$(embed_status)
            [ "$(jq -r '.embedded' <<<"$STATUS")" = "$(jq -r '.chunks' <<<"$STATUS")" ] && break
        fi
        kill -0 "$SERVER" 2>/dev/null || { cat "$WORK/server.log"; exit 1; }
        # embed-status loads the encoder (a second of CPU), so progress is asked for once a minute only.
        if [ $((POLLS % 12)) = 11 ]; then
            PROGRESS=$(embed_status | jq -r '"embedded \(.embedded) of \(.chunks) chunks"')
            echo "  $PROGRESS ($(($(date +%s) - STARTED)) s)" >&2
        fi
        POLLS=$((POLLS + 1))
        sleep 5
    done
    DONE=$(jq -r '"\(.embedded) of \(.chunks)"' <<<"$STATUS")
    echo "every chunk embedded: $DONE ($(($(date +%s) - STARTED)) s after start-up)"
    # Keep the embedded store for the next run (the server keeps writing tickets only, so copy it now).
    [ -d "$STORE" ] || { rm -rf "$STORE.tmp"; cp -r "$WORK/data" "$STORE.tmp" && mv "$STORE.tmp" "$STORE"; }
fi

rss() { awk '/^VmRSS|^VmHWM|^RssAnon|^RssFile/ { printf "%s %d MB  ", $1, $2 / 1024 } END { print "" }' \
    "/proc/$SERVER/status"; }
echo "before tickets: $(rss)"
QUESTIONS=$(mktemp -p "$WORK")
head -n "$TICKETS" "$DATA/stackfaq/queries_test.jsonl" | jq -r '.text' >"$QUESTIONS"
SENT=0
while IFS= read -r question; do
    body=$(jq -cn --arg q "$question" --arg n "$SENT" \
        '{subject: $q, body: $q, external_id: ("mem-" + $n), customer: {email: "memory@example.com"}}')
    curl -fs -o /dev/null -H 'Content-Type: application/json' -d "$body" "http://127.0.0.1:$PORT/v1/tickets" \
        && SENT=$((SENT + 1))
done <"$QUESTIONS"
sleep 2
echo "after $SENT tickets: $(rss)"
if [ "${BENCH_MEMORY_SMAPS:-0}" = 1 ]; then
    echo "mappings over 4 MB resident (kB, address range, file or [anon]; 64 MB [anon] ones are malloc arenas):"
    awk '/^[0-9a-f]+-[0-9a-f]+ / { range = $1; name = ($6 == "" ? "[anon]" : $6) }
        /^Rss:/ { if ($2 > 4096) printf "%8d  %s  %s\n", $2, range, name }' "/proc/$SERVER/smaps" | sort -rn
fi
echo "server: $(grep -c . "$WORK/server.log") log lines; $(tail -1 "$WORK/server.log" | cut -c1-200)"
