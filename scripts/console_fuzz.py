#!/usr/bin/env python3
"""Bad-input check of the console's pages and forms, over loopback.

    console_fuzz.py BASE_URL EMAIL PASSWORD [--seed N]

Signs in as the given admin, walks the console from its start pages (links one
level deep), and collects every form on the way. Each form is then sent with its
own values, and again with one field broken at a time: empty, missing, far too
long, not a number, out of range, not UTF-8, repeated. Page links get the same
treatment for their query values and path ids. Every answer must be under 500,
and the server must still answer /healthz at the end. Forms that end the
session or remove things (sign out, delete, deactivate) are left alone, so the
walk keeps its footing. Exits 1 on any failure.

Written by hand for the same reason as api_fuzz.py: no crawler or fuzzer on
this machine speaks to a cookie-and-CSRF form app without a browser around it.
"""
import argparse
import random
import re
import sys
import urllib.parse
from html.parser import HTMLParser

from api_fuzz import exchange, loopback

START_PAGES = [
    "/console/queue", "/console/inbox", "/console/notifications", "/console/mentions",
    "/console/kb", "/console/kb/new", "/console/mailboxes", "/console/webhooks",
    "/console/team", "/console/setup", "/console/dashboard",
] + [f"/console/tickets/{n}" for n in range(1, 7)]
LEAVE_ALONE = ("logout", "delete", "deactivate", "password", "revoke", "disable", "/events")
BAD_VALUES = [
    "", "abc", "-1", "0", "98765432109876543210987654321", "9223372036854775808", "1e999",
    "x" * 20_000, "\u0000", "😀" * 50, "<script>alert(1)</script>", "2026-02-30", " ",
]
BAD_RAW = ["%ff%fe", "%zz", "a=%", "&&&==", "%00"]
BAD_IDS = ["0", "-1", "abc", "98765432109876543210987654321", "%ff", "%2e%2e", "x" * 3000]


class Forms(HTMLParser):
    """The page's forms (action, fields with their first value) and its console links."""

    def __init__(self):
        super().__init__()
        self.forms, self.links, self.current = [], set(), None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and (attrs.get("href") or "").startswith("/console/"):
            self.links.add(attrs["href"])
        elif tag == "form" and (attrs.get("method") or "get").lower() == "post":
            self.current = {"action": attrs.get("action") or "", "fields": {}}
            self.forms.append(self.current)
        elif tag in ("input", "textarea", "select") and self.current is not None and attrs.get("name"):
            kind = (attrs.get("type") or "").lower()
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                self.current["fields"].setdefault(attrs["name"], None)
                return
            self.current["fields"][attrs["name"]] = attrs.get("value") or ""
        elif tag == "option" and self.current is not None and self.current["fields"]:
            name = list(self.current["fields"])[-1]
            if not self.current["fields"][name]:
                self.current["fields"][name] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None


class Session:
    def __init__(self, base):
        self.host, self.port = loopback(base, "console_fuzz")
        self.cookies, self.failures, self.sent = {}, [], 0

    def send(self, method, path, body=None, why=""):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.sent += 1
        response, payload = exchange(self.host, self.port, method, path, body, headers)
        if response is None:
            self.failures.append(f"{method} {path[:120]} [{why}]: no answer ({payload!r})")
            return None, b""
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";")[0]
        if response.status >= 500:
            self.failures.append(f"{method} {path[:120]} [{why}]: {response.status} {payload[:300]!r}")
        return response.status, payload

    def sign_in(self, email, password):
        _, page = self.send("GET", "/console/login", why="sign-in page")
        csrf = re.search(rb'name="_csrf" value="([^"]+)"', page)
        if not csrf:
            raise SystemExit("console_fuzz: no CSRF token on the sign-in page")
        form = urllib.parse.urlencode({"email": email, "password": password, "_csrf": csrf.group(1).decode()})
        status, _ = self.send("POST", "/console/login", form.encode(), why="sign in")
        if status not in (302, 303):
            raise SystemExit(f"console_fuzz: sign-in answered {status}")


