#!/usr/bin/env python3
"""Bad-input check of every operation in docs/openapi.yaml, over loopback.

    api_fuzz.py BASE_URL ADMIN_TOKEN [--seed N] [--per-operation N]

For each documented operation it sends requests built from the operation's own
schema and then broken one way each: a field of the wrong type, null, missing,
far too long or deeply nested; path and query values that are not numbers, out
of range, huge or not UTF-8; bodies that are not JSON, not an object, not UTF-8,
or sent under another content type. Every answer must be under 500, and every
4xx answer a JSON problem body; at the end /healthz must still answer, with the
store "ok": bad input never counts as a failing store.
Prints each failure with the request that caused it and exits 1 if there was one.

Written by hand because no fuzzer on this machine reads OpenAPI 3.1 and speaks
plain HTTP without a test framework around it; the mutations are few and fixed
by the seed, so a failure reproduces.
"""
import argparse
import http.client
import json
import random
import sys
import urllib.parse

import yaml

# Requests that would end the run's own credentials or wipe the demo store:
# these get broken path values only, never the valid ones.
DESTRUCTIVE = ("delete", "/disable", "/active", "/password")
HUGE_INT = 98765432109876543210987654321


def resolve(spec, node, depth=0):
    """The schema with its $ref followed (one level at a time, bounded)."""
    while isinstance(node, dict) and "$ref" in node and depth < 20:
        path = node["$ref"].lstrip("#/").split("/")
        node = spec
        for part in path:
            node = node[part]
        depth += 1
    return node


def first_type(schema):
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind is None and "properties" in schema:
        kind = "object"
    return kind


def example(spec, schema, rng, depth=0):
    """A value that fits the schema, as far as a small generator can tell."""
    schema = resolve(spec, schema)
    if not isinstance(schema, dict) or depth > 6:
        return None
    for key in ("oneOf", "anyOf"):
        if key in schema:
            return example(spec, rng.choice(schema[key]), rng, depth + 1)
    if "allOf" in schema:
        merged = {}
        for part in schema["allOf"]:
            part = resolve(spec, part)
            merged.update(example(spec, part, rng, depth + 1) or {})
        return merged
    if "example" in schema:
        return schema["example"]
    if "enum" in schema:
        return rng.choice(schema["enum"])
    if "default" in schema:
        return schema["default"]
    kind = first_type(schema)
    if kind == "object":
        return {
            name: example(spec, sub, rng, depth + 1)
            for name, sub in schema.get("properties", {}).items()
        }
    if kind == "array":
        return [example(spec, schema.get("items", {}), rng, depth + 1)]
    if kind == "integer":
        return max(schema.get("minimum", 1), 1)
    if kind == "number":
        return 0.5
    if kind == "boolean":
        return True
    if kind == "string":
        fmt = schema.get("format")
        if fmt == "date-time":
            return "2026-12-03T10:02:00Z"
        if fmt == "email" or "email" in str(schema.get("description", "")):
            return "fuzz@example.com"
        if fmt in ("uri", "url"):
            return "http://127.0.0.1:9/hook"
        return "I was charged twice for order 1042"
    return None


WRONG_VALUES = [
    None, 0, -1, HUGE_INT, 1.5e308, True, "", "x" * 70_000, [], {},
    ["a", 1, None], {"a": {"b": {"c": [1]}}}, "\u0000", "\ud7ff\ue000😀",
    "2026-13-45T99:99:99Z", "-0", "NaN", 1e-320,
]


def mutations(value, rng, path=()):
    """(description, mutated body) pairs: one field broken at a time."""
    if isinstance(value, dict):
        for key, sub in value.items():
            where = path + (key,)
            yield f"drop {'.'.join(where)}", drop(value, key)
            for wrong in rng.sample(WRONG_VALUES, 6):
                yield f"{'.'.join(where)} = {short(wrong)}", replace(value, key, wrong)
            for text, inner in mutations(sub, rng, where):
                yield text, replace(value, key, inner)
        yield "extra field", dict(value, zz_unknown={"x": [1, 2]})
    elif isinstance(value, list) and value:
        yield f"{'.'.join(path)} with 5000 items", value * 5000
        for text, inner in mutations(value[0], rng, path + ("0",)):
            yield text, [inner]


def drop(obj, key):
    return {k: v for k, v in obj.items() if k != key}


