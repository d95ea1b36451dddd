import Foundation
import TicketflowCore

/// A person the redactor knows by name and email (the ticket's customer), so
/// their name is cut out wherever it appears ("Hi Jane" in an agent's edit),
/// which no general pattern could find.
public struct KnownIdentity: Sendable, Equatable {
    /// Full name as stored, e.g. "Jane Doe".
    public var name: String?
    /// Email address as stored.
    public var email: String?

    /// Creates an identity; blank values are ignored.
    public init(name: String?, email: String?) {
        self.name = name?.trimmingCharacters(in: .whitespacesAndNewlines).nonEmpty
        self.email = email?.trimmingCharacters(in: .whitespacesAndNewlines).nonEmpty
    }

    /// The customer that came with a ticket, or nil when there is nothing to know.
    public init?(_ customer: CustomerInput?) {
        guard let customer else { return nil }
        self.init(name: customer.name, email: customer.email)
        if isEmpty { return nil }
    }

    /// A stored customer, or nil when there is nothing to know.
    public init?(_ customer: Customer?) {
        guard let customer else { return nil }
        self.init(name: customer.name, email: customer.email)
        if isEmpty { return nil }
    }

    /// True when neither a name nor an email is known.
    public var isEmpty: Bool { name == nil && email == nil }

    /// Words of the name matched on their own: two letters or more, titles left out
    /// ("Dr", "Mrs"), hyphenated parts too ("Mary-Jane" gives "Mary" and "Jane"),
    /// and an accent-free spelling next to an accented one ("José", "Jose").
    var nameTokens: [String] {
        guard let name else { return [] }
        var tokens: [String] = []
        for word in name.split(whereSeparator: { $0.isWhitespace || $0 == "," }) {
            let parts = [Substring(word)] + (word.contains("-") ? word.split(separator: "-") : [])
            for part in parts {
                let token = part.trimmingCharacters(in: CharacterSet.letters.inverted)
                guard token.count >= 2, !Self.titles.contains(token.lowercased()) else { continue }
                let folded = token.folding(options: .diacriticInsensitive, locale: nil)
                for candidate in [token, folded] where !tokens.contains(candidate) { tokens.append(candidate) }
            }
        }
        return tokens
    }

    /// Name words that are also everyday English words: matched only when
    /// capitalised as a name is, so "will", "may" or "bill" in a sentence stay.
    static let commonWords: Set<String> = [
        "an", "am", "as", "at", "be", "by", "do", "go", "he", "if", "in", "is", "it", "me", "my", "no", "of", "oh",
        "ok", "on", "or", "so", "to", "up", "us", "we", "the", "and", "but", "for", "can", "may", "will", "new", "all",
        "one", "see", "sun", "art", "bill", "mark", "rose", "june", "april", "august", "hope", "joy", "faith", "grace",
        "chase", "case", "long", "young", "king", "white", "black", "brown", "green", "page", "hall", "wood", "price",
        "cash", "card", "help", "order", "love", "summer", "winter", "dawn", "sky", "ray", "guy", "pat", "sue", "don",
        "key", "ash", "lane", "street", "park", "field", "hill", "gay", "rich", "ward", "baker", "smith",
    ]

    /// Titles and suffixes that are not part of what identifies the person.
    static let titles: Set<String> = ["mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "jr", "sr", "ii", "iii"]
}

extension String {
    fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}
