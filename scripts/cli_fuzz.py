#!/usr/bin/env python3
"""Bad-input check of every `ticketflow` command and of the config file.

    cli_fuzz.py BINARY STORE_ARGS... [--seed N] [--per-command N] [--config-variants N]

STORE_ARGS are the store options the commands share (`--data-dir DIR` or
`--database-url URL`), pointing at a store that holds the demo content.

The command tree comes from the binary itself (`--experimental-dump-help`), so
a new command or option is covered the day it is added. For each command the
script first runs it with plausible values, then broken one or two arguments at
a time: numbers that are negative, huge, not numbers or not finite; text that
is empty, long, not UTF-8 or full of control characters; files that are
missing, empty, binary, not UTF-8, ragged CSV, truncated JSON or a folder;
choices that are not offered; unknown and repeated options; odd standard input.
Then it breaks a full config file one key at a time, and sets the documented
TICKETFLOW_* variables to bad values one at a time, and runs `doctor` on each.

A run fails when a command
- ends by a signal or a Swift runtime trap (a crash),
- fails without an `error` line on standard error (or its report's FAIL or
  skipped lines),
- prints a Swift type or a Foundation error domain instead of a message,
- or is still running after the time limit (a hang),
and, at the end, when a ticket the store held before is gone or `doctor --offline` no longer
passes. Prints each failure with the command line that caused it.

Written by hand because no fuzzer on this machine drives a command-line tool
from its own option tree; the mutations are few and fixed by the seed, so a
failure reproduces.
"""
import argparse
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

TIME_LIMIT = 60
CRASH = re.compile(r"Fatal error|Stack dump|Current stack trace|Illegal instruction|Segmentation fault|"
                   r"Trace/breakpoint trap|Aborted|Assertion failed|Precondition failed")
UNCLEAR = re.compile(r"Error Domain=|NSCocoaErrorDomain|Swift\.\w+Error|\b[A-Z]\w*Error\.[A-Za-z]|CodingKeys\(|"
                     r"\bOptional\(|_GenericObjCError|POSIXErrorCode\(")
# Options that name a file a command writes: only ever given paths in the scratch folder
# or paths that cannot be written. (A text value once given to `kb eval --json`, which
# writes its report there, overwrote /etc/passwd on a machine running this as root.)
OUTPUTS = {"out", "details", "write", "json"}
# Where no argument may point: run() refuses a command line that names one.
SYSTEM = ("/etc", "/usr", "/bin", "/sbin", "/lib", "/var", "/root", "/home", "/boot", "/opt", "/srv", "/dev", "/sys")
# Bad hosts that no resolver is asked about (a colon, a space or digits only; "999.1.1.1"
# would go to DNS): the run stays on this machine.
SAFE_HOSTS = ["", "127.0.0.1 ", "::1::", "127.0.0.1:80", "0"]
# Reports printed on standard output that say what failed: doctor's checks, kb import's skipped files.
REPORT = re.compile(rb"^(FAIL|  skipped) ", re.M)
SKIP = {"help"}
# `serve` runs until stopped: one still running after this long has started, which is fine.
SERVE_LIMIT = 8
# Options whose value is a count or size: a huge one is a legitimately long run.
SIZES = {"count", "limit", "sentences", "sample", "top", "repeats", "pad-docs", "queries", "min-train",
         "min-test", "expansion-docs", "dimensions", "examples", "steps"}
NUMBERS = SIZES | {"days", "top-k", "seed", "port", "max-body-bytes", "c", "min-score", "k1", "b", "delta",
                   "title-weight", "expansion-terms", "expansion-weight", "spelling-min-length",
                   "spelling-weight", "dense-weight", "encoder-scale", "polarity-scale", "threads",
                   "min-letters", "margin", "llm-timeout", "prior-messages"}
BAD_NUMBERS = ["-1", "0", "-0", "nan", "inf", "-inf", "1e309", "99999999999999999999", "2147483648",
               "abc", "", " 3", "0x10", "1,5", "1e-320"]
BAD_TEXT = ["", " ", "\t\n", "x" * 100_000, "\x01\x02\x1b[31m", "é漢字🙂‮", "-dash-first", "--",
            "'; DROP TABLE tickets;--", "%s%n%x", "x/../y", os.fsdecode(b"\xff\xfe\xc3(")]
