import Foundation

/// Turns raw ticket text into the classifier's tokens: Unicode NFKC, case
/// folding, and typed placeholders for emails, URLs, order ids and numbers, so
/// "order 3707955617" and "order 99812" look alike to the classifier.
///
/// A separate type from `WordTokenizer` because little is shared: it splits
/// on whitespace first (a whole chunk can become `<url>` or `<email>`), keeps
/// "!" and "?" as tokens, folds compatibility forms, and writes one flat
/// scalar buffer that feature hashing reads without a String per word.
public struct TextNormalizer: Sendable {
    /// Creates a normalizer; it holds no state.
    public init() {}

    /// Normalizes and tokenizes one text.
    public func normalize(_ text: String) -> NormalizedText {
        var output = NormalizedText()
        output.scalars.reserveCapacity(text.utf8.count + 8)
        output.tokenRanges.reserveCapacity(text.utf8.count / 4 + 2)
        output.isTyped.reserveCapacity(text.utf8.count / 4 + 2)
        var chunk: [UInt32] = []
        chunk.reserveCapacity(64)
        // ASCII text is already NFKC; folding it by hand skips Foundation's slow path.
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            for byte in text.utf8 {
                if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) {
                    flush(&chunk, into: &output)
                } else {
                    chunk.append(UInt32(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte))
                }
            }
        } else {
            let folded = text.precomposedStringWithCompatibilityMapping
                .folding(options: [.caseInsensitive], locale: nil)
            for scalar in folded.unicodeScalars {
                if scalar.properties.isWhitespace {
                    flush(&chunk, into: &output)
                } else {
                    chunk.append(scalar.value)
                }
            }
        }
        flush(&chunk, into: &output)
        return output
    }

    /// Splits one whitespace-delimited chunk into tokens.
    private func flush(_ chunk: inout [UInt32], into output: inout NormalizedText) {
        defer { chunk.removeAll(keepingCapacity: true) }
        guard !chunk.isEmpty else { return }
        if let placeholder = Self.placeholder(for: chunk) {
            output.append(placeholder, typed: true)
            appendMarks(chunk, into: &output)
            return
        }
        var start = -1
        var index = 0
        while index <= chunk.count {
            let isWordScalar = index < chunk.count && Self.isWordScalar(chunk[index])
            if isWordScalar {
                if start < 0 { start = index }
            } else if start >= 0 {
                appendWord(chunk[start..<index], into: &output)
                start = -1
            }
            index += 1
        }
        appendMarks(chunk, into: &output)
    }

    private func appendWord(_ word: ArraySlice<UInt32>, into output: inout NormalizedText) {
        var digits = 0
        for value in word where value >= 0x30 && value <= 0x39 { digits += 1 }
        if digits == 0 {
            output.append(word, typed: false)
        } else if digits == word.count {
            output.append(digits >= 6 ? Self.idToken : Self.numberToken, typed: true)
        } else if word.count >= 5 && digits >= 2 {
            output.append(Self.idToken, typed: true)
        } else {
            output.append(word, typed: false)
        }
    }

    /// "!" and "?" carry tone, so a chunk's marks become one token each kind.
    private func appendMarks(_ chunk: [UInt32], into output: inout NormalizedText) {
        var exclamations = 0
        var questions = 0
        for value in chunk {
            if value == 0x21 { exclamations += 1 } else if value == 0x3F { questions += 1 }
        }
        if exclamations > 0 { output.append([0x21], typed: true) }
        if exclamations > 1 { output.append([0x21, 0x21], typed: true) }
        if questions > 0 { output.append([0x3F], typed: true) }
    }

    static let idToken = "<id>".unicodeScalars.map(\.value)
    static let numberToken = "<num>".unicodeScalars.map(\.value)
    static let urlToken = "<url>".unicodeScalars.map(\.value)
    static let emailToken = "<email>".unicodeScalars.map(\.value)
    static let urlPrefixes = ["http://", "https://", "www."].map { $0.unicodeScalars.map(\.value) }

    static func placeholder(for chunk: [UInt32]) -> [UInt32]? {
        if chunk.count >= 4, urlPrefixes.contains(where: { hasPrefix(chunk, $0) }) {
            return urlToken
        }
        if let at = chunk.firstIndex(of: 0x40), at > 0, chunk[(at + 1)...].contains(0x2E),
            chunk.last.map(isWordScalar) ?? false || chunk.count > at + 3
        {
            return emailToken
        }
        return nil
    }

    private static func hasPrefix(_ chunk: [UInt32], _ prefix: [UInt32]) -> Bool {
        guard chunk.count >= prefix.count else { return false }
        for i in 0..<prefix.count where chunk[i] != prefix[i] { return false }
        return true
    }

    /// Letters, digits and marks belong to words; everything else separates them.
    static func isWordScalar(_ value: UInt32) -> Bool {
        if value < 0x80 {
            return (value >= 0x61 && value <= 0x7A) || (value >= 0x30 && value <= 0x39)
                || (value >= 0x41 && value <= 0x5A)
        }
        guard let scalar = Unicode.Scalar(value) else { return false }
        let properties = scalar.properties
        return properties.isAlphabetic || properties.numericType != nil
            || properties.generalCategory == .nonspacingMark
    }
}
