import TicketflowText

/// The demo's sample customer page (`GET /demo/chat`): a small product site with the chat
/// snippet on it, and questions to try that the demo help center answers (and one it must
/// hand to a person). The page has no inline script: the snippet tag is all a site adds.
public enum DemoChatPage {
    /// The page, loading the widget from `scriptPath` for the chat site `site`.
    public static func html(scriptPath: String, site: String) -> String {
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Northwind Workspace: plans and pricing</title>
        <link rel="icon" href="data:,">
        <style>
          body { margin: 0; font: 16px/1.5 Georgia, "Times New Roman", serif; color: #1c1917; background: #fafaf9; }
          header, main, footer { max-width: 880px; margin: 0 auto; padding: 16px 24px; }
          header { display: flex; justify-content: space-between; align-items: baseline; }
          header strong { font-size: 22px; }
          nav a { margin-left: 16px; color: #44403c; }
          h1 { font-size: 34px; margin: 24px 0 8px; }
          .plans { display: grid; grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); gap: 16px; margin: 24px 0; }
          .plan { background: #fff; border: 1px solid #d6d3d1; border-radius: 10px; padding: 16px 20px; }
          .plan h2 { margin: 0; font-size: 20px; }
          .price { font-size: 26px; font-weight: bold; margin: 4px 0; }
          .try { background: #fff7ed; border: 1px solid #fed7aa; border-radius: 10px; padding: 12px 20px; }
          .try li { margin: 6px 0; }
          q { font-style: italic; }
          footer { color: #78716c; font-size: 14px; }
        </style>
        </head>
        <body>
        <header>
          <strong>Northwind Workspace</strong>
          <nav aria-label="Main"><a href="#plans">Plans</a><a href="#try">Help</a></nav>
        </header>
        <main>
          <h1>Reports your whole team can trust</h1>
          <p>Shared workspaces, offline sync and one-click PDF export, on the web and on the desktop.</p>
          <section class="plans" id="plans" aria-label="Plans">
            <div class="plan"><h2>Pro</h2><p class="price">$12 / month</p>
              <p>For one person. Monthly or annual billing; annual plans are refundable for 14 days.</p></div>
            <div class="plan"><h2>Business</h2><p class="price">$29 / seat</p>
              <p>Up to 250 members, single sign-on (SAML 2.0) with Okta, Azure AD or Google Workspace.</p></div>
            <div class="plan"><h2>Enterprise</h2><p class="price">Let's talk</p>
              <p>No member limit, single sign-on and a named contact.</p></div>
          </section>
          <section class="try" id="try">
            <h2>Questions? Ask the chat in the corner</h2>
            <p>Our help center answers these at once, with links to the articles:</p>
            <ul>
              <li><q>How do I reset my password?</q></li>
              <li><q>I was charged twice this month. How do I get the duplicate charge refunded?</q></li>
              <li><q>Can I get a refund on my annual plan?</q></li>
              <li><q>Does the Business plan include single sign-on?</q></li>
              <li><q>I lost my phone. How do I sign in with two-factor authentication?</q></li>
            </ul>
            <p>This one goes to a person, who replies in the same chat:</p>
            <ul>
              <li><q>I want to speak to a person. You keep charging me and my lawyer will be in touch.</q></li>
            </ul>
          </section>
        </main>
        <footer>A demo page of Ticketflow: the chat is a ticket on the <code>chat</code> channel,
          visible to agents in the console.</footer>
        <script src="\(attribute(scriptPath))" data-site="\(attribute(site))" async></script>
        </body>
        </html>

        """
    }

    /// `text` made safe inside a double-quoted HTML attribute.
    static func attribute(_ text: String) -> String { HTMLEscaping.escape(text) }
}
