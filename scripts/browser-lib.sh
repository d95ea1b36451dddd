# Shared by browser-test.sh and chat-browser-test.sh (source it after setting NAME and
# WORK): failing with the server log, stopping what was started however the script
# ends, finding or installing Chromium, and waiting for an HTTP endpoint.
SERVER_PID=""
CHROME_PID=""
SECOND_SERVER_PID=""
STUB_PID=""

fail() { echo "$NAME: FAIL: $*" >&2; exit 1; }

cleanup() {
    local code=$?
    [ -n "$CHROME_PID" ] && kill "$CHROME_PID" 2>/dev/null && wait "$CHROME_PID" 2>/dev/null
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
    [ -n "$SECOND_SERVER_PID" ] && kill "$SECOND_SERVER_PID" 2>/dev/null && wait "$SECOND_SERVER_PID" 2>/dev/null
    [ -n "$STUB_PID" ] && kill "$STUB_PID" 2>/dev/null && wait "$STUB_PID" 2>/dev/null
    if [ "$code" -ne 0 ]; then
        echo "$NAME: FAIL (exit $code); server log tail:" >&2
        tail -n 20 "$WORK/server.log" >&2 2>/dev/null || true
    fi
    rm -rf "$WORK"
    exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

CHROMIUM="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$CHROMIUM" ]; then
    echo "$NAME: installing chromium" >&2
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >&2 || fail "could not install chromium"
    CHROMIUM="$(command -v chromium || command -v chromium-browser)" || fail "chromium not found after install"
fi

wait_http() {  # url seconds what
    local deadline=$((SECONDS + $2))
    until curl -fsS -o /dev/null "$1" 2>/dev/null; do
        [ $SECONDS -ge $deadline ] && fail "$3 did not answer at $1 within $2 s"
        sleep 0.2
    done
}
