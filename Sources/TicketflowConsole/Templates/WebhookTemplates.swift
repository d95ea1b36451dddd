/// The webhooks pages (admins only): subscriptions with their state and
/// buttons, the create form, the secret shown once, and a delivery log.
enum WebhookTemplates {
    static let list = """
        {{> header}}
        <h1>Webhooks <span class="muted">({{count}})</span></h1>
        {{#created}}
        <div class="card" id="new-secret" style="border-color:#abefc6">
          <h2>Subscribed {{url}}</h2>
          <p>Signing secret: <code id="secret">{{secret}}</code></p>
          <p><strong>Copy it now: it is shown only this once.</strong> Ticketflow keeps it to sign deliveries but
            never shows it again; if it is lost, delete this subscription and create a new one.</p>
          <p>Receivers verify each request by computing the HMAC-SHA256 of <code>t.body</code> (the <code>t</code>
            of the <code>Ticketflow-Signature</code> header, a dot, the raw body) with this secret and comparing it
            with the header's <code>v1</code>, and refuse an old <code>t</code> (a replay); see
            <code>docs/channels.md#verifying-signatures</code>.</p>
        </div>
        {{/created}}
        <table id="webhooks">
          <thead><tr><th>URL</th><th>Events</th><th>State</th><th>Failures in a row</th><th>Next attempt</th>
            <th>Created</th><th></th></tr></thead>
          <tbody>
          {{#webhooks}}
          <tr id="webhook-{{id}}"><td class="url"><a href="/console/webhooks/{{id}}">{{url}}</a></td>
            <td class="events">{{events}}</td><td class="state">{{state}}</td>
            <td class="failures">{{failures}}</td><td class="next">{{nextAttempt}}</td><td>{{created}}</td>
            <td><div class="row">
              <a href="/console/webhooks/{{id}}">Delivery log</a>
              {{#on}}<form method="post" action="/console/webhooks/{{id}}/disable" class="disable-webhook">
                <input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit">Turn off</button></form>{{/on}}
              {{^on}}<form method="post" action="/console/webhooks/{{id}}/enable" class="enable-webhook">
                <input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit">Turn on</button></form>{{/on}}
              <form method="post" action="/console/webhooks/{{id}}/delete" class="delete-webhook"
                onsubmit="return confirm('Delete this subscription and its delivery log?')">
                <input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit">Delete</button></form>
            </div></td></tr>
          {{/webhooks}}
          {{^webhooks}}<tr><td colspan="7" class="muted">No subscriptions yet.</td></tr>{{/webhooks}}
          </tbody>
        </table>
        <div class="card" style="max-width:560px; margin-top:16px">
          <h2>Subscribe a URL</h2>
          {{#error}}<div class="error" id="form-error">{{error}}</div>{{/error}}
          <form method="post" action="/console/webhooks" id="add-webhook">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <p><label>URL (http or https)<br><input type="url" name="url" id="webhook-url" required value="{{formURL}}"
              placeholder="https://example.com/hooks/ticketflow" style="width:100%"></label></p>
            <p><label>Format <select name="format" id="webhook-format">
              <option value="ticketflow">Ticketflow JSON, signed (for programs)</option>
              <option value="slack">Chat message: {"text": …} (Slack, Mattermost and other incoming webhooks)</option>
            </select></label></p>
            <p>Events (none checked: all events; for a chat channel, ticket.escalated tells the team when a person is needed now)<br>
            {{#choices}}<label style="display:inline-block; margin-right:12px"><input type="checkbox"
              name="event:{{name}}" value="1"{{#checked}} checked{{/checked}}> {{name}}</label>{{/choices}}</p>
            <p class="muted">Events are sent one at a time, in order, signed with a secret shown once after you
              subscribe. A failing URL is retried with backoff and turned off after repeated failures.</p>
            <p><button type="submit" class="primary">Subscribe</button></p>
          </form>
        </div>
        {{> footer}}
        """

    static let log = """
        {{> header}}
        {{#webhook}}
        <p><a href="/console/webhooks">← Webhooks</a></p>
        <h1>Delivery log <span class="muted">{{url}}</span></h1>
        <div class="card">
          <dl class="facts" id="webhook-facts">
            <dt>URL</dt><dd>{{url}}</dd>
            <dt>Events</dt><dd>{{events}}</dd>
            <dt>State</dt><dd id="webhook-state">{{state}}</dd>
            <dt>Failures in a row</dt><dd id="webhook-failures">{{failures}}</dd>
            <dt>Next attempt</dt><dd>{{nextAttempt}}</dd>
            <dt>Created</dt><dd>{{created}}</dd>
          </dl>
        </div>
        {{/webhook}}
        <h2>Newest attempts <span class="muted">({{count}} shown, at most {{limit}})</span></h2>
        <table id="attempts">
          <thead><tr><th>Time</th><th>Event</th><th>Type</th><th>Result</th><th>Error</th><th>Duration</th></tr></thead>
          <tbody>
          {{#attempts}}
          <tr class="attempt{{^delivered}} failed{{/delivered}}">
            <td>{{time}}</td><td>{{eventID}}</td><td>{{eventType}}</td>
            <td class="result">{{result}}</td><td class="error-text">{{error}}</td><td>{{duration}}</td></tr>
          {{/attempts}}
          {{^attempts}}<tr><td colspan="6" class="muted">No delivery attempts yet.</td></tr>{{/attempts}}
          </tbody>
        </table>
        {{> footer}}
        """
}
