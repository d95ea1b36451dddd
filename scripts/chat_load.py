#!/usr/bin/env python3
"""A bounded loopback load test of the live chat: N visitors (default 500) each
start a session (POST /v1/chat/sessions with an allowed Origin), open the
WebSocket with that Origin, and, once every socket is open, send M messages
(default 2) one after the other. For each message it measures the time from
sending the frame to the first `message` event by the AI or `handover` event,
whichever comes first, and reports count, p50, p95, p99, max, errors (429s
included) and timeouts. On a site with `stream_answers` it also reports how
many answers showed a checked `preview` first, how soon, and how many of those
were then handed over instead. With --pid it reads the server's VmRSS before the
sockets open and after all are open and idle, and reports the memory per
connection. Stops by itself (--timeout); ends with a one-line JSON summary.
Standard library only (asyncio and a minimal RFC 6455 client); 127.0.0.1 only.

The server applies per-address and per-visitor rate limits: start it with
generous `chat_limits` for a run, or the 429s show up as errors."""
import argparse
import asyncio
import base64
import hashlib
import json
import os
import random
import resource
import struct
import sys
import time
import urllib.parse

QUESTIONS = [
    "How do I reset my password?",
    "I was charged twice, how do I get the duplicate charge refunded?",
    "Can I get a refund on my annual plan?",
    "Does the Business plan include single sign-on?",
    "How do I turn on two-factor authentication?",
    "My data is not syncing, what should I do?",
    "The app crashes when I export a report to PDF.",
    "Where can I download my invoices?",
]
WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


class Refused(Exception):
    """An HTTP or WebSocket refusal, with the status it came with."""

    def __init__(self, status, text):
        super().__init__(f"{status} {text}")
        self.status = status


# ---- minimal HTTP/1.1 and WebSocket over asyncio streams ----

async def read_head(reader):
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    return status, headers


async def post_json(host, port, path, body, headers):
    reader, writer = await asyncio.open_connection(host, port)
    try:
        data = json.dumps(body).encode()
        extra = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        writer.write((f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
                      f"Content-Length: {len(data)}\r\nConnection: close\r\n{extra}\r\n").encode() + data)
        await writer.drain()
        status, response_headers = await read_head(reader)
        if response_headers.get("transfer-encoding", "").lower() == "chunked":
            payload = b""
            while True:
                size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
                chunk = await reader.readexactly(size + 2)
                if size == 0:
                    break
                payload += chunk[:-2]
        elif "content-length" in response_headers:
            payload = await reader.readexactly(int(response_headers["content-length"]))
        else:
            payload = await reader.read()
    finally:
        writer.close()
    if status >= 300:
        title = ""
        try:
            title = json.loads(payload).get("title", "")
        except ValueError:
            pass
        raise Refused(status, title)
    return json.loads(payload)


