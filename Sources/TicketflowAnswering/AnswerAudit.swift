/// An independent, strict audit of a sent answer: every sentence that states
/// something must appear word for word in the text of an article it cites.
/// Stricter than the gate's grounding check (which accepts high overlap), and
/// sharing none of its scoring, so it can catch what the gate let through.
/// Used by benchmarks and QA, never by the gate itself.
public enum AnswerAudit {
    /// The answer's fact-carrying sentences that no cited source contains
    /// verbatim (ignoring case, whitespace and list markers).
    /// - Parameters:
    ///   - body: The answer as sent.
    ///   - sources: Cited article id → the full text the answer may quote. A sentence is checked against
    ///     the article its marker names, and only that one: a marker naming something else (a title shared
    ///     by several articles, say) finds no source, and the sentence counts as unsupported.
    public static func unsupportedSentences(in body: String, sources: [String: String]) -> [String] {
        let document = AnswerDocument(body: body)
        let normalisedSources = sources.mapValues(normalise)
        return document.sentences.compactMap { sentence in
            if AnswerTemplates.isFactFree(sentence.text) { return nil }
            let needle = normalise(sentence.text)
            let cited = sentence.citedSources.compactMap { normalisedSources[$0] }
            return cited.contains { $0.contains(needle) } ? nil : sentence.text
        }
    }

    /// Lower-cased, list markers dropped wherever they stand (a sentence that
    /// runs into a list keeps its "- " inline), whitespace folded to one space.
    static func normalise(_ text: String) -> String {
        text.lowercased()
            .split(whereSeparator: \.isWhitespace)
            .filter { !isListMarker($0) }
            .joined(separator: " ")
    }

    static func isListMarker(_ token: Substring) -> Bool {
        if token == "-" || token == "*" || token == "•" { return true }
        guard token.count >= 2, token.last == "." || token.last == ")" else { return false }
        return token.dropLast().allSatisfy { $0.isASCII && $0.isNumber }
    }
}
