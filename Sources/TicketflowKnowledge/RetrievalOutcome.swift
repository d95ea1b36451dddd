import TicketflowCore

/// Passages with what retrieval did to the query on the way.
public struct RetrievalOutcome: Sendable {
    /// The passages, best first.
    public var passages: [RetrievedPassage]
    /// Unknown query words replaced by spelling tolerance, in query order.
    public var spellingCorrections: [SpellingCorrection]
}

/// One unknown query word (as a stem) and the indexed stem searched instead.
public struct SpellingCorrection: Sendable, Equatable {
    public var typed: String
    public var corrected: String

    /// Each replaced term once, in query order, from the typed and searched term lists.
    static func list(typed: [String], searched: [String]) -> [SpellingCorrection] {
        var seen = Set<String>()
        return zip(typed, searched).filter { $0 != $1 && seen.insert($0).inserted }
            .map { SpellingCorrection(typed: $0, corrected: $1) }
    }
}
