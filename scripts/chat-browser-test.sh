#!/usr/bin/env bash
# End-to-end live-chat test in a real headless Chromium: builds the CLI, starts
# `ticketflow serve` in demo mode on loopback with a temp data dir and a config
# whose chat site `demo` allows a second loopback origin (the customer's page)
# and has an identity secret, creates a console agent with the CLI, then
# scripts/chat_browser_test.py serves the customer pages, asks the widget a
# question, gets a hand-over, replies as the agent in a second browser context,
# reloads, and checks that a forged identity and a third, disallowed origin are
# refused. A second server, with an LLM (scripts/openai_stub.py, a loopback
# OpenAI-format stand-in that streams slowly) and `stream_answers` on, shows the
# checked preview growing in the widget before the sent answer replaces it.
# Screenshots go to out/screenshots/. Prints PASS or FAIL and stops
# everything it started, however it ends.
# Settings: TICKETFLOW_SCRATCH_PATH (build folder, default .build), TICKETFLOW_BIN
# (a built ticketflow binary: skips the build), CHAT_BROWSER_TEST_TIMEOUT (300 s).
# Arguments are passed to chat_browser_test.py (e.g. --question "...", or
# --widget-file FILE to try a changed widget without rebuilding the server).
set -euo pipefail
cd "$(dirname "$0")/.."

SCRATCH="${TICKETFLOW_SCRATCH_PATH:-.build}"
TIMEOUT="${CHAT_BROWSER_TEST_TIMEOUT:-300}"
OUT="out/screenshots"
WORK="$(mktemp -d /tmp/ticketflow-chat-browser-XXXXXX)"
NAME=chat-browser-test
source scripts/browser-lib.sh

if [ -n "${TICKETFLOW_BIN:-}" ]; then
    BIN="$TICKETFLOW_BIN"
else
    swift build --scratch-path "$SCRATCH" --product ticketflow >&2 || fail "build failed"
    BIN="$SCRATCH/debug/ticketflow"
fi
[ -x "$BIN" ] || fail "no ticketflow binary at $BIN"

# Four loopback ports: the server, the customer's page, a page on an origin the
# site does not allow, and Chromium's DevTools.
PORT="$(scripts/free-port.sh)"
PAGE_PORT="$(scripts/free-port.sh)"
DENIED_PORT="$(scripts/free-port.sh)"
CDP_PORT="$(scripts/free-port.sh)"
SITE_SECRET="chat-browser-test-$RANDOM-$RANDOM-$RANDOM"

# Demo mode adds the server's own origin to site `demo`; the customer page's origin is added here.
cat >"$WORK/config.json" <<EOF
{
  "chat_sites": [
    {
      "id": "demo",
      "allowed_origins": ["http://127.0.0.1:$PAGE_PORT"],
      "identity_secret": "$SITE_SECRET",
      "title": "Northwind support",
      "greeting": "Hi! Ask us anything about your account or billing."
    }
  ]
}
EOF

TICKETFLOW_CONFIG="$WORK/config.json" TICKETFLOW_DEMO=true "$BIN" serve --host 127.0.0.1 --port "$PORT" \
    --data-dir "$WORK/data" --durability normal --log-level warning >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
wait_http "http://127.0.0.1:$PORT/healthz" 60 "ticketflow serve"
wait_http "http://127.0.0.1:$PORT/widget.js" 5 "the widget script"

# The preview server: the same demo help center, an LLM that streams a cited answer (its two spans are
# sentences of the password article) and replies the same JSON to the judge, and stream_answers on.
PREVIEW_PORT="$(scripts/free-port.sh)"
STUB_PORT="$(scripts/free-port.sh)"
PREVIEW_ANSWER='{"answer": "Go to the login page and click Forgot password. [Source: account-password-reset] Choose a new password of at least 12 characters. [Source: account-password-reset]", "cited_ids": ["account-password-reset"], "answer_quality": 9, "hallucination_risk": "low", "specificity": 4}'
python3 scripts/openai_stub.py --port "$STUB_PORT" --content "$PREVIEW_ANSWER" --piece-delay 0.05 \
    --reply-delay 1.5 >"$WORK/stub.log" 2>&1 &
