#!/usr/bin/env bash
# How soon a chat visitor reads an LLM answer with `stream_answers` (a checked preview, span by span) against
# the sent answer, side by side in one run: `ticketflow serve` (release, demo help center) with a real llama.cpp
# server on loopback (SmolLM2-135M-Instruct, scripts/llm-server.sh) and chat site `demo` streaming answers; N
# WebSocket visitors (scripts/chat_load.py) each ask one of its questions, one visitor every RAMP/N seconds.
# Prints how many AI answers were previewed, the median time to the first preview and to the sent answer of those
# answers, and how many previews a hand-over replaced.
#   scripts/bench-chat-preview.sh [N] [RAMP]     N visitors (default 8) over RAMP seconds (default 8 s per visitor)
# BENCH_LLM=stub runs scripts/openai_stub.py instead of llama.cpp: it streams one grounded answer to the password
# question (4 characters every 50 ms, about a hosted model's 20 tokens/s) and judges after 0.5 s, and every visitor
# asks that question; it times the preview itself where a small model writes nothing the checks let through.
# With TICKETFLOW_LLM_BASE_URL, TICKETFLOW_LLM_MODEL (and TICKETFLOW_LLM_API_KEY) set, that endpoint is the LLM.
# Settings: TICKETFLOW_BIN (.build-release/release/ticketflow), TICKETFLOW_LLM_THREADS (2). Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-8}"
RAMP="${2:-$((N * 8))}"
BIN="${TICKETFLOW_BIN:-.build-release/release/ticketflow}"
export TICKETFLOW_LLM_DIR=/tmp/ticketflow-llm-bench TICKETFLOW_LLM_THREADS="${TICKETFLOW_LLM_THREADS:-2}"
WORK="$(mktemp -d)"
SERVER_PID=""
trap '[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; scripts/llm-server.sh stop; rm -rf "$WORK"' EXIT
[ -x "$BIN" ] || { echo "bench-chat-preview: build first: swift build -c release --scratch-path .build-release --product ticketflow" >&2; exit 1; }
QUESTION=()
if [ "${BENCH_LLM:-}" = stub ]; then
    STUB_PORT="$(scripts/free-port.sh)"
    python3 scripts/openai_stub.py --port "$STUB_PORT" --piece-delay 0.05 --reply-delay 0.5 --content '{"answer": "Go to the login page and click Forgot password. [Source: account-password-reset] Enter the email address of your account. [Source: account-password-reset] Choose a new password of at least 12 characters. [Source: account-password-reset]", "cited_ids": ["account-password-reset"], "answer_quality": 9, "hallucination_risk": "low", "specificity": 4}' &
    STUB_PID=$!
    trap 'kill "$STUB_PID" 2>/dev/null; [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; rm -rf "$WORK"' EXIT
    TICKETFLOW_TEST_LLM_URL="http://127.0.0.1:$STUB_PORT/v1" TICKETFLOW_TEST_LLM_MODEL=stub TICKETFLOW_TEST_LLM_KEY=""
    QUESTION=(--question "How do I reset my password?")
elif [ -n "${TICKETFLOW_LLM_BASE_URL:-}" ]; then
    # A hosted OpenAI-compatible model; its key is read from the environment, never from the command line.
    TICKETFLOW_TEST_LLM_URL="$TICKETFLOW_LLM_BASE_URL" TICKETFLOW_TEST_LLM_MODEL="${TICKETFLOW_LLM_MODEL:?}"
    TICKETFLOW_TEST_LLM_KEY="${TICKETFLOW_LLM_API_KEY:-}"
else
    eval "$(scripts/llm-server.sh start)"
fi
PORT="$(scripts/free-port.sh)"
cat >"$WORK/config.json" <<JSON
{"chat_sites": [{"id": "demo", "allowed_origins": ["http://127.0.0.1:$PORT"], "stream_answers": true}],
 "chat_limits": {"requests_per_address_per_minute": 100000, "messages_per_visitor_per_minute": 1000}}
JSON
# The answer cache off: an answer approved once would come back whole for a repeated question, unpreviewed.
TICKETFLOW_ANSWER_CACHE_SIZE=0 TICKETFLOW_CONFIG="$WORK/config.json" TICKETFLOW_LLM_BASE_URL="$TICKETFLOW_TEST_LLM_URL" \
    TICKETFLOW_LLM_MODEL="$TICKETFLOW_TEST_LLM_MODEL" TICKETFLOW_LLM_API_KEY="$TICKETFLOW_TEST_LLM_KEY" \
    TICKETFLOW_LLM_TIMEOUT=300 TICKETFLOW_LLM_MAX_RETRIES=0 "$BIN" serve --demo --host 127.0.0.1 --port "$PORT" \
    --data-dir "$WORK/data" --durability normal --log-level warning >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 300); do curl -fsS -o /dev/null "http://127.0.0.1:$PORT/healthz" 2>/dev/null && break; sleep 0.2; done
python3 scripts/chat_load.py --base "http://127.0.0.1:$PORT" --visitors "$N" --messages 1 --ramp "$RAMP" \
    --answer-timeout 300 --timeout $((RAMP + 600)) --settle 0 "${QUESTION[@]}"
