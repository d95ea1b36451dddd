#!/usr/bin/env bash
# Email crash test: kill -9 of the server while it reads a mailbox loses and
# duplicates no mail.
#
#   scripts/email-crash-test.sh [MAILS] [BINARY]
#
# Against the loopback Dovecot and Postfix of scripts/mail-servers.sh (started
# if needed): starts `ticketflow serve` on a temporary data directory with the
# support@ mailbox (polled every second; mail already there is left alone),
# submits MAILS customer mails with unique Message-IDs, kill -9s the server
# once a quarter of them are tickets, restarts it on the same data, and waits
# until it has read the rest. Pass: each mail is exactly one ticket with
# exactly one customer message. Loopback only; stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
MAILS=${1:-120}
BIN=${2:-}
if [ -z "$BIN" ]; then swift build --product ticketflow >/dev/null; BIN=.build/debug/ticketflow; fi
[ -n "${TICKETFLOW_TEST_MAIL_DIR:-}" ] || eval "$(scripts/mail-servers.sh start)"
PORT=$(scripts/free-port.sh)
WORK=$(mktemp -d)
trap 'kill -9 $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
URL=http://127.0.0.1:$PORT
RUN="mailcrash-$(date +%s%N)"
export TICKETFLOW_IMAP_URL="imap://support%40example.test:secret@127.0.0.1:$TICKETFLOW_TEST_IMAP_PORT/INBOX"
export TICKETFLOW_IMAP_CA_FILE="$TICKETFLOW_TEST_MAIL_DIR/tls/cert.pem"
export TICKETFLOW_SMTP_URL="smtp+plain://127.0.0.1:$TICKETFLOW_TEST_SMTP_RELAY_PORT"
export TICKETFLOW_EMAIL_FROM="Acme Support <support@example.test>"
export TICKETFLOW_EMAIL_POLL_SECONDS=1

start_server() {
    "$BIN" serve --host 127.0.0.1 --port "$PORT" --data-dir "$WORK/data" --log-level error &
    SERVER=$!
    for _ in $(seq 1 100); do curl -fs "$URL/healthz" >/dev/null 2>&1 && return 0; sleep 0.1; done
    echo "server did not start"; exit 1
}
tickets() { curl -fs "$URL/healthz" | sed -n 's/.*"tickets":\([0-9]*\).*/\1/p'; }

start_server
sleep 2    # the first poll records where the mailbox stands; older mail is not read
python3 - "$MAILS" "$TICKETFLOW_TEST_SMTP_RELAY_PORT" "$RUN" <<'PY'
import smtplib, sys
from email.message import EmailMessage
count, port, run = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
with smtplib.SMTP("127.0.0.1", port) as smtp:
    for n in range(count):
        m = EmailMessage()
        m["From"], m["To"] = f"Customer {n} <customer@example.test>", "support@example.test"
        m["Subject"], m["Message-ID"] = f"Crash test {n}", f"<{run}-{n}@example.test>"
        m.set_content(f"Mail {n} of the crash test: my invoice is wrong.")
        smtp.send_message(m)
PY
for _ in $(seq 1 600); do [ "$(tickets)" -ge $((MAILS / 4)) ] && break; sleep 0.05; done
BEFORE=$(tickets)
kill -9 "$SERVER"; wait "$SERVER" 2>/dev/null || true
echo "killed the server mid-fetch after $BEFORE of $MAILS mails were tickets"
start_server
for _ in $(seq 1 1200); do [ "$(tickets)" -ge "$MAILS" ] && break; sleep 0.1; done
sleep 2    # one more poll: a duplicate would show up now
AGENT=$("$BIN" token create --role agent --name crash --data-dir "$WORK/data" | tail -1)
python3 - "$URL" "$AGENT" "$MAILS" "$RUN" <<'PY'
import json, sys, urllib.request
url, token, count, run = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
def get(path):
    req = urllib.request.Request(url + path, headers={"Authorization": f"Bearer {token}"})
    return json.load(urllib.request.urlopen(req))
seen, cursor = {}, None
while True:
    page = get("/v1/tickets?limit=200" + (f"&cursor={cursor}" if cursor else ""))
    for t in page["tickets"]:
        if (t.get("external_id") or "").startswith(run):
            seen.setdefault(t["external_id"], []).append(t["id"])
    cursor = page["next_cursor"]
    if not cursor:
        break
doubled = {k: v for k, v in seen.items() if len(v) > 1}
extra = 0
for ids in seen.values():
    detail = get(f"/v1/tickets/{ids[0]}")
    extra += sum(1 for m in detail["messages"] if m["author"] == "customer") - 1
lost = count - len(seen)
print(f"mails {count}, tickets {len(seen)}, lost {lost}, duplicated tickets {len(doubled)}, duplicated messages {extra}")
if lost or doubled or extra:
    print("email crash test: FAIL"); sys.exit(1)
print("email crash test: PASS")
PY
