#!/usr/bin/env bash
# Runs every command of README.md's walk-through, as written, so the README
# cannot drift from the product: the ```sh blocks between "## Walk-through"
# and the next "## " heading, in order, in one shell, against the debug binary
# (or the one given as $1) on a free loopback port and a fresh data directory.
# Three substitutions only:
#   swift run ticketflow  -> the built binary (the test builds nothing)
#   :8080                 -> the free port
#   curl -s               -> curl -sS --fail-with-body (a 4xx/5xx fails the step)
# Any failing command stops the run (set -e, pipefail) and prints the trace.
# The server runs from another directory than the commands, so `serve --demo`
# must seed the demo help center from the binary, not from ./demo.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BINARY=$(realpath "${1:-.build/debug/ticketflow}")
[ -x "$BINARY" ] || { echo "readme-test: no binary at $BINARY (run swift build first)" >&2; exit 1; }

# No setting from the caller's environment leaks in (data dir, config file, tokens).
for name in $(compgen -e | grep '^TICKETFLOW_' || true); do unset "$name"; done

WORK=$(mktemp -d)
SERVER_PID=
cleanup() {
    if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# The commands run from a copy of the repository root's view: demo/ is there,
# ./ticketflow-data (the default data dir) and written files stay in $WORK.
mkdir "$WORK/repo" "$WORK/elsewhere"
ln -s "$ROOT/demo" "$WORK/repo/demo"
PORT=$(scripts/free-port.sh)

awk '/^## / { walk = ($0 == "## Walk-through") }
     walk && /^```sh$/ { block = 1; next }
     block && /^```$/ { block = 0; print ""; next }
     block' README.md \
  | sed -e "s#swift run ticketflow#\"\$TICKETFLOW\"#g" \
        -e "s#127\.0\.0\.1:8080#127.0.0.1:$PORT#g" \
        -e "s#curl -s\(i\?\) #curl -sS\1 --fail-with-body #g" \
  > "$WORK/walkthrough.sh"
commands=$(grep -cE '^(curl|"\$TICKETFLOW"|printf|[A-Z_]+=\$\()' "$WORK/walkthrough.sh" || true)
[ "$commands" -ge 20 ] || { echo "readme-test: found only $commands commands in the walk-through" >&2; exit 1; }

# The server, as scripts/serve.sh starts it, stopped by the trap however this ends.
(cd "$WORK/elsewhere" && exec "$BINARY" serve --demo --port "$PORT" --data-dir "$WORK/repo/ticketflow-data") \
    > "$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 150); do
    curl -sf "http://127.0.0.1:$PORT/healthz" > /dev/null 2>&1 && break
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "readme-test: the server exited:" >&2; cat "$WORK/server.log" >&2; exit 1; }
    sleep 0.2
done
curl -sf "http://127.0.0.1:$PORT/healthz" > /dev/null || { echo "readme-test: no server after 30 s" >&2; exit 1; }

status=0
(cd "$WORK/repo" && TICKETFLOW="$BINARY" timeout 300 bash -euxo pipefail "$WORK/walkthrough.sh") \
    > "$WORK/walkthrough.log" 2>&1 || status=$?
if [ "$status" -ne 0 ]; then
    echo "readme-test: the README walk-through failed (exit $status); the last lines of its trace:" >&2
    tail -n 40 "$WORK/walkthrough.log" >&2
    echo "--- server log (tail)" >&2
    tail -n 20 "$WORK/server.log" >&2
    exit 1
fi
echo "readme-test: the README walk-through ran: $commands commands, all succeeded"
