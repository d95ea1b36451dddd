/// The dashboard page and its two chart partials. Chart geometry comes from
/// `SVGChart`; like every other value, it is `{{ }}`-escaped.
enum DashboardTemplate {
    static let page = """
        {{> header}}
        <style>
        .cards { display:grid; grid-template-columns:repeat(auto-fill, minmax(220px, 1fr)); gap:12px; margin-bottom:16px; }
        .indicator { background:#fff; border:1px solid var(--line); border-left:5px solid #98a2b3; border-radius:10px; padding:12px 14px; min-width:0; overflow-wrap:anywhere; }
        .indicator.ok { border-left-color:var(--ok); } .indicator.warning { border-left-color:var(--warn); } .indicator.alert { border-left-color:var(--bad); background:#fffbfa; }
        .indicator .value { font-size:24px; font-weight:700; margin:2px 0; }
        .indicator .state { font-size:11px; font-weight:700; text-transform:uppercase; letter-spacing:.04em; }
        .indicator.ok .state { color:var(--ok); } .indicator.warning .state { color:var(--warn); } .indicator.alert .state { color:var(--bad); } .indicator.no_data .state { color:var(--muted); }
        .charts { display:grid; grid-template-columns:repeat(auto-fill, minmax(520px, 1fr)); gap:16px; }
        .legend { display:flex; gap:14px; flex-wrap:wrap; font-size:12px; color:var(--muted); }
        .legend i { display:inline-block; width:10px; height:10px; border-radius:2px; margin-right:4px; vertical-align:-1px; }
        figure.chart { margin:0; }
        .windows a { margin-right:10px; } .windows a.selected { font-weight:700; color:var(--ink); text-decoration:none; }
        </style>
        <h1>Dashboard <span class="muted">· last {{windowLabel}} · {{tickets}} tickets since {{since}}</span></h1>
        <p class="muted" id="cache-hits">Answers from the answer cache: {{cacheHits}} (no generator or LLM call for these).</p>
        <p class="windows">Window: {{#windows}}<a href="/console/dashboard?days={{days}}" {{#selected}}class="selected" aria-current="page"{{/selected}}>{{label}}</a>{{/windows}}</p>
        {{#hasAlerts}}
        <div class="error" id="alerts" role="alert"><strong>Alert:</strong> past the alert threshold:
          <ul class="summary">{{#alerts}}<li><strong>{{label}}</strong> <code>{{name}}</code> is {{value}} (alert threshold {{threshold}})</li>{{/alerts}}</ul>
        </div>
        {{/hasAlerts}}
        <div class="cards" id="indicators">
          {{#cards}}
          <div class="indicator {{state}}" id="indicator-{{name}}">
            <div class="state">{{state}}</div>
            <div>{{label}}</div>
            <div class="value">{{value}}</div>
            <div class="muted">target {{target}} · alert {{threshold}}</div>
            <div class="muted"><code>{{name}}</code></div>
          </div>
          {{/cards}}
        </div>
        <div class="cards" id="backlog">
          <div class="indicator{{#hasBreaches}} alert{{/hasBreaches}}" id="indicator-backlog"><div class="state">now</div><div>Backlog: waiting for a person</div><div class="value">{{backlog}}</div><div class="muted"><a href="/console/queue">review queue</a></div></div>
          <div class="indicator{{#hasBreaches}} alert{{/hasBreaches}}" id="indicator-breached"><div class="state">now</div><div>Past their SLA</div><div class="value">{{breached}}</div><div class="muted"><a href="/console/inbox?view=sla">SLA at risk</a></div></div>
        </div>
        <div class="card" id="agents"><h2>Answered by people, per agent</h2>
          <table><thead><tr><th>Agent</th><th>Tickets answered</th><th>First response (median)</th><th>Handle time (median, opened to resolved)</th><th>CSAT (human answers)</th></tr></thead><tbody>
          {{#agents}}<tr><td>{{name}}</td><td>{{handled}}</td><td>{{firstResponse}}</td><td>{{handleTime}}</td><td>{{csat}}</td></tr>{{/agents}}
          {{^hasAgents}}<tr><td colspan="5" class="muted">No ticket in this window was answered by a person.</td></tr>{{/hasAgents}}
          </tbody></table>
        </div>
        <div class="card" id="dashboard-gaps"><h2>Knowledge gaps <span class="muted">last 30 days: questions no article could answer, the largest groups</span></h2>
          <table><thead><tr><th>Shared words</th><th>Questions</th><th>Examples</th></tr></thead><tbody>
          {{#gaps}}<tr><td>{{terms}}</td><td>{{count}}</td><td>{{#examples}}<a href="/console/tickets/{{id}}">#{{id}} {{subject}}</a><br>{{/examples}}</td></tr>{{/gaps}}
          {{^hasGaps}}<tr><td colspan="3" class="muted">None: every question had an article to answer from.</td></tr>{{/hasGaps}}
          </tbody></table>
          <p class="muted"><a href="/console/kb#kb-gaps">All gaps, on the knowledge base page</a></p>
        </div>
        <div class="charts">
          {{#volumeChart}}{{> bar-chart}}{{/volumeChart}}
          {{#ratesChart}}{{> line-chart}}{{/ratesChart}}
          {{#categoryChart}}{{> bar-chart}}{{/categoryChart}}
          {{#latencyChart}}{{> bar-chart}}{{/latencyChart}}
        </div>
        {{> footer}}
        """

