/// The inbox: every ticket in saved views, with search and filters, refreshed in place every 15 seconds.
enum InboxTemplate {
    static let page = """
        {{> header}}
        <h1>Inbox <span class="muted" id="inbox-count">({{count}})</span></h1>
        <nav class="tabs" id="views">{{#tabs}}<a href="{{href}}"{{#selected}} class="selected" aria-current="page"{{/selected}}>{{label}}</a>{{/tabs}}</nav>
        <form method="get" action="/console/inbox" class="row card" id="inbox-filters">
          <input type="hidden" name="view" value="{{view}}">
          <label>Search <input type="search" name="q" id="inbox-search" value="{{text}}" placeholder="words in subject, messages or customer"></label>
          <label>Status <select name="status">{{#statuses}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/statuses}}</select></label>
          <label>Route <select name="route">{{#routes}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/routes}}</select></label>
          <label>Category <select name="category">{{#categories}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/categories}}</select></label>
          <label>Channel <select name="channel">{{#channels}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/channels}}</select></label>
          <label>Tag <input type="text" name="tag" id="inbox-tag" value="{{tag}}" size="10"></label>
          <label>Assignee <select name="assignee">{{#assignees}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/assignees}}</select></label>
          <label>From <input type="date" name="from" value="{{from}}"></label>
          <label>To <input type="date" name="to" value="{{to}}"></label>
          <button class="secondary" type="submit">Search</button>
        </form>
        <table id="inbox">
          <thead><tr><th>#</th><th>Subject</th><th>Customer</th><th>Channel</th><th>Category</th><th>Route</th><th>Status</th><th>Assignee</th><th>Waiting</th><th>SLA</th></tr></thead>
          <tbody>
          {{#rows}}
          <tr class="inbox-row" data-ticket="{{id}}" tabindex="-1">
            <td>{{id}}</td>
            <td><a class="ticket-link" href="/console/tickets/{{id}}">{{subject}}</a><div class="muted preview">{{preview}}</div>{{#tags}}<span class="pill tag">{{.}}</span> {{/tags}}</td>
            <td>{{customer}}</td>
            <td>{{channel}}</td>
            <td>{{category}}</td>
            <td>{{route}}</td>
            <td><span class="pill status">{{status}}</span></td>
            <td>{{assignee}}</td>
            <td>{{waiting}}</td>
            <td{{#breached}} class="breached"{{/breached}}>{{due}}</td>
          </tr>
          {{/rows}}
          {{^rows}}<tr><td colspan="10" class="muted">No tickets match.</td></tr>{{/rows}}
          </tbody>
        </table>
        {{#next}}<p><a href="{{next}}" id="inbox-next">Older tickets →</a></p>{{/next}}
        <p class="muted">Newest first. Waiting counts from the customer's last message. <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>Enter</kbd> opens, <kbd>/</kbd> searches. {{#live}}The list updates itself as tickets change.{{/live}}{{^live}}The list refreshes itself every 15 seconds.{{/live}}</p>
        <script>
        // Keyboard moves through the rows. The list is re-read in place (the same URL, so the same view and
        // filters) when the server says tickets changed, or every 15 s without that stream, and the row under
        // the cursor stays selected.
        (function () {
          var current = null;
          function rows() { return Array.prototype.slice.call(document.querySelectorAll('#inbox tr.inbox-row')); }
          function select(row) {
            if (current) current.classList.remove('selected');
            current = row;
            if (row) { row.classList.add('selected'); row.focus({ preventScroll: false }); }
          }
          function typing(el) {
            return el && (el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.tagName === 'INPUT');
          }
          document.addEventListener('keydown', function (e) {
            if (e.ctrlKey || e.metaKey || e.altKey || typing(document.activeElement)) return;
            var list = rows();
            var at = current ? list.indexOf(current) : -1;
            if (e.key === 'j') { e.preventDefault(); select(list[Math.min(list.length - 1, at + 1)] || null); }
            else if (e.key === 'k') { e.preventDefault(); select(list[Math.max(0, at - 1)] || null); }
            else if (e.key === 'Enter' && current) { e.preventDefault(); location.href = current.querySelector('a.ticket-link').href; }
            else if (e.key === '/') { e.preventDefault(); document.getElementById('inbox-search').focus(); }
          });
          var reading = false, again = false;
          function refresh() {
            if (reading) { again = true; return; }
            reading = true;
            fetch(location.href, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } })
              .then(function (r) { return r.ok ? r.text() : null; })
              .then(function (html) {
                if (!html) return;
                var fresh = new DOMParser().parseFromString(html, 'text/html');
                var body = fresh.querySelector('#inbox tbody');
                if (!body) return;
                var keep = current && current.getAttribute('data-ticket');
                document.querySelector('#inbox tbody').replaceWith(body);
                document.getElementById('inbox-count').textContent = fresh.getElementById('inbox-count').textContent;
                current = null;
                if (keep) select(document.querySelector('#inbox tr[data-ticket="' + keep + '"]'));
              })
              .catch(function () {})
              .then(function () { reading = false; if (again) { again = false; refresh(); } });
          }
          var live = {{#live}}!!window.EventSource{{/live}}{{^live}}false{{/live}};
          if (live) {
            // Closed when the server shuts down; EventSource reconnects by itself.
            new EventSource('/console/inbox/events').addEventListener('changed', function () {
              if (!document.hidden) refresh(); else again = true;
            });
            document.addEventListener('visibilitychange', function () {
              if (!document.hidden && again) { again = false; refresh(); }
            });
          }
          setInterval(function () { if (!document.hidden) refresh(); }, live ? 60000 : 15000);
        })();
        </script>
        {{> footer}}
        """
}
