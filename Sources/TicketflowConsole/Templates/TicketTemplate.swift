/// One ticket: conversation, escalation package, the editable draft with
/// its citations, the agent actions, the decision trace and the audit log.
enum TicketTemplate {
    static let page = """
        {{> header}}
        <p class="row"><a href="/console/queue">← Review queue</a>
          {{#nextTicket}}<a href="/console/tickets/{{nextTicket}}" id="next-ticket" class="button primary">Next ticket →</a>{{/nextTicket}}</p>
        {{#ticket}}
        <div class="row" style="justify-content:space-between;">
          <h1 id="ticket-subject">#{{id}} {{subject}}</h1>
          <div class="row">
            <span class="pill {{priority}}">{{priority}}</span>
            <span class="pill status" id="ticket-status">{{status}}</span>
            <span class="muted">assignee: <strong id="ticket-assignee">{{assignee}}</strong></span>
            {{#canClaim}}<form method="post" action="/console/tickets/{{id}}/claim"><input type="hidden" name="_csrf" value="{{csrf}}"><button class="secondary" id="claim-button">Claim</button></form>{{/canClaim}}
            {{#canRelease}}<form method="post" action="/console/tickets/{{id}}/release"><input type="hidden" name="_csrf" value="{{csrf}}"><button class="secondary">Release</button></form>{{/canRelease}}
          </div>
        </div>
        <p class="muted">{{channel}} · opened {{created}} · due {{due}}{{#breached}} <span class="breached">(SLA breached)</span>{{/breached}}
          {{#hasTags}}<span id="ticket-tags">{{#tags}}<a class="pill" href="{{href}}">{{name}}</a> {{/tags}}</span>{{/hasTags}}</p>
        {{#language}}<p class="notice" id="ticket-language">{{.}}</p>{{/language}}
        {{#continuedIn}}<p class="notice" id="continued-banner">This conversation continues in <a href="/console/tickets/{{continuedIn}}">ticket #{{continuedIn}}</a>: the customer's new messages go there.</p>{{/continuedIn}}
        {{/ticket}}
        <div class="grid">
          <div>
            <div class="card" id="conversation">
              <h2>Conversation</h2>
              {{#messages}}
              <div class="msg {{author}}"><div class="meta">{{label}} · {{time}}</div><div class="body">{{body}}</div>
                {{#hasCitations}}<div class="meta">Sources: {{#citations}}<a href="/console/kb/{{articlePath}}">{{title}}</a> {{/citations}}</div>{{/hasCitations}}
                {{#delivery}}<div class="meta delivery{{#failed}} failed{{/failed}}">{{text}}{{#failed}} <form method="post" action="/console/deliveries/{{id}}/retry" class="inline"><input type="hidden" name="_csrf" value="{{csrf}}"><button class="secondary">Retry</button></form>{{/failed}}</div>{{/delivery}}
                {{#mail}}{{#files}}<div class="meta file">{{#kept}}<a href="{{url}}" download>{{name}}</a>{{/kept}}{{^kept}}{{name}}{{/kept}} · {{type}} · {{size}}{{#inline}} · inline{{/inline}}{{#notKept}} · not kept: {{notKept}}{{/notKept}}</div>{{/files}}
                {{#originalURL}}<div class="meta"><a href="{{originalURL}}" download>Original mail (.eml)</a>{{#originalTruncated}} (only the start was kept){{/originalTruncated}}</div>{{/originalURL}}{{/mail}}
              </div>
              {{/messages}}
            </div>
            <div class="card" id="notes">
              <h2>Internal notes <span class="muted">only the team sees these</span></h2>
              {{#notes}}<div class="msg note"><div class="meta">{{author}} · {{time}}{{#hasMentions}} · mentions {{mentioned}}{{/hasMentions}}</div><div class="body">{{text}}</div></div>{{/notes}}
              <form method="post" action="/console/tickets/{{ticket.id}}/note" id="note-form" class="row">
                <input type="hidden" name="_csrf" value="{{csrf}}">
                <input type="text" name="note" id="note-text" maxlength="2000" required placeholder="Note for the team; @name mentions a teammate" style="flex:1">
                <button class="secondary" type="submit">Add note</button>
              </form>
            </div>
            {{#open}}
            <div class="card" id="reply">
              <h2>{{#hasDraft}}AI draft — edit and send{{/hasDraft}}{{^hasDraft}}Reply{{/hasDraft}}</h2>
              {{#draftReasons}}<p class="muted">Held for review: {{draftReasons}} · confidence {{draftConfidence}}</p>{{/draftReasons}}
              <form method="post" action="/console/tickets/{{ticket.id}}/send" id="send-form">
                <input type="hidden" name="_csrf" value="{{csrf}}">
                {{#hasMacros}}<div class="row"><label>Saved reply <select id="macro-select"><option value="">Insert a saved reply…</option>{{#macros}}<option value="{{index}}" data-body="{{body}}">Alt+{{index}} · {{name}}</option>{{/macros}}</select></label>
                <span class="muted">A placeholder still in double braces (an order number not found in the conversation) must be filled in before sending.</span></div>{{/hasMacros}}
                <textarea name="body" id="draft-body" placeholder="Write a reply to the customer">{{draftBody}}</textarea>
                {{#hasDraftCitations}}<p class="muted">Citations: {{#draftCitations}}<a href="/console/kb/{{articlePath}}">{{title}}</a> {{/draftCitations}}</p>{{/hasDraftCitations}}
                <div class="row"><button class="primary" type="submit" id="send-button">Send <kbd>Ctrl</kbd>+<kbd>Enter</kbd></button>
                {{#canRedraft}}<button class="secondary" type="button" id="redraft-button" data-ticket="{{ticket.id}}" data-csrf="{{csrf}}">Write a new AI draft</button>{{/canRedraft}}
                <span class="muted">Sent unchanged, it counts as an approved draft; edited, as a correction.</span></div>
                <p class="muted" id="redraft-status" role="status"></p>
              </form>
            </div>
            {{/open}}
            {{#canRedraft}}<script>
            // A fresh AI draft, written into the reply box as the engine streams it; nothing is sent. Once the
            // draft is stored the page is loaded again, to show it as stored: citations, confidence and hold reasons.
            (function () {
              var button = document.getElementById('redraft-button');
              var box = document.getElementById('draft-body');
              var status = document.getElementById('redraft-status');
              if (!button || !box) return;
              button.addEventListener('click', function () {
                // What the agent typed is not thrown away without asking.
                if (box.value !== box.defaultValue && !confirm('Replace what you wrote with a new AI draft?')) return;
                var before = box.value, written = '', finished = false;
                button.disabled = true; box.readOnly = true; box.value = '';
                status.textContent = 'Writing a new draft… nothing is sent to the customer.';
                function fail(message) {
                  box.value = before; box.readOnly = false; button.disabled = false;
                  status.textContent = 'No new draft: ' + message;
                }
                function handle(block) {
                  var name = 'message', data = '';
                  block.split('\\n').forEach(function (line) {
                    if (line.indexOf('event: ') === 0) name = line.slice(7);
                    if (line.indexOf('data: ') === 0) data = line.slice(6);
                  });
                  if (!data) return;
                  var value = JSON.parse(data);
                  if (name === 'text') {
                    written += value.text;
                    box.value = written.replace(/\\s*\\[Source:[^\\]]*\\]?/g, '');
                  } else if (name === 'draft') {
                    finished = true;
                    status.textContent = 'Draft stored; showing it…';
                    // The ticket as it is now, without an earlier action's notice in the query.
                    location.assign(location.pathname);
                  } else if (name === 'error') {
                    finished = true;
                    fail(value.detail || 'the draft could not be written');
                  }
                }
                fetch('/v1/agent/tickets/' + button.dataset.ticket + '/draft', {
                  method: 'POST', credentials: 'same-origin',
                  headers: { 'Accept': 'text/event-stream', 'X-CSRF-Token': button.dataset.csrf }
                }).then(function (response) {
                  if (!response.ok) {
                    return response.json().then(function (problem) { fail(problem.detail || response.statusText); },
                      function () { fail(response.statusText); });
                  }
                  var reader = response.body.getReader(), decoder = new TextDecoder(), pending = '';
                  function read() {
                    return reader.read().then(function (part) {
                      if (part.done) { if (!finished) fail('the connection ended early'); return; }
                      pending += decoder.decode(part.value, { stream: true });
                      var blocks = pending.split('\\n\\n');
                      pending = blocks.pop();
                      blocks.forEach(handle);
                      return read();
                    });
                  }
                  return read();
                }).catch(function () { fail('the server could not be reached'); });
              });
            })();
            </script>{{/canRedraft}}
            {{#hasMacros}}<script>
            // A saved reply goes in at the cursor of the reply box, from the list or with Alt+1…9 there.
            (function () {
              var box = document.getElementById('draft-body');
              var select = document.getElementById('macro-select');
              if (!box || !select) return;
              function insert(index) {
                var option = select.querySelector('option[value="' + index + '"]');
                if (!option) return;
                var text = option.getAttribute('data-body');
                var start = box.selectionStart, end = box.selectionEnd;
                box.value = box.value.slice(0, start) + text + box.value.slice(end);
                box.focus();
                box.selectionStart = box.selectionEnd = start + text.length;
              }
              select.addEventListener('change', function () { insert(select.value); select.value = ''; });
              box.addEventListener('keydown', function (e) {
                if (e.altKey && !e.ctrlKey && !e.metaKey && /^Digit[1-9]$/.test(e.code)) { e.preventDefault(); insert(e.code.slice(5)); }
              });
            })();
            </script>{{/hasMacros}}
            <details class="card" id="trace-card">
              <summary><h2 style="display:inline">Decision trace</h2> <span class="muted">why each stage decided what it did</span></summary>
              <table class="trace" id="trace"><thead><tr><th>Stage</th><th>Decision</th><th>Score</th><th>Engine</th><th>ms</th></tr></thead><tbody>
              {{#trace}}<tr><td>{{stage}}</td><td>{{output}}<details><summary class="muted">details</summary><div class="muted">input: {{input}}</div>{{#details}}<div><code>{{key}}</code> = {{value}}</div>{{/details}}</details></td><td>{{score}}</td><td>{{engine}} {{version}}</td><td>{{duration}}</td></tr>{{/trace}}
              </tbody></table>
            </details>
          </div>
          <div>
            {{#package}}
            <div class="card" id="package">
              <h2>Escalation package</h2>
              <p><strong>Recommended:</strong> {{recommendedAction}}</p>
              <ul class="summary">{{#summary}}<li>{{.}}</li>{{/summary}}</ul>
              <h2 style="margin-top:14px;">Classification</h2>
              <dl class="facts"><dt>Category</dt><dd>{{category}}</dd><dt>Sentiment</dt><dd>{{sentiment}}</dd><dt>Urgency</dt><dd>{{urgency}}</dd><dt>Risk</dt><dd>{{risk}}</dd><dt>Reason</dt><dd>{{reason}}</dd></dl>
              <h2 style="margin-top:14px;">AI attempt</h2>
              <dl class="facts"><dt>Answers tried</dt><dd>{{answersTried}}</dd><dt>Handed over</dt><dd>{{failureReason}}</dd><dt>Articles</dt><dd>{{articles}}</dd>{{#customerPreview}}<dt>Customer already read</dt><dd id="customer-preview">{{.}} <span class="muted">(shown while the answer was written, then withdrawn when it was held)</span></dd>{{/customerPreview}}</dl>
            </div>
            {{/package}}
            {{#customer}}
            <div class="card" id="customer-panel">
              <h2>Customer</h2>
              <dl class="facts"><dt>Name</dt><dd>{{name}}</dd><dt>Email</dt><dd>{{email}}</dd><dt>Plan</dt><dd>{{plan}}</dd><dt>Lifetime value</dt><dd>{{lifetimeValue}}</dd><dt>Sentiment trend</dt><dd id="sentiment-trend">{{trend}}</dd></dl>
              {{#hasOthers}}<table id="customer-tickets"><thead><tr><th>#</th><th>Subject</th><th>Status</th><th>Sentiment</th><th>Opened</th></tr></thead><tbody>
              {{#tickets}}<tr><td>{{#current}}{{id}}{{/current}}{{^current}}<a href="/console/tickets/{{id}}">{{id}}</a>{{/current}}</td><td>{{subject}}{{#current}} <span class="muted">(this ticket)</span>{{/current}}</td><td>{{status}}</td><td>{{sentiment}}</td><td>{{opened}}</td></tr>{{/tickets}}
              </tbody></table>{{/hasOthers}}
              {{^hasOthers}}<p class="muted">No other tickets from this customer.</p>{{/hasOthers}}
            </div>
            {{/customer}}
            <div class="card" id="actions">
              <h2>Actions</h2>
              <form method="post" action="/console/tickets/{{ticket.id}}/relabel" class="row">
                <input type="hidden" name="_csrf" value="{{csrf}}">
                <select name="category">{{#categoryOptions}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/categoryOptions}}</select>
                <select name="urgency">{{#urgencyOptions}}<option value="{{value}}"{{#selected}} selected{{/selected}}>urgency {{value}}</option>{{/urgencyOptions}}</select>
                <button class="secondary" type="submit">Relabel</button>
              </form>
              <form method="post" action="/console/tickets/{{ticket.id}}/escalate" class="row" id="escalate-form">
                <input type="hidden" name="_csrf" value="{{csrf}}">
                <input type="text" name="note" placeholder="Note for the next person" style="flex:1">
                <input type="text" name="assignee" placeholder="assignee email (optional)">
                <button class="secondary" type="submit">Escalate <kbd>Ctrl</kbd>+<kbd>E</kbd></button>
              </form>
              <form method="post" action="/console/tickets/{{ticket.id}}/close" class="row" id="close-form">
                <input type="hidden" name="_csrf" value="{{csrf}}">
                <input type="text" name="tags" id="close-tags" placeholder="tags, comma separated" style="flex:1">
                <button class="secondary" type="submit">Close <kbd>Ctrl</kbd>+<kbd>D</kbd></button>
              </form>
              <form method="post" action="/console/tickets/{{ticket.id}}/pending" class="row" id="park-form">
                <input type="hidden" name="_csrf" value="{{csrf}}">
                <input type="text" name="note" placeholder="what you are waiting for (optional)" maxlength="2000" style="flex:1">
                <button class="secondary" type="submit">Waiting on the customer</button>
                <button class="secondary" type="submit" formaction="/console/tickets/{{ticket.id}}/hold">On hold</button>
              </form>
              <form method="post" action="/console/tickets/{{ticket.id}}/tags" class="row" id="tags-form">
                <input type="hidden" name="_csrf" value="{{csrf}}">
                <input type="text" name="add" id="tags-add" placeholder="add tags, comma separated" style="flex:1">
                <input type="text" name="remove" placeholder="remove tags" style="width:9em">
                <button class="secondary" type="submit">Tag</button>
              </form>
              {{#ticket.canMerge}}<form method="post" action="/console/tickets/{{ticket.id}}/merge" class="row" id="merge-form">
                <input type="hidden" name="_csrf" value="{{csrf}}">
                <label>Duplicate of ticket # <input type="number" name="into" id="merge-into" min="1" required style="width:7em"></label>
                <button class="secondary" type="submit">Merge into it</button>
                <span class="muted">Closes this one and copies its messages there.</span>
              </form>{{/ticket.canMerge}}
              <form method="post" action="/console/tickets/{{ticket.id}}/hand-back" class="row">
                <input type="hidden" name="_csrf" value="{{csrf}}">
                <button class="secondary" type="submit">Hand back to the AI</button>
                <span class="muted">The AI answers the customer's next message, with the whole conversation as context.</span>
              </form>
            </div>
            <div class="card" id="events">
              <h2>Activity</h2>
              {{#events}}<div class="msg system"><div class="meta">{{time}} · {{actor}}</div>{{kind}} {{summary}}</div>{{/events}}
              {{^events}}<p class="muted">No agent activity yet.</p>{{/events}}
            </div>
          </div>
        </div>
        {{> footer}}
        """

    /// Asked before merging tickets of two customer records (`ConsoleRoutes.mergeQuestion`).
    static let mergeQuestion = """
        {{> header}}
        <div class="card" style="max-width:640px;margin:40px auto;" id="merge-question">
          <h1>Merge tickets of two customers?</h1>
          <p class="body">Ticket #{{duplicateID}} is from {{duplicateCustomer}}; ticket #{{targetID}} is from \
        {{targetCustomer}}. After the merge, every reply on ticket #{{targetID}} goes to {{targetCustomer}} only: \
        {{duplicateCustomer}} gets none of them, though their later messages still reach ticket #{{targetID}}. \
        Merge only when both are one person.</p>
          <form method="post" action="/console/tickets/{{duplicateID}}/merge" class="row">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <input type="hidden" name="into" value="{{targetID}}">
            <input type="hidden" name="confirm" value="different-customers">
            <button type="submit">Merge anyway</button>
            <a href="/console/tickets/{{duplicateID}}">Keep them apart</a>
          </form>
        </div>
        {{> footer}}
        """
}