def parse(payload):
    forms = Forms()
    forms.feed(payload.decode("utf-8", "replace"))
    return forms


def crawl(session):
    pages, forms, seen = list(START_PAGES), {}, set()
    for depth in range(2):
        found = []
        for page in pages:
            if page in seen or any(word in page for word in LEAVE_ALONE) or len(seen) >= 80:
                continue
            seen.add(page)
            status, payload = session.send("GET", page, why="walk")
            if status != 200:
                continue
            parsed = parse(payload)
            for form in parsed.forms:
                key = (form["action"], tuple(sorted(form["fields"])))
                forms.setdefault(key, dict(form, page=page))
            # As a browser does: characters a request line cannot carry are percent-encoded.
            found.extend(sorted(urllib.parse.quote(link, safe="/?&=%#+:@!$'()*,;~") for link in parsed.links))
        pages = found
    return seen, list(forms.values())


def encode(fields):
    return urllib.parse.urlencode([(k, v) for k, v in fields.items() if v is not None]).encode()


def fresh(session, form):
    """The form's current values: ticket forms carry the version they were read at,
    and a stale one is a 409 before any field is looked at."""
    status, payload = session.send("GET", form["page"], why="reload")
    if status == 200:
        for current in parse(payload).forms:
            if current["action"] == form["action"] and set(current["fields"]) == set(form["fields"]):
                return current["fields"]
    return form["fields"]


def break_forms(session, forms, rng):
    for form in forms:
        action = form["action"]
        if not action.startswith("/console/") or any(word in action for word in LEAVE_ALONE):
            continue
        session.send("POST", action, encode(fresh(session, form)), why="as found")
        for name in form["fields"]:
            if name == "_csrf":
                continue
            fields = fresh(session, form)
            session.send("POST", action, encode({k: v for k, v in fields.items() if k != name}), why=f"drop {name}")
            for bad in rng.sample(BAD_VALUES, 6):
                fields = fresh(session, form)
                session.send("POST", action, encode(dict(fields, **{name: bad})), why=f"{name}={bad[:16]!r}")
            repeated = encode(fresh(session, form)) + b"&" + urllib.parse.urlencode({name: "again"}).encode()
            session.send("POST", action, repeated, why=f"{name} twice")
        for raw in BAD_RAW:
            session.send("POST", action, encode(fresh(session, form)) + b"&" + raw.encode(), why=f"raw {raw}")
        session.send("POST", action, encode(dict(form["fields"], _csrf="forged")), why="forged CSRF")


def break_links(session, pages, rng):
    for page in sorted(pages):
        path, _, query = page.partition("?")
        for name, _ in urllib.parse.parse_qsl(query):
            for bad in rng.sample(BAD_VALUES, 5):
                values = dict(urllib.parse.parse_qsl(query), **{name: bad})
                session.send("GET", path + "?" + urllib.parse.urlencode(values), why=f"query {name}")
        parts = path.split("/")
        for index, part in enumerate(parts):
            if part.isdigit():
                for bad in BAD_IDS:
                    session.send("GET", "/".join(parts[:index] + [bad] + parts[index + 1:]), why="path id")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("base_url")
    parser.add_argument("email")
    parser.add_argument("password")
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    session = Session(args.base_url.rstrip("/"))
    session.sign_in(args.email, args.password)
    pages, forms = crawl(session)
    rng = random.Random(args.seed)
    break_forms(session, forms, rng)
    break_links(session, pages, rng)
    status, _ = session.send("GET", "/healthz", why="alive at the end")
    for failure in session.failures:
        print("FAIL", failure)
    print(f"console_fuzz: {len(pages)} pages, {len(forms)} forms, {session.sent} requests, "
          f"{len(session.failures)} failures, healthz {status}")
    sys.exit(1 if session.failures or status != 200 else 0)


if __name__ == "__main__":
    main()
