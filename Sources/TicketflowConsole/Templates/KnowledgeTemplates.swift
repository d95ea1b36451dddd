/// Knowledge-base pages: the article list with its search, one article, and the editor (admins).
enum KnowledgeTemplates {
    static let list = """
        {{> header}}
        <h1>Knowledge base <span class="muted">({{count}} articles{{#searched}} found{{/searched}})</span></h1>
        <form method="get" action="/console/kb" class="row card" id="kb-search">
          <label>Search <input type="search" name="q" value="{{query}}" placeholder="a customer's question or words"></label>
          <button class="secondary" type="submit">Search</button>
          {{#searched}}<a href="/console/kb">All articles</a>{{/searched}}
          {{#editor}}<a class="button primary" href="/console/kb/new" id="kb-new">New article</a>{{/editor}}
        </form>
        <table id="articles">
          <thead><tr><th>Title</th><th>Category</th><th>Tags</th><th>Version</th><th>Updated</th></tr></thead>
          <tbody>
          {{#articles}}
          <tr><td><a href="/console/kb/{{path}}">{{title}}</a></td><td>{{category}}</td><td>{{tags}}</td><td>{{version}}</td><td>{{updated}}</td></tr>
          {{/articles}}
          {{^articles}}<tr><td colspan="5" class="muted">{{#searched}}No article matches.{{/searched}}{{^searched}}No articles yet. Write one here or import some with <code>ticketflow kb import PATH</code>.{{/searched}}</td></tr>{{/articles}}
          </tbody>
        </table>
        {{#searched}}<p class="muted">Best match first, as the pipeline retrieves for a ticket.</p>{{/searched}}
        {{^searched}}<div class="card" id="kb-gaps" style="margin-top:16px"><h2>Knowledge gaps <span class="muted">questions of the last 30 days with no article to answer from, grouped by shared words</span></h2>
          {{#hasGaps}}<table><thead><tr><th>Shared words</th><th>Questions</th><th>For example</th></tr></thead><tbody>
          {{#gaps}}<tr><td>{{terms}}</td><td>{{count}}</td><td>{{#examples}}<a href="/console/tickets/{{id}}">#{{id}} {{subject}}</a><br>{{/examples}}</td></tr>{{/gaps}}
          </tbody></table>{{/hasGaps}}{{^hasGaps}}<p class="muted">None: every recent question found an article.</p>{{/hasGaps}}
        </div>{{/searched}}
        {{> footer}}
        """

    static let show = """
        {{> header}}
        <p><a href="/console/kb">← Knowledge base</a></p>
        <div class="card">
          <div class="row"><h1 id="article-title">{{title}}</h1>
          {{#editor}}<a class="button primary" href="/console/kb/{{path}}/edit" id="kb-edit">Edit</a>{{/editor}}</div>
          <p class="muted">{{category}} · tags: {{tags}} · version {{version}} · updated {{updated}} · source {{source}}</p>
          <div class="article" id="article-body">{{{bodyHTML}}}</div>
        </div>
        <div class="card" id="kb-cited"><h2>Answers that cited it</h2>
          <p>{{citedSummary}} <span class="muted">(the newest 100 answers)</span></p>
          {{#recent}}<div class="muted"><a href="/console/tickets/{{ticketID}}">#{{ticketID}} {{subject}}</a> · {{author}} · {{status}} · {{time}}</div>{{/recent}}
        </div>
        {{#editor}}<form method="post" action="/console/kb/{{path}}/delete" id="kb-delete" onsubmit="return confirm('Delete this article? Answers stop citing it at once.')">
          <input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit">Delete article</button></form>{{/editor}}
        {{> footer}}
        """

    static let editor = """
        {{> header}}
        <p><a href="/console/kb">← Knowledge base</a></p>
        <div class="grid">
        <form method="post" action="/console/kb" class="card" id="kb-editor">
          <input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="id" value="{{id}}">
          <p><label>Title<br><input type="text" name="title" id="kb-title" value="{{title}}" required maxlength="200" style="width:100%"></label></p>
          <div class="row"><label>Category <input type="text" name="category" value="{{category}}" maxlength="60"></label>
          <label>Tags <input type="text" name="tags" value="{{tags}}" placeholder="comma, separated" maxlength="300"></label></div>
          <p><label>Body (Markdown: # headings, - and 1. lists; emphasis, links and HTML are kept as plain text)<br>
            <textarea name="body" id="kb-body" required style="min-height:360px">{{body}}</textarea></label></p>
          <div class="row"><button class="primary" type="submit" name="action" value="save">Save</button>
          <button class="secondary" type="submit" name="action" value="preview" formnovalidate>Preview</button></div>
        </form>
        <div class="card"><h2>Preview</h2>{{#previewHTML}}<div class="article" id="kb-preview">{{{previewHTML}}}</div>{{/previewHTML}}{{^previewHTML}}<p class="muted">Press Preview to see the article as it will be stored, searched and cited.</p>{{/previewHTML}}</div>
        </div>
        {{> footer}}
        """
}
