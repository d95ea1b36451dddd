#!/usr/bin/env bash
# The language identifier: trained on the Django project's message translations, measured on Sphinx's (both
# BSD-licensed, from their PyPI wheels), plus the false alarms on English bitext tickets.
# Usage: scripts/bench-language.sh [--write Sources/TicketflowText/LanguageProfileData.swift]
#        (TICKETFLOW_BIN may be set; extra arguments go to `ticketflow bench language`)
set -euo pipefail
cd "$(dirname "$0")/.."
B=${TICKETFLOW_BIN:-.build/debug/ticketflow}
[ -x "$B" ] || { echo "no binary at $B: swift build --product ticketflow" >&2; exit 1; }
WORK=$(mktemp -d /tmp/ticketflow-language-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
python3 -m pip download --quiet --no-deps --dest "$WORK/wheels" django==5.2.19 sphinx==9.0.4
unzip -q "$WORK/wheels/django-5.2.19-py3-none-any.whl" '*.po' -d "$WORK/django"
unzip -q "$WORK/wheels/sphinx-9.0.4-py3-none-any.whl" '*.po' -d "$WORK/sphinx"
"$B" bench language --train "$WORK/django" --test "$WORK/sphinx" --bitext ../shared/data/bitext/test.csv "$@"
