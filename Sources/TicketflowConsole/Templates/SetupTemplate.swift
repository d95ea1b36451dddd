/// The setup page (admins only): the taxonomy, matrix, SLA, business hours
/// and dashboard targets in force. Read-only: they change in the config file.
enum SetupTemplate {
    static let page = """
        {{> header}}
        <h1>Setup</h1>
        <p class="muted">What this server runs with. Change it in the config file (<code>categories</code>,
          <code>priority_matrix</code>, <code>sla_minutes</code>, <code>business_hours</code>,
          <code>dashboard_targets</code>; see docs/triage.md) and restart; a bad value is refused at start-up
          with its key.</p>
        <h2>Categories <span class="muted">({{categorySource}})</span></h2>
        <table id="categories">
          <thead><tr><th>Category</th><th>Description</th><th>Examples</th><th>Queue</th></tr></thead>
          <tbody>
          {{#categories}}
          <tr id="category-{{name}}"><td>{{name}}</td><td>{{description}}</td>
            <td>{{#examples}}<div>{{.}}</div>{{/examples}}</td><td>{{queue}}</td></tr>
          {{/categories}}
          </tbody>
        </table>
        {{#tables}}
        <h2>{{title}} <span class="muted">({{source}})</span></h2>
        <table id="{{id}}">
          <thead><tr>{{#headers}}<th>{{.}}</th>{{/headers}}</tr></thead>
          <tbody>
          {{#rows}}<tr>{{#cells}}<td>{{.}}</td>{{/cells}}</tr>{{/rows}}
          </tbody>
        </table>
        {{/tables}}
        {{> footer}}
        """
}
