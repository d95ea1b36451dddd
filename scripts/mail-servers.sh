#!/usr/bin/env bash
# Throwaway mail servers for the email channel's tests: Dovecot (IMAP) and Postfix (SMTP) on loopback.
#   scripts/mail-servers.sh start   installs dovecot-imapd and postfix if missing, starts both, prints export lines
#   scripts/mail-servers.sh stop    stops both and deletes their directory
#   scripts/mail-servers.sh env     prints the export lines of the running servers
# Everything (config, TLS certificate, queue, Maildirs, logs, sockets) lives in one directory the script owns,
# on non-default ports, so it never touches a system Dovecot or Postfix.
#   IMAP (plain + STARTTLS)     $TICKETFLOW_TEST_IMAP_PORT        (51143)
#   IMAPS (implicit TLS)        $TICKETFLOW_TEST_IMAPS_PORT       (51993)
#   SMTP submission             $TICKETFLOW_TEST_SMTP_PORT        (51587)  STARTTLS required, AUTH PLAIN/LOGIN
#   SMTP relay (port 25-style)  $TICKETFLOW_TEST_SMTP_RELAY_PORT  (51025)  no auth, local users only
#   SMTPS (implicit TLS)        $TICKETFLOW_TEST_SMTPS_PORT       (51465)  AUTH PLAIN/LOGIN
# Users (password "secret"): support@example.test, customer@example.test, agent@example.test. Postfix delivers
# their mail to $DIR/mail/example.test/<user>/Maildir, which Dovecot serves as their INBOX.
# The certificate is self-signed for 127.0.0.1 and localhost: $DIR/tls/cert.pem.
# Settings: TICKETFLOW_MAIL_DIR (/tmp/ticketflow-mail) and the port variables above.
set -euo pipefail

DIR="${TICKETFLOW_MAIL_DIR:-/tmp/ticketflow-mail}"
IMAP_PORT="${TICKETFLOW_TEST_IMAP_PORT:-51143}"
IMAPS_PORT="${TICKETFLOW_TEST_IMAPS_PORT:-51993}"
SMTP_PORT="${TICKETFLOW_TEST_SMTP_PORT:-51587}"
RELAY_PORT="${TICKETFLOW_TEST_SMTP_RELAY_PORT:-51025}"
SMTPS_PORT="${TICKETFLOW_TEST_SMTPS_PORT:-51465}"
USERS="support customer agent"
DOMAIN="example.test"
VMAIL_USER="ticketflow-vmail"
# Concurrent test processes may all call start: one lock serialises them (outside $DIR, which stop deletes).
LOCK="/tmp/ticketflow-mail.lock"

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"

install_if_missing() {
    if [ -x /usr/sbin/dovecot ] && [ -x /usr/sbin/postfix ]; then return; fi
    echo "mail-servers.sh: installing dovecot-imapd and postfix" >&2
    # "No configuration": the package must not set up a system mail server; ours has its own config directory.
    echo "postfix postfix/main_mailer_type select No configuration" | $SUDO debconf-set-selections
    $SUDO apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq dovecot-imapd postfix >&2
}

env_lines() {
    cat <<EOF
export TICKETFLOW_TEST_IMAP_PORT=$IMAP_PORT
export TICKETFLOW_TEST_IMAPS_PORT=$IMAPS_PORT
export TICKETFLOW_TEST_SMTP_PORT=$SMTP_PORT
export TICKETFLOW_TEST_SMTP_RELAY_PORT=$RELAY_PORT
export TICKETFLOW_TEST_SMTPS_PORT=$SMTPS_PORT
export TICKETFLOW_TEST_MAIL_DIR=$DIR
EOF
}

dovecot_running() {
    [ -f "$DIR/dovecot/run/master.pid" ] && $SUDO kill -0 "$(cat "$DIR/dovecot/run/master.pid")" 2>/dev/null
}

postfix_running() {
    [ -f "$DIR/postfix/etc/main.cf" ] && $SUDO postfix -c "$DIR/postfix/etc" status >/dev/null 2>&1
}

# Waits until something accepts connections on 127.0.0.1:$1.
wait_for_port() {
    local i
    for i in $(seq 1 100); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    echo "mail-servers.sh: nothing listens on port $1" >&2
    return 1
}

make_certificate() {
    mkdir -p "$DIR/tls"
    openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=127.0.0.1" \
        -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
        -keyout "$DIR/tls/key.pem" -out "$DIR/tls/cert.pem" >/dev/null 2>&1
    chmod 644 "$DIR/tls/cert.pem"
    chmod 600 "$DIR/tls/key.pem"
}