    static let barChart = """
        <figure class="chart card" id="{{id}}">
          <h2>{{title}}</h2>
          <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {{width}} {{height}}" width="100%" role="img" aria-label="{{title}}">
            {{#grid}}<line x1="{{x1}}" x2="{{x2}}" y1="{{y}}" y2="{{y}}" stroke="#e4e7ec"/><text x="{{lx}}" y="{{ly}}" font-size="10" text-anchor="end" fill="#667085">{{label}}</text>{{/grid}}
            {{#bars}}<rect x="{{x}}" y="{{y}}" width="{{w}}" height="{{h}}" fill="{{fill}}"><title>{{tip}}</title></rect>{{/bars}}
            {{#xLabels}}<text x="{{x}}" y="{{y}}" font-size="10" text-anchor="middle" fill="#344054">{{text}}</text>{{/xLabels}}
          </svg>
          <div class="legend">{{#legend}}<span><i style="background:{{fill}}"></i>{{name}}</span>{{/legend}}</div>
          {{^hasData}}<p class="muted">No tickets in this window.</p>{{/hasData}}
        </figure>
        """

    static let lineChart = """
        <figure class="chart card" id="{{id}}">
          <h2>{{title}}</h2>
          <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {{width}} {{height}}" width="100%" role="img" aria-label="{{title}}">
            {{#grid}}<line x1="{{x1}}" x2="{{x2}}" y1="{{y}}" y2="{{y}}" stroke="#e4e7ec"/><text x="{{lx}}" y="{{ly}}" font-size="10" text-anchor="end" fill="#667085">{{label}}</text>{{/grid}}
            {{#targets}}<line x1="{{x1}}" x2="{{x2}}" y1="{{y}}" y2="{{y}}" stroke="{{stroke}}" stroke-width="1.5" stroke-dasharray="6 4"><title>{{label}}</title></line><text x="{{lx}}" y="{{ly}}" font-size="10" text-anchor="end" fill="{{stroke}}">{{text}}</text>{{/targets}}
            {{#lines}}<polyline points="{{points}}" fill="none" stroke="{{stroke}}" stroke-width="2"><title>{{name}}</title></polyline>{{#dots}}<circle cx="{{cx}}" cy="{{cy}}" r="3.5" fill="{{stroke}}"><title>{{tip}}</title></circle>{{#labelled}}<text x="{{cx}}" y="{{ly}}" font-size="10" text-anchor="middle" fill="{{stroke}}">{{value}}</text>{{/labelled}}{{/dots}}{{/lines}}
            {{#xLabels}}<text x="{{x}}" y="{{y}}" font-size="10" text-anchor="middle" fill="#344054">{{text}}</text>{{/xLabels}}
          </svg>
          <div class="legend">{{#legend}}<span><i style="background:{{fill}}"></i>{{name}}</span>{{/legend}}<span>dashed: each rate's target, in its colour</span></div>
          {{^hasData}}<p class="muted">No tickets in this window.</p>{{/hasData}}
        </figure>
        """
}
