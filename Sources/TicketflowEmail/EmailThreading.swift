/// Which ticket an inbound mail continues: by its threading headers first, then by the ticket token in its
/// subject. The store lookup is the caller's, so this stays a pure rule.
public enum EmailThreading {
    /// How a mail was matched to its ticket, for the decision trace.
    public enum Source: Sendable, Equatable {
        /// A Message-ID in In-Reply-To or References that the store knows.
        case header(messageID: String)
        /// The "[TF-n]" token in the subject (headers lost or unknown). Anyone can type a token, so the caller
        /// may want the sender to match the ticket's customer before trusting it.
        case subjectToken
    }

    /// A ticket found for a mail, and how.
    public struct Match: Sendable, Equatable {
        /// The ticket the mail continues.
        public var ticketID: Int64
        /// What matched.
        public var source: Source

        /// Creates a match.
        public init(ticketID: Int64, source: Source) {
            self.ticketID = ticketID
            self.source = source
        }
    }

    /// The ticket a mail continues, or nil for a new ticket. `keys` are tried in order (In-Reply-To, then
    /// References newest first, as `InboundMail.threadKeys` gives them); `lookup` maps a Message-ID the
    /// store has seen (a customer's mail or a reply sent) to its ticket. Without a hit, the subject token
    /// decides; the caller checks that ticket exists.
    public static func resolve(
        keys: [String], subject: String?, lookup: (String) async throws -> Int64?
    ) async rethrows -> Int64? {
        try await match(keys: keys, subject: subject, lookup: lookup)?.ticketID
    }

    /// As `resolve`, saying which rule matched.
    public static func match(
        keys: [String], subject: String?, lookup: (String) async throws -> Int64?
    ) async rethrows -> Match? {
        for key in keys {
            if let ticketID = try await lookup(key) {
                return Match(ticketID: ticketID, source: .header(messageID: key))
            }
        }
        guard let subject, let ticketID = TicketToken.parse(subject) else { return nil }
        return Match(ticketID: ticketID, source: .subjectToken)
    }
}
