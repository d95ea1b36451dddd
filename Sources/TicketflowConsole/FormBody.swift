import Foundation
import Hummingbird
import TicketflowCore

/// An `application/x-www-form-urlencoded` body, as HTML forms send it.
struct FormBody: Sendable {
    /// Field values by name; a repeated name keeps the last value.
    var fields: [String: String]

    /// Reads and parses the body, at most `maximumBytes`.
    static func read(_ request: Request, maximumBytes: Int) async throws -> FormBody {
        let buffer = try await request.body.collect(upTo: maximumBytes)
        let form = FormBody(parsing: String(decoding: buffer.readableBytesView, as: UTF8.self))
        if let field = form.fields.first(where: { $0.key.containsNUL || $0.value.containsNUL })?.key {
            throw ValidationError(field: field.removingNULs, "must not contain a NUL character")
        }
        return form
    }

    /// Parses `a=1&b=two+words`.
    init(parsing text: String) {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = parts.first.map({ Self.decode($0) }), !name.isEmpty else { continue }
            fields[name] = parts.count > 1 ? Self.decode(parts[1]) : ""
        }
        self.fields = fields
    }

    subscript(_ name: String) -> String? { fields[name] }

    /// `items` as a query string that `formQuery` reads back as they are: URLComponents leaves "+"
    /// unencoded, and form decoding would read it as a space.
    static func queryString(_ items: [URLQueryItem]) -> String {
        var components = URLComponents()
        components.queryItems = items
        return (components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
    }

    static func decode(_ part: Substring) -> String {
        let spaced = part.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}

extension Request {
    /// The URL's query read as the console's GET forms send it (`application/x-www-form-urlencoded`,
    /// where a space is "+"). Hummingbird's `uri.queryParameters` keeps "+" as it is, which the API
    /// wants (an assignee such as ann+billing@example.com), but a browser submitting the inbox's tag
    /// "follow up" sends `tag=follow+up`.
    var formQuery: Parameters {
        Parameters(FormBody(parsing: uri.query ?? "").fields.map { (Substring($0.key), Substring($0.value)) })
    }
}
