/// Splits text into lowercase words: runs of ASCII letters and digits plus
/// non-ASCII characters, apostrophes inside a word dropped ("don't" → "dont").
/// The options are the points where retrieval and the answering checks
/// genuinely differ; each preset reproduces the tokens its scores were tuned on.
public struct WordTokenizer: Sendable {
    /// What an apostrophe (' or ’) inside a word does.
    public enum Apostrophes: Sendable {
        /// Dropped, the word kept whole: "customer's" → "customers".
        case join
        /// Dropped, and a possessive "'s" removed: "customer's" → "customer".
        case dropPossessive
    }

    /// Which non-ASCII characters belong to words.
    public enum NonASCII: Sendable {
        /// Every one except the no-break space and general punctuation
        /// (U+2000–U+207F: dashes, quotes, ellipsis), which separate words.
        case allButPunctuation
        /// Unicode letters and numbers only; anything else separates words.
        case lettersAndDigits
    }

    /// What an apostrophe inside a word does.
    public var apostrophes: Apostrophes
    /// Which non-ASCII characters belong to words.
    public var nonASCII: NonASCII
    /// Shortest all-ASCII word kept (non-ASCII words are always kept).
    public var minimumASCIILength: Int

    /// Creates a tokenizer with explicit options.
    public init(apostrophes: Apostrophes, nonASCII: NonASCII, minimumASCIILength: Int) {
        self.apostrophes = apostrophes
        self.nonASCII = nonASCII
        self.minimumASCIILength = minimumASCIILength
    }

    /// Retrieval's index and query words: possessives removed, single ASCII
    /// characters skipped (they match everything and nothing).
    public static let retrieval = WordTokenizer(
        apostrophes: .dropPossessive, nonASCII: .allButPunctuation, minimumASCIILength: 2)

    /// The answering checks' tokens: every word and digit kept, so step numbers
    /// and single-digit amounts still compare.
    public static let answering = WordTokenizer(
        apostrophes: .join, nonASCII: .lettersAndDigits, minimumASCIILength: 1)

    /// The words of `text`, in order, repeats kept.
    public func words(_ text: String) -> [String] {
        var text = text
        text.makeContiguousUTF8()
        return text.utf8.withContiguousStorageIfAvailable(scan)
            ?? Array(text.utf8).withUnsafeBufferPointer(scan)
    }

    /// One pass over UTF-8 bytes: no Character (grapheme) decoding on the hot
    /// path; a scalar is decoded only for non-ASCII bytes.
    private func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> [String] {
        let keepsApostrophes = apostrophes == .dropPossessive
        let lettersOnly = nonASCII == .lettersAndDigits
        let minimumLength = minimumASCIILength
        var result: [String] = []
        var current: [UInt8] = []
        current.reserveCapacity(32)
        var hasNonASCII = false
        var hasApostrophe = false
        var index = 0
        let end = bytes.count
        while index < end {
            var boundary = false
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                current.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                current.append(byte + 32)
            case 0x27:
                // Inside a word it is remembered (for the possessive) or skipped;
                // before one it does nothing.
                if keepsApostrophes, !current.isEmpty {
                    current.append(0x27)
                    hasApostrophe = true
                }
            case 0x80...:
                let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
                var value = UInt32(byte & (0xFF >> (length + 1)))
                for offset in 1..<length where index + offset < end {
                    value = value << 6 | UInt32(bytes[index + offset] & 0x3F)
                }
                if value == 0x2019 {  // ’ acts as an apostrophe
                    if keepsApostrophes, !current.isEmpty {
                        current.append(0x27)
                        hasApostrophe = true
                    }
                } else if value == 0xA0 {  // no-break space
                    boundary = true
                } else if lettersOnly {
                    let properties = Unicode.Scalar(value).map(\.properties)
                    if let properties, properties.isAlphabetic || properties.numericType != nil {
                        current.append(contentsOf: bytes[index..<min(end, index + length)])
                        hasNonASCII = true
                    } else {
                        boundary = true
                    }
                } else if value >= 0x2000 && value <= 0x207F {
                    boundary = true
                } else {
                    current.append(contentsOf: bytes[index..<min(end, index + length)])
                    hasNonASCII = true
                }
                index += length - 1
            default:
                boundary = true
            }
            if boundary, !current.isEmpty {
                Self.appendWord(
                    &current, nonASCII: hasNonASCII, apostrophe: hasApostrophe,
                    minimumLength: minimumLength, to: &result)
                hasNonASCII = false
                hasApostrophe = false
            }
            index += 1
        }
        if !current.isEmpty {
            Self.appendWord(
                &current, nonASCII: hasNonASCII, apostrophe: hasApostrophe,
                minimumLength: minimumLength, to: &result)
        }
        return result
    }

    private static func appendWord(
        _ current: inout [UInt8], nonASCII: Bool, apostrophe: Bool, minimumLength: Int, to result: inout [String]
    ) {
        defer { current.removeAll(keepingCapacity: true) }
        if apostrophe {
            if current.count >= 2, current[current.count - 1] == UInt8(ascii: "s"), current[current.count - 2] == 0x27 {
                current.removeLast(2)
            }
            current.removeAll { $0 == 0x27 }
        }
        guard !current.isEmpty else { return }
        let word = String(decoding: current, as: UTF8.self)
        if nonASCII {
            result.append(word.lowercased())
        } else if current.count >= minimumLength {
            result.append(word)
        }
    }
}
