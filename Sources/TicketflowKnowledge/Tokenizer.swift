/// Turns text into index terms: lowercase words of two or more characters,
/// minus stop words, reduced to their English stems.
public struct Tokenizer: Sendable {
    /// Words dropped before stemming.
    public var stopWords: Set<String>
    /// Whether terms are stemmed (queries and documents must agree).
    public var stems: Bool
    private let stemmer = EnglishStemmer()
    private let cache = StemCache()

    /// Creates a tokenizer; the defaults suit English help-center text.
    public init(stopWords: Set<String> = StopWords.english, stems: Bool = true) {
        self.stopWords = stopWords
        self.stems = stems
    }

    /// Index terms of `text`, in order, repeats kept (BM25 needs term frequency).
    public func terms(_ text: String) -> [String] {
        // One cache lookup answers both "is it a stop word?" (empty term) and "what is its stem?".
        cache.terms(for: words(text)) { word in
            if stopWords.contains(word) { return "" }
            return stems ? stemmer.stem(word) : word
        }.filter { !$0.isEmpty }
    }

    /// Lowercase words: runs of letters and digits, an apostrophe inside a word
    /// dropped ("don't" → "dont"), possessive "'s" removed, single characters skipped.
    public func words(_ text: String) -> [String] {
        var text = text
        text.makeContiguousUTF8()
        return text.utf8.withContiguousStorageIfAvailable(Self.words(in:)) ?? Self.words(in: Array(text.utf8))
    }

    /// The scanner works on bytes in one static function: no captured state, so
    /// no exclusivity checks or Character (grapheme) decoding on the hot path.
    static func words<Bytes: RandomAccessCollection>(in bytes: Bytes) -> [String] where Bytes.Element == UInt8, Bytes.Index == Int {
        var result: [String] = []
        var current: [UInt8] = []
        current.reserveCapacity(32)
        var hasNonASCII = false
        var index = bytes.startIndex
        let end = bytes.endIndex
        while index <= end {
            var boundary = index == end
            if !boundary {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    current.append(byte)
                case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                    current.append(byte + 32)
                case 0x27 where !current.isEmpty:  // apostrophe inside a word
                    current.append(byte)
                case 0xC2 where index + 1 < end && bytes[index + 1] == 0xA0:  // no-break space
                    boundary = true
                    index += 1
                case 0xE2 where index + 2 < end && (bytes[index + 1] == 0x80 || bytes[index + 1] == 0x81):
                    // General punctuation (’ “ ” – — …) separates words; ’ acts as an apostrophe.
                    if bytes[index + 1] == 0x80, bytes[index + 2] == 0x99, !current.isEmpty {
                        current.append(0x27)
                    } else {
                        boundary = true
                    }
                    index += 2
                case 0x80...:
                    current.append(byte)
                    hasNonASCII = true
                default:
                    boundary = true
                }
            }
            if boundary, !current.isEmpty {
                appendWord(&current, nonASCII: hasNonASCII, to: &result)
                hasNonASCII = false
            }
            index += 1
        }
        return result
    }

    private static func appendWord(_ current: inout [UInt8], nonASCII: Bool, to result: inout [String]) {
        defer { current.removeAll(keepingCapacity: true) }
        if current.count >= 2, current[current.count - 1] == UInt8(ascii: "s"), current[current.count - 2] == 0x27 {
            current.removeLast(2)
        }
        if current.contains(0x27) { current.removeAll { $0 == 0x27 } }
        guard !current.isEmpty else { return }
        let word = String(decoding: current, as: UTF8.self)
        if nonASCII {
            result.append(word.lowercased())
        } else if current.count >= 2 {
            result.append(word)
        }
    }
}
