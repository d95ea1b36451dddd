#if canImport(FoundationEssentials)
// `components(separatedBy:)` lives here on Linux; member-import visibility wants it named.
import FoundationEssentials
#endif
import Foundation
import TicketflowCore
/// One sentence of an answer and the sources that vouch for it.
public struct AnswerSentence: Sendable, Equatable {
    /// The sentence without list marker or citation markers.
    public var text: String
    /// What the "[Source: ...]" markers covering this sentence name: article ids
    /// (a title in answers written before ids; see `SourceMarker`).
    public var citedSources: [String]

    /// Creates an answer sentence.
    public init(text: String, citedSources: [String]) {
        self.text = text
        self.citedSources = citedSources
    }
}

/// An answer body parsed into sentences with their citations, so the
/// built-in and LLM answers go through the same checks.
///
/// Rule: a "[Source: X]" marker covers every sentence since the previous
/// marker; consecutive markers ("[Source: A] [Source: B]") cover the same span.
public struct AnswerDocument: Sendable, Equatable {
    /// The answer's sentences in order, with the sources covering each.
    public var sentences: [AnswerSentence]
    /// Every cited source (article id, or title in older answers), in order of first appearance.
    public var citedSources: [String]
    /// Text inside double quotes, which must appear verbatim in an excerpt.
    public var quotes: [String]

    /// Parses an answer body.
    public init(body: String) {
        var sentences: [AnswerSentence] = []
        var pending: [String] = []
        var allTitles: [String] = []
        var lastSpanTitles: [String] = []
        var lastSpanRange: Range<Int>?
        for piece in Self.pieces(of: body) {
            switch piece {
            case .text(let text):
                for sentence in TextAnalysis.sentences(text) {
                    let clean = TextAnalysis.strippingListMarker(sentence)
                    if !clean.isEmpty { pending.append(clean) }
                }
                if !pending.isEmpty { lastSpanRange = nil }
            case .source(let title):
                if !allTitles.contains(title) { allTitles.append(title) }
                if pending.isEmpty, let range = lastSpanRange {
                    // A second marker right after the first covers the same sentences.
                    lastSpanTitles.append(title)
                    for index in range { sentences[index].citedSources = lastSpanTitles }
                } else {
                    let start = sentences.count
                    sentences += pending.map { AnswerSentence(text: $0, citedSources: [title]) }
                    lastSpanRange = start..<sentences.count
                    lastSpanTitles = [title]
                    pending = []
                }
            }
        }
        sentences += pending.map { AnswerSentence(text: $0, citedSources: []) }
        self.sentences = sentences
        self.citedSources = allTitles
        self.quotes = Self.quotes(in: body)
    }

    enum Piece {
        case text(String)
        case source(String)
    }

    static let markerPrefix = "[Source:"

    static func pieces(of body: String) -> [Piece] {
        var pieces: [Piece] = []
        var rest = Substring(body)
        while let open = rest.range(of: markerPrefix, options: .caseInsensitive) {
            let before = rest[..<open.lowerBound]
            if !before.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                pieces.append(.text(String(before)))
            }
            guard let close = rest[open.upperBound...].firstIndex(of: "]") else {
                rest = rest[open.upperBound...]
                break
            }
            pieces.append(.source(SourceMarker.reference(String(rest[open.upperBound..<close]))))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            pieces.append(.text(String(rest)))
        }
        return pieces
    }

    static func quotes(in body: String) -> [String] {
        var quotes: [String] = []
        var current: String?
        for char in body {
            if char == "\"" || char == "\u{201C}" || char == "\u{201D}" {
                if let open = current {
                    if open.split(separator: " ").count >= 3 { quotes.append(open) }
                    current = nil
                } else {
                    current = ""
                }
            } else if current != nil {
                current!.append(char)
            }
        }
        return quotes
    }
}