def replace(obj, key, new):
    copy = dict(obj)
    copy[key] = new
    return copy


def short(value):
    text = json.dumps(value)
    return text if len(text) < 40 else text[:37] + "..."


def nested(depth):
    body = "1"
    for _ in range(depth):
        body = "[" + body + "]"
    return body


RAW_BODIES = [
    ("not JSON", b"{not json", "application/json"),
    ("empty body", b"", "application/json"),
    ("JSON array", b"[1,2,3]", "application/json"),
    ("JSON string", b'"hello"', "application/json"),
    ("JSON null", b"null", "application/json"),
    ("invalid UTF-8", b'{"text":"\xff\xfe\xc3"}', "application/json"),
    ("nested 10000 deep", nested(10_000).encode(), "application/json"),
    ("duplicate keys", b'{"a":1,"a":2}', "application/json"),
    ("form body", b"a=1&b=2", "application/x-www-form-urlencoded"),
    ("text body", b"hello", "text/plain"),
    ("no content type", b"{}", None),
    ("lone surrogate escape", b'{"text":"\\ud800","body":"\\udfff"}', "application/json"),
]

BAD_PATH_VALUES = [
    "0", "-1", "abc", str(HUGE_INT), "1.5", "%00", "%ff%fe", "%2e%2e", "x" * 3000,
    "1%20OR%201=1", "%F0%9F%98%80", "9223372036854775807", "9223372036854775808",
]
BAD_QUERY_VALUES = [
    "", "abc", "-1", "0", str(HUGE_INT), "1e999", "%ff", "%00", "x" * 5000,
    "9223372036854775808", "2026-02-30T25:00:00Z", "null", "[]",
]


def loopback(base, tool):
    """Host and port of BASE_URL, which must be a loopback address."""
    parsed = urllib.parse.urlsplit(base)
    if parsed.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"{tool}: loopback targets only")
    return parsed.hostname, parsed.port


