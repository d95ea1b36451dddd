#!/usr/bin/env bash
# Runs the whole test suite from a clean clone: installs system packages,
# builds, runs every test. CI (.ci/run) calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build --build-tests
# The store conformance suite runs against SQLite and a throwaway PostgreSQL
# cluster (unless a server is given); it is stopped however the tests end.
if [ -z "${TICKETFLOW_TEST_POSTGRES_URL:-}" ]; then
    trap 'scripts/postgres.sh stop' EXIT
    TICKETFLOW_TEST_POSTGRES_URL="$(scripts/postgres.sh start)"
    export TICKETFLOW_TEST_POSTGRES_URL
fi
swift test --skip-build
# The console in a real headless Chromium (installs chromium if missing).
scripts/browser-test.sh
# Durability over real processes: kill -9 mid-stream, and SIGTERM with requests in flight.
scripts/crash-test.sh 800 .build/debug/ticketflow
scripts/shutdown-test.sh .build/debug/ticketflow
