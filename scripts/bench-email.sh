#!/usr/bin/env bash
# Email channel benchmark on loopback: real Postfix (SMTP) and Dovecot (IMAP).
#
#   scripts/bench-email.sh [MAILS] [ROUND_TRIPS]
#
# 1. Ingest: MAILS customer mails are submitted to support@example.test before
#    the server starts; then the server's first polls fetch, parse, triage,
#    answer and commit them. Prints mails/s from start until every ticket exists.
# 2. Round trip: ROUND_TRIPS questions the demo help center answers are mailed
#    one at a time while the server runs; prints the time from SMTP submission
#    until the AI's reply lies in the customer's mailbox (poll interval 1 s).
# The mail servers are restarted empty for the run and stopped afterwards.
# TICKETFLOW_BIN runs an already built binary. Stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
MAILS=${1:-200}
ROUND_TRIPS=${2:-5}
scripts/setup.sh
BIN=${TICKETFLOW_BIN:-.build-release/release/ticketflow}
[ -n "${TICKETFLOW_BIN:-}" ] || swift build -c release --scratch-path .build-release --product ticketflow >/dev/null
scripts/mail-servers.sh stop >/dev/null 2>&1 || true
eval "$(scripts/mail-servers.sh start)"
PORT=$(scripts/free-port.sh)
WORK=$(mktemp -d)
SERVER=""
cleanup() {
    [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
    rm -rf "$WORK"
    scripts/mail-servers.sh stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

python3 - "$MAILS" "$TICKETFLOW_TEST_SMTP_RELAY_PORT" <<'PY'
import smtplib, sys
from email.message import EmailMessage
count, port = int(sys.argv[1]), int(sys.argv[2])
with smtplib.SMTP("127.0.0.1", port) as smtp:
    for n in range(count):
        m = EmailMessage()
        m["From"] = f"Customer {n} <customer@example.test>"
        m["To"] = "support@example.test"
        m["Subject"] = f"Order {n} charged twice"
        m["Message-ID"] = f"<bench-{n}@example.test>"
        m.set_content(f"Hello,\n\nI was charged twice for order {n}. Please refund one.\n\n-- \nCustomer {n}\n")
        smtp.send_message(m)
PY
# Postfix delivers in the background: wait until the mailbox holds every mail.
INBOX="$TICKETFLOW_TEST_MAIL_DIR/mail/example.test/support/Maildir"
for _ in $(seq 1 600); do
    [ "$(find "$INBOX/new" "$INBOX/cur" -type f 2>/dev/null | wc -l)" -ge "$MAILS" ] && break
    sleep 0.1
done

export TICKETFLOW_IMAP_URL="imap://support%40example.test:secret@127.0.0.1:$TICKETFLOW_TEST_IMAP_PORT/INBOX"
export TICKETFLOW_IMAP_CA_FILE="$TICKETFLOW_TEST_MAIL_DIR/tls/cert.pem"
export TICKETFLOW_SMTP_URL="smtp+plain://127.0.0.1:$TICKETFLOW_TEST_SMTP_RELAY_PORT"
export TICKETFLOW_EMAIL_FROM="Acme Support <support@example.test>"
export TICKETFLOW_EMAIL_POLL_SECONDS=1
# The ingest mails are in the mailbox before the server starts.
export TICKETFLOW_EMAIL_IMPORT_EXISTING=true
START=$(date +%s.%N)
"$BIN" serve --host 127.0.0.1 --port "$PORT" --data-dir "$WORK/data" --demo --log-level error &
SERVER=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
DEMO=$(curl -fs "http://127.0.0.1:$PORT/healthz" | sed -n 's/.*"tickets":\([0-9]*\).*/\1/p')
while :; do
    STORED=$(curl -fs "http://127.0.0.1:$PORT/healthz" | sed -n 's/.*"tickets":\([0-9]*\).*/\1/p')
    [ $((STORED - DEMO)) -ge "$MAILS" ] && break
    [ "$(echo "$(date +%s.%N) - $START > 300" | bc)" = 1 ] && { echo "ingest: gave up after 300 s ($((STORED - DEMO)) of $MAILS)"; exit 1; }
    sleep 0.05
done
END=$(date +%s.%N)
echo "ingest: $MAILS mails fetched, parsed, triaged, answered and committed in $(echo "$END - $START" | bc) s" \
    "($(echo "scale=1; $MAILS / ($END - $START)" | bc) mails/s, server start included)"

# Another sender than the ingest mails': those used up customer@'s automatic
# answers for the hour (a per-sender limit against mail loops).
CUSTOMER="$TICKETFLOW_TEST_MAIL_DIR/mail/example.test/agent/Maildir"
python3 - "$ROUND_TRIPS" "$TICKETFLOW_TEST_SMTP_RELAY_PORT" "$CUSTOMER" <<'PY'
import os, smtplib, sys, time
from email.message import EmailMessage
rounds, port, maildir = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
def replies(subject):
    found = []
    for folder in ("new", "cur"):
        path = os.path.join(maildir, folder)
        for name in os.listdir(path) if os.path.isdir(path) else []:
            with open(os.path.join(path, name), errors="replace") as f:
                if f"Subject: Re: {subject}" in f.read():
                    found.append(name)
    return found
latencies = []
for n in range(rounds):
    subject = f"Password reset {n} {time.time_ns()}"
    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = "agent@example.test", "support@example.test", subject
    m.set_content("How do I reset my password? I forgot it and cannot log in.")
    start = time.monotonic()
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        smtp.send_message(m)
    while not replies(subject):
        if time.monotonic() - start > 60:
            print(f"round trip {n}: no reply within 60 s (the demo help center may not answer it)")
            break
        time.sleep(0.02)
    else:
        latencies.append(time.monotonic() - start)
if latencies:
    latencies.sort()
    print(f"round trip (SMTP in -> AI reply in the customer's mailbox): {len(latencies)} of {rounds}, "
          f"median {latencies[len(latencies) // 2]:.2f} s, max {latencies[-1]:.2f} s")
PY
