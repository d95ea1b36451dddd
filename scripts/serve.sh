#!/usr/bin/env bash
# Builds Ticketflow and runs the server on the embedded SQLite store with
# demo content. Extra arguments go to `ticketflow serve` (e.g. --port 9090).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build --product ticketflow
exec .build/debug/ticketflow serve --demo "$@"
