#!/usr/bin/env python3
"""Drives headless Chromium through the DevTools protocol to use the live-chat
widget as a customer and the console as an agent, in two browser contexts:

1. a customer page on its own origin asks a question the demo help center
   answers; the AI answer appears with a source link, and a thumbs-up sticks;
2. the customer asks something that must go to a person; the hand-over note
   appears (and the offline-email form, when offered, takes an address);
3. an agent signs in to the console, replies on the chat's ticket, and the
   reply appears in the customer's widget without a reload, with the agent's name;
4. after a reload the whole conversation (and the rating) is still there;
5. a forged user identity and a page on a disallowed origin are refused, by the
   API (403) and in the widget (a status line);
6. the agent hands the chat back and the AI answers the customer's next question;
7. with --preview-base (a second server with an LLM and `stream_answers`), the
   answer's checked preview grows in the widget, then the sent answer replaces it.

The customer pages are served by this script on loopback, with a strict Content
Security Policy (scripts only from the Ticketflow server, no inline styles,
Trusted Types), so the run also shows that the snippet needs nothing more.
Prints PASS or FAIL per step and exits non-zero on any failure. Only 127.0.0.1
targets are accepted."""
import argparse
import base64
import hashlib
import hmac
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from browser_test import Browser, sign_in  # noqa: E402  (the console's CDP client and sign-in)

SITE = "demo"
STORE_KEY = f"ticketflow-chat:{SITE}"
FORGED_HASH = "0" * 64


def log(line):
    print(f"chat-browser-test: {line}", flush=True)


