import HTTPTypes
import Hummingbird
import TicketflowText

/// The small page a customer sees after clicking a rating link in an email:
/// one heading and one sentence, no script, every text HTML-escaped.
enum RatingLinkPage {
    /// The page as a response with `status`, locked down like the console's pages.
    static func response(status: HTTPResponse.Status, title: String, message: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        // No script at all; the inline style is the only thing the page loads.
        headers[HTTPField.Name("Content-Security-Policy")!] =
            "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; form-action 'none'"
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        let body = ByteBuffer(string: html(title: title, message: message))
        return Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }

    /// The whole document: a heading and a sentence.
    static func html(title: String, message: String) -> String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:4rem auto;padding:0 1rem}</style>
        </head><body><h1>\(escape(title))</h1><p>\(escape(message))</p></body></html>

        """
    }

    /// `text` safe inside an element or a quoted attribute.
    static func escape(_ text: String) -> String { HTMLEscaping.escape(text) }
}
