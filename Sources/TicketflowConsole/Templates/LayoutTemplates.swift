/// The page frame every console page shares: head, styles, navigation and
/// the hotkey script. Only fixed text here; every value is `{{ }}`-escaped.
enum LayoutTemplates {
    static let header = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · Ticketflow</title>
        <style>
        :root { --ink:#1d2330; --muted:#667085; --line:#e4e7ec; --bg:#f6f7f9; --accent:#2f5bea; --bad:#c4320a; --ok:#067647; --warn:#b54708; }
        * { box-sizing: border-box; }
        body { margin:0; font:14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--ink); background:var(--bg); }
        header.top { background:#111827; color:#fff; display:flex; align-items:center; gap:20px; padding:10px 24px; }
        header.top a { color:#e5e7eb; text-decoration:none; font-weight:500; }
        header.top a.brand { color:#fff; font-weight:700; font-size:16px; }
        header.top .who { margin-left:auto; color:#9ca3af; display:flex; gap:12px; align-items:center; }
        header.top button { background:none; border:1px solid #4b5563; color:#e5e7eb; border-radius:6px; padding:3px 10px; cursor:pointer; }
        main { max-width:1280px; margin:0 auto; padding:20px 24px 60px; }
        h1 { font-size:20px; margin:0 0 12px; } h2 { font-size:15px; margin:0 0 10px; }
        .card { background:#fff; border:1px solid var(--line); border-radius:10px; padding:16px; margin-bottom:16px; }
        table { width:100%; border-collapse:collapse; background:#fff; }
        th, td { text-align:left; padding:8px 10px; border-bottom:1px solid var(--line); vertical-align:top; }
        th { font-size:12px; text-transform:uppercase; letter-spacing:.03em; color:var(--muted); background:#fafbfc; }
        tr:hover td { background:#fafcff; }
        a { color:var(--accent); }
        .pill { display:inline-block; padding:1px 8px; border-radius:999px; font-size:12px; font-weight:600; background:#eef2ff; color:#3538cd; }
        .pill.p1 { background:#fee4e2; color:var(--bad); } .pill.p2 { background:#fef0c7; color:var(--warn); } .pill.p3 { background:#ecfdf3; color:var(--ok); }
        .pill.status { background:#f2f4f7; color:#344054; }
        .breached { color:var(--bad); font-weight:600; }
        .muted { color:var(--muted); }
        .notice { background:#ecfdf3; border:1px solid #abefc6; color:var(--ok); padding:10px 14px; border-radius:8px; margin-bottom:16px; }
        .error { background:#fef3f2; border:1px solid #fecdca; color:var(--bad); padding:10px 14px; border-radius:8px; margin-bottom:16px; }
        .grid { display:grid; grid-template-columns: minmax(0,3fr) minmax(0,2fr); gap:16px; }
        @media (max-width: 900px) { .grid { grid-template-columns: 1fr; } }
        .msg { border-left:3px solid var(--line); padding:6px 12px; margin:10px 0; }
        .msg.note { border-color:#fdb022; background:#fffaeb; }
        .msg.customer { border-color:#98a2b3; } .msg.agent { border-color:var(--ok); } .msg.ai { border-color:var(--accent); } .msg.system { border-color:#d0d5dd; }
        .msg .meta { font-size:12px; color:var(--muted); margin-bottom:2px; }
        .body { white-space:pre-wrap; overflow-wrap:anywhere; }
        textarea { width:100%; min-height:180px; font:inherit; padding:10px; border:1px solid #d0d5dd; border-radius:8px; }
        input[type=text], input[type=email], input[type=url], input[type=password], select { font:inherit; padding:6px 8px; border:1px solid #d0d5dd; border-radius:6px; }
        button.primary, button.secondary { font:inherit; font-weight:600; border-radius:8px; padding:7px 14px; cursor:pointer; border:1px solid var(--accent); }
        button.primary { background:var(--accent); color:#fff; } button.secondary { background:#fff; color:var(--accent); }
        .row { display:flex; gap:8px; align-items:center; flex-wrap:wrap; margin:8px 0; }
        dl.facts { display:grid; grid-template-columns: max-content 1fr; gap:4px 14px; margin:0; }
        dl.facts dt { color:var(--muted); } dl.facts dd { margin:0; }
        kbd { font-size:11px; border:1px solid #d0d5dd; border-bottom-width:2px; border-radius:4px; padding:0 4px; background:#f9fafb; color:#344054; }
        .undo-bar { position:fixed; left:50%; bottom:24px; transform:translateX(-50%); background:#101828; color:#fff; padding:10px 14px; border-radius:8px; box-shadow:0 6px 24px rgba(16,24,40,.3); z-index:20; }
        .undo-bar button { margin-left:10px; }
        a.button { display:inline-block; padding:6px 12px; border-radius:8px; text-decoration:none; font-weight:600; margin-left:auto; }
        a.button.primary { background:var(--accent); color:#fff; }
        .shortcut-help { position:fixed; right:24px; bottom:24px; max-width:360px; z-index:20; }
                button.primary kbd { background:rgba(255,255,255,.18); border-color:rgba(255,255,255,.55); color:#fff; }
        ul.summary { margin:0; padding-left:18px; }
        .trace td { font-size:13px; }
        nav.tabs { display:flex; gap:4px; flex-wrap:wrap; margin:0 0 8px; }
        nav.tabs a { padding:5px 12px; border-radius:999px; text-decoration:none; color:#344054; background:#fff; border:1px solid var(--line); }
        nav.tabs a.selected { background:var(--accent); border-color:var(--accent); color:#fff; }
        input[type=search], input[type=date] { font:inherit; padding:6px 8px; border:1px solid #d0d5dd; border-radius:6px; }
        input[type=search] { min-width:280px; }
        .preview { font-size:12px; max-width:420px; overflow:hidden; text-overflow:ellipsis; white-space:nowrap; }
        .badge { margin-left:6px; padding:0 7px; border-radius:999px; background:var(--bad); color:#fff; font-size:12px; font-weight:700; }
        tr.selected td { background:#eef4ff; } tr.inbox-row:focus { outline:2px solid var(--accent); outline-offset:-2px; }
        </style>
        </head>
        <body>
        <header class="top">
          <a class="brand" href="/console/queue">Ticketflow</a>
          {{#user}}
          <a href="/console/queue" id="nav-queue">Review queue<span class="badge" id="badge-now" hidden></span></a>
          <a href="/console/inbox" id="nav-inbox">Inbox<span class="badge" id="badge-risk" hidden></span></a>
          <a href="/console/mentions" id="nav-mentions">Mentions<span class="badge" id="badge-mentions" hidden></span></a>
          <a href="/console/kb">Knowledge base</a>
          <a href="/console/dashboard">Dashboard</a>
          {{#admin}}<a href="/console/team" id="nav-team">Team</a>{{/admin}}
          {{#admin}}<a href="/console/webhooks" id="nav-webhooks">Webhooks</a>{{/admin}}
          {{#admin}}<a href="/console/mailboxes" id="nav-mailboxes">Mailboxes</a>{{/admin}}
          {{#admin}}<a href="/console/setup" id="nav-setup">Setup</a>{{/admin}}
          <span class="who"><span id="whoami">{{name}} · {{role}}</span>
            <form method="post" action="/console/logout"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit">Log out</button></form>
          </span>
          {{/user}}
        </header>
        <main>
        {{#notice}}<div class="notice" id="notice">{{notice}}</div>{{/notice}}
        """

    static let footer = """
        </main>
        <div id="undo-bar" class="undo-bar" role="status" aria-live="assertive" hidden>
          <span id="undo-text"></span> <button type="button" id="undo-button" class="secondary">Undo</button>
        </div>
        <div id="shortcut-help" class="card shortcut-help" role="dialog" aria-label="Keyboard shortcuts" hidden>
          <h2>Keyboard shortcuts</h2>
          <dl class="facts"><dt><kbd>Ctrl</kbd>+<kbd>Enter</kbd></dt><dd>in the reply box: send the reply</dd>
          <dt><kbd>Ctrl</kbd>+<kbd>E</kbd></dt><dd>escalate (not while typing elsewhere)</dd>
          <dt><kbd>Ctrl</kbd>+<kbd>D</kbd></dt><dd>close: to the tags field, again to close</dd>
          <dt><kbd>Esc</kbd></dt><dd>undo a send or escalation in its 10 seconds</dd>
          <dt><kbd>Alt</kbd>+<kbd>1</kbd>…<kbd>9</kbd></dt><dd>in the reply box: insert a saved reply</dd>
          <dt><kbd>j</kbd> / <kbd>k</kbd>, <kbd>Enter</kbd></dt><dd>in the inbox: next, previous, open</dd>
          <dt><kbd>/</kbd></dt><dd>in the inbox: search</dd>
          <dt><kbd>?</kbd></dt><dd>this help</dd></dl>
        </div>
        <script>
        // Console hotkeys act only where they apply: Ctrl+Enter sends the reply box it is
        // pressed in (never a note), Ctrl+E escalates unless another field has the text cursor,
        // Ctrl+D goes to the close-and-tag field (again, or Enter, to close). Sending and
        // escalating wait 10 seconds with an Undo before anything is submitted: until then
        // nothing has left the page, so Undo (or Esc) loses nothing.
        (function () {
          var pending = null;
          var bar = document.getElementById('undo-bar');
          var help = document.getElementById('shortcut-help');
          function cancel() {
            if (!pending) return;
            clearInterval(pending.timer);
            pending.form.querySelectorAll('button[type=submit]').forEach(function (b) { b.disabled = false; });
            pending = null;
            bar.hidden = true;
          }
          function delay(form, what) {
            cancel();
            var left = 10;
            form.querySelectorAll('button[type=submit]').forEach(function (b) { b.disabled = true; });
            bar.hidden = false;
            document.getElementById('undo-text').textContent = what + ' in ' + left + ' s.';
            pending = { form: form, timer: setInterval(function () {
              left -= 1;
              if (left > 0) { document.getElementById('undo-text').textContent = what + ' in ' + left + ' s.'; return; }
              var f = pending.form; clearInterval(pending.timer); pending = null;
              document.getElementById('undo-text').textContent = what + '…';
              HTMLFormElement.prototype.submit.call(f);
            }, 1000) };
          }
          document.getElementById('undo-button').addEventListener('click', cancel);
          [['send-form', 'Sending the reply'], ['escalate-form', 'Escalating']].forEach(function (pair) {
            var form = document.getElementById(pair[0]);
            if (form) form.addEventListener('submit', function (e) { e.preventDefault(); delay(form, pair[1]); });
          });
          function typing(el) {
            return el && (el.tagName === 'TEXTAREA' || el.tagName === 'SELECT'
              || (el.tagName === 'INPUT' && el.type !== 'submit' && el.type !== 'button'));
          }
          function submit(id) {
            var f = document.getElementById(id);
            if (!f) return;
            if (f.requestSubmit) f.requestSubmit(); else f.dispatchEvent(new Event('submit', { cancelable: true }));
          }
          document.addEventListener('keydown', function (e) {
            var active = document.activeElement;
            if (e.key === 'Escape' && pending) { e.preventDefault(); cancel(); return; }
            if (e.key === '?' && !typing(active)) { e.preventDefault(); help.hidden = !help.hidden; return; }
            if (!(e.ctrlKey || e.metaKey)) return;
            var key = e.key.toLowerCase();
            if (key === 'enter') {
              var reply = document.getElementById('send-form');
              if (reply && reply.contains(active)) { e.preventDefault(); submit('send-form'); }
            } else if (key === 'e') {
              var escalate = document.getElementById('escalate-form');
              if (escalate && (!typing(active) || escalate.contains(active))) { e.preventDefault(); submit('escalate-form'); }
            } else if (key === 'd') {
              var tags = document.getElementById('close-tags');
              if (!tags || (typing(active) && active !== tags)) return;
              e.preventDefault();
              if (active === tags) submit('close-form'); else tags.focus();
            }
          });
        })();
        </script>
        {{#user}}<script>
        // The navigation's badges: open tickets (yours or nobody's) that need a person now, those whose SLA is at
        // risk, and today's mentions of you; read every 30 s while the tab is visible.
        (function () {
          function show(id, count, title) {
            var badge = document.getElementById(id);
            if (!badge) return;
            badge.hidden = !count;
            badge.textContent = count ? String(count) : '';
            badge.title = count ? title : '';
          }
          function read() {
            if (document.hidden) return;
            fetch('/console/notifications', { credentials: 'same-origin' })
              .then(function (r) { return r.ok ? r.json() : null; })
              .then(function (n) {
                if (!n) return;
                show('badge-now', n.human_now, n.human_now + ' open tickets need a person now');
                show('badge-risk', n.sla_at_risk, n.sla_at_risk + ' open tickets are close to or past their SLA');
                show('badge-mentions', n.mentions_today, n.mentions_today + ' notes mentioned you today');
              })
              .catch(function () {});
          }
          read();
          setInterval(read, 30000);
          document.addEventListener('visibilitychange', read);
        })();
        </script>{{/user}}
        </body>
        </html>
        """
}
