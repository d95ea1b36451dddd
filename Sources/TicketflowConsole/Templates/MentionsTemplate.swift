/// The notes that mention the viewer, newest first: the console's in-app notification list.
enum MentionsTemplate {
    static let page = """
        {{> header}}
        <h1>Mentions <span class="muted">({{count}})</span></h1>
        <table id="mentions">
          <thead><tr><th>When</th><th>Ticket</th><th>From</th><th>Note</th></tr></thead>
          <tbody>
          {{#mentions}}
          <tr><td>{{time}}</td><td><a href="/console/tickets/{{ticketID}}">#{{ticketID}} {{subject}}</a></td><td>{{author}}</td><td class="body">{{text}}</td></tr>
          {{/mentions}}
          {{^mentions}}<tr><td colspan="4" class="muted">Nobody has mentioned you in a note yet. Write @name in a ticket's note to mention a teammate.</td></tr>{{/mentions}}
          </tbody>
        </table>
        {{> footer}}
        """
}