make_mailboxes() {
    local uid gid user
    id "$VMAIL_USER" >/dev/null 2>&1 \
        || $SUDO useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$VMAIL_USER"
    uid="$(id -u "$VMAIL_USER")"
    gid="$(id -g "$VMAIL_USER")"
    : >"$DIR/users"
    : >"$DIR/vmailbox"
    for user in $USERS; do
        # Created up front so a mailbox exists (and can be selected over IMAP) before any mail arrives.
        mkdir -p "$DIR/mail/$DOMAIN/$user/Maildir/"{cur,new,tmp}
        echo "$user@$DOMAIN:{PLAIN}secret:$uid:$gid::$DIR/mail/$DOMAIN/$user" >>"$DIR/users"
        echo "$user@$DOMAIN $DOMAIN/$user/Maildir/" >>"$DIR/vmailbox"
    done
    $SUDO chown -R "$uid:$gid" "$DIR/mail"
}

start_dovecot() {
    local uid
    uid="$(id -u "$VMAIL_USER")"
    mkdir -p "$DIR/dovecot/run" "$DIR/dovecot/state"
    cat >"$DIR/dovecot/dovecot.conf" <<EOF
# Written by scripts/mail-servers.sh; the whole directory is thrown away by "stop".
instance_name = ticketflow-mail
base_dir = $DIR/dovecot/run
state_dir = $DIR/dovecot/state
log_path = $DIR/dovecot/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <$DIR/tls/cert.pem
ssl_key = <$DIR/tls/key.pem
ssl_dh = </usr/share/dovecot/dh.pem
# Loopback test server: LOGIN is allowed without TLS so the plain port can be tested too.
disable_plaintext_auth = no
auth_mechanisms = plain login
# Tests try wrong passwords on purpose; the default 2 s delay would only slow them down.
auth_failure_delay = 0
first_valid_uid = $uid
mail_location = maildir:~/Maildir
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $DIR/users
}
userdb {
  driver = passwd-file
  args = username_format=%u $DIR/users
}
service imap-login {
  inet_listener imap {
    port = $IMAP_PORT
  }
  inet_listener imaps {
    port = $IMAPS_PORT
    ssl = yes
  }
}
service anvil {
  # No auth penalty: a test's wrong password would delay every later login from 127.0.0.1 by up to 15 s.
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
service auth {
  # Postfix's submission port authenticates against Dovecot (smtpd_sasl_type = dovecot).
  unix_listener auth-postfix {
    mode = 0666
  }
}
EOF
    # 9>&-: the daemons must not inherit the lock (they would hold it for ever), nor our stdout.
    $SUDO dovecot -c "$DIR/dovecot/dovecot.conf" 9>&- >>"$DIR/dovecot/start.log" 2>&1 \
        || { cat "$DIR/dovecot/start.log" >&2; cat "$DIR/dovecot/dovecot.log" >&2 2>/dev/null; exit 1; }
}