# A password in the URLs below: no output may ever show it.
SECRET = "fuzz-secret-pw"
BAD_URLS = ["", "not a url", "postgres://", "postgres://127.0.0.1:1/x?sslmode=disable", "mysql://a@b/c",
            f"postgres://u:{SECRET}@[::1", "http://127.0.0.1:1/v1", "file:///nonexistent",
            "postgres://%zz@127.0.0.1:1/d", "u:pw@127.0.0.1", f"postgres://u:{SECRET}@127.0.0.1:1/x",
            f"http://u:{SECRET}@127.0.0.1:1/v1"]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def make_fixtures(root, binary):
    """Files good and bad, made once; the good ones are what a newcomer would pass."""
    files = {}

    def write(name, data):
        path = os.path.join(root, name)
        with open(path, "wb") as handle:
            handle.write(data if isinstance(data, bytes) else data.encode())
        files[name] = path
        return path

    labels = {"billing": ["I was charged twice", "refund my payment please", "my invoice is wrong",
                          "why is there a fee on my card", "cancel the charge"],
              "shipping": ["where is my parcel", "the delivery is late", "my package never arrived",
                           "change my shipping address", "tracking number does not work"],
              "account": ["I forgot my password", "delete my account", "cannot sign in",
                          "change the email on my profile", "my login is locked"]}
    rows = [(text + suffix, label) for label, texts in labels.items() for text in texts
            for suffix in ("", " today", " again", ", thanks")]
    write("good.csv", "text,label\n" + "".join(f'"{t}",{l}\n' for t, l in rows))
    write("good.tsv", "text\tlabel\n" + "".join(f"{t}\t{l}\n" for t, l in rows))
    write("good.jsonl", "".join(json.dumps({"text": t, "label": l}) + "\n" for t, l in rows))
    write("faq.csv", "question,answer\nHow do I reset my password?,Use the reset link on the sign-in page.\n")
    write("docs.jsonl", "".join(json.dumps({"id": f"d{i}", "title": t, "body": t + " explained."}) + "\n"
                                for i, (t, _) in enumerate(rows[:20])))
    write("queries.jsonl", "".join(json.dumps({"id": f"q{i}", "text": t}) + "\n" for i, (t, _) in enumerate(rows[:5])))
    write("qrels.tsv", "".join(f"q{i}\td{i}\t1\n" for i in range(5)))
    write("empty.csv", b"")
    write("header-only.csv", "text,label\n")
    write("one-class.csv", "text,label\n" + "".join(f"{t},billing\n" for t, _ in rows))
    write("ragged.csv", 'text,label\n"unclosed,billing\na,b,c,d\n\n,\n')
    write("latin1.csv", "text,label\n".encode() + "café crème,billing\n".encode("latin-1"))
    write("binary.bin", bytes(random.Random(7).randrange(256) for _ in range(4096)))
    write("nul.csv", b"text,label\nhello\x00world,billing\n")
    write("long-line.csv", "text,label\n" + "word " * 400_000 + ",billing\n")
    write("nested.json", "[" * 100_000 + "]" * 100_000)
    write("not-objects.jsonl", '1\n"text"\n[]\nnull\n{"text": 5, "label": null}\n')
    write("bom.csv", "\ufefftext,label\n" + "".join(f"{t},{l}\n" for t, l in rows))
    write("truncated.json", '{"version": 1, "labels": ["a", "b"], "weights": [[0.1,')
    write("wrong.json", '{"categories": "everything", "port": "eighty"}')
    files["missing"] = os.path.join(root, "no-such-file.csv")
    files["folder"] = os.path.join(root, "a-folder")
    os.mkdir(files["folder"])
    kb = os.path.join(root, "kb")
    os.mkdir(kb)
    with open(os.path.join(kb, "refunds.md"), "w") as handle:
        handle.write("---\ntitle: Refunds\ncategory: billing\n---\nRefunds take five days to reach your card.\n")
    with open(os.path.join(kb, "broken.md"), "wb") as handle:
        handle.write(b"---\ntitle: [unclosed\n---\n\xff\xfe")
    files["kb"] = kb
    encoder = os.path.join(root, "bad-encoder")
    os.mkdir(encoder)
    with open(os.path.join(encoder, "model.safetensors"), "wb") as handle:
        handle.write(b"\xff" * 64)
    with open(os.path.join(encoder, "tokenizer.json"), "w") as handle:
        handle.write('{"model": {"vocab": ')
    files["bad-encoder"] = encoder
    model = os.path.join(root, "model.json")
    result = subprocess.run([binary, "model", "train", "--data", files["good.csv"], "--text-column", "text",
                             "--label-column", "label", "--out", model], capture_output=True, timeout=300)
    if result.returncode != 0:
        sys.exit("cli fuzz: training the fixture model failed: " + result.stderr.decode(errors="replace"))
    files["model"] = model
    with open(model, "rb") as handle:
        content = handle.read()
    write("model-truncated.json", content[: len(content) // 2])
    shutil.copy(os.path.join(os.path.dirname(__file__), "..", "demo", "shop-setup.json"),
                os.path.join(root, "setup.json"))
    files["setup"] = os.path.join(root, "setup.json")
    return files


BAD_FILES = ["empty.csv", "header-only.csv", "one-class.csv", "ragged.csv", "latin1.csv", "binary.bin",
             "nul.csv", "long-line.csv", "nested.json", "not-objects.jsonl", "bom.csv", "truncated.json",
             "wrong.json", "missing", "folder", "good.jsonl", "good.tsv", "model-truncated.json",
             "bad-encoder", "faq.csv", "docs.jsonl"]


class Fuzzer:
    def __init__(self, binary, store, files, work, rng):
        self.binary, self.store, self.files, self.work, self.rng = binary, store, files, work, rng
        self.failures, self.runs, self.outs, self.slowest = [], 0, 0, []
        self.messages = {}  # first error line -> the command that printed it, for --show-errors

    def new_out(self):
        self.outs += 1
        return os.path.join(self.work, "out", str(self.outs), "file")

    def good_value(self, command, name):
        """A value a careful user would pass, or None to leave the option out."""
        f = self.files
        by_name = {
            "data": f["good.csv"], "test": f["good.csv"], "validation": f["good.csv"], "train": f["good.csv"],
            "tickets": f["good.csv"], "text-column": "text", "label-column": "label", "docs": f["docs.jsonl"],
            "qrels": f["qrels.tsv"], "kb": f["kb"], "model": f["model"], "sentiment-model": None,
            "base": None, "file": f["model"], "setup": f["setup"], "path": f["kb"], "out": self.new_out(),
            "details": self.new_out(), "write": None, "json": None, "encoder": None, "catalogs": f["folder"],
            "llm": "http://127.0.0.1:1/v1", "text": "I was charged twice for my order",
            "query": "refund", "body": "My parcel never arrived", "subject": "Parcel",
            "customer-email": "ann@example.com", "email": "fuzz-user@example.com", "name": "Fuzz",
            "id": "1", "ids": "refunds", "count": "30", "queries": "5" if command == "bench inbox" else
            f["queries.jsonl"], "limit": "5", "sentences": "20", "sample": "2", "repeats": "1",
            "steps": "10,20", "top": "3", "min-train": "5", "min-test": "2", "since": "2026-01-01",
            "port": str(free_port()), "host": "127.0.0.1", "category": None, "boost-category": None,
            "prior-messages": "0", "bitext": None, "base-url": "https://support.example.com",
        }
        return by_name.get(name, "")

    def bad_value(self, name, kind_values):
        rng = self.rng
        if kind_values:
            return rng.choice(["bogus", "", kind_values[0].upper(), kind_values[0] + " "])
        if name in NUMBERS:
            return rng.choice(BAD_NUMBERS)
        if name == "host":
            # Never a name to look up: the run stays on loopback.
            return rng.choice(SAFE_HOSTS)
        if name in ("database-url", "llm", "base-url"):
            return rng.choice(BAD_URLS)
        if name in ("config",):
            return self.files[rng.choice(["wrong.json", "truncated.json", "nested.json", "binary.bin",
                                          "missing", "folder", "empty.csv", "nul.csv"])]
        if name in ("data-dir",):
            return rng.choice([self.files["good.csv"], "/proc/nope", "", self.files["folder"]])
        if name in OUTPUTS:
            return rng.choice([self.files["folder"], "/proc/nope/x", "", self.files["missing"] + "/x/y"])
        if name in ("data", "test", "validation", "train", "tickets", "docs", "qrels", "kb", "model",
                    "sentiment-model", "base", "file", "setup", "path", "encoder", "catalogs", "bitext") \
                or (name == "queries"):
            return self.files[rng.choice(BAD_FILES)]
        if name == "since":
            return rng.choice(["yesterday", "2026-13-45", "-1", "99999-01-01", ""])
        return rng.choice(BAD_TEXT)

    def fuzz_environment(self, variants):
        """Each documented TICKETFLOW_* variable set to a bad value, read by `doctor`."""
        names = environment_variables()
        for _ in range(variants if names else 0):
            name = self.rng.choice(names)
            value = self.rng.choice(SAFE_HOSTS if name == "TICKETFLOW_HOST" else BAD_NUMBERS + BAD_TEXT + BAD_URLS)
            self.run(["doctor", "--offline"] + list(self.store), env={name: value}, note=f"[{name}]")

    def run(self, args, stdin=b"", note="", allow_slow=False, limit=TIME_LIMIT, env=None):
        for arg in args:
            if "://" not in arg and "/" in arg:
                where = os.path.realpath(os.path.join(self.work, arg))
                if where.startswith(SYSTEM) and not where.startswith("/var/tmp"):
                    sys.exit(f"cli fuzz: refusing to run with {arg!r} ({where}), outside the scratch folder")
        self.runs += 1
        shown = " ".join(repr(a) if (not a or " " in a or len(a) > 60) and len(a) < 80
                         else (a[:60] + "…" if len(a) > 60 else a) for a in args)
        started = time.monotonic()
        try:
            # In the scratch folder, so that a command that falls back to ./ticketflow-data leaves nothing behind.
            result = subprocess.run([self.binary] + args, input=stdin, capture_output=True, timeout=limit,
                                    cwd=self.work, env={**os.environ, "TICKETFLOW_LOG_LEVEL": "error", **(env or {})})
        except subprocess.TimeoutExpired:
            if not allow_slow:
                self.failures.append(f"hang (over {limit} s): ticketflow {shown} {note}")
            return None
        self.slowest = sorted(self.slowest + [(time.monotonic() - started, shown)], reverse=True)[:5]
        err = result.stderr.decode(errors="replace")
        first = next((line for line in err.splitlines() if "error" in line.lower()), None) or next(
            iter(re.findall(r"^FAIL .*", result.stdout.decode(errors="replace"), re.M)), None)
        if result.returncode != 0 and first:
            self.messages.setdefault(re.sub(r"/tmp/\S+", "PATH", first)[:160], shown[:160])
        if SECRET.encode() in result.stdout + result.stderr:
            self.failures.append(f"password shown: ticketflow {shown} {note}")
        if result.returncode < 0 or result.returncode >= 128 or CRASH.search(err):
            self.failures.append(f"crash (exit {result.returncode}): ticketflow {shown} {note}\n    "
                                 + err.strip()[-600:].replace("\n", "\n    "))
        elif result.returncode != 0 and "error" not in err.lower() and not REPORT.search(result.stdout):
            self.failures.append(f"no error message (exit {result.returncode}): ticketflow {shown} {note}\n    "
                                 + err.strip()[-300:])
        elif UNCLEAR.search(err + "\n".join(re.findall(r"^(?:FAIL|WARN) .*", result.stdout.decode(errors="replace"), re.M))):
            self.failures.append(f"unclear message: ticketflow {shown} {note}\n    " + err.strip()[-300:])
        return result

    def fuzz_command(self, path, arguments, variants):
        rng = self.rng
        options = [a for a in arguments if a.get("shouldDisplay", True)
                   and (a.get("preferredName") or {}).get("name") not in ("help", "version")]

        def name_of(a):
            return (a.get("preferredName") or {}).get("name") or a.get("valueName")

        command = " ".join(path)
        for variant in range(variants):
            values, flags, extra, stdin, slow = {}, [], [], b"", False
            for a in options:
                name = name_of(a)
                if a["kind"] == "flag":
                    if rng.random() < 0.3:
                        flags.append("--" + name)
                    continue
                if name in ("config", "data-dir", "database-url"):
                    continue
                value = self.good_value(command, name)
                if a.get("allValues"):
                    value = rng.choice(a["allValues"]) if (not a["isOptional"] or rng.random() < 0.5) else None
                if value is None or (value == "" and a["isOptional"]):
                    continue
                values[name] = (a, value)
            if variant > 0:
                for _ in range(rng.choice([1, 1, 2])):
                    a = rng.choice(options) if options else None
                    roll = rng.random()
                    if a is None or roll < 0.08:
                        extra.append(rng.choice(["--nope", "-z", "--data-dir=", "extra-positional"]))
                    elif roll < 0.16 and values:
                        values.pop(rng.choice(sorted(values)))
                    elif a["kind"] != "flag":
                        name = name_of(a)
                        value = self.bad_value(name, a.get("allValues"))
                        slow = slow or (name in SIZES and value in ("99999999999999999999", "2147483648"))
                        values[name] = (a, value)
                        if roll > 0.9:
                            extra += ["--" + name, value] if a["kind"] == "option" else []
            if "--password-stdin" in flags or rng.random() < 0.2:
                stdin = rng.choice([b"", b"correct-horse-battery-staple\n", b"\xff\xfe\x00\n", b"x" * 1_000_000,
                                    b"short\n"])
            argv = list(path)
            for name, (a, value) in values.items():
                if a["kind"] == "positional":
                    argv.append(value)
                else:
                    argv += ["--" + name, value]
            argv += flags + extra
            # Sometimes one of the store options is broken too; it goes last, since ArgumentParser
            # keeps the last of a repeated option.
            if any(name_of(a) == "data-dir" for a in options):
                argv += self.store
                if variant > 0 and rng.random() < 0.15:
                    which = rng.choice(["config", "data-dir", "database-url"])
                    argv += ["--" + which, self.bad_value(which, None)]
            if command == "serve":
                self.run(argv, stdin=stdin, note=f"[variant {variant}]", allow_slow=True, limit=SERVE_LIMIT)
            else:
                self.run(argv, stdin=stdin, note=f"[variant {variant}]", allow_slow=slow)

    def fuzz_config(self, variants):
        """A config file with every kind of setting, broken one key at a time, read by `doctor`."""
        with open(self.files["setup"]) as handle:
            base = json.load(handle)
        base.update({"port": 8080, "max_body_bytes": 1048576, "log_level": "info", "answer_cache_size": 100,
                     "llm_timeout": 20, "email_poll_seconds": 30, "qa_hour": 2, "password_hash_cost": 10,
                     "chat_limits": {"messages_per_visitor_per_minute": 10}, "kb_language": "en",
                     "reopen_days": 7, "retrain_hour": 3, "open_intake": "auto", "translated_answers": True,
                     "assignment": {"mode": "round_robin", "online_minutes": 30,
                                    "pools": {"shipping": ["lead@example.com"]}},
                     "chat_sites": [{"id": "shop", "allowed_origins": ["https://shop.example.com"],
                                     "identity_secret": "a-long-random-secret-for-the-fuzz-test",
                                     "title": "Support", "greeting": "Hi!", "color": "#0f766e",
                                     "position": "right", "token_days": 7, "stream_answers": True}],
                     # Loopback only: `doctor --offline` reads these but connects to nothing.
                     "smtp_url": f"smtp+plain://relay:{SECRET}@127.0.0.1:2525", "email_from": "support@example.com",
                     "imap_url": f"imap+plain://support:{SECRET}@127.0.0.1:1143/INBOX",
                     "article_url_template": "https://help.example.com/articles/{id}",
                     "escalation_acknowledgement": "We have your message.",
                     "llm_base_url": "http://127.0.0.1:9/v1", "llm_model": "local",
                     "rating_link_secret": "another-long-random-secret-value",
                     "intake_token": "a-long-intake-token-value", "metrics_token": "a-metrics-token-value"})
        leaves = []

        def walk(node, trail):
            if isinstance(node, dict):
                for key, value in node.items():
                    walk(value, trail + [key])
            elif isinstance(node, list):
                for index, value in enumerate(node[:3]):
                    walk(value, trail + [index])
            if trail:
                leaves.append(trail)
        walk(base, [])
        breakers = [None, "", "text", -1, 0, 1e308, 99999999999999999999, [], {}, True, [[[]]], "\u0000",
                    "x" * 70_000, 0.5, {"nested": {"deeper": [1, 2]}}]
        for _ in range(variants):
            config = json.loads(json.dumps(base))
            trail = self.rng.choice(leaves)
            node = config
            for step in trail[:-1]:
                node = node[step]
            if isinstance(node, dict) and self.rng.random() < 0.1:
                node.pop(trail[-1])
            else:
                node[trail[-1]] = self.rng.choice(breakers)
            if self.rng.random() < 0.05:
                config["no_such_setting"] = 1
            path = os.path.join(self.work, "config.json")
            with open(path, "w") as handle:
                json.dump(config, handle)
            self.run(["doctor", "--offline", "--config", path] + list(self.store),
                     note=f"[config {'.'.join(map(str, trail))}]")


def environment_variables():
    """The TICKETFLOW_* variables the README's settings table documents."""
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "README.md")) as handle:
        return sorted(set(re.findall(r"^\| `\w+` \| `(TICKETFLOW_\w+)`", handle.read(), re.M)))


