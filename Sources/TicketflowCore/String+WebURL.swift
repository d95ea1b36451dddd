import Foundation

extension String {
    /// Whether the text is an absolute http or https URL with a host ("http://" alone is not one):
    /// the rule for every address Ticketflow calls or links to (webhook receivers, the LLM
    /// endpoint, the help site's article links).
    public var isAbsoluteWebURL: Bool {
        guard let url = URL(string: self), ["http", "https"].contains(url.scheme?.lowercased() ?? "") else {
            return false
        }
        return url.host?.isEmpty == false
    }

    /// The URL with its password, if any, as `***`: for what people read (checks, errors, logs).
    public var redactingURLPassword: String {
        guard var components = URLComponents(string: self), components.host != nil else {
            // A URL too broken to parse ("postgres://u:pw@[::1", "u:pw@host") still holds its
            // password: everything between the scheme and the last "@" goes.
            guard let at = lastIndex(of: "@") else { return self }
            let start = range(of: "://").map(\.upperBound) ?? startIndex
            return start < at ? self[..<start] + "***" + self[at...] : "***" + self[at...]
        }
        guard components.password != nil else { return self }
        components.password = "***"
        return components.string ?? "***"
    }
}
