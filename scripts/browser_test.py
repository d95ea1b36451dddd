#!/usr/bin/env python3
"""Drives headless Chromium through the DevTools protocol (standard library
only: a minimal WebSocket client) to use the agent console as a person would:
sign in, open the queue, open a ticket, send the draft with Ctrl+Enter, and
check the ticket is resolved. Writes screenshots. Exits non-zero on failure.
Only 127.0.0.1 targets are accepted."""
import argparse, base64, json, os, socket, struct, sys, time, urllib.parse, urllib.request


class WebSocket:
    """Just enough RFC 6455 for CDP: masked text frames out, unmasked frames in."""

    def __init__(self, url, timeout):
        parts = urllib.parse.urlparse(url)
        if parts.hostname not in ("127.0.0.1", "localhost"):
            raise SystemExit(f"refusing non-loopback DevTools URL {url}")
        self.sock = socket.create_connection((parts.hostname, parts.port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        request = (f"GET {parts.path} HTTP/1.1\r\nHost: {parts.hostname}:{parts.port}\r\nUpgrade: websocket\r\n"
                   f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n")
        self.sock.sendall(request.encode())
        response = b""
        while b"\r\n\r\n" not in response:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise RuntimeError("DevTools closed the connection during the handshake")
            response += chunk
        if b" 101 " not in response.split(b"\r\n", 1)[0]:
            raise RuntimeError(f"WebSocket handshake failed: {response[:200]!r}")
        self.buffer = response.split(b"\r\n\r\n", 1)[1]

    def send(self, text):
        payload = text.encode()
        header = bytearray([0x81])
        if len(payload) < 126:
            header.append(0x80 | len(payload))
        elif len(payload) < 65536:
            header += bytes([0x80 | 126]) + struct.pack(">H", len(payload))
        else:
            header += bytes([0x80 | 127]) + struct.pack(">Q", len(payload))
        mask = os.urandom(4)
        self.sock.sendall(bytes(header) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def _read(self, n):
        while len(self.buffer) < n:
            chunk = self.sock.recv(1 << 16)
            if not chunk:
                raise RuntimeError("DevTools connection closed")
            self.buffer += chunk
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def receive(self):
        message = b""
        while True:
            first, second = self._read(2)
            length = second & 0x7F
            if length == 126:
                length = struct.unpack(">H", self._read(2))[0]
            elif length == 127:
                length = struct.unpack(">Q", self._read(8))[0]
            payload = self._read(length)
            opcode = first & 0x0F
            if opcode == 0x8:
                raise RuntimeError("DevTools closed the WebSocket")
            if opcode in (0x9, 0xA):
                continue  # ping/pong: nothing to answer for CDP
            message += payload
            if first & 0x80:
                return message.decode()


class Browser:
    def __init__(self, ws_url, timeout):
        self.ws = WebSocket(ws_url, timeout)
        self.next_id = 0

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.receive())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self._note(message.get("method"), message.get("params", {}))

    def _note(self, method, params):
        """An event that arrived while waiting for an answer; subclasses keep what they need."""

    def js(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"page script failed: {result['exceptionDetails'].get('text')} in {expression[:80]}")
        return result.get("result", {}).get("value")

    def wait_for(self, expression, what, timeout=15):
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                if self.js(expression):
                    return
            except RuntimeError:
                pass  # the page is navigating
            time.sleep(0.1)
        raise AssertionError(f"timed out after {timeout}s waiting for {what} (at {self.js('location.href')})")

    def goto(self, url):
        self.call("Page.navigate", url=url)
        self.wait_for(f"location.href.startsWith({json.dumps(url.split('?')[0])}) && document.readyState === 'complete'", f"page {url}")

    def screenshot(self, path):
        data = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))
        print(f"browser-test: screenshot {path}")


def page_target(cdp, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://{cdp}/json/list", timeout=2) as response:
                pages = [t for t in json.load(response) if t.get("type") == "page"]
            if pages:
                return pages[0]["webSocketDebuggerUrl"]
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"Chromium DevTools did not answer on {cdp} within {timeout}s")


def run(args):
    base = args.base.rstrip("/")
    if urllib.parse.urlparse(base).hostname != "127.0.0.1" or not args.cdp.startswith("127.0.0.1:"):
        raise SystemExit("browser-test only talks to 127.0.0.1")
    os.makedirs(args.out, exist_ok=True)
    browser = Browser(page_target(args.cdp, 30), timeout=30)
    browser.call("Page.enable")
    browser.call("Runtime.enable")
    browser.call("Emulation.setDeviceMetricsOverride", width=1400, height=900, deviceScaleFactor=1, mobile=False)

    sign_in(browser, base, args.email, args.password)

    rows = browser.js("document.querySelectorAll('#queue tr.queue-row').length")
    assert rows and rows > 0, "the review queue shows no tickets (demo content missing?)"
    print(f"browser-test: queue shows {rows} open tickets")
    browser.screenshot(os.path.join(args.out, "queue.png"))

    # Open the seeded ticket from the queue, as a person would: by clicking its link.
    selector = f"#queue a.ticket-link[href='/console/tickets/{args.ticket}']"
    assert browser.js(f"!!document.querySelector({json.dumps(selector)})"), f"ticket {args.ticket} is not in the queue"
    subject = browser.js(f"document.querySelector({json.dumps(selector)}).textContent")
    browser.js(f"document.querySelector({json.dumps(selector)}).click()")
    browser.wait_for(f"location.pathname === '/console/tickets/{args.ticket}' && document.readyState === 'complete'", "the ticket page")
    draft = browser.js("(document.getElementById('draft-body') || {value: ''}).value")
    assert draft.strip(), f"ticket {args.ticket} shows no AI draft to send"
    assert browser.js("!!document.getElementById('package')"), "the ticket page shows no escalation package"
    panel = browser.js("(document.getElementById('customer-panel') || {textContent: ''}).textContent")
    assert "Dana Whitfield" in panel and "1240.00" in panel, f"the customer panel is missing or wrong ({panel!r})"
    status_before = browser.js("document.getElementById('ticket-status').textContent")
    print(f"browser-test: ticket {args.ticket} ({status_before}) has a {len(draft)}-character draft")
    browser.screenshot(os.path.join(args.out, "ticket.png"))

    # A fresh draft from the built-in composer: written whole, stored, shown after the page reloads; nothing sent.
    redraft(browser, args, streaming=False, timeout=30)
    assert browser.js("document.getElementById('ticket-status').textContent") == status_before, \
        "asking for a new draft changed the ticket"
    print("browser-test: 'Write a new AI draft' stored a fresh draft and sent nothing")

    def ctrl(key, code, keycode):
        for kind in ("rawKeyDown", "keyUp"):
            browser.call("Input.dispatchKeyEvent", type=kind, key=key, code=code,
                         windowsVirtualKeyCode=keycode, nativeVirtualKeyCode=keycode, modifiers=2)

    # A note for the escalation, then Ctrl+Enter in it: a note is never a reply, so nothing is sent.
    browser.js("document.querySelector('#escalate-form input[name=note]').focus()")
    browser.call("Input.insertText", text="Customer says the duplicate charge hit twice")
    ctrl("Enter", "Enter", 13)
    time.sleep(1.5)
    assert browser.js("document.getElementById('undo-bar').hidden"), "Ctrl+Enter in the note field started a send"
    assert browser.js("document.getElementById('ticket-status').textContent") == status_before, \
        "Ctrl+Enter in the note field changed the ticket"
    assert browser.js("document.querySelector('#escalate-form input[name=note]').value").startswith("Customer says"), \
        "the note was lost"
    print("browser-test: Ctrl+Enter in the escalation note sent nothing and kept the note")

    # Ctrl+E escalates only after 10 seconds; Undo stops it and nothing changes.
    browser.js("document.getElementById('draft-body').focus()")
    browser.js("document.activeElement.blur()")
    ctrl("e", "KeyE", 69)
    browser.wait_for("!document.getElementById('undo-bar').hidden", "the undo bar after Ctrl+E", timeout=5)
    undo_text = browser.js("document.getElementById('undo-text').textContent")
    browser.screenshot(os.path.join(args.out, "ticket-undo.png"))
    browser.js("document.getElementById('undo-button').click()")
    time.sleep(11)
    assert location_unchanged(browser, args.ticket), "the escalation went ahead after Undo"
    assert browser.js("document.getElementById('ticket-status').textContent") == status_before, \
        "the ticket changed after Undo"
    print(f"browser-test: Ctrl+E showed {undo_text!r}; Undo kept the ticket {status_before}")

    # The shortcut help opens with '?' outside a text field.
    def question_mark():
        browser.call("Input.dispatchKeyEvent", type="keyDown", key="?", code="Slash", text="?",
                     windowsVirtualKeyCode=191, modifiers=8)
        browser.call("Input.dispatchKeyEvent", type="keyUp", key="?", code="Slash", windowsVirtualKeyCode=191, modifiers=8)
    question_mark()
    assert not browser.js("document.getElementById('shortcut-help').hidden"), "'?' did not open the shortcut help"
    question_mark()

    # Alt+1 in the reply box inserts the first saved reply, filled for this ticket, at the cursor (the end).
    browser.js("(() => { const b = document.getElementById('draft-body'); b.focus();"
               " b.selectionStart = b.selectionEnd = b.value.length; })()")
    browser.call("Input.dispatchKeyEvent", type="rawKeyDown", key="1", code="Digit1", windowsVirtualKeyCode=49, modifiers=1)
    browser.call("Input.dispatchKeyEvent", type="keyUp", key="1", code="Digit1", windowsVirtualKeyCode=49, modifiers=1)
    draft = browser.js("document.getElementById('draft-body').value")
    assert draft.rstrip().endswith(f"Thanks for your patience, Dana Whitfield. Ticket {args.ticket}, Browser Agent"), \
        f"Alt+1 did not insert the filled saved reply (reply box ends {draft[-80:]!r})"
    print("browser-test: Alt+1 inserted the saved reply, filled for this ticket")

    # Ctrl+Enter from inside the draft: the reply is sent once its 10 seconds of undo have passed.
    browser.js("document.getElementById('draft-body').focus()")
    ctrl("Enter", "Enter", 13)
    browser.wait_for("!document.getElementById('undo-bar').hidden", "the undo bar after Ctrl+Enter", timeout=5)
    browser.wait_for("location.search.includes('done=send') && document.readyState === 'complete'",
                     "the ticket page after sending", timeout=20)
    status_after = browser.js("document.getElementById('ticket-status').textContent")
    notice = browser.js("(document.getElementById('notice') || {textContent: ''}).textContent")
    browser.screenshot(os.path.join(args.out, "ticket-sent.png"))
    assert status_after == "resolved", f"status after sending is {status_after!r}, expected 'resolved'"
    assert "Reply saved" in notice, f"no confirmation shown (notice {notice!r})"
    last = browser.js("(() => { const m = Array.from(document.querySelectorAll('#conversation .msg')).pop();"
                      " return {author: m.className, body: m.querySelector('.body').textContent}; })()")
    assert "agent" in last["author"], f"the last message is not the agent's reply ({last['author']!r})"
    assert last["body"].strip() == draft.strip(), "the sent reply is not the draft as it was"
    print(f"browser-test: status {status_before} -> {status_after}; {notice.strip()}")

    # The dashboard, reached from the navigation: indicator cards and SVG charts.
    browser.js("document.querySelector(\"header.top a[href='/console/dashboard']\").click()")
    browser.wait_for("location.pathname === '/console/dashboard' && document.readyState === 'complete'", "the dashboard")
    cards = browser.js("document.querySelectorAll('#indicators .indicator').length")
    charts = browser.js("document.querySelectorAll('figure.chart svg').length")
    assert cards == 7, f"the dashboard shows {cards} indicator cards, expected 7"
    assert charts == 4, f"the dashboard shows {charts} charts, expected 4"
    print(f"browser-test: dashboard shows {cards} indicators and {charts} charts")
    browser.screenshot(os.path.join(args.out, "dashboard.png"))
    assert not browser.js("!!document.getElementById('nav-team')"), "an agent is offered the admins' Team page"

    # The inbox, from the navigation: search finds the answered ticket by a word of its subject, the status
    # filter narrows, and j then Enter opens the first row.
    browser.js("document.getElementById('nav-inbox').click()")
    browser.wait_for("location.pathname === '/console/inbox' && document.readyState === 'complete'", "the inbox")
    # Live: a ticket opened now appears in the open page within seconds, pushed by /console/inbox/events
    # (the page's fallback timer is a minute, so only the push can explain it).
    browser.wait_for("document.body.textContent.includes('updates itself as tickets change')", "the live inbox")
    time.sleep(3)  # the event stream connects and the server's poll starts from now
    request = urllib.request.Request(
        f"{base}/v1/tickets", data=json.dumps({"subject": "Live inbox check", "body": "Where is my order?"}).encode(),
        headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(request, timeout=30) as response:
        live = json.load(response)["ticket"]["id"]
    started = time.time()
    browser.wait_for(f"!!document.querySelector('#inbox tr[data-ticket=\"{live}\"]')", "the new ticket in the open inbox",
                     timeout=10)
    print(f"browser-test: ticket #{live} appeared in the open inbox after {time.time() - started:.1f} s, without a reload")
    everything = browser.js("document.querySelectorAll('#inbox tr.inbox-row').length")
    word = max((w for w in subject.replace("?", " ").split() if w.isalpha()), key=len)
    browser.js("document.getElementById('inbox-search').focus()")
    browser.call("Input.insertText", text=word)
    browser.js("document.querySelector('#inbox-filters select[name=status]').value = 'resolved'")
    browser.js("document.querySelector('#inbox-filters button[type=submit]').click()")
    browser.wait_for("location.search.includes('q=') && document.readyState === 'complete'", "the inbox after searching")
    found = browser.js("Array.from(document.querySelectorAll('#inbox tr.inbox-row')).map(r => r.dataset.ticket)")
    assert str(args.ticket) in found, f"searching {word!r} among resolved tickets did not find ticket {args.ticket} ({found})"
    assert len(found) < everything or everything == 1, "the search did not narrow the list"
    browser.screenshot(os.path.join(args.out, "inbox.png"))
    browser.js("document.querySelector('#inbox-filters select[name=status]').value = 'escalated'")
    browser.js("document.querySelector('#inbox-filters button[type=submit]').click()")
    browser.wait_for("location.search.includes('status=escalated') && document.readyState === 'complete'",
                     "the inbox filtered to escalated")
    escalated = browser.js("Array.from(document.querySelectorAll('#inbox tr.inbox-row')).map(r => r.dataset.ticket)")
    assert str(args.ticket) not in escalated, "a resolved ticket is listed among escalated ones"
    browser.js("history.back()")
    browser.wait_for("location.search.includes('status=resolved') && document.readyState === 'complete'", "the search again")
    browser.js("document.activeElement.blur()")
    browser.call("Input.dispatchKeyEvent", type="keyDown", key="j", code="KeyJ", text="j", windowsVirtualKeyCode=74)
    browser.call("Input.dispatchKeyEvent", type="keyUp", key="j", code="KeyJ", windowsVirtualKeyCode=74)
    first = browser.js("document.querySelector('#inbox tr.inbox-row.selected').dataset.ticket")
    browser.call("Input.dispatchKeyEvent", type="keyDown", key="Enter", code="Enter", text="\r", windowsVirtualKeyCode=13)
    browser.call("Input.dispatchKeyEvent", type="keyUp", key="Enter", code="Enter", windowsVirtualKeyCode=13)
    browser.wait_for(f"location.pathname === '/console/tickets/{first}' && document.readyState === 'complete'",
                     "the ticket opened with j and Enter")
    print(f"browser-test: inbox lists {everything} tickets; {word!r} among resolved finds {len(found)}; j+Enter opens #{first}")

    # Reopen: the customer writes again about the answered ticket. Within the reopen window it is the same
    # ticket, back with a person; the agent parks it as waiting on the customer, and the customer's answer
    # brings it back to them.
    def customer_writes(text):
        request = urllib.request.Request(
            f"{base}/v1/tickets/{args.ticket}/messages", data=json.dumps({"body": text}).encode(),
            headers={"Content-Type": "application/json"}, method="POST")
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)["ticket"]

    def ticket_page():
        browser.goto(f"{base}/console/tickets/{args.ticket}")
        browser.wait_for("document.readyState === 'complete' && !!document.getElementById('ticket-status')", "the ticket page")
        return browser.js("document.getElementById('ticket-status').textContent")

    reopened = customer_writes("The second charge is still on my card. I will contact my lawyer if it is not refunded.")
    assert reopened["id"] == args.ticket, f"the reply opened ticket {reopened['id']} instead of reopening {args.ticket}"
    status = ticket_page()
    assert status in ("awaiting_review", "escalated"), f"the reopened ticket is {status!r}, not back with a person"
    assert "lawyer" in browser.js("Array.from(document.querySelectorAll('#conversation .msg.customer .body')).pop().textContent")
    browser.js("document.querySelector('#park-form input[name=note]').focus()")
    browser.call("Input.insertText", text="asked for the card statement")
    browser.js("document.querySelector('#park-form button[type=submit]').click()")
    browser.wait_for("location.search.includes('done=pending') && document.readyState === 'complete'", "the parked ticket")
    parked = browser.js("document.getElementById('ticket-status').textContent")
    assert parked == "pending", f"after 'Waiting on the customer' the status is {parked!r}"
    customer_writes("Here is the statement you asked for.")
    back = ticket_page()
    holder = browser.js("document.getElementById('ticket-assignee').textContent")
    assert back in ("awaiting_review", "escalated") and holder == args.email, \
        f"the customer's answer left the ticket {back!r} with {holder!r}, not back with {args.email}"
    print(f"browser-test: a reply reopened the ticket ({status}); pending -> {back} with {holder} on the customer's answer")

    # An internal note: shown to the team under "Internal notes", never in the conversation the customer sees.
    browser.js("document.getElementById('note-text').focus()")
    browser.call("Input.insertText", text="@agent internal only: the refund log shows two captures")
    browser.js("document.querySelector('#note-form button[type=submit]').click()")
    browser.wait_for("location.search.includes('done=note') && document.readyState === 'complete'", "the noted ticket")
    notes = browser.js("document.getElementById('notes').textContent")
    conversation = browser.js("document.getElementById('conversation').textContent")
    assert "the refund log shows two captures" in notes, "the note is not listed under Internal notes"
    assert "refund log" not in conversation, "the internal note appears in the customer's conversation"
    browser.wait_for("document.getElementById('badge-mentions').textContent === '1'", "the Mentions badge", timeout=10)
    print("browser-test: an internal note is listed for the team, is not in the conversation, and its mention shows "
          "on the Mentions badge")

    # Tags: the agent tags the ticket; the tag is a link to the inbox filtered by it.
    browser.js("document.getElementById('tags-add').focus()")
    browser.call("Input.insertText", text="Chargeback")
    browser.js("document.querySelector('#tags-form button[type=submit]').click()")
    browser.wait_for("location.search.includes('done=tags') && document.readyState === 'complete'", "the tagged ticket")
    browser.js("document.querySelector(\"#ticket-tags a[href='/console/inbox?tag=chargeback']\").click()")
    browser.wait_for("location.pathname === '/console/inbox' && document.readyState === 'complete'", "the inbox by tag")
    tagged = browser.js("Array.from(document.querySelectorAll('#inbox tr.inbox-row')).map(r => r.dataset.ticket)")
    assert tagged == [str(args.ticket)], f"the inbox filtered by the tag lists {tagged}"
    print("browser-test: a tag added on the ticket filters the inbox to it")

    # Log out, sign in as the admin, and add a person on the Team page.
    browser.js("document.querySelector(\"header.top form[action='/console/logout'] button\").click()")
    browser.wait_for("location.pathname === '/console/login' && document.readyState === 'complete'", "the sign-in page after logging out")
    sign_in(browser, base, args.admin_email, args.admin_password)
    browser.js("document.getElementById('nav-team').click()")
    browser.wait_for("location.pathname === '/console/team' && document.readyState === 'complete'", "the team page")
    for field, text in (("user-name", "Browser Newcomer"), ("user-email", "newcomer@example.com"),
                        ("user-password", "newcomer-" + args.admin_password)):
        browser.js(f"document.getElementById('{field}').focus()")
        browser.call("Input.insertText", text=text)
    browser.js("document.querySelector('#add-user button[type=submit]').click()")
    browser.wait_for("location.search.includes('added=') && document.readyState === 'complete'", "the team page after adding")
    notice = browser.js("(document.getElementById('notice') || {textContent: ''}).textContent")
    rows = browser.js("Array.from(document.querySelectorAll('#users tbody tr')).map(r => r.textContent)")
    browser.screenshot(os.path.join(args.out, "team.png"))
    assert "Added Browser Newcomer (newcomer@example.com, agent)" in notice, f"no confirmation shown (notice {notice!r})"
    assert any("newcomer@example.com" in row for row in rows), f"the new person is not listed ({rows!r})"
    print(f"browser-test: team page lists {len(rows)} people after adding one")

    # The admin writes an article in the knowledge base; the search finds it at once.
    browser.js("document.querySelector(\"header.top a[href='/console/kb']\").click()")
    browser.wait_for("location.pathname === '/console/kb' && document.readyState === 'complete'", "the knowledge base")
    browser.js("document.getElementById('kb-new').click()")
    browser.wait_for("location.pathname === '/console/kb/new' && document.readyState === 'complete'", "the article editor")
    browser.js("document.getElementById('kb-title').focus()")
    browser.call("Input.insertText", text="Rescheduling a delivery slot")
    browser.js("document.getElementById('kb-body').focus()")
    browser.call("Input.insertText", text="# Delivery slots\n\nPick a new slot under Orders > Track.\n\n1. Open the order.\n2. Choose Reschedule.")
    browser.js("document.querySelector('#kb-editor button[value=save]').click()")
    browser.wait_for("location.search.includes('saved=1') && document.readyState === 'complete'", "the saved article")
    steps = browser.js("document.querySelectorAll('#article-body ol li').length")
    assert steps == 2, f"the saved article shows {steps} numbered steps, expected 2"
    browser.screenshot(os.path.join(args.out, "article.png"))
    browser.goto(f"{base}/console/kb?q=reschedule+delivery+slot")
    browser.wait_for("document.readyState === 'complete' && !!document.getElementById('articles')", "the search results")
    first = browser.js("(document.querySelector('#articles tbody a') || {textContent: ''}).textContent")
    assert first == "Rescheduling a delivery slot", f"the search's first result is {first!r}, not the new article"
    print("browser-test: a new article is saved, shown with its steps and found first by the search")

    if args.llm_base:
        # The real LLM writes the draft: it must be seen growing in the reply box before the page shows it stored.
        browser.js("document.querySelector(\"header.top form[action='/console/logout'] button\").click()")
        browser.wait_for("location.pathname === '/console/login' && document.readyState === 'complete'", "signed out")
        llm_base = args.llm_base.rstrip("/")
        if urllib.parse.urlparse(llm_base).hostname != "127.0.0.1":
            raise SystemExit("browser-test only talks to 127.0.0.1")
        sign_in(browser, llm_base, args.email, args.password)
        browser.goto(f"{llm_base}/console/tickets/{args.llm_ticket}")
        browser.wait_for("document.readyState === 'complete' && !!document.getElementById('redraft-button')",
                         "the redraft button on the LLM server's ticket")
        redraft(browser, argparse.Namespace(ticket=args.llm_ticket, out=args.out), streaming=True, timeout=240)


def redraft(browser, args, streaming, timeout):
    """Clicks 'Write a new AI draft' and waits for the page to show the stored draft; with `streaming`, the
    reply box must have grown while the engine wrote, before the reload."""
    browser.js("window.redraftPending = true")
    browser.js("document.getElementById('redraft-button').click()")
    lengths, shot = [], False
    deadline = time.time() + timeout
    while True:
        if time.time() > deadline:
            raise AssertionError(f"no stored draft within {timeout}s (reply box lengths seen: {lengths[-5:]})")
        try:
            state = browser.js("window.redraftPending ? {length: document.getElementById('draft-body').value.length,"
                               " status: document.getElementById('redraft-status').textContent} : null")
        except RuntimeError:
            state = {}  # the page is reloading
        if state is None and browser.js("document.readyState") == "complete":
            break
        if state:
            assert not state["status"].startswith("No new draft"), state["status"]
            if state["length"] and (not lengths or lengths[-1] != state["length"]):
                lengths.append(state["length"])
            if streaming and len(lengths) == 3 and not shot:
                browser.screenshot(os.path.join(args.out, "ticket-redraft-streaming.png"))
                shot = True
        time.sleep(0.05)
    box = browser.js("document.getElementById('draft-body').value")
    activity = browser.js("document.getElementById('events').textContent")
    assert box.strip(), "the page shows no draft after the redraft"
    assert "redraft" in activity, "the activity log does not record the redraft"
    if streaming:
        # Lengths may dip where a finished "[Source: …]" marker is taken out of the box.
        assert len(lengths) >= 2 and max(lengths) > lengths[0], \
            f"the reply box did not grow while the draft was written (lengths {lengths[:10]})"
        print(f"browser-test: the LLM's draft streamed into the reply box ({len(lengths)} growing states), "
              f"then showed as stored ({len(box)} characters)")


def location_unchanged(browser, ticket):
    """True while the ticket page has not been left or reloaded by a form."""
    return browser.js(f"location.pathname === '/console/tickets/{ticket}' && !location.search.includes('done=')")


def sign_in(browser, base, email, password):
    """Signs in by typing into the form, as a person would."""
    browser.goto(base + "/console/login")
    browser.js("document.getElementById('email').focus()")
    browser.call("Input.insertText", text=email)
    browser.js("document.getElementById('password').focus()")
    browser.call("Input.insertText", text=password)
    browser.js("document.getElementById('login-button').click()")
    browser.wait_for("location.pathname === '/console/queue' && document.readyState === 'complete'", "the queue after sign-in")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", required=True)
    parser.add_argument("--cdp", required=True, help="127.0.0.1:PORT of Chromium's DevTools")
    parser.add_argument("--email", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--admin-email", required=True)
    parser.add_argument("--admin-password", required=True)
    parser.add_argument("--ticket", required=True, type=int, help="id of a ticket with an AI draft")
    parser.add_argument("--out", default="out/screenshots")
    parser.add_argument("--llm-base", help="a second server, on 127.0.0.1, that answers with a real LLM")
    parser.add_argument("--llm-ticket", type=int, help="a ticket of the --llm-base server waiting for a person")
    args = parser.parse_args()
    try:
        run(args)
    except (AssertionError, RuntimeError, OSError) as error:
        print(f"browser-test: FAIL: {error}", file=sys.stderr)
        sys.exit(1)
    print("browser-test: browser flow passed")


if __name__ == "__main__":
    main()
