// Pure-Swift string helpers: Foundation's trimming and replacing bridge through NSString on Linux and were the
// largest cost of parsing a small message.

/// Whitespace, with a fast path for ASCII (Character.isWhitespace looks up Unicode properties).
func isBlank(_ character: Character) -> Bool {
    if let ascii = character.asciiValue { return ascii == 0x20 || (0x09...0x0D).contains(ascii) }
    return character.isWhitespace
}

extension StringProtocol {
    /// The text without trailing whitespace (line ends included).
    func trimmingTrailingWhitespace() -> String {
        var end = endIndex
        while end > startIndex, isBlank(self[index(before: end)]) { end = index(before: end) }
        return String(self[startIndex..<end])
    }

    /// The text without leading spaces and tabs.
    func trimmingLeadingWhitespace() -> String {
        String(drop { $0 == " " || $0 == "\t" })
    }

    /// The text without leading and trailing characters matching `shouldTrim` (whitespace by default).
    func trimmingWhitespace(where shouldTrim: (Character) -> Bool = isBlank) -> String {
        guard let first = firstIndex(where: { !shouldTrim($0) }) else { return "" }
        var end = endIndex
        while end > first, shouldTrim(self[index(before: end)]) { end = index(before: end) }
        return String(self[first..<end])
    }

    /// The text with CRLF and lone CR line ends turned into LF.
    func normalizingNewlines() -> String {
        guard utf8.contains(0x0D) else { return String(self) }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count)
        var previousCR = false
        for byte in utf8 {
            if byte == 0x0A && previousCR {
                previousCR = false
                continue
            }
            previousCR = byte == 0x0D
            out.append(previousCR ? 0x0A : byte)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
