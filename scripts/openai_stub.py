#!/usr/bin/env python3
"""A loopback stand-in for an OpenAI-compatible LLM endpoint, for browser tests that need an LLM's
streaming to be slow enough to watch: every chat completion replies with the same content. A request
with "stream": true gets it as server-sent events, a few characters every --piece-delay seconds, ended
as OpenAI ends a stream (finish reason, usage, [DONE]); any other request gets it whole after
--reply-delay seconds. Only 127.0.0.1 is served. Stops on SIGTERM."""
import argparse
import json
import signal
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--content", required=True, help="the assistant message's content, as every reply's")
    parser.add_argument("--piece-delay", type=float, default=0.05, help="seconds between streamed pieces")
    parser.add_argument("--reply-delay", type=float, default=1.0, help="seconds before a whole reply")
    args = parser.parse_args()

    def chunk(delta, finish=None):
        return {"object": "chat.completion.chunk", "model": "stub",
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            try:
                request = json.loads(self.rfile.read(length) or b"{}")
            except ValueError:
                request = {}
            if not self.path.endswith("/chat/completions"):
                self.send_error(404)
                return
            if request.get("stream"):
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Connection", "close")
                self.end_headers()
                events = [chunk({"content": args.content[i:i + 4]}) for i in range(0, len(args.content), 4)]
                events += [chunk({}, "stop"), {"object": "chat.completion.chunk", "choices": [],
                                               "usage": {"prompt_tokens": 100, "completion_tokens": len(events),
                                                         "total_tokens": 100 + len(events)}}]
                for event in events:
                    self.wfile.write(f"data: {json.dumps(event)}\n\n".encode())
                    self.wfile.flush()
                    time.sleep(args.piece_delay)
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()
                self.close_connection = True
                return
            time.sleep(args.reply_delay)
            body = json.dumps({
                "object": "chat.completion", "model": "stub",
                "choices": [{"index": 0, "message": {"role": "assistant", "content": args.content},
                             "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 100, "completion_tokens": 40, "total_tokens": 140},
            }).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        server.serve_forever()
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