def exchange(host, port, method, path, body, headers):
    """One request on a connection of its own: (response, payload), or (None, error) when no answer came."""
    connection = http.client.HTTPConnection(host, port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response, response.read()
    except Exception as error:  # a dropped connection is a failure too
        return None, error
    finally:
        connection.close()


class Client:
    def __init__(self, base, token):
        self.host, self.port = loopback(base, "api_fuzz")
        self.token = token
        self.origin = f"http://127.0.0.1:{self.port}"
        self.visitor = None
        self.failures = []
        self.sent = 0
        self.statuses = {}

    def send(self, method, path, body=None, content_type="application/json", auth=True, why=""):
        headers = {"Accept": "application/json"}
        chat = path.startswith("/v1/chat")
        if chat:
            # The demo site allows the server's own origin (docs/channels.md).
            headers["Origin"] = self.origin
        token = self.visitor if chat else self.token
        if auth and token:
            headers["Authorization"] = "Bearer " + token
        if content_type:
            headers["Content-Type"] = content_type
        self.sent += 1
        response, payload = exchange(self.host, self.port, method, path, body, headers)
        if response is None:
            self.failures.append(f"{method} {path[:120]} [{why}]: no answer ({payload!r})")
            return None
        self.check(method, path, why, response, payload)
        key = (method, path.split("?")[0][:60])
        self.statuses.setdefault(key, {}).setdefault(response.status, 0)
        self.statuses[key][response.status] += 1
        return response.status

    def check(self, method, path, why, response, payload):
        where = f"{method} {path[:120]} [{why}]"
        if response.status >= 500:
            self.failures.append(f"{where}: {response.status} {payload[:300]!r}")
            return
        if 400 <= response.status < 500:
            kind = response.getheader("Content-Type", "")
            if "json" not in kind:
                self.failures.append(f"{where}: {response.status} with Content-Type {kind!r}")
                return
            try:
                problem = json.loads(payload)
            except ValueError:
                self.failures.append(f"{where}: {response.status} body is not JSON: {payload[:200]!r}")
                return
            if not isinstance(problem, dict) or not problem.get("title") and not problem.get("detail"):
                self.failures.append(f"{where}: {response.status} body is no problem: {payload[:200]!r}")


def operations(spec):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                yield path, method.upper(), operation


def fill_path(template, params, values):
    path = template
    for param in params:
        if param.get("in") == "path":
            path = path.replace("{" + param["name"] + "}", values.get(param["name"], "1"))
    return path


def start_chat(client):
    """A visitor token of the demo site, so chat calls reach their handlers."""
    response, payload = exchange(
        client.host, client.port, "POST", "/v1/chat/sessions", b'{"site":"demo"}',
        {"Content-Type": "application/json", "Origin": client.origin},
    )
    if response is None or response.status != 200:
        raise SystemExit(f"api_fuzz: no chat session ({payload!r})")
    client.visitor = json.loads(payload)["token"]


def body_schema_for(spec, operation, action):
    """The request schema; for a oneOf of titled shapes, the one naming the action."""
    schema = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
    schema = resolve(spec, schema) if schema else None
    if schema and action and "oneOf" in schema:
        for shape in schema["oneOf"]:
            if action in resolve(spec, shape).get("title", "").split(" or "):
                return shape
        return None
    return schema


def run(client, spec, rng, per_operation):
    start_chat(client)
    for template, method, operation in operations(spec):
        for action in actions(spec, operation):
            run_operation(client, spec, rng, per_operation, template, method, operation, action)


def actions(spec, operation):
    for param in operation.get("parameters", []):
        param = resolve(spec, param)
        if param.get("in") == "path" and param["name"] == "action":
            return param["schema"]["enum"]
    return [None]


def run_operation(client, spec, rng, per_operation, template, method, operation, action):
    if template in ("/v1/chat/socket", "/v1/chat/events", "/metrics"):
        return  # long-lived streams; covered by the chat browser test
    params = [resolve(spec, p) for p in operation.get("parameters", [])]
    path_params = [p for p in params if p.get("in") == "path"]
    query_params = [p for p in params if p.get("in") == "query"]
    destructive = any(word in (method.lower() + template) for word in DESTRUCTIVE)
    valid_path = fill_path(template, params, {"action": action or "", "email": "fuzz%40example.com"})

    for param in path_params:
        for bad in BAD_PATH_VALUES:
            path = fill_path(template, params, {"action": action or "", param["name"]: bad})
            client.send(method, path, b"{}", why=f"path {param['name']}={bad[:20]}")
    if destructive and path_params:
        return

    for param in query_params:
        for bad in BAD_QUERY_VALUES:
            query = urllib.parse.urlencode({param["name"]: bad}, safe="%")
            client.send(method, f"{valid_path}?{query}", why=f"query {param['name']}={bad[:20]}")
    client.send(method, valid_path + "?" + "&".join(f"q{i}=1" for i in range(2000)), why="2000 query items")

    body_schema = body_schema_for(spec, operation, action)
    if method in ("POST", "PUT", "PATCH"):
        for name, raw, kind in RAW_BODIES:
            client.send(method, valid_path, raw, content_type=kind, why=name)
    if body_schema is None:
        return
    valid = example(spec, body_schema, rng)
    client.send(method, valid_path, json.dumps(valid).encode(), why="schema example")
    broken = list(mutations(valid, rng))
    rng.shuffle(broken)
    for why, body in broken[:per_operation]:
        client.send(method, valid_path, json.dumps(body).encode(), why=why)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("base_url")
    parser.add_argument("admin_token")
    parser.add_argument("--spec", default="docs/openapi.yaml")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--per-operation", type=int, default=60)
    parser.add_argument("--statuses", action="store_true", help="print the answers' status codes per path")
    args = parser.parse_args()
    with open(args.spec) as handle:
        spec = yaml.safe_load(handle)
    client = Client(args.base_url.rstrip("/"), args.admin_token)
    run(client, spec, random.Random(args.seed), args.per_operation)
    # Alive, and not degraded: bad input must never count as a failing store.
    response, payload = exchange(client.host, client.port, "GET", "/healthz", None, {})
    alive = response.status if response else None
    if alive == 200 and json.loads(payload).get("status") != "ok":
        client.failures.append(f"/healthz after the run: {payload[:300]!r}")
    if args.statuses:
        for (method, path), counts in sorted(client.statuses.items()):
            print(method, path, dict(sorted(counts.items())))
    for failure in client.failures:
        print("FAIL", failure)
    print(f"api_fuzz: {client.sent} requests, {len(client.failures)} failures, healthz {alive}")
    sys.exit(1 if client.failures or alive != 200 else 0)


if __name__ == "__main__":
    main()
