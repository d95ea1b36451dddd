#!/usr/bin/env bash
# Runs the whole test suite from a clean clone: installs system packages,
# builds, runs every test. CI (.ci/run) calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build --build-tests
swift test --skip-build