STUB_PID=$!
cat >"$WORK/preview.json" <<EOF
{
  "llm_base_url": "http://127.0.0.1:$STUB_PORT/v1",
  "llm_model": "stub",
  "chat_sites": [{"id": "demo", "allowed_origins": ["http://127.0.0.1:$PAGE_PORT"], "stream_answers": true}]
}
EOF
TICKETFLOW_CONFIG="$WORK/preview.json" TICKETFLOW_DEMO=true "$BIN" serve --host 127.0.0.1 --port "$PREVIEW_PORT" \
    --data-dir "$WORK/preview-data" --durability normal --log-level warning >"$WORK/preview-server.log" 2>&1 &
SECOND_SERVER_PID=$!
wait_http "http://127.0.0.1:$PREVIEW_PORT/healthz" 60 "the preview server"

PASSWORD="chat-browser-test-$RANDOM-$RANDOM"
echo "$PASSWORD" | "$BIN" user create --email dana@example.com --name "Dana Reyes" --password-stdin \
    --data-dir "$WORK/data" >&2 || fail "could not create the agent user"

ROOT_FLAGS=""; [ "$(id -u)" -eq 0 ] && ROOT_FLAGS="--no-sandbox"
"$CHROMIUM" --headless $ROOT_FLAGS --disable-gpu --disable-dev-shm-usage --no-first-run --no-default-browser-check \
    --remote-debugging-address=127.0.0.1 --remote-debugging-port="$CDP_PORT" --user-data-dir="$WORK/chrome" \
    --window-size=1280,860 about:blank >"$WORK/chrome.log" 2>&1 &
CHROME_PID=$!
wait_http "http://127.0.0.1:$CDP_PORT/json/version" 30 "Chromium DevTools"

mkdir -p "$OUT"
timeout "$TIMEOUT" python3 scripts/chat_browser_test.py --base "http://127.0.0.1:$PORT" \
    --customer-origin "$PAGE_PORT" --denied-origin "$DENIED_PORT" --devtools-port "$CDP_PORT" \
    --email dana@example.com --password "$PASSWORD" --agent-name "Dana Reyes" --site-secret "$SITE_SECRET" \
    --preview-base "http://127.0.0.1:$PREVIEW_PORT" \
    --screenshots "$OUT" "$@" || fail "chat browser flow failed (see above)"

# The SSE fallback, as a client without WebSockets uses it: the stream opens with the
# conversation's state, and a message posted meanwhile arrives on it.
BASE="http://127.0.0.1:$PORT"
TOKEN="$(curl -fsS -H "Origin: $BASE" -H 'Content-Type: application/json' -d '{"site":"demo"}' \
    "$BASE/v1/chat/sessions" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')"
TOKEN="$(curl -fsS -H "Origin: $BASE" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d '{"text":"How do I reset my password?"}' "$BASE/v1/chat/messages" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')"
curl -sN --max-time 3 -H "Origin: $BASE" "$BASE/v1/chat/events?token=$TOKEN" >"$WORK/events.txt" &
STREAM_PID=$!
sleep 1
curl -fsS -o /dev/null -H "Origin: $BASE" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d '{"text":"And how do I turn on two-factor authentication?"}' "$BASE/v1/chat/messages"
wait "$STREAM_PID" || true
grep -q '^data: {.*"type":"state"' "$WORK/events.txt" || fail "the event stream did not open with the state"
grep -q 'two-factor authentication?' "$WORK/events.txt" || fail "a posted message did not arrive on the event stream"
echo "chat-browser-test: PASS SSE fallback (state, then the new messages)"
echo "chat-browser-test: PASS"
