/// Ticket text reduced to lower-case word tokens, held in one flat scalar
/// buffer so feature hashing runs without an allocation per word.
public struct NormalizedText: Sendable {
    /// Unicode scalar values of every token, back to back.
    public var scalars: [UInt32] = []
    /// Where each token lives in `scalars`.
    public var tokenRanges: [Range<Int>] = []
    /// True for typed placeholders (`<email>`, `<num>`...) and punctuation
    /// marks, which get word features but no character n-grams.
    public var isTyped: [Bool] = []

    /// Number of tokens.
    public var count: Int { tokenRanges.count }

    /// Token `index` as a String (for rules and tests, not the hot path).
    public func token(_ index: Int) -> String {
        var text = String.UnicodeScalarView()
        for value in scalars[tokenRanges[index]] {
            if let scalar = Unicode.Scalar(value) { text.append(scalar) }
        }
        return String(text)
    }

    /// All tokens as Strings.
    public var tokens: [String] { (0..<count).map(token) }

    mutating func append(_ token: ArraySlice<UInt32>, typed: Bool) {
        guard !token.isEmpty else { return }
        let start = scalars.count
        scalars.append(contentsOf: token)
        tokenRanges.append(start..<scalars.count)
        isTyped.append(typed)
    }

    mutating func append(_ token: [UInt32], typed: Bool) {
        append(token[...], typed: typed)
    }
}