def ticket_ids(binary, store):
    result = subprocess.run([binary, "ticket", "list", "--limit", "200"] + store,
                            capture_output=True, timeout=120)
    if result.returncode != 0:
        sys.exit("cli fuzz: `ticket list` failed: " + result.stderr.decode(errors="replace"))
    return [line.split()[0] for line in result.stdout.decode().splitlines()[1:] if line.strip()]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("binary")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--per-command", type=int, default=8)
    parser.add_argument("--config-variants", type=int, default=60)
    parser.add_argument("--only", help="fuzz only commands whose path starts with this")
    parser.add_argument("--config-only", action="store_true", help="fuzz only the config file and environment")
    parser.add_argument("--show-errors", action="store_true", help="print each distinct error line, to read them")
    args, store = parser.parse_known_args()
    # Absolute, since the commands run in a scratch folder.
    args.binary = os.path.abspath(args.binary)
    store = [os.path.abspath(value) if index > 0 and store[index - 1] == "--data-dir" else value
             for index, value in enumerate(store)]
    rng = random.Random(args.seed)
    tree = json.loads(subprocess.run([args.binary, "--experimental-dump-help"], capture_output=True,
                                     check=True).stdout)
    work = tempfile.mkdtemp(prefix="cli-fuzz-")
    try:
        files = make_fixtures(work, args.binary)
        before = ticket_ids(args.binary, store)
        fuzzer = Fuzzer(args.binary, store, files, work, rng)

        def walk(command, path):
            subcommands = [c for c in command.get("subcommands") or [] if c["commandName"] not in SKIP]
            if not subcommands and path and (not args.only or " ".join(path).startswith(args.only)):
                fuzzer.fuzz_command(path, command.get("arguments") or [], args.per_command)
            for sub in subcommands:
                walk(sub, path + [sub["commandName"]])
        if not args.config_only:
            walk(tree["command"], [])
        if not args.only:
            fuzzer.fuzz_config(args.config_variants)
            fuzzer.fuzz_environment(args.config_variants // 2)
        for ticket in before:
            shown = subprocess.run([args.binary, "ticket", "show", ticket] + store, capture_output=True, timeout=120)
            if shown.returncode != 0:
                fuzzer.failures.append(f"ticket {ticket} lost: " + shown.stderr.decode(errors="replace"))
        doctor = subprocess.run([args.binary, "doctor", "--offline"] + store, capture_output=True, timeout=120)
        if doctor.returncode != 0:
            fuzzer.failures.append("doctor --offline fails after the run:\n" + doctor.stdout.decode(errors="replace"))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.show_errors:
        for message, shown in sorted(fuzzer.messages.items()):
            print(f"{message}\n    from: ticketflow {shown}")
    for seconds, shown in fuzzer.slowest:
        print(f"slowest: {seconds:.1f} s: ticketflow {shown}")
    for failure in fuzzer.failures:
        print("FAIL", failure)
    print(f"cli fuzz: {fuzzer.runs} runs, {len(fuzzer.failures)} failures (seed {args.seed})")
    sys.exit(1 if fuzzer.failures else 0)


if __name__ == "__main__":
    main()
