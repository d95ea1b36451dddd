import Testing
import TicketflowMIME

/// HTML to text for mail bodies.
@Suite struct MIMEHTMLTextTests {
    @Test(arguments: [
        ("<p>One</p><p>Two</p>", "One\n\nTwo"),
        ("<div>One</div><div><br></div><div>Two</div>", "One\n\nTwo"),
        ("Line<br>break<br/>and<BR >more", "Line\nbreak\nand\nmore"),
        ("<ul><li>a</li><li>b<ul><li>c</li></ul></li></ul>", "- a\n- b\n- c"),
        ("<ol><li>first</li><li>second</li></ol>", "1. first\n2. second"),
        ("<a href=\"https://x.example/a\">docs</a>", "docs (https://x.example/a)"),
        ("<a href=\"https://x.example/\">x.example</a>", "x.example"),
        ("<a href=\"mailto:a@b.example\">a@b.example</a>", "a@b.example"),
        ("<a href=\"#top\">top</a> <a href=\"javascript:void(0)\">js</a>", "top js"),
        (
            "&lt;tag&gt; &amp; &quot;q&quot; &#39;s&#39; &#x1F600; &#128512; &eacute;&Agrave;&hellip;",
            "<tag> & \"q\" 's' 😀 😀 éÀ…"
        ),
        ("&#150; &#x93;x&#x94; &bogus; AT&T &amp", "– “x” &bogus; AT&T &"),
        ("a   b\n\t c&nbsp;&nbsp;d", "a b c d"),
        ("<head><title>T</title><style>.x{}</style></head><body>Hi<script>var a = '<p>';</script></body>", "Hi"),
        ("<!-- comment <p>x</p> --><p>shown</p><!DOCTYPE html>", "shown"),
        ("<pre>  indented\n    code</pre>after", "  indented\n    code\n\nafter"),
        ("<table><tr><th>Item</th><th>Qty</th></tr><tr><td>Pen</td><td>2</td></tr></table>", "Item Qty\nPen 2"),
        ("<blockquote>quoted<br>lines</blockquote>reply", "> quoted\n> lines\nreply"),
        ("<blockquote>outer<blockquote>inner</blockquote></blockquote>", "> outer\n>> inner"),
        ("a < b and c > d", "a < b and c > d"),
        ("<p class=MsoNormal>Word<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p><p>next</p>", "Word\n\nnext"),
        ("<h1>Title</h1>Body", "Title\n\nBody"),
        ("<img src=\"cid:x\" alt=\"logo\">Text<span>more</span>", "Textmore"),
        ("<p>unclosed <b>bold", "unclosed bold"),
        ("<head><p>no end of head", "no end of head"),
    ])
    func conversion(html: String, expected: String) {
        #expect(HTMLText.convert(html) == expected)
    }

    @Test func gmailQuoteBecomesQuotedLines() throws {
        let message = try MIMEFixtures.message("gmail-reply.eml")
        let text = HTMLText.convert(try #require(message.htmlBody))
        #expect(
            text == """
                Hi Sam,

                Thanks for the quick answer! I followed the steps but the refund still shows as “pending” in my \
                account. Could you check again? The order number is 1042.

                Best,
                Ann

                On Thu, Dec 3, 2026 at 9:14 AM Ticketflow Support <support@example.test> wrote:
                > Hi Ann,
                >
                > We have issued the refund for order #1042. It should appear within 5–7 business days.
                >
                > Sam
                """)
        #expect(ReplyStripper.strip(text).hasSuffix("Best,\nAnn"))
    }
}