class Page(Browser):
    """A page target, keeping the events worth reporting that arrive between calls:
    uncaught exceptions, console errors, CSP reports, and HTTP statuses of chat calls."""

    def __init__(self, ws_url, timeout, widget=None):
        super().__init__(ws_url, timeout)
        self.problems = []
        self.statuses = []  # (url, status) of /v1/chat/ responses, preflights included
        self.widget = widget  # script text served instead of the server's widget.js (--widget-file)
        self.side_ids = 10 ** 9  # ids of commands sent from inside call(), whose answers nobody waits for

    def _note(self, method, params):
        if method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            text = details.get("exception", {}).get("description") or details.get("text")
            self.problems.append(f"uncaught: {text} ({details.get('url', '')})")
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            entry = params["entry"]
            self.problems.append(f"{entry.get('source')}: {entry.get('text')} ({entry.get('url', '')})")
        elif method == "Fetch.requestPaused":
            # Answered at once, without waiting: call() is still waiting for its own answer.
            self.side_ids += 1
            self.ws.send(json.dumps({"id": self.side_ids, "method": "Fetch.fulfillRequest", "params": {
                "requestId": params["requestId"], "responseCode": 200,
                "responseHeaders": [{"name": "Content-Type", "value": "text/javascript; charset=utf-8"},
                                    {"name": "Cache-Control", "value": "no-store"}],
                "body": base64.b64encode(self.widget.encode()).decode()}}))
        elif method == "Network.responseReceived":
            response = params.get("response", {})
            if "/v1/chat/" in response.get("url", ""):
                self.statuses.append((response["url"], response.get("status")))

    def w(self, expression):
        """Evaluates `expression` with R bound to the widget's shadow root (null before it mounts).
        Return plain values: an element comes back as {}, which reads as false."""
        return self.js("(() => { const R = document.getElementById('ticketflow-chat')?.shadowRoot;"
                       f" if (!R) return null; return ({expression}); }})()")

    def wait_w(self, expression, what, timeout):
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                value = self.w(expression)
                if value:
                    return value
            except RuntimeError:
                pass  # navigating
            time.sleep(0.15)
        raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")

    def click(self, expression):
        """A real mouse click at the middle of the element (so something covering it would show)."""
        point = self.w(f"(() => {{ const r = ({expression}).getBoundingClientRect();"
                       " return [r.x + r.width / 2, r.y + r.height / 2]; })()")
        assert point, f"nothing to click for {expression}"
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", type=kind, x=point[0], y=point[1], button="left", clickCount=1)

    def key(self, name, code, modifiers=0):
        for kind in ("rawKeyDown", "keyUp"):
            self.call("Input.dispatchKeyEvent", type=kind, key=name, code=code, windowsVirtualKeyCode=code_of(name),
                      nativeVirtualKeyCode=code_of(name), modifiers=modifiers)

    def type_message(self, text):
        self.w("R.querySelector('[data-tf=input]').focus()")
        self.call("Input.insertText", text=text)
        self.key("Enter", "Enter")

    def reload(self):
        self.js("window.__tfBeforeReload = true")
        self.call("Page.reload", ignoreCache=True)
        self.wait_for("!window.__tfBeforeReload && document.readyState === 'complete'", "the reloaded page")

    def fetch_status(self, url, body=None, token_from_storage=False):
        """The HTTP status of a fetch made by the page itself (with its real Origin), or the
        browser's error when it may not read the answer (no CORS headers on it)."""
        headers = {"Content-Type": "application/json"} if body is not None else {}
        script = f"""(async () => {{
            const headers = {json.dumps(headers)};
            if ({json.dumps(token_from_storage)}) headers.Authorization = 'Bearer ' + localStorage.getItem({json.dumps(STORE_KEY)});
            try {{
                const r = await fetch({json.dumps(url)}, {{method: {json.dumps('POST' if body is not None else 'GET')},
                    headers, body: {json.dumps(None if body is None else json.dumps(body))}}});
                return {{status: r.status, body: await r.text()}};
            }} catch (e) {{ return {{error: String(e)}}; }}
        }})()"""
        return self.js(script)

    def screenshot(self, path):
        data = self.call("Page.captureScreenshot", format="png")["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))
        log(f"screenshot {path}")


def code_of(key):
    return {"Enter": 13, "Escape": 27, "Tab": 9}[key]


# ---- the customer's pages, served by this script ----

def page_html(base, attributes, heading):
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{heading}</title><link rel="icon" href="data:,"></head>
<body><h1>{heading}</h1>
<p>A page of a shop on another origin than the support server, with only the snippet added.</p>
<script src="{base}/widget.js" data-site="{SITE}" {attributes} async></script>
</body></html>"""


def serve_pages(port, base, secret, preview_base=None):
    """Starts a loopback HTTP server for the customer pages on `port`, in a thread; `/preview` embeds the
    widget of `preview_base`."""
    servers = [base] + ([preview_base] if preview_base else [])
    sockets = " ".join("ws" + b[len("http"):] for b in servers)
    # No inline script or style, Trusted Types on: any innerHTML in the widget would throw.
    csp = (f"default-src 'none'; script-src {' '.join(servers)}; connect-src {' '.join(servers)} {sockets}; "
           "style-src 'self'; img-src 'self' data:; require-trusted-types-for 'script'")
    signed = hmac.new(secret.encode(), b"u-browser-test", hashlib.sha256).hexdigest() if secret else ""
    pages = {
        "/": ("Northwind Shop", ""),
        "/forged": ("Signed in (forged)", f'data-user-id="u1" data-user-hash="{FORGED_HASH}"'),
        "/signed": ("Signed in", f'data-user-id="u-browser-test" data-user-hash="{signed}" data-user-name="Test User"'),
    }
    if preview_base:
        pages["/preview"] = ("Northwind Shop (answers streamed)", "")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            path = self.path.split("?")[0]
            if path not in pages:
                self.send_error(404)
                return
            heading, attributes = pages[path]
            body = page_html(preview_base if path == "/preview" else base, attributes, heading).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Security-Policy", csp)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


# ---- Chromium and its contexts ----

def start_chromium(path, port, workdir):
    flags = ["--headless", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
             "--remote-debugging-address=127.0.0.1", f"--remote-debugging-port={port}",
             f"--user-data-dir={workdir}", "--window-size=1280,860", "about:blank"]
    if os.geteuid() == 0:
        flags.insert(0, "--no-sandbox")
    log_file = open(os.path.join(workdir, "chromium.log"), "wb")
    return subprocess.Popen([path, *flags], stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True)


def browser_endpoint(port, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/version", timeout=2) as response:
                return json.load(response)["webSocketDebuggerUrl"]
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"Chromium DevTools did not answer on 127.0.0.1:{port} within {timeout}s")


class Contexts:
    """Browser contexts share nothing (storage, cookies), like two people on two machines."""

    def __init__(self, port, widget=None):
        self.port = port
        self.widget = widget
        self.browser = Browser(browser_endpoint(port), timeout=30)
        self.made = []

    def new_page(self, width=1280, height=860):
        context = self.browser.call("Target.createBrowserContext")["browserContextId"]
        self.made.append(context)
        target = self.browser.call("Target.createTarget", url="about:blank", browserContextId=context)["targetId"]
        page = Page(f"ws://127.0.0.1:{self.port}/devtools/page/{target}", timeout=30, widget=self.widget)
        for domain in ("Page", "Runtime", "Log", "Network"):
            page.call(f"{domain}.enable")
        if self.widget is not None:
            page.call("Fetch.enable", patterns=[{"urlPattern": "*/widget.js", "requestStage": "Request"}])
        page.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=False)
        return page

    def close(self):
        for context in self.made:
            try:
                self.browser.call("Target.disposeBrowserContext", browserContextId=context)
            except (RuntimeError, OSError):
                pass


# ---- the steps ----

MESSAGES = "[...R.querySelectorAll('[data-tf=message]')]"


def summary(page):
    """The widget's messages as (id, author, name, text)."""
    return page.w(f"{MESSAGES}.map(m => [m.dataset.id, m.dataset.author,"
                  " (m.querySelector('[data-tf=name]') || {}).textContent || '',"
                  " m.querySelector('.text').textContent])") or []


def open_widget(page, timeout):
    page.wait_w("!!R.querySelector('[data-tf=launcher]')", "the launcher", timeout)
    page.wait_w(f"localStorage.getItem({json.dumps(STORE_KEY)}) || R.querySelector('[data-tf=status]').textContent",
                "a chat session (or a status line)", timeout)
    page.click("R.querySelector('[data-tf=launcher]')")
    page.wait_w("!R.querySelector('[data-tf=panel]').hidden", "the panel to open", 5)


def ask_and_wait(page, text, timeout, want):
    """Sends `text` and waits for `want` ('answer' or 'handover'); fails fast on the other."""
    before = {m[0] for m in summary(page)}
    page.type_message(text)
    page.wait_w(f"{MESSAGES}.some(m => m.dataset.author === 'customer' && m.querySelector('.text').textContent"
                f" === {json.dumps(text)})", "the customer's message in the widget", 15)
    seen_thinking = False
    deadline = time.time() + timeout
    while time.time() < deadline:
        seen_thinking = seen_thinking or bool(page.w("!!R.querySelector('[data-tf=thinking]')"))
        new = [m for m in summary(page) if m[0] not in before and m[1] == "ai"]
        handover = page.w("(R.querySelector('[data-tf=handover] p') || {}).textContent || ''")
        status = page.w("R.querySelector('[data-tf=status]').textContent")
        if want == "answer" and new:
            return new[-1], seen_thinking
        if want == "handover" and handover:
            return handover, seen_thinking
        if want == "answer" and handover:
            raise AssertionError(f"the question was handed to a person instead of answered: {handover!r}")
        if want == "handover" and new:
            raise AssertionError(f"the AI answered instead of handing over: {new[-1][3][:160]!r}")
        if status:
            raise AssertionError(f"the widget says {status!r}")
        time.sleep(0.2)
    raise AssertionError(f"no {want} within {timeout}s")


def step_answer(customer, args, out, state):
    customer.goto(args.customer_origin + "/")
    open_widget(customer, 20)
    focused = customer.w("R.activeElement && R.activeElement.dataset.tf")
    assert focused == "input", f"opening the panel put the focus on {focused!r}, not the message input"
    customer.key("Escape", "Escape")
    closed = customer.w("R.querySelector('[data-tf=panel]').hidden && R.activeElement.dataset.tf === 'launcher'")
    assert closed, "Escape did not close the panel and return the focus to the launcher"
    customer.click("R.querySelector('[data-tf=launcher]')")
    customer.wait_w("R.activeElement && R.activeElement.dataset.tf === 'input'", "the input focused again", 5)

    answer, thinking = ask_and_wait(customer, args.question, args.answer_timeout, "answer")
    links = customer.w(f"""(() => {{
        const m = R.querySelector('[data-tf=message][data-id="{answer[0]}"]');
        return [...m.querySelectorAll('[data-tf=source]')].map(a => [a.tagName, a.textContent, a.getAttribute('href'),
            a.getAttribute('rel'), a.getAttribute('target')]);
    }})()""")
    assert links, f"the AI answer shows no sources: {answer[3][:160]!r}"
    linked = [s for s in links if s[0] == "A" and (s[2] or "").startswith(("http://", "https://"))]
    assert linked, f"no source is a link (sources {links!r})"
    assert all(s[3] == "noopener noreferrer" and s[4] == "_blank" for s in linked), f"unsafe link attributes {linked!r}"
    log(f"answer {answer[3][:100]!r}... with {len(linked)} source link(s), first {linked[0][2]}"
        f" (thinking indicator {'seen' if thinking else 'not seen: the answer came first'})")

    customer.click(f"R.querySelector('[data-tf=message][data-id=\"{answer[0]}\"] [data-tf=rate-up]')")
    customer.wait_w(f"R.querySelector('[data-tf=message][data-id=\"{answer[0]}\"] [data-tf=rate-up]')"
                    ".getAttribute('aria-pressed') === 'true' && !R.querySelector('[data-tf=status]').textContent",
                    "the thumbs-up to stick", 10)
    customer.screenshot(os.path.join(out, "chat-answer.png"))
    state["answer_id"] = answer[0]


def step_handover(customer, args, out, state):
    text, _ = ask_and_wait(customer, args.handover_question, args.answer_timeout, "handover")
    log(f"hand-over note: {text!r}")
    if customer.w("!!R.querySelector('[data-tf=email-form]')"):
        customer.w("R.querySelector('[data-tf=email]').focus()")
        customer.call("Input.insertText", text="customer@example.com")
        customer.click("R.querySelector('[data-tf=email-send]')")
        note = customer.wait_w("(R.querySelector('[data-tf=email-note]') || {}).textContent", "the email note", 10)
        log(f"offline email left; the widget says {note!r}")
    customer.screenshot(os.path.join(out, "chat-handover.png"))


def step_agent_reply(customer, agent, args, out, state):
    conversation = customer.fetch_status(args.base + "/v1/chat/conversation", token_from_storage=True)
    assert conversation.get("status") == 200, f"GET /v1/chat/conversation from the page: {conversation}"
    ticket = json.loads(conversation["body"]).get("ticket_id")
    assert ticket, f"the conversation has no ticket: {conversation['body'][:200]}"
    state["ticket"] = ticket

    sign_in(agent, args.base, args.email, args.password)
    agent.goto(f"{args.base}/console/tickets/{ticket}")
    assert agent.js("!!document.getElementById('draft-body')"), f"ticket {ticket} shows no reply box"
    reply = f"Hello, this is a person from the team (check {int(time.time()) % 100000}). I have your message."
    agent.js("document.getElementById('draft-body').value = ''")
    agent.js("document.getElementById('draft-body').focus()")
    agent.call("Input.insertText", text=reply)
    agent.js("document.getElementById('send-button').click()")
    agent.wait_for("location.search.includes('done=send') && document.readyState === 'complete'",
                   "the ticket page after sending", 20)
    agent.screenshot(os.path.join(out, "chat-console-ticket.png"))

    shown = customer.wait_w(f"{MESSAGES}.find(m => m.dataset.author === 'agent' && m.querySelector('.text').textContent"
                            f" === {json.dumps(reply)})?.querySelector('[data-tf=name]').textContent",
                            "the agent's reply in the customer's widget, without a reload", 20)
    if args.agent_name:
        assert shown == args.agent_name, f"the reply is signed {shown!r}, expected {args.agent_name!r}"
    assert shown.strip(), "the agent's reply shows no name"
    customer.wait_w(f"""(() => {{
        const m = {MESSAGES}.find(m => m.dataset.author === 'agent'), log = R.querySelector('[data-tf=log]');
        const r = m.getBoundingClientRect(), l = log.getBoundingClientRect();
        return r.bottom <= l.bottom + 1 && r.top >= l.top - 1;
    }})()""", "the log to scroll the reply into view", 5)
    log(f"ticket {ticket}: the agent's reply appeared live, in view, signed {shown!r}")
    customer.screenshot(os.path.join(out, "chat-agent-reply.png"))
    state["reply"] = reply


def step_reload(customer, args, out, state):
    before = summary(customer)
    customer.reload()
    customer.wait_w(f"{MESSAGES}.length >= {len(before)}", "the conversation after the reload", 20)
    after = summary(customer)
    assert [m[:2] for m in after] == [m[:2] for m in before], f"history differs after reload: {before} vs {after}"
    authors = [m[1] for m in after]
    assert authors.count("customer") >= 2 and "ai" in authors, f"history after reload: {authors}"
    if "answer_id" in state:
        pressed = customer.w(f"R.querySelector('[data-tf=message][data-id=\"{state['answer_id']}\"] [data-tf=rate-up]')"
                             ".getAttribute('aria-pressed')")
        assert pressed == "true", f"the thumbs-up did not survive the reload (aria-pressed {pressed!r})"
    log(f"after reload: {len(after)} messages ({', '.join(authors)})")

    # The same page on a phone: the open panel fills the screen.
    customer.call("Emulation.setDeviceMetricsOverride", width=390, height=760, deviceScaleFactor=2, mobile=True)
    customer.click("R.querySelector('[data-tf=launcher]')")
    rect = customer.wait_w("(() => { const r = R.querySelector('[data-tf=panel]').getBoundingClientRect();"
                           " return r.width ? [r.width, r.height] : null; })()", "the panel on a phone", 5)
    assert rect[0] >= 389 and rect[1] >= 759, f"on a 390x760 screen the panel is {rect}, not full-screen"
    customer.screenshot(os.path.join(out, "chat-mobile.png"))
    customer.call("Emulation.setDeviceMetricsOverride", width=1280, height=860, deviceScaleFactor=1, mobile=False)


def step_hand_back(customer, agent, args, out, state):
    agent.goto(f"{args.base}/console/tickets/{state['ticket']}")
    agent.js("document.querySelector(\"form[action$='/hand-back'] button\").click()")
    agent.wait_for("location.search.includes('done=hand-back') && document.readyState === 'complete'",
                   "the ticket page after handing back", 20)
    customer.wait_w("!R.querySelector('[data-tf=handover]')", "the hand-over note to go", 10)
    answer, _ = ask_and_wait(customer, args.follow_up, args.answer_timeout, "answer")
    log(f"after the hand-back the AI answered {answer[3][:80]!r}...")
    customer.screenshot(os.path.join(out, "chat-hand-back.png"))


def step_preview(contexts, args, out, state):
    """The LLM streams slowly: the preview must show before the answer, hold only checked text (no
    markers), sit under "Still checking", and go when the sent answer arrives."""
    page = contexts.new_page()
    page.goto(args.customer_origin + "/preview")
    open_widget(page, 20)
    page.type_message(args.question)
    seen, shot = [], False
    deadline = time.time() + args.answer_timeout
    answer = None
    while time.time() < deadline:
        preview = page.w("(() => { const p = R.querySelector('[data-tf=preview]');"
                         " return p ? [p.querySelector('.text').textContent, p.querySelector('.checking').textContent]"
                         " : null; })()")
        if preview and (not seen or seen[-1] != preview[0]):
            seen.append(preview[0])
            assert preview[1], "the preview has no 'still checking' line"
            if not shot:
                page.screenshot(os.path.join(out, "chat-preview.png"))
                shot = True
        answers = [m for m in summary(page) if m[1] == "ai"]
        if answers:
            answer = answers[-1]
            break
        status = page.w("R.querySelector('[data-tf=status]').textContent")
        assert not status, f"the widget says {status!r}"
        time.sleep(0.1)
    assert answer, f"no answer within {args.answer_timeout}s (previews seen: {seen})"
    assert seen, "the answer arrived with no preview before it"
    assert all("[Source" not in text for text in seen), f"a marker reached the preview: {seen}"
    assert all(answer[3].startswith(text) for text in seen), f"previews {seen} are not the start of {answer[3]!r}"
    assert not page.w("!!R.querySelector('[data-tf=preview]')"), "the preview is still there beside the answer"
    page.screenshot(os.path.join(out, "chat-preview-answered.png"))
    problems = [p for p in page.problems if p.startswith("uncaught") or "Content Security Policy" in p
                or "Trusted Type" in p]
    assert not problems, "the widget logged errors:\n  " + "\n  ".join(problems[:10])
    log(f"previews {seen}, then the answer {answer[3][:80]!r}...")


def refused(page, url, body, origin, what, token_from_storage=False):
    """Checks a call from the page itself is refused with 403. When the browser may not read
    the refusal (no CORS headers), the DevTools network log, then a direct request with the
    same Origin, say what the server answered."""
    result = page.fetch_status(url, body, token_from_storage)
    if "status" in result:
        assert result["status"] == 403, f"{what}: {result['status']} {result['body'][:200]}"
        return f"403 ({json.loads(result['body'] or '{}').get('title', '')})"
    seen = [status for u, status in page.statuses if u.split("?")[0] == url]
    if 403 in seen:
        return f"403 (seen by DevTools; the page may not read it: {result['error']})"
    request = urllib.request.Request(url, data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Origin": origin, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            raise AssertionError(f"{what}: {response.status} with Origin {origin}")
    except urllib.error.HTTPError as error:
        assert error.code == 403, f"{what}: {error.code} with Origin {origin}"
    return f"403 (the page may not read the refusal: {result['error']}; checked with Origin {origin} from here)"


def step_refusals(contexts, args, out, state):
    forged = contexts.new_page()
    forged.goto(args.customer_origin + "/forged")
    status = forged.wait_w("R.querySelector('[data-tf=status]').textContent", "a refusal in the widget", 20)
    api = refused(forged, args.base + "/v1/chat/sessions",
                  {"site": SITE, "user": {"id": "u1", "hash": FORGED_HASH}}, args.customer_origin, "forged identity")
    forged.click("R.querySelector('[data-tf=launcher]')")
    forged.screenshot(os.path.join(out, "chat-forged-identity.png"))
    log(f"forged identity: API {api}; the widget says {status!r}")

    if args.site_secret:
        forged.goto(args.customer_origin + "/signed")
        forged.wait_w(f"localStorage.getItem({json.dumps(STORE_KEY)}) && !!R.querySelector('[data-tf=send]')",
                      "a session for the correctly signed user", 20)
        status = forged.w("R.querySelector('[data-tf=status]').textContent")
        assert not status, f"a correctly signed identity was refused: {status!r}"
        log("a correctly signed identity is accepted")

    denied = contexts.new_page()
    denied.goto(args.denied_origin + "/")
    status = denied.wait_w("R.querySelector('[data-tf=status]').textContent", "an error status in the widget", 20)
    api = refused(denied, args.base + "/v1/chat/sessions", {"site": SITE}, args.denied_origin, "disallowed origin")
    socket = "not tried (no visitor token from step 1)"
    if state.get("token"):
        socket = denied.js(f"""new Promise(done => {{
            const ws = new WebSocket({json.dumps(args.base.replace('http', 'ws', 1) + '/v1/chat/socket?token=')}
                + encodeURIComponent({json.dumps(state['token'])}));
            ws.onopen = () => {{ ws.close(); done('opened'); }};
            ws.onerror = () => done('refused');
            setTimeout(() => done('no answer'), 8000);
        }})""")
        assert socket == "refused", f"a WebSocket from the disallowed origin with a valid token: {socket}"
    denied.click("R.querySelector('[data-tf=launcher]')")
    denied.screenshot(os.path.join(out, "chat-denied-origin.png"))
    log(f"disallowed origin: sessions {api}; socket {socket}; the widget says {status!r}")


def origin_arg(value):
    """An origin given as a port or as http://127.0.0.1:PORT."""
    origin = f"http://127.0.0.1:{value}" if value.isdigit() else value.rstrip("/")
    parts = urllib.parse.urlparse(origin)
    if parts.scheme != "http" or parts.hostname != "127.0.0.1" or not parts.port or parts.path:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port or an http://127.0.0.1:PORT origin")
    return origin


def run(args):
    os.makedirs(args.screenshots, exist_ok=True)
    workdir = tempfile.mkdtemp(prefix="chat-browser-")
    pages = [serve_pages(urllib.parse.urlparse(origin).port, args.base, args.site_secret, args.preview_base)
             for origin in (args.customer_origin, args.denied_origin)]
    chromium = start_chromium(args.chromium, args.devtools_port, workdir) if args.chromium else None
    contexts = None
    failures = []
    try:
        widget = None
        if args.widget_file:
            with open(args.widget_file, encoding="utf-8") as f:
                widget = f.read()
        contexts = Contexts(args.devtools_port, widget)
        customer = contexts.new_page()
        agent = contexts.new_page(width=1366, height=900)
        state = {}
        steps = [
            ("1 answer with a source link", lambda: step_answer(customer, args, args.screenshots, state), []),
            ("2 hand-over", lambda: step_handover(customer, args, args.screenshots, state), ["1"]),
            ("3 agent reply appears live", lambda: step_agent_reply(customer, agent, args, args.screenshots, state),
             ["1"]),
            ("4 history after reload", lambda: step_reload(customer, args, args.screenshots, state), ["1"]),
            ("5 forged identity and disallowed origin refused",
             lambda: step_refusals(contexts, args, args.screenshots, state), []),
            ("6 hand back to the AI", lambda: step_hand_back(customer, agent, args, args.screenshots, state), ["3"]),
        ]
        if args.preview_base:
            steps.append(("7 a checked preview before the answer",
                          lambda: step_preview(contexts, args, args.screenshots, state), []))
        for name, step, needs in steps:
            number = name.split()[0]
            if any(n in failures for n in needs):
                log(f"FAIL step {name}: skipped, step {', '.join(needs)} failed")
                failures.append(number)
                continue
            try:
                step()
                if number == "1":
                    state["token"] = customer.js(f"localStorage.getItem({json.dumps(STORE_KEY)})")
                log(f"PASS step {name}")
            except (AssertionError, RuntimeError, OSError) as error:
                log(f"FAIL step {name}: {error}")
                failures.append(number)
                try:
                    customer.screenshot(os.path.join(args.screenshots, f"chat-failed-step-{number}.png"))
                except (RuntimeError, OSError):
                    pass
        # Refused calls and a failed upgrade are logged by the browser too; those are not the widget's fault.
        widget_problems = [p for p in customer.problems
                           if p.startswith("uncaught") or "Content Security Policy" in p or "Trusted Type" in p]
        if widget_problems:
            log("FAIL the widget logged errors on the customer page:\n  " + "\n  ".join(widget_problems[:10]))
            failures.append("console")
        else:
            log("PASS no uncaught error or CSP violation on the customer page")
    finally:
        if contexts:
            contexts.close()
        if chromium:
            chromium.terminate()
            try:
                chromium.wait(10)
            except subprocess.TimeoutExpired:
                chromium.kill()
        for server in pages:
            server.shutdown()
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", required=True, help="the Ticketflow server, http://127.0.0.1:PORT, in demo mode")
    parser.add_argument("--customer-origin", required=True, type=origin_arg,
                        help="port (or http://127.0.0.1:PORT) for the customer page; in site demo's allowed_origins")
    parser.add_argument("--denied-origin", required=True, type=origin_arg,
                        help="port (or origin) for a page that is NOT in allowed_origins")
    parser.add_argument("--email", required=True, help="a console agent's email")
    parser.add_argument("--password", required=True)
    parser.add_argument("--agent-name", help="the agent's display name, expected on the reply in the widget")
    parser.add_argument("--site-secret", help="site demo's identity_secret (a correctly signed user is accepted too)")
    parser.add_argument("--question", default="How do I reset my password?",
                        help="a question the demo help center answers with confidence")
    parser.add_argument("--handover-question",
                        default="I want to speak to a person right now. You keep charging me and my lawyer will be in touch.",
                        help="a message the pipeline must hand to a person")
    parser.add_argument("--follow-up", default="How do I turn on two-factor authentication?",
                        help="a question the AI answers once the agent has handed the chat back")
    parser.add_argument("--answer-timeout", type=float, default=60, help="seconds to wait for an answer or hand-over")
    parser.add_argument("--screenshots", default="out/screenshots")
    parser.add_argument("--chromium", help="start this Chromium (headless) on --devtools-port; else connect to one")
    parser.add_argument("--devtools-port", required=True, type=int)
    parser.add_argument("--preview-base", help="a second server, http://127.0.0.1:PORT, in demo mode with an LLM"
                        " and site demo's stream_answers on, for step 7")
    parser.add_argument("--widget-file", help="serve this script in place of the server's widget.js (to try changes"
                        " to the widget without rebuilding the server)")
    args = parser.parse_args()
    args.base = args.base.rstrip("/")
    args.preview_base = args.preview_base.rstrip("/") if args.preview_base else None
    if any(urllib.parse.urlparse(b).hostname != "127.0.0.1" for b in (args.base, args.preview_base) if b):
        raise SystemExit("chat-browser-test only talks to 127.0.0.1")
    # A timeout's SIGTERM still stops Chromium and the page servers (the finally blocks run).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        failures = run(args)
    except (AssertionError, RuntimeError, OSError) as error:
        log(f"FAIL: {error}")
        sys.exit(1)
    if failures:
        log(f"FAIL ({len(failures)} failed: {', '.join(failures)})")
        sys.exit(1)
    log("PASS")


if __name__ == "__main__":
    main()