start_postfix() {
    local etc="$DIR/postfix/etc" uid gid
    uid="$(id -u "$VMAIL_USER")"
    gid="$(id -g "$VMAIL_USER")"
    mkdir -p "$etc" "$DIR/postfix/queue" "$DIR/postfix/data"
    $SUDO chown postfix "$DIR/postfix/data"
    cat >"$etc/main.cf" <<EOF
# Written by scripts/mail-servers.sh; the whole directory is thrown away by "stop".
compatibility_level = 3.6
queue_directory = $DIR/postfix/queue
data_directory = $DIR/postfix/data
maillog_file = $DIR/postfix/postfix.log
maillog_file_prefixes = $DIR
myhostname = mail.$DOMAIN
mydomain = $DOMAIN
myorigin = $DOMAIN
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
# No local delivery and no mail leaves the box: only the virtual mailboxes below exist.
mydestination =
local_transport = error:local delivery is disabled
default_transport = error:mail does not leave this test server
relay_transport = error:mail does not leave this test server
alias_maps =
alias_database =
smtpd_peername_lookup = no
biff = no
virtual_mailbox_domains = $DOMAIN
virtual_mailbox_base = $DIR/mail
virtual_mailbox_maps = texthash:$DIR/vmailbox
virtual_minimum_uid = $uid
virtual_uid_maps = static:$uid
virtual_gid_maps = static:$gid
# Unknown users are refused at RCPT time: 550 5.1.1.
unknown_virtual_mailbox_reject_code = 550
smtpd_relay_restrictions = permit_sasl_authenticated, reject_unauth_destination
smtpd_tls_cert_file = $DIR/tls/cert.pem
smtpd_tls_key_file = $DIR/tls/key.pem
smtpd_tls_security_level = may
smtpd_sasl_type = dovecot
smtpd_sasl_path = $DIR/dovecot/run/auth-postfix
smtpd_sasl_auth_enable = no
broken_sasl_auth_clients = no
EOF
    # chroot off ("n") everywhere: the daemons reach $DIR and Dovecot's socket by absolute paths.
    cat >"$etc/master.cf" <<EOF
127.0.0.1:$RELAY_PORT inet n - n - - smtpd
127.0.0.1:$SMTP_PORT inet n - n - - smtpd
  -o syslog_name=postfix/submission
  -o smtpd_tls_security_level=encrypt
  -o smtpd_sasl_auth_enable=yes
  -o smtpd_tls_auth_only=yes
  -o smtpd_recipient_restrictions=permit_sasl_authenticated,reject
127.0.0.1:$SMTPS_PORT inet n - n - - smtpd
  -o syslog_name=postfix/smtps
  -o smtpd_tls_wrappermode=yes
  -o smtpd_sasl_auth_enable=yes
  -o smtpd_recipient_restrictions=permit_sasl_authenticated,reject
pickup    unix  n - n 60 1 pickup
cleanup   unix  n - n - 0 cleanup
qmgr      unix  n - n 300 1 qmgr
tlsmgr    unix  - - n 1000? 1 tlsmgr
rewrite   unix  - - n - - trivial-rewrite
bounce    unix  - - n - 0 bounce
defer     unix  - - n - 0 bounce
trace     unix  - - n - 0 bounce
verify    unix  - - n - 1 verify
flush     unix  n - n 1000? 0 flush
proxymap  unix  - - n - - proxymap
showq     unix  n - n - - showq
error     unix  - - n - - error
retry     unix  - - n - - error
discard   unix  - - n - - discard
virtual   unix  - n n - - virtual
anvil     unix  - - n - 1 anvil
scache    unix  - - n - 1 scache
postlog   unix-dgram n - n - 1 postlogd
EOF
    $SUDO postfix -c "$etc" start 9>&- >>"$DIR/postfix/start.log" 2>&1 \
        || { cat "$DIR/postfix/start.log" >&2; cat "$DIR/postfix/postfix.log" >&2 2>/dev/null; exit 1; }
}

stop_servers() {
    local pid
    if [ -f "$DIR/postfix/etc/main.cf" ]; then
        $SUDO postfix -c "$DIR/postfix/etc" stop >/dev/null 2>&1 || true
    fi
    if [ -f "$DIR/dovecot/dovecot.conf" ]; then
        $SUDO doveadm -c "$DIR/dovecot/dovecot.conf" stop >/dev/null 2>&1 || true
    fi
    # Wait for both masters to exit, so a following start can bind the same ports.
    for pid in "$(cat "$DIR/postfix/queue/pid/master.pid" 2>/dev/null || true)" \
        "$(cat "$DIR/dovecot/run/master.pid" 2>/dev/null || true)"; do
        pid="${pid// /}"
        [ -n "$pid" ] || continue
        for _ in $(seq 1 50); do $SUDO kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        $SUDO kill -9 "$pid" 2>/dev/null || true
    done
    $SUDO rm -rf "$DIR"
}

start() {
    install_if_missing
    if dovecot_running && postfix_running && [ -f "$DIR/env" ]; then
        cat "$DIR/env"
        return
    fi
    stop_servers
    mkdir -p "$DIR"
    make_certificate
    make_mailboxes
    start_dovecot
    start_postfix
    for port in "$IMAP_PORT" "$IMAPS_PORT" "$SMTP_PORT" "$RELAY_PORT" "$SMTPS_PORT"; do wait_for_port "$port"; done
    # The ports actually used, for "env" and later "start" calls made with other settings.
    env_lines >"$DIR/env"
    cat "$DIR/env"
}

exec 9>"$LOCK"
flock 9
case "${1:-}" in
    start) start ;;
    stop) stop_servers ;;
    env)
        if dovecot_running && postfix_running && [ -f "$DIR/env" ]; then cat "$DIR/env"; else
            echo "mail-servers.sh: not running" >&2
            exit 1
        fi
        ;;
    *) echo "usage: $0 start|stop|env" >&2; exit 2 ;;
esac
