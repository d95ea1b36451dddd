import Foundation
import TicketflowCore

/// Internal notes: who a note mentions, and the notes that mention someone.
extension AgentDesk {
    /// The notes that mention `email`, newest first: the console's Mentions page.
    public func mentions(of email: String, limit: Int = 50) async throws -> [TicketEvent] {
        try await store.notes(mentioning: email.lowercased(), limit: limit)
    }

    /// The teammates a note's `@names` point at, in order: `@ann@example.com` by email, `@ann` by the start of
    /// an email or the first word of a name, when exactly one person matches. Others stay plain text.
    static func mentions(in text: String, among users: [AgentUser]) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: #"(?<![\w.])@([\w.+-]+(?:@[\w-]+(?:\.[\w-]+)+)?)"#)
        else { return [] }
        var found: [String] = []
        for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            guard let range = Range(match.range(at: 1), in: text) else { continue }
            let token = text[range].lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ".,;:!?"))
            let matches = users.filter { user in
                token.contains("@")
                    ? user.email == token
                    : user.email.split(separator: "@").first.map(String.init) == token
                        || user.name.split(separator: " ").first?.lowercased() == token
            }
            if matches.count == 1, !found.contains(matches[0].email) { found.append(matches[0].email) }
        }
        return found
    }
}
