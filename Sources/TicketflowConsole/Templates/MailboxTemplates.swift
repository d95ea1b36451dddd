/// The mailboxes page (admins only): the mailboxes admins added, with buttons, and the add form. Passwords
/// are never on it: the form's URL fields are write-only.
enum MailboxTemplates {
    static let list = """
        {{> header}}
        <h1>Mailboxes <span class="muted">({{count}})</span></h1>
        <p class="muted">Each mailbox on is polled for new mail, which becomes email tickets; replies go out From
          its address. The configuration file's mailbox (<code>imap_url</code>) is polled too and is not listed.</p>
        <table id="mailboxes">
          <thead><tr><th>Name</th><th>Address</th><th>IMAP server</th><th>Folder</th><th>Replies through</th>
            <th>State</th><th>Added</th><th></th></tr></thead>
          <tbody>
          {{#mailboxes}}
          <tr id="mailbox-{{id}}"><td class="name">{{name}}</td><td class="address">{{address}}</td>
            <td class="server">{{server}}</td><td class="folder">{{folder}}</td><td class="replies">{{replies}}</td>
            <td class="state">{{state}}</td><td>{{created}}</td>
            <td><div class="row">
              {{#on}}<form method="post" action="/console/mailboxes/{{id}}/disable" class="disable-mailbox">
                <input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit">Turn off</button></form>{{/on}}
              {{^on}}<form method="post" action="/console/mailboxes/{{id}}/enable" class="enable-mailbox">
                <input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit">Turn on</button></form>{{/on}}
              <form method="post" action="/console/mailboxes/{{id}}/delete" class="delete-mailbox"
                onsubmit="return confirm('Delete this mailbox? Its tickets stay.')">
                <input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit">Delete</button></form>
            </div></td></tr>
          {{/mailboxes}}
          {{^mailboxes}}<tr><td colspan="8" class="muted">No mailboxes added yet.</td></tr>{{/mailboxes}}
          </tbody>
        </table>
        <div class="card" style="max-width:560px; margin-top:16px">
          <h2>Add a mailbox</h2>
          {{#error}}<div class="error" id="form-error">{{error}}</div>{{/error}}
          <form method="post" action="/console/mailboxes" id="add-mailbox" autocomplete="off">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <p><label>Name (letters, digits, . _ -)<br><input name="name" id="mailbox-name" required
              value="{{formName}}" placeholder="sales" style="width:100%"></label></p>
            <p><label>Address (From of replies)<br><input type="email" name="address" id="mailbox-address" required
              value="{{formAddress}}" placeholder="sales@acme.example" style="width:100%"></label></p>
            <p><label>IMAP URL<br><input type="password" name="imap_url" id="mailbox-imap" required
              placeholder="imaps://user:password@imap.acme.example:993/INBOX" style="width:100%"></label></p>
            <p><label>SMTP URL (empty: the server's smtp_url)<br><input type="password" name="smtp_url"
              id="mailbox-smtp" placeholder="smtp://user:password@smtp.acme.example:587" style="width:100%"></label></p>
            <p class="muted">The URLs hold the passwords: they are stored, used to connect, and never shown again.
              Mail that arrives after the mailbox's first poll (within seconds) becomes tickets.</p>
            <p><button type="submit" class="primary">Add mailbox</button></p>
          </form>
        </div>
        {{> footer}}
        """
}
