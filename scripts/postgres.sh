#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests, benchmarks and the multi-node test.
#   scripts/postgres.sh start   installs PostgreSQL if missing, creates and starts the cluster, prints its URL
#   scripts/postgres.sh stop    stops it and deletes its files
#   scripts/postgres.sh url     prints the URL of the running cluster
# Trust auth on loopback only, on a non-default port, with data and socket in
# a temp dir it owns, so it never touches a system PostgreSQL.
# Settings: TICKETFLOW_PG_PORT (55432), TICKETFLOW_PG_DIR (/tmp/ticketflow-pg-$PORT).
set -euo pipefail

PORT="${TICKETFLOW_PG_PORT:-55432}"
DIR="${TICKETFLOW_PG_DIR:-/tmp/ticketflow-pg-$PORT}"
URL="postgres://postgres@127.0.0.1:$PORT/postgres?sslmode=disable"

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"

bindir() {
    # The newest installed server version, not a hard-coded one.
    local dir
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [ -z "$dir" ] && command -v pg_config >/dev/null 2>&1; then dir="$(pg_config --bindir)"; fi
    echo "$dir"
}

install_if_missing() {
    if [ -n "$(bindir)" ] && [ -x "$(bindir)/initdb" ]; then return; fi
    echo "postgres.sh: installing postgresql" >&2
    $SUDO apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >&2
}

# The postgres user, created when missing (the package makes it; a machine may lack it).
ensure_postgres_user() {
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
}

# initdb refuses to run as root: as root, run the server as the postgres user.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        ensure_postgres_user
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

start() {
    install_if_missing
    local bin
    bin="$(bindir)"
    if [ -f "$DIR/data/postmaster.pid" ] && as_owner "$bin/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
        echo "$URL"
        return
    fi
    rm -rf "$DIR"
    mkdir -p "$DIR/socket"
    if [ "$(id -u)" -eq 0 ]; then ensure_postgres_user; chown -R postgres "$DIR"; fi
    as_owner "$bin/initdb" -D "$DIR/data" -U postgres --auth=trust --encoding=UTF8 --no-locale >"$DIR/initdb.log" 2>&1 \
        || { cat "$DIR/initdb.log" >&2; exit 1; }
    # max_connections: three nodes with their pools plus parallel tests.
    as_owner "$bin/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$DIR/socket -c max_connections=300" \
        start >&2 || { cat "$DIR/server.log" >&2; exit 1; }
    echo "$URL"
}

stop() {
    local bin
    bin="$(bindir)"
    if [ -n "$bin" ] && [ -d "$DIR/data" ]; then
        as_owner "$bin/pg_ctl" -D "$DIR/data" -m fast -w stop >&2 || true
    fi
    rm -rf "$DIR"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    url) echo "$URL" ;;
    *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