class WebSocket:
    """Client side of RFC 6455: masked frames out, fragmented and control frames in."""

    def __init__(self, reader, writer):
        self.reader, self.writer = reader, writer

    @classmethod
    async def connect(cls, host, port, path, origin):
        reader, writer = await asyncio.open_connection(host, port)
        key = base64.b64encode(os.urandom(16)).decode()
        writer.write((f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nOrigin: {origin}\r\n\r\n").encode())
        await writer.drain()
        status, headers = await read_head(reader)
        if status != 101:
            writer.close()
            raise Refused(status, "upgrade refused")
        accept = base64.b64encode(hashlib.sha1((key + WEBSOCKET_GUID).encode()).digest()).decode()
        if headers.get("sec-websocket-accept") != accept:
            writer.close()
            raise Refused(status, "bad Sec-WebSocket-Accept")
        return cls(reader, writer)

    def _frame(self, opcode, payload):
        header = bytearray([0x80 | opcode])
        if len(payload) < 126:
            header.append(0x80 | len(payload))
        elif len(payload) < 65536:
            header += bytes([0x80 | 126]) + struct.pack(">H", len(payload))
        else:
            header += bytes([0x80 | 127]) + struct.pack(">Q", len(payload))
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.writer.write(bytes(header) + mask + masked)

    async def send_text(self, text):
        self._frame(0x1, text.encode())
        await self.writer.drain()

    async def receive_text(self):
        """The next text message; None when the server closes."""
        message = b""
        while True:
            first, second = await self.reader.readexactly(2)
            length = second & 0x7F
            if length == 126:
                length = struct.unpack(">H", await self.reader.readexactly(2))[0]
            elif length == 127:
                length = struct.unpack(">Q", await self.reader.readexactly(8))[0]
            mask = await self.reader.readexactly(4) if second & 0x80 else None
            payload = await self.reader.readexactly(length)
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            opcode = first & 0x0F
            if opcode == 0x8:
                return None
            if opcode == 0x9:
                self._frame(0xA, payload)
                continue
            if opcode == 0xA:
                continue
            message += payload
            if first & 0x80:
                return message.decode()

    def close(self):
        try:
            self._frame(0x8, struct.pack(">H", 1000))
        except (OSError, RuntimeError):
            pass
        self.writer.close()


# ---- one visitor ----

class Visitor:
    def __init__(self, index, args):
        self.index, self.args = index, args
        self.token = None
        self.socket = None
        self.events = asyncio.Queue()
        self.seen = set()  # message ids already received (the state snapshot's included)
        self.handed_over = False

    async def start(self):
        session = await post_json(self.args.host, self.args.port, "/v1/chat/sessions", {"site": self.args.site},
                                  {"Origin": self.args.origin})
        self.token = session["token"]
        path = "/v1/chat/socket?token=" + urllib.parse.quote(self.token, safe="")
        self.socket = await WebSocket.connect(self.args.host, self.args.port, path, self.args.origin)
        self.reader = asyncio.create_task(self._read())

    async def _read(self):
        try:
            while True:
                text = await self.socket.receive_text()
                if text is None:
                    break
                try:
                    self.events.put_nowait(json.loads(text))
                except ValueError:
                    pass
        except (asyncio.IncompleteReadError, OSError):
            pass
        self.events.put_nowait({"type": "closed"})

    async def ask(self, text, timeout):
        """(seconds from sending to the AI's message or a hand-over, which, seconds to the first preview or
        None); raises on an error event."""
        sent = time.perf_counter()
        preview = None
        await self.socket.send_text(json.dumps({"type": "message", "text": text}))
        deadline = sent + timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise asyncio.TimeoutError
            event = await asyncio.wait_for(self.events.get(), left)
            kind = event.get("type")
            if kind == "message":
                message = event.get("message") or {}
                if message.get("id") in self.seen:
                    continue
                self.seen.add(message.get("id"))
                if message.get("author") == "ai":
                    return time.perf_counter() - sent, "ai", preview
            elif kind == "preview":
                preview = preview or time.perf_counter() - sent
            elif kind == "handover":
                self.handed_over = True
                return time.perf_counter() - sent, "handover", preview
            elif kind == "state":
                for message in (event.get("conversation") or {}).get("messages", []):
                    self.seen.add(message.get("id"))
            elif kind == "error":
                raise Refused(event.get("status"), event.get("title", ""))
            elif kind == "closed":
                raise Refused("closed", "the server closed the socket")

    def close(self):
        if self.socket:
            self.socket.close()
        if getattr(self, "reader", None):
            self.reader.cancel()


# ---- the run ----

def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return None


def percentile(sorted_values, p):
    if not sorted_values:
        return None
    rank = max(1, -(-len(sorted_values) * p // 100))  # nearest rank
    return sorted_values[int(rank) - 1]


class Results:
    def __init__(self):
        self.latencies = []
        self.kinds = {"ai": 0, "handover": 0}
        self.previewed = []  # (seconds to the first preview, seconds to the answer) of previewed AI answers
        self.withdrawn = 0  # previews a hand-over replaced
        self.errors = {}
        self.timeouts = 0
        self.skipped = 0
        self.in_flight = 0  # sent and not answered yet: timeouts if the run is stopped

    def error(self, what):
        self.errors[what] = self.errors.get(what, 0) + 1


async def run(args, results, summary):
    visitors = [Visitor(i, args) for i in range(args.visitors)]
    gate = asyncio.Semaphore(args.connect_concurrency)

    async def start(visitor):
        async with gate:
            try:
                await asyncio.wait_for(visitor.start(), args.answer_timeout)
                return True
            except Refused as refusal:
                results.error(f"connect {refusal.status}")
            except asyncio.TimeoutError:
                results.error("connect timeout")
            except (OSError, asyncio.IncompleteReadError, ValueError, KeyError) as error:
                results.error(f"connect {type(error).__name__}")
            return False

    if args.pid:
        summary["rss_before_kb"] = rss_kb(args.pid)
    began = time.perf_counter()
    opened = await asyncio.gather(*(start(v) for v in visitors))
    live = [v for v, ok in zip(visitors, opened) if ok]
    summary["sockets_open"] = len(live)
    summary["connect_s"] = round(time.perf_counter() - began, 2)
    print(f"chat-load: {len(live)}/{len(visitors)} sockets open in {summary['connect_s']} s", flush=True)

    await asyncio.sleep(args.settle)  # let the state frames go out and the server settle
    if args.pid and live:
        summary["rss_idle_kb"] = rss_kb(args.pid)
        summary["rss_per_connection_kb"] = round((summary["rss_idle_kb"] - summary["rss_before_kb"]) / len(live), 1)
        print(f"chat-load: server RSS {summary['rss_before_kb']} KB before, {summary['rss_idle_kb']} KB with"
              f" {len(live)} idle sockets: {summary['rss_per_connection_kb']} KB per connection", flush=True)

    rng = random.Random(args.seed)

    async def converse(visitor):
        await asyncio.sleep(rng.random() * args.ramp)
        for n in range(args.messages):
            if visitor.handed_over:
                # A person has the conversation now; the AI stays out of the rest by design.
                results.skipped += args.messages - n
                return
            question = args.question or rng.choice(QUESTIONS)
            # Counted until it ends here; a run stopped by --timeout cancels it in flight.
            results.in_flight += 1
            try:
                seconds, kind, preview = await visitor.ask(question, args.answer_timeout)
                results.latencies.append(seconds)
                results.kinds[kind] += 1
                if preview is not None and kind == "ai":
                    results.previewed.append((preview, seconds))
                elif preview is not None:
                    results.withdrawn += 1
            except asyncio.TimeoutError:
                results.timeouts += 1
            except Refused as refusal:
                results.error(f"message {refusal.status}")
            except (OSError, asyncio.IncompleteReadError) as error:
                results.error(f"message {type(error).__name__}")
                results.in_flight -= 1
                return
            results.in_flight -= 1

    began = time.perf_counter()
    try:
        await asyncio.gather(*(converse(v) for v in live))
    finally:
        summary["chat_s"] = round(time.perf_counter() - began, 2)
        if args.pid:
            summary["rss_after_kb"] = rss_kb(args.pid)
        for visitor in visitors:
            visitor.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", default="http://127.0.0.1:8080", help="the Ticketflow server (127.0.0.1 only)")
    parser.add_argument("--origin", help="an allowed origin of the site, sent as Origin (default: --base)")
    parser.add_argument("--site", default="demo")
    parser.add_argument("--visitors", type=int, default=500)
    parser.add_argument("--messages", type=int, default=2, help="messages per visitor, one after the other")
    parser.add_argument("--ramp", type=float, default=0, help="spread the visitors' first messages over this many s")
    parser.add_argument("--answer-timeout", type=float, default=60, help="seconds to wait for one answer")
    parser.add_argument("--timeout", type=float, default=300, help="the whole run stops after this many seconds")
    parser.add_argument("--connect-concurrency", type=int, default=50, help="sessions and upgrades at once")
    parser.add_argument("--settle", type=float, default=3, help="seconds idle before reading the server's RSS")
    parser.add_argument("--pid", type=int, help="the server's process id, for memory per connection")
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--question", help="ask only this (default: one of QUESTIONS at random)")
    args = parser.parse_args()
    parts = urllib.parse.urlparse(args.base)
    if parts.scheme != "http" or parts.hostname != "127.0.0.1":
        raise SystemExit("chat-load only talks to http://127.0.0.1")
    args.host, args.port = "127.0.0.1", parts.port or 80
    args.origin = (args.origin or f"http://127.0.0.1:{args.port}").rstrip("/")

    # One descriptor per socket, plus the session calls in flight.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = args.visitors + args.connect_concurrency + 64
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(want, hard), hard))

    results = Results()
    summary = {"visitors": args.visitors, "messages_per_visitor": args.messages, "origin": args.origin}
    began = time.perf_counter()
    try:
        asyncio.run(asyncio.wait_for(run(args, results, summary), args.timeout))
    except asyncio.TimeoutError:
        summary["stopped"] = f"overall timeout after {args.timeout:g} s"
        print(f"chat-load: stopped after {args.timeout:g} s", file=sys.stderr, flush=True)
    latencies = sorted(results.latencies)
    ms = lambda v: None if v is None else round(v * 1000, 1)  # noqa: E731
    summary.update({
        "answered": len(latencies), "ai": results.kinds["ai"], "handover": results.kinds["handover"],
        "p50_ms": ms(percentile(latencies, 50)), "p95_ms": ms(percentile(latencies, 95)),
        "p99_ms": ms(percentile(latencies, 99)), "max_ms": ms(latencies[-1] if latencies else None),
        "errors": sum(results.errors.values()), "errors_by_kind": results.errors,
        "timeouts": results.timeouts + results.in_flight,
        "skipped_after_handover": results.skipped, "wall_s": round(time.perf_counter() - began, 2),
    })
    print(f"chat-load: {summary['answered']} answered ({summary['ai']} by the AI, {summary['handover']} handed over)"
          f" p50 {summary['p50_ms']} ms, p95 {summary['p95_ms']} ms, p99 {summary['p99_ms']} ms,"
          f" max {summary['max_ms']} ms; {summary['errors']} errors {results.errors or ''},"
          f" {summary['timeouts']} timeouts, {results.skipped} not sent after a hand-over")
    if results.previewed or results.withdrawn:
        first = sorted(p for p, _ in results.previewed)
        whole = sorted(a for _, a in results.previewed)
        summary.update({
            "previewed": len(results.previewed), "preview_withdrawn": results.withdrawn,
            "preview_p50_ms": ms(percentile(first, 50)), "previewed_answer_p50_ms": ms(percentile(whole, 50)),
        })
        print(f"chat-load: {len(results.previewed)} of {results.kinds['ai']} AI answers previewed first, the first"
              f" preview after a median {summary['preview_p50_ms']} ms against {summary['previewed_answer_p50_ms']} ms"
              f" for the same answers; {results.withdrawn} previews replaced by a hand-over")
    print(json.dumps(summary, sort_keys=True))
    # Errors and timeouts are results to report; only a run that could not finish fails.
    sys.exit(1 if "stopped" in summary or not summary.get("sockets_open") else 0)


if __name__ == "__main__":
    main()
