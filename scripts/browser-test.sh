#!/usr/bin/env bash
# End-to-end console test in a real headless Chromium: builds the CLI, starts
# `ticketflow serve` on loopback with a temp data dir and the demo content,
# creates an agent and an admin with the CLI, then scripts/browser_test.py
# signs in as the agent, opens the queue and a ticket, sends the draft with
# Ctrl+Enter and checks the status and the dashboard, then signs in as the
# admin and adds a person on the Team page. With TICKETFLOW_TEST_LLM_URL (a real
# OpenAI-compatible server), an agent's fresh AI draft streams into the reply box
# on a second server that answers with it. Screenshots go to
# out/screenshots/. Prints PASS or FAIL and stops everything it started,
# however it ends.
# Settings: TICKETFLOW_SCRATCH_PATH (build folder, default .build),
# BROWSER_TEST_PORT (18180), BROWSER_TEST_CDP_PORT (19222), BROWSER_TEST_TIMEOUT (180 s).
set -euo pipefail
cd "$(dirname "$0")/.."

SCRATCH="${TICKETFLOW_SCRATCH_PATH:-.build}"
PORT="${BROWSER_TEST_PORT:-18180}"
CDP_PORT="${BROWSER_TEST_CDP_PORT:-19222}"
TIMEOUT="${BROWSER_TEST_TIMEOUT:-180}"
OUT="out/screenshots"
WORK="$(mktemp -d /tmp/ticketflow-browser-XXXXXX)"
NAME=browser-test
source scripts/browser-lib.sh

swift build --scratch-path "$SCRATCH" --product ticketflow >&2 || fail "build failed"
BIN="$SCRATCH/debug/ticketflow"

# One saved reply, which the flow inserts with Alt+1.
cat >"$WORK/config.json" <<'JSON'
{"macros": [{"name": "Sign-off", "body": "Thanks for your patience, {{customer_name}}. Ticket {{ticket_id}}, {{agent_name}}"}]}
JSON
TICKETFLOW_CONFIG="$WORK/config.json" "$BIN" serve --demo --host 127.0.0.1 --port "$PORT" --data-dir "$WORK/data" \
    --durability normal --log-level warning >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
wait_http "http://127.0.0.1:$PORT/healthz" 60 "ticketflow serve"

PASSWORD="browser-test-$RANDOM-$RANDOM"
echo "$PASSWORD" | "$BIN" user create --email agent@example.com --name "Browser Agent" --password-stdin --data-dir "$WORK/data" >&2 \
    || fail "could not create the agent user"
echo "admin-$PASSWORD" | "$BIN" user create --admin --email lead@example.com --name "Browser Lead" --password-stdin --data-dir "$WORK/data" >&2 \
    || fail "could not create the admin user"

# A ticket the built-in engines hold for review with a draft (low confidence).
TICKET="$(curl -fsS -X POST "http://127.0.0.1:$PORT/v1/tickets" -H 'Content-Type: application/json' \
    -d '{"subject":"Charged twice","body":"I am really unhappy, you charged me twice. How do I get the duplicate charge refunded?","customer":{"external_id":"browser-dana","name":"Dana Whitfield","plan":"pro","lifetime_value":1240}}' \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["ticket"]["id"])')" || fail "could not open the test ticket"

# With a real LLM server (scripts/test.sh starts one), a second server answers with it, no demo content: the
# agent asks for a fresh draft of a ticket and watches it stream into the reply box.
LLM_FLAGS=()
if [ -n "${TICKETFLOW_TEST_LLM_URL:-}" ]; then
    LLM_PORT=$((PORT + 1))
    TICKETFLOW_LLM_BASE_URL="$TICKETFLOW_TEST_LLM_URL" TICKETFLOW_LLM_MODEL="${TICKETFLOW_TEST_LLM_MODEL:-}" \
        TICKETFLOW_LLM_API_KEY="${TICKETFLOW_TEST_LLM_KEY:-}" TICKETFLOW_LLM_TIMEOUT=150 TICKETFLOW_LLM_MAX_RETRIES=0 \
        TICKETFLOW_QUEUE_WORKER=false "$BIN" serve --host 127.0.0.1 --port "$LLM_PORT" --data-dir "$WORK/llm-data" --durability normal \
        --log-level warning >"$WORK/llm-server.log" 2>&1 &
    SECOND_SERVER_PID=$!
    wait_http "http://127.0.0.1:$LLM_PORT/healthz" 60 "ticketflow serve with the LLM"
    echo "$PASSWORD" | "$BIN" user create --email agent@example.com --name "Browser Agent" --password-stdin \
        --data-dir "$WORK/llm-data" >&2 || fail "could not create the agent on the LLM server"
    KB_TOKEN="$("$BIN" token create --role knowledge --name kb --data-dir "$WORK/llm-data" | tail -1)"
    cat >"$WORK/articles.json" <<'JSON'
{"articles": [
  {"id": "duplicate-charges", "category": "billing", "body": "# Duplicate charges\n\n## How to get a duplicate charge refunded\n1. Open Settings > Billing > Invoices.\n2. Find the two invoices with the same amount and date.\n3. Click Report a problem on the newer invoice and choose Duplicate charge.\n\nRefunds for confirmed duplicate charges are issued within 5 business days."},
  {"id": "password-reset", "category": "account", "body": "# Resetting your password\n\n## Reset a forgotten password\n1. Go to the login page and click Forgot password.\n2. Enter the email address of your account.\n3. Open the reset email and click the link within 60 minutes."}
]}
JSON
    curl -fsS -o /dev/null -X POST "http://127.0.0.1:$LLM_PORT/v1/kb/articles" -H "Authorization: Bearer $KB_TOKEN" \
        -H 'Content-Type: application/json' --data-binary @"$WORK/articles.json" \
        || fail "could not add the article on the LLM server"
    # No queue worker on this node, so no answer job spends the model's one thread before the agent asks.
    LLM_TICKET="$(curl -fsS -X POST "http://127.0.0.1:$LLM_PORT/v1/tickets" -H 'Content-Type: application/json' \
        -d '{"subject":"Duplicate charge","body":"How do I get a duplicate charge refunded? I was charged twice."}' \
        | python3 -c 'import json, sys; print(json.load(sys.stdin)["ticket"]["id"])')" || fail "could not open the LLM ticket"
    LLM_FLAGS=(--llm-base "http://127.0.0.1:$LLM_PORT" --llm-ticket "$LLM_TICKET")
fi

ROOT_FLAGS=""; [ "$(id -u)" -eq 0 ] && ROOT_FLAGS="--no-sandbox"
"$CHROMIUM" --headless $ROOT_FLAGS --disable-gpu --disable-dev-shm-usage --no-first-run --no-default-browser-check \
    --remote-debugging-address=127.0.0.1 --remote-debugging-port="$CDP_PORT" --user-data-dir="$WORK/chrome" \
    --window-size=1366,900 about:blank >"$WORK/chrome.log" 2>&1 &
CHROME_PID=$!
wait_http "http://127.0.0.1:$CDP_PORT/json/version" 30 "Chromium DevTools"

mkdir -p "$OUT"
timeout "$TIMEOUT" python3 scripts/browser_test.py --base "http://127.0.0.1:$PORT" --cdp "127.0.0.1:$CDP_PORT" \
    --email agent@example.com --password "$PASSWORD" --admin-email lead@example.com --admin-password "admin-$PASSWORD" --ticket "$TICKET" --out "$OUT" "${LLM_FLAGS[@]}" || fail "browser flow failed (see above)"
echo "browser-test: PASS"
