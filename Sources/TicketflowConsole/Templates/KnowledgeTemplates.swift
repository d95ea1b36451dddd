/// Knowledge-base pages: the article list and one article.
enum KnowledgeTemplates {
    static let list = """
        {{> header}}
        <h1>Knowledge base <span class="muted">({{count}} articles)</span></h1>
        <table id="articles">
          <thead><tr><th>Title</th><th>Category</th><th>Tags</th><th>Version</th><th>Updated</th></tr></thead>
          <tbody>
          {{#articles}}
          <tr><td><a href="/console/kb/{{id}}">{{title}}</a></td><td>{{category}}</td><td>{{tags}}</td><td>{{version}}</td><td>{{updated}}</td></tr>
          {{/articles}}
          {{^articles}}<tr><td colspan="5" class="muted">No articles yet. Import some with <code>ticketflow kb import PATH</code>.</td></tr>{{/articles}}
          </tbody>
        </table>
        {{> footer}}
        """

    static let show = """
        {{> header}}
        <p><a href="/console/kb">← Knowledge base</a></p>
        <div class="card">
          <h1 id="article-title">{{title}}</h1>
          <p class="muted">{{category}} · tags: {{tags}} · version {{version}} · updated {{updated}} · source {{source}}</p>
          <div class="body" id="article-body">{{body}}</div>
        </div>
        {{> footer}}
        """
}
