/// The ticket token in mail subjects, "[TF-123]": a reply whose client dropped In-Reply-To and References
/// still finds its ticket through the subject it kept.
public enum TicketToken {
    /// The token for a ticket, e.g. "[TF-123]".
    public static func format(_ ticketID: Int64) -> String { "[TF-\(ticketID)]" }

    /// The ticket id of the last token in `subject` (any case, anywhere, so "Re: Fwd: Refund [TF-123]" works),
    /// or nil when there is none.
    public static func parse(_ subject: String) -> Int64? {
        tokens(in: subject).last?.ticketID
    }

    /// `subject` without any tokens, with the spaces around them collapsed.
    public static func strip(_ subject: String) -> String {
        var result = ""
        var rest = Substring(subject)
        for token in tokens(in: subject) {
            result += rest[..<token.range.lowerBound]
            rest = subject[token.range.upperBound...]
        }
        result += rest
        return result.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    /// `subject` with exactly one token, for `ticketID`, at the end.
    public static func tagged(_ subject: String, ticketID: Int64) -> String {
        let bare = strip(subject)
        return bare.isEmpty ? format(ticketID) : bare + " " + format(ticketID)
    }

    private struct Token {
        var range: Range<String.Index>
        var ticketID: Int64
    }

    /// Every "[TF-<digits>]" in `subject` whose number is a valid ticket id (1 and up, fits 64 bits).
    private static func tokens(in subject: String) -> [Token] {
        var found: [Token] = []
        var index = subject.startIndex
        while let open = subject[index...].firstIndex(of: "[") {
            index = subject.index(after: open)
            let body = subject[index...]
            guard body.prefix(3).uppercased() == "TF-" else { continue }
            let digits = body.dropFirst(3).prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, digits.endIndex < subject.endIndex, subject[digits.endIndex] == "]",
                let id = Int64(digits), id > 0
            else { continue }
            let end = subject.index(after: digits.endIndex)
            found.append(Token(range: open..<end, ticketID: id))
            index = end
        }
        return found
    }
}
