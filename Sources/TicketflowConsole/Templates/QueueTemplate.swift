/// The review queue: open tickets in SLA order, with filters.
enum QueueTemplate {
    static let page = """
        {{> header}}
        <h1>Review queue <span class="muted">({{count}})</span></h1>
        <form method="get" action="/console/queue" class="row card" id="filters">
          <label>Route <select name="route">{{#routes}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/routes}}</select></label>
          <label>Category <select name="category">{{#categories}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/categories}}</select></label>
          {{#hasQueues}}<label>Queue <select name="queue">{{#queues}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/queues}}</select></label>{{/hasQueues}}
          <label>Assignee <select name="assignee">{{#assignees}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/assignees}}</select></label>
          <button class="secondary" type="submit">Filter</button>
        </form>
        <table id="queue">
          <thead><tr><th>Priority</th><th>#</th><th>Subject</th><th>Category</th><th>Urgency</th><th>Route</th><th>Status</th><th>Assignee</th><th>Waiting</th><th>Due</th></tr></thead>
          <tbody>
          {{#entries}}
          <tr class="queue-row" data-ticket="{{id}}">
            <td><span class="pill {{priority}}">{{priority}}</span></td>
            <td>{{id}}</td>
            <td><a class="ticket-link" href="/console/tickets/{{id}}">{{subject}}</a></td>
            <td>{{category}}</td>
            <td>{{urgency}}</td>
            <td>{{route}}</td>
            <td><span class="pill status">{{status}}</span></td>
            <td>{{assignee}}</td>
            <td>{{waiting}}</td>
            <td{{#breached}} class="breached"{{/breached}}>{{due}}</td>
          </tr>
          {{/entries}}
          {{^entries}}<tr><td colspan="10" class="muted">Nothing waiting for a person. 🎉</td></tr>{{/entries}}
          </tbody>
        </table>
        <p class="muted">Ordered by SLA clock (earliest due first), then priority and waiting time.</p>
        {{> footer}}
        """
}
