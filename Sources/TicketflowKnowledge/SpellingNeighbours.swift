/// Every distinct term the index has seen, grouped by byte length, so a query
/// word the index does not know can be matched to the known words one typo
/// away ("recepient" → "recipient", "highliht" → "highlight").
///
/// Written by hand: no kept package does fuzzy term lookup. A scan of the
/// words of neighbouring lengths with a linear one-edit test is fast enough
/// because only unknown query words take this path (a few percent of them),
/// and it costs no memory beyond the words themselves, where a deletion index
/// (SymSpell) would store every word several times over. The vocabulary only
/// grows, as the index's term dictionary does, so there is nothing to update
/// when documents go; the caller checks a candidate is still in use.
struct SpellingNeighbours: Sendable {
    /// Words of byte length n, back to back in `byLength[n]`: one buffer per length, no allocation per word.
    private var byLength: [[UInt8]] = []

    /// Adds a term; the caller adds each distinct term once (the index's
    /// term dictionary already knows which are new).
    mutating func insert(_ term: String) {
        let bytes = Array(term.utf8)
        while byLength.count <= bytes.count { byLength.append([]) }
        byLength[bytes.count].append(contentsOf: bytes)
    }

    /// Known terms one edit from `term`: one byte inserted, deleted or
    /// replaced, or two adjacent bytes swapped. The term itself is not included.
    func neighbours(of term: String) -> [String] {
        let word = Array(term.utf8)
        var found: [String] = []
        word.withUnsafeBufferPointer { word in
            for length in max(1, word.count - 1)...(word.count + 1) where length < byLength.count {
                byLength[length].withUnsafeBufferPointer { words in
                    for start in stride(from: 0, to: words.count, by: length) {
                        let candidate = UnsafeBufferPointer(rebasing: words[start..<(start + length)])
                        if Self.isOneEdit(word, candidate) { found.append(String(decoding: candidate, as: UTF8.self)) }
                    }
                }
            }
        }
        return found
    }

    /// Optimal-string-alignment distance exactly 1.
    static func isOneEdit(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in isOneEdit(a, b) } }
    }

    /// Optimal-string-alignment distance exactly 1, in one pass.
    static func isOneEdit(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        if a.count == b.count {
            var first = -1
            var index = 0
            while index < a.count {
                if a[index] != b[index] {
                    if first >= 0 {
                        // A second mismatch is allowed only as the swap of two adjacent bytes.
                        guard index == first + 1, a[first] == b[index], a[index] == b[first] else { return false }
                        return equal(a, b, from: index + 1, offsetInB: 0)
                    }
                    first = index
                }
                index += 1
            }
            return first >= 0
        }
        let (short, long) = a.count < b.count ? (a, b) : (b, a)
        guard long.count == short.count + 1 else { return false }
        var index = 0
        while index < short.count, short[index] == long[index] { index += 1 }
        return equal(short, long, from: index, offsetInB: 1)
    }

    /// Whether `a[from...]` equals `b[(from + offsetInB)...]` byte for byte (b has `offsetInB` more bytes).
    private static func equal(
        _ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, from: Int, offsetInB: Int
    ) -> Bool {
        var index = from
        while index < a.count {
            if a[index] != b[index + offsetInB] { return false }
            index += 1
        }
        return true
    }
}
